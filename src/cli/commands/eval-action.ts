import { createProgress, colorEnabled } from "../../eval/progress.js";
import { runEval, tooManyAgentErrors } from "../../eval/run-eval.js";
import { mergeSettings, readConfigFile, type PartialSettings } from "../../eval/settings.js";
import { formatLlmStats, formatSummaryTable } from "../../eval/table.js";
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE } from "../output.js";
import type { EvalFlags } from "./eval.js";

const EXIT_INTERRUPTED = 130;

/** The LLM flags become agent/user options (the same keys as agent_options/user_options in --config). */
function llmOptionsFrom(flags: EvalFlags): Pick<PartialSettings, "agentOptions" | "userOptions"> {
  const agentOptions: Record<string, unknown> = {
    ...(flags.agentBaseUrl !== undefined && { baseURL: flags.agentBaseUrl }),
    ...(flags.temperature !== undefined && { temperature: flags.temperature }),
    ...(flags.maxTokens !== undefined && { maxTokens: flags.maxTokens }),
    ...(flags.maxReplyChars !== undefined && { maxReplyChars: flags.maxReplyChars }),
  };
  const userOptions: Record<string, unknown> = {
    ...(flags.userBaseUrl !== undefined && { baseURL: flags.userBaseUrl }),
    ...(flags.maxReplyChars !== undefined && { maxReplyChars: flags.maxReplyChars }),
  };
  return {
    ...(Object.keys(agentOptions).length > 0 && { agentOptions }),
    ...(Object.keys(userOptions).length > 0 && { userOptions }),
  };
}

/**
 * `ubc eval`: exit 0 with the run written; 1 for scenarios it cannot load, a damaged or busy run
 * folder, an unreachable LLM endpoint, or too many agent errors (--max-error-rate); 2 for usage
 * errors; 130 when interrupted.
 */
export async function evalAction(paths: string[], flags: EvalFlags): Promise<void> {
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
      ...(flags.preset !== undefined && { preset: flags.preset }),
      ...(flags.maxErrorRate !== undefined && { maxErrorRate: flags.maxErrorRate }),
      ...llmOptionsFrom(flags),
    };
    const settings = mergeSettings(given, flags.config ? readConfigFile(flags.config) : {});
    const result = await runEval(settings, { signal: controller.signal, progress: createProgress(process.stderr), color: colorEnabled(process.stderr) });
    if (result.warnings) process.stderr.write(`${result.warnings}\n`);
    if (result.firstAgentError) process.stderr.write(`episodes ended in an agent error (see episodes.jsonl); the first: ${result.firstAgentError}\n`);
    const llm = formatLlmStats(result.llm);
    process.stdout.write(`${formatSummaryTable(result.summary)}\n${llm ? `\n${llm}\n` : ""}\nwrote ${result.outDir}/ (run.json, episodes.jsonl, summary.json)\n`);
    const failed = tooManyAgentErrors(result.summary.overall, settings.maxErrorRate);
    if (failed) {
      const { agentErrors, episodes } = result.summary.overall;
      const limit = settings.maxErrorRate === undefined ? "every episode failed (set --max-error-rate to fail sooner)" : `more than --max-error-rate ${settings.maxErrorRate} allows`;
      process.stderr.write(`ubc eval: ${agentErrors} of ${episodes} episodes ended in an agent error: ${limit}\n`);
    }
    process.exitCode = result.stopped ? EXIT_INTERRUPTED : failed ? EXIT_BAD_INPUT : EXIT_OK;
  } finally {
    // User errors (scenarios, run folder, endpoints: 1; settings and specs: 2) are printed by main.ts.
    process.off("SIGINT", onSigint);
  }
}
