import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { setImmediate as nextMacrotask } from "node:timers/promises";
import pLimit from "p-limit";
import type { Scenario } from "../compiler/ir.js";
import { createAgent } from "../runtime/agents/registry.js";
import type { EpisodeRecord } from "../runtime/episode.js";
import { runtimeFor } from "../runtime/gyms/registry.js";
import { writeJsonAtomic } from "../io/atomic-file.js";
import { applyRunOverrides } from "../runtime/overrides.js";
import { episodeSeed } from "../runtime/rng.js";
import { MAX_CLIENT_CONCURRENCY } from "../runtime/llm/config.js";
import { addStats, llmStatsOf, type LlmStats } from "../runtime/llm/stats.js";
import { runEpisode } from "../runtime/rollout.js";
import { episodeFactory, type EpisodeFactory } from "../runtime/episode-factory.js";
import { episodeKey, EpisodeWriter, readEpisodes } from "../runs/episodes-file.js";
import { summarize, type Summary } from "../runs/metrics.js";
import { silentProgress, type ProgressSink } from "./progress.js";
import { preflight } from "./preflight.js";
import { EPISODES_FILE, RUN_FILE, SUMMARY_FILE } from "../runs/eval-files.js";
import { identityOf, readRunFile, resumeProblem, runRecord } from "../runs/run-file.js";
import { lockRunFolder } from "../runs/run-lock.js";
import { loadScenarios } from "../runs/scenarios.js";
import { runOverrides, SettingsError, type EvalSettings } from "./settings.js";

export interface EvalHooks {
  /** Aborting stops scheduling; episodes already running finish and are written. */
  signal?: AbortSignal;
  progress?: ProgressSink;
  /** The clock for the default output folder's name (tests pin it). */
  now?: () => Date;
  color?: boolean;
}

export interface EvalResult {
  outDir: string;
  summary: Summary;
  /** Episodes run now, and (pairs) skipped because --resume found them done. */
  ran: number;
  skipped: number;
  stopped: boolean;
  /** Lint warnings of compiled sources, rendered. */
  warnings: string;
  /** The first agent error of this invocation's episodes (they are in episodes.jsonl; this one is shown). */
  firstAgentError?: string;
  /** This invocation's LLM traffic, per role that used an LLM (also in summary.json as `llm`). */
  llm: RunLlmStats;
}

export interface RunLlmStats {
  agent?: LlmStats;
  user?: LlmStats;
}

function llmStatsOfRun(agent: unknown, simulators: Iterable<unknown>): RunLlmStats {
  const stats: RunLlmStats = {};
  const agentStats = llmStatsOf(agent);
  if (agentStats) stats.agent = agentStats;
  for (const simulator of simulators) {
    const userStats = llmStatsOf(simulator);
    if (userStats) stats.user = stats.user ? addStats(stats.user, userStats) : userStats;
  }
  return stats;
}

function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

/** runs/<timestamp>-<agent>: the time is only in the folder's name, never in the episodes. */
export function defaultOutDir(agent: string, now: Date): string {
  return join("runs", `${stamp(now)}-${agent.replace(/[^A-Za-z0-9._-]+/g, "_")}`);
}

interface Job {
  scenario: Scenario;
  trial: number;
  seed: number;
}

/** Episodes already in the folder must come from the same scenarios, agent, user and seed. */
function checkEpisodes(existing: readonly EpisodeRecord[], byId: Map<string, Scenario>, agent: string, settings: EvalSettings, outDir: string): void {
  for (const record of existing) {
    const scenario = byId.get(record.scenarioId);
    if (!scenario) continue;
    const problem =
      record.hash !== scenario.hash ? `scenario '${record.scenarioId}' has changed since (hash ${record.hash.slice(0, 12)} → ${scenario.hash.slice(0, 12)})`
      : record.agent !== agent ? `its agent was '${record.agent}', not '${agent}'`
      : record.user !== settings.user ? `its user simulator was '${record.user}', not '${settings.user}'`
      : record.seed !== episodeSeed(settings.seed, record.scenarioId, record.trial) ? `it was run with another --seed`
      : undefined;
    if (problem) throw new SettingsError(`cannot resume ${outDir}: ${problem}; use another --out to start a new run`);
  }
}

