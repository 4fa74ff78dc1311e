import { InvalidArgumentError, type Command } from "commander";
import { BundleError } from "../../runtime/bundle.js";
import { createProgress, colorEnabled } from "../../eval/progress.js";
import { runEval } from "../../eval/run-eval.js";
import { ScenarioInputError } from "../../eval/scenarios.js";
import { mergeSettings, readConfigFile, type PartialSettings } from "../../eval/settings.js";
import { formatLlmStats, formatSummaryTable } from "../../eval/table.js";
import { parseOverride } from "../../runtime/overrides.js";
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE } from "../output.js";

const EXIT_INTERRUPTED = 130;

function wholeNumber(min: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    return value;
  };
}

function collectSet(text: string, previous: Record<string, string> = {}): Record<string, string> {
  try {
    const [key, value] = parseOverride(text);
    return { ...previous, [key]: value };
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

interface EvalFlags {
  agent?: string;
  user?: string;
  trials?: number;
  turns?: number;
  concurrency?: number;
  seed?: number;
  out?: string;
  resume?: boolean;
  set?: Record<string, string>;
  oneChoice?: boolean;
  multiChoice?: boolean;
  cache?: string;
  config?: string;
  agentBaseUrl?: string;
  userBaseUrl?: string;
  temperature?: string;
  maxTokens?: string;
}

/** The LLM flags become agent/user options (the same keys as agent_options/user_options in --config). */
function llmOptionsFrom(flags: EvalFlags): Pick<PartialSettings, "agentOptions" | "userOptions"> {
  const agentOptions: Record<string, unknown> = {
    ...(flags.agentBaseUrl !== undefined && { baseURL: flags.agentBaseUrl }),
    ...(flags.temperature !== undefined && { temperature: flags.temperature }),
    ...(flags.maxTokens !== undefined && { maxTokens: flags.maxTokens }),
  };
  const userOptions: Record<string, unknown> = flags.userBaseUrl !== undefined ? { baseURL: flags.userBaseUrl } : {};
  return {
    ...(Object.keys(agentOptions).length > 0 && { agentOptions }),
    ...(Object.keys(userOptions).length > 0 && { userOptions }),
  };
}

export function registerEval(program: Command): void {
  program
    .command("eval")
    .description("run an agent on scenarios and write run.json, episodes.jsonl and summary.json")
    .argument("[paths...]", ".ubench files or folders (compiled in-process), or compiled bundles / build folders")
    .option("--agent <spec>", "scripted:oracle | scripted:null | scripted:random | openai:<model> | policy:<policy.json>")
    .option("--user <spec>", "user simulator: builtin (default) | openai:<model>")
    .option("--trials <k>", "episodes per scenario (default 1)", wholeNumber(1))
    .option("--turns <n>", "override knobs.max_turns", wholeNumber(1))
    .option("--concurrency <c>", "episodes run at once (default 4)", wholeNumber(1))
    .option("--seed <s>", "run seed; each episode's seed derives from it, the scenario and the trial (default 0)", wholeNumber(0))
    .option("--out <dir>", "output folder (default runs/<timestamp>-<agent>)")
    .option("--resume", "continue the run in --out, skipping episodes it already holds")
    .option("--set <key=value>", "override a setting, e.g. rewards.elicit=0.6 (repeatable)", collectSet)
    .option("--one-choice", "one answer per aspect (knobs.one_choice=true)")
    .option("--multi-choice", "answer until the best option is found (knobs.one_choice=false)")
    .option("--agent-base-url <url>", "OpenAI-compatible endpoint of an openai:<model> agent (else UBENCH_AGENT_BASE_URL, else OPENAI_BASE_URL)")
    .option("--user-base-url <url>", "OpenAI-compatible endpoint of an openai:<model> user (else UBENCH_USER_BASE_URL, else OPENAI_BASE_URL)")
    .option("--temperature <t>", "the LLM agent's sampling temperature (default 0)")
    .option("--max-tokens <n>", "the LLM agent's reply token limit (default 1024)")
    .option("--cache <mode>", "LLM request cache: off | read-write | replay (default off: a model name may serve new weights between runs)")
    .option("--config <file>", "YAML file with the same settings (flags win)")
    .addHelpText("after", "\nExamples:\n  ubc eval scenarios/travel --agent scripted:oracle\n  ubc eval build --agent scripted:random --trials 8 --seed 1 --out runs/random\n  ubc eval scenarios --agent scripted:random --set rewards.elicit=0.6 --turns 16\n")
    .action(async (paths: string[], flags: EvalFlags) => {
      if (flags.oneChoice && flags.multiChoice) {
        process.stderr.write("ubc eval: --one-choice and --multi-choice exclude each other\n");
        process.exitCode = EXIT_USAGE;
        return;
      }
      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = () => {
        interrupts++;
        if (interrupts > 1) process.exit(EXIT_INTERRUPTED);
        process.stderr.write("\nstopping: waiting for the running episodes to finish (Ctrl-C again to quit at once)\n");
        controller.abort();
      };
      process.on("SIGINT", onSigint);
      try {
        const given: PartialSettings = {
          paths,
          ...(flags.agent !== undefined && { agent: flags.agent }),
          ...(flags.user !== undefined && { user: flags.user }),
          ...(flags.trials !== undefined && { trials: flags.trials }),
          ...(flags.turns !== undefined && { turns: flags.turns }),
          ...(flags.concurrency !== undefined && { concurrency: flags.concurrency }),
          ...(flags.seed !== undefined && { seed: flags.seed }),
          ...(flags.out !== undefined && { out: flags.out }),
          ...(flags.resume !== undefined && { resume: flags.resume }),
          ...(flags.set !== undefined && { set: flags.set }),
          ...(flags.oneChoice && { choice: "one" as const }),
          ...(flags.multiChoice && { choice: "multi" as const }),
          ...(flags.cache !== undefined && { cache: flags.cache }),
          ...llmOptionsFrom(flags),
        };
        const settings = mergeSettings(given, flags.config ? readConfigFile(flags.config) : {});
        const result = await runEval(settings, { signal: controller.signal, progress: createProgress(process.stderr), color: colorEnabled(process.stderr) });
        if (result.warnings) process.stderr.write(`${result.warnings}\n`);
        if (result.firstAgentError) process.stderr.write(`episodes ended in an agent error (see episodes.jsonl); the first: ${result.firstAgentError}\n`);
        const llm = formatLlmStats(result.llm);
        process.stdout.write(`${formatSummaryTable(result.summary)}\n${llm ? `\n${llm}\n` : ""}\nwrote ${result.outDir}/ (run.json, episodes.jsonl, summary.json)\n`);
        process.exitCode = result.stopped ? EXIT_INTERRUPTED : EXIT_OK;
      } catch (error) {
        const input = error instanceof ScenarioInputError || error instanceof BundleError;
        const known = input || ["SettingsError", "AgentSpecError", "SimulatorSpecError", "OverrideError", "EpisodesFileError", "LlmConfigError", "ReplayMismatchError"].includes((error as Error).name);
        if (!known) throw error;
        process.stderr.write(`ubc eval: ${(error as Error).message}\n`);
        process.exitCode = input ? EXIT_BAD_INPUT : EXIT_USAGE;
      } finally {
        process.off("SIGINT", onSigint);
      }
    });
}
