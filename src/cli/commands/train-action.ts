import type { Command } from "commander";
import { join } from "node:path";
import { colorEnabled } from "../../eval/progress.js";
import { ScenarioInputError, loadScenarios } from "../../runs/scenarios.js";
import { POLICY_GYMS } from "../../runtime/policy/softmax.js";
import { TURN_CREDITS } from "../../rl/credit.js";
import { DEFAULT_PPO } from "../../rl/ppo.js";
import { TRAJECTORY_SCORES } from "../../rl/score.js";
import type { IterationMetrics, TrainSettings } from "../../rl/train.js";
import { CURVE_FILE, formatCompareTable, METRICS_FILE, POLICY_FILE, runCompare, runTraining, writeCompareFile } from "../../rl/train-run.js";
import { DEFAULT_TINKER_TRAIN } from "../../rl/tinker/defaults.js";
import { EXIT_OK, EXIT_USAGE } from "../output.js";
import type { TrainFlags } from "./train.js";

/** `--trainer tinker`: the rollouts, credit and advantages here, sampling and training on a Tinker-style server. */
async function trainWithTinker(paths: string[], flags: TrainFlags, lrFromUser: boolean, signal: AbortSignal): Promise<void> {
  if (flags.trainerUrl === undefined || flags.baseModel === undefined) {
    process.stderr.write("ubc train: --trainer tinker needs --trainer-url URL and --base-model NAME\n");
    process.exitCode = EXIT_USAGE;
    return;
  }
  if (flags.compare) {
    process.stderr.write("ubc train: --compare is only for the local softmax trainer\n");
    process.exitCode = EXIT_USAGE;
    return;
  }
  const { scenarios, warnings } = loadScenarios(paths, { color: colorEnabled(process.stderr) });
  if (warnings) process.stderr.write(`${warnings}\n`);
  if (scenarios.length === 0) throw new ScenarioInputError("no scenarios");
  // Loaded on demand: the Qwen3 tokenizer is a 7.5 MB module that no other command needs.
  const { runTinkerTraining, TINKER_METRICS_FILE, TINKER_RUN_FILE } = await import("../../rl/tinker/run.js");
  const outDir = flags.out ?? join("runs", `train-tinker-seed${flags.seed}`);
  process.stderr.write(`training ${flags.baseModel} on ${flags.trainerUrl}: ${scenarios.length} scenario(s), ${flags.iterations} iterations × ${flags.group} trajectories per scenario\n`);
  const result = await runTinkerTraining(flags.trainerUrl, {
    ...DEFAULT_TINKER_TRAIN,
    scenarios,
    baseModel: flags.baseModel,
    loraRank: flags.loraRank,
    group: flags.group,
    iterations: flags.iterations,
    credit: { gamma: flags.gamma, turnCredit: flags.turnCredit, trajectoryScore: flags.trajectoryScore },
    lossFn: flags.loss,
    adam: { ...DEFAULT_TINKER_TRAIN.adam, ...(lrFromUser && { learning_rate: flags.lr }) },
    checkpointEvery: flags.checkpointEvery,
    seed: flags.seed,
    concurrency: flags.concurrency,
  }, outDir, {
    signal,
    onIteration(m) {
      process.stderr.write(`iteration ${m.iteration + 1}/${flags.iterations}: mean return ${m.meanReturn.toFixed(3)}, mean score ${m.meanScore.toFixed(3)}, success ${(m.successRate * 100).toFixed(0)}%, ${m.trainedTokens} trained tokens, ${m.errors} error(s)${m.checkpoint ? `, saved ${m.checkpoint}` : ""}\n`);
    },
  });
  process.stdout.write(`model ${result.modelId}: ${result.iterations.length} iteration(s)\nwrote ${outDir}/ (${TINKER_METRICS_FILE}, ${TINKER_RUN_FILE})\n`);
  process.exitCode = signal.aborted ? 130 : EXIT_OK;
}

function progressLine(m: IterationMetrics, total: number, running: number): string {
  const gyms = Object.entries(m.scoreByGym).map(([g, s]) => `${g} ${s.toFixed(3)}`).join(", ");
  return `iteration ${m.iteration + 1}/${total}: mean return ${m.meanReturn.toFixed(3)} (running ${running.toFixed(3)}), mean score ${m.meanScore.toFixed(3)} [${gyms}], success ${(m.successRate * 100).toFixed(0)}%, ${(m.wallMs / 1000).toFixed(1)}s\n`;
}