/**
 * `ubc eval`: runs every (scenario, trial) pair, writing DIR/run.json first, each finished
 * episode to DIR/episodes.jsonl as it finishes, and DIR/summary.json at the end (also after a stop).
 */
export async function runEval(settings: EvalSettings, hooks: EvalHooks = {}): Promise<EvalResult> {
  const { scenarios: loaded, warnings: lintWarnings } = loadScenarios(settings.paths, { color: hooks.color ?? false });
  const overrides = runOverrides(settings, new Set(loaded.map((s) => s.gym)));
  const scenarios = applyRunOverrides(loaded, overrides);
  const warnings = [lintWarnings, ...budgetWarnings(scenarios, overrides)].filter((w) => w !== "").join("\n");
  const byId = new Map(scenarios.map((s) => [s.id, s]));

  const llmOptions = settings.cache !== undefined ? { cache: settings.cache } : {};
  // Each running episode has at most one LLM request of a role in flight, so an LLM client's limit
  // follows the run's concurrency, unless the role's options set their own.
  const inFlight = { concurrency: Math.min(settings.concurrency, MAX_CLIENT_CONCURRENCY) };
  const agentOptions = { ...inFlight, ...settings.agentOptions, ...llmOptions };
  const userOptions = { ...inFlight, ...settings.userOptions, ...llmOptions };
  const agent = createAgent(settings.agent, agentOptions);
  const episodes = episodeFactory({ scenarios, user: settings.user, userOptions });

  // Before anything is written: an endpoint that is down would fail every episode after its retries.
  await preflight([
    { role: "agent", spec: settings.agent, options: agentOptions },
    { role: "user", spec: settings.user, options: userOptions },
  ]);

  const outDir = settings.out ?? defaultOutDir(settings.agent, (hooks.now ?? (() => new Date()))());
  mkdirSync(outDir, { recursive: true });
  const unlock = lockRunFolder(outDir);
  try {
    return await runLocked(settings, hooks, { outDir, scenarios, byId, overrides, agent, episodes, warnings });
  } finally {
    unlock();
  }
}

interface Prepared {
  outDir: string;
  scenarios: Scenario[];
  byId: Map<string, Scenario>;
  overrides: Record<string, string>;
  agent: ReturnType<typeof createAgent>;
  episodes: EpisodeFactory;
  warnings: string;
}

