import { InvalidArgumentError, type Command } from "commander";
import { DEFAULTS } from "../../eval/defaults.js";
import { PRESET_NAMES, type PresetName } from "../../eval/presets.js";
import { CACHE_MODES, type CacheMode } from "../../runtime/llm/cache-modes.js";
import { parseOverride } from "../../runtime/override-syntax.js";
import { AGENT_SPECS, SIMULATOR_SPECS, specChoices } from "../../runtime/specs.js";
import { numberIn, oneOf, wholeNumber } from "../flags.js";

function collectSet(text: string, previous: Record<string, string> = {}): Record<string, string> {
  try {
    const [key, value] = parseOverride(text);
    return { ...previous, [key]: value };
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export interface EvalFlags {
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
  preset?: PresetName;
  cache?: CacheMode;
  config?: string;
  agentBaseUrl?: string;
  userBaseUrl?: string;
  temperature?: number;
  maxTokens?: number;
  maxErrorRate?: number;
  maxReplyChars?: number;
}

export function registerEval(program: Command): void {
  program
    .command("eval")
    .description("run an agent on scenarios and write run.json, episodes.jsonl and summary.json")
    .argument("[paths...]", ".ubench files or folders (compiled in-process), or compiled bundles / build folders")
    .option("--agent <spec>", specChoices(AGENT_SPECS))
    .option("--user <spec>", `user simulator: ${specChoices(SIMULATOR_SPECS)} (default ${DEFAULTS.user})`)
    .option("--trials <k>", "episodes per scenario (default 1)", wholeNumber(1))
    .option("--turns <n>", "override knobs.max_turns", wholeNumber(1))
    .option("--concurrency <c>", "episodes run at once (default 4)", wholeNumber(1))
    .option("--seed <s>", "run seed; each episode's seed derives from it, the scenario and the trial (default 0)", wholeNumber(0))
    .option("--out <dir>", "output folder (default runs/<timestamp>-<agent>)")
    .option("--resume", "continue the run in --out (same settings), skipping episodes it already holds")
    .option("--set <key=value>", "override a setting in every gym that has it, e.g. rewards.elicit=0.6, or in one gym: travel.rewards.elicit=0.6 (repeatable)", collectSet)
    .option("--preset <name>", `a named bundle of --set values per gym: ${PRESET_NAMES.join(" | ")} (explicit --set wins; docs/metrics.md)`, oneOf(PRESET_NAMES))
    .option("--one-choice", "one answer per aspect (knobs.one_choice=true)")
    .option("--multi-choice", "answer until the best option is found (knobs.one_choice=false)")
    .option("--agent-base-url <url>", "OpenAI-compatible endpoint of an openai:<model> agent (else UBENCH_AGENT_BASE_URL, else OPENAI_BASE_URL)")
    .option("--user-base-url <url>", "OpenAI-compatible endpoint of an openai:<model> user (else UBENCH_USER_BASE_URL, else OPENAI_BASE_URL)")
    .option("--temperature <t>", "the LLM agent's sampling temperature, in [0, 2] (default 0)", numberIn(0, 2))
    .option("--max-tokens <n>", "the LLM agent's reply token limit (default 1024)", wholeNumber(1))
    .option("--max-reply-chars <n>", "the most characters of text kept from one LLM reply, agent's or user's; longer replies are cut and marked (default 65536)", wholeNumber(1))
    .option("--cache <mode>", `LLM request cache: ${CACHE_MODES.join(" | ")} (default off: a model name may serve new weights between runs)`, oneOf(CACHE_MODES))
    .option("--max-error-rate <r>", "exit 1 when more than this share of the run's episodes ended in an agent error, in [0, 1] (default: only when every episode did)", numberIn(0, 1))
    .option("--config <file>", "YAML file with the same settings (flags win)")
    .addHelpText("after", "\nExamples:\n  ubc eval scenarios/travel --agent scripted:oracle\n  ubc eval build --agent scripted:random --trials 8 --seed 1 --out runs/random\n  ubc eval scenarios --agent scripted:random --set rewards.elicit=0.6 --turns 16\n  ubc eval scenarios --agent scripted:oracle --preset userrl-eval\n")
    .action(async (paths: string[], flags: EvalFlags) => {
      const { evalAction } = await import("./eval-action.js");
      await evalAction(paths, flags);
    });
}