/** The local softmax policy, trained on the CPU (or, with --compare, every credit × score setting). */
async function trainSoftmax(paths: string[], flags: TrainFlags, signal: AbortSignal): Promise<void> {
  const { scenarios: loaded, warnings } = loadScenarios(paths, { color: colorEnabled(process.stderr) });
  if (warnings) process.stderr.write(`${warnings}\n`);
  const scenarios = loaded.filter((s) => POLICY_GYMS.includes(s.gym));
  const skipped = loaded.length - scenarios.length;
  if (skipped > 0) process.stderr.write(`skipping ${skipped} scenario(s) of gyms the softmax policy has no acts for (it supports: ${POLICY_GYMS.join(", ")})\n`);
  if (scenarios.length === 0) throw new ScenarioInputError(`no scenarios of a supported gym (${POLICY_GYMS.join(", ")})`);
  const settings: TrainSettings = {
    scenarios,
    group: flags.group,
    iterations: flags.iterations,
    credit: { gamma: flags.gamma, turnCredit: flags.turnCredit, trajectoryScore: flags.trajectoryScore },
    lr: flags.lr,
    epochs: flags.epochs,
    ppo: { ...DEFAULT_PPO, klCoef: flags.kl },
    seed: flags.seed,
    concurrency: flags.concurrency,
  };
  const started = performance.now();
  if (flags.compare) {
    process.stderr.write(`comparing ${TURN_CREDITS.length * TRAJECTORY_SCORES.length} settings on ${scenarios.length} scenario(s), ${flags.iterations} iterations each\n`);
    const cells = await runCompare(settings, (c) => process.stderr.write(`${c.turnCredit} × ${c.trajectoryScore}: ${c.firstMeanScore.toFixed(3)} → ${c.finalMeanScore.toFixed(3)} (greedy ${c.finalGreedy.toFixed(3)})\n`));
    process.stdout.write(`${formatCompareTable(cells)}\n`);
    if (flags.out !== undefined) process.stdout.write(`wrote ${writeCompareFile(flags.out, settings, cells)}\n`);
    process.exitCode = EXIT_OK;
    return;
  }
  const outDir = flags.out ?? join("runs", `train-softmax-seed${flags.seed}`);
  process.stderr.write(`training on ${scenarios.length} scenario(s): ${flags.iterations} iterations × ${flags.group} trajectories per scenario (${flags.turnCredit} credit, ${flags.trajectoryScore} score)\n`);
  let running: number | undefined;
  const result = await runTraining(settings, outDir, {
    signal: signal,
    onIteration(m) {
      running = running === undefined ? m.meanReturn : 0.7 * running + 0.3 * m.meanReturn;
      process.stderr.write(progressLine(m, flags.iterations, running));
    },
  });
  const first = result.metrics[0];
  const last = result.metrics.at(-1);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `mean score ${first?.meanScore.toFixed(3) ?? "-"} → ${last?.meanScore.toFixed(3) ?? "-"} over ${result.metrics.length} iteration(s) (sampled); final policy, greedy: ${result.finalGreedy.meanScore.toFixed(3)}; ${seconds}s\n` +
      `wrote ${outDir}/ (${METRICS_FILE}, ${POLICY_FILE}, ${CURVE_FILE})\n`,
  );
  process.exitCode = signal.aborted ? 130 : EXIT_OK;
}

/** `ubc train`: exit 0 with the run written, 1 for scenarios it cannot load or a Tinker server error, 2 for usage errors, 130 when interrupted. */
export async function trainAction(paths: string[], flags: TrainFlags, command: Command): Promise<void> {
  if (flags.trainer !== "tinker" && flags.policy !== "softmax") {
    process.stderr.write(`ubc train: unknown policy '${flags.policy}' (only 'softmax')\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on("SIGINT", onSigint);
  // User errors (scenarios it cannot load, a Tinker server error: 1) are printed by main.ts.
  try {
    if (flags.trainer === "tinker") await trainWithTinker(paths, flags, command.getOptionValueSource("lr") !== "default", controller.signal);
    else await trainSoftmax(paths, flags, controller.signal);
  } finally {
    process.off("SIGINT", onSigint);
  }
}