/** The run itself, with the folder locked: checks against what the folder holds, then the episodes. */
async function runLocked(settings: EvalSettings, hooks: EvalHooks, { outDir, scenarios, byId, overrides, agent, episodes, warnings }: Prepared): Promise<EvalResult> {
  const progress = hooks.progress ?? silentProgress;
  const episodesFile = join(outDir, EPISODES_FILE);
  const recorded = settings.resume ? readRunFile(outDir) : undefined;
  const existing = readEpisodes(episodesFile, { repair: settings.resume });
  if (existing.length > 0 && !settings.resume) {
    throw new SettingsError(`${outDir} already holds ${existing.length} episode(s); pass --resume to continue that run, or choose another --out`);
  }
  const identity = identityOf(settings, agent.spec, overrides, scenarios);
  const problem = recorded !== undefined ? resumeProblem(recorded, identity) : undefined;
  if (problem !== undefined) throw new SettingsError(`cannot resume ${outDir}: ${problem}; or use another --out to start a new run`);
  checkEpisodes(existing, byId, agent.spec, settings, outDir);
  // A resumed run keeps the record of its first invocation.
  if (recorded === undefined) writeJsonAtomic(join(outDir, RUN_FILE), runRecord(identity, settings, scenarios));

  const done = new Set(existing.map((e) => episodeKey(e.scenarioId, e.trial)));
  const jobs: Job[] = [];
  let skipped = 0;
  for (const scenario of scenarios) {
    for (let trial = 0; trial < settings.trials; trial++) {
      if (done.has(episodeKey(scenario.id, trial))) skipped++;
      else jobs.push({ scenario, trial, seed: episodeSeed(settings.seed, scenario.id, trial) });
    }
  }

  const writer = new EpisodeWriter(episodesFile);
  const limit = pLimit(settings.concurrency);
  let finished = 0;
  let failure: unknown;
  let firstAgentError: string | undefined;
  const stopped = () => hooks.signal?.aborted === true || failure !== undefined;
  progress.start(jobs.length, skipped);
  try {
    await Promise.allSettled(
      jobs.map((job) =>
        limit(async () => {
          // Scripted agents never wait on I/O: without this turn of the event loop, a Ctrl-C's
          // handler would not run before the last episode.
          await nextMacrotask();
          if (stopped()) return;
          try {
            const env = episodes.env(job.scenario);
            const record = await runEpisode({ env, agent, scenario: job.scenario, seed: job.seed, trial: job.trial, user: settings.user, systemPrompt: episodes.systemPrompt(job.scenario) });
            writer.append(record);
            if (record.error !== undefined) firstAgentError ??= `${record.scenarioId} trial ${record.trial}: ${record.error}`;
            finished++;
            progress.episode(record, finished, jobs.length);
          } catch (error) {
            failure ??= error;
          }
        }),
      ),
    );
  } finally {
    writer.close();
  }
  const wasStopped = finished < jobs.length;
  progress.finish(wasStopped && failure === undefined);

  const wanted = new Set(scenarios.flatMap((s) => Array.from({ length: settings.trials }, (_, t) => episodeKey(s.id, t))));
  // Set.delete keeps the first record of each pair; what stays in `wanted` never finished.
  const all = readEpisodes(episodesFile).filter((e) => wanted.delete(episodeKey(e.scenarioId, e.trial)));
  const summary = summarize(all, settings.trials, wanted.size === 0);
  const llm = llmStatsOfRun(agent, episodes.simulators());
  writeJsonAtomic(join(outDir, SUMMARY_FILE), Object.keys(llm).length > 0 ? { ...summary, llm } : summary);
  if (failure !== undefined) throw failure;
  return { outDir, summary, ran: finished, skipped, stopped: wasStopped, warnings, llm, ...(firstAgentError !== undefined && { firstAgentError }) };
}

/**
 * Whether a run failed on agent errors: more than `maxErrorRate` of its episodes ended in one
 * (an endpoint that went down mid-run, a model that cannot call the tool). Without a limit, only
 * a run in which every episode errored fails: a few errors are part of measuring an agent.
 */
export function tooManyAgentErrors(overall: { episodes: number; agentErrors: number }, maxErrorRate?: number): boolean {
  if (overall.episodes === 0 || overall.agentErrors === 0) return false;
  return maxErrorRate === undefined ? overall.agentErrors >= overall.episodes : overall.agentErrors / overall.episodes > maxErrorRate;
}

/**
 * The compiler's turn-budget lint judged each scenario with its own settings; the run's overrides
 * (`--multi-choice`, `--set knobs.max_turns=...`) can leave too few turns for a perfect play,
 * and every agent's score would then be capped without a word.
 */
function budgetWarnings(scenarios: readonly Scenario[], overrides: Record<string, unknown>): string[] {
  if (Object.keys(overrides).length === 0) return [];
  return scenarios.flatMap((s) => {
    const needed = runtimeFor(s).turnsForMaxReturn(s);
    return needed > s.knobs.max_turns
      ? [`${s.source.file}: warning: with this run's settings, scenario '${s.id}' needs ${needed} turns for its maximum return but max_turns is ${s.knobs.max_turns}; raise it with --set knobs.max_turns=${needed}`]
      : [];
  });
}
