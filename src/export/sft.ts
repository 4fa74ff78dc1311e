import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Scenario } from "../compiler/ir.js";
import { EPISODES_FILE, RUN_FILE } from "../runs/eval-files.js";
import { EpisodesFileError, readEpisodes } from "../runs/episodes-file.js";
import { loadRunScenarios, RunScenariosError, sameAsRun, type RunScenarioSources } from "../runs/run-scenarios.js";
import type { EpisodeRecord } from "../runtime/episode.js";
import { runtimeFor } from "../runtime/gyms/registry.js";
import { seededOrder } from "./mix.js";
import { ExportInputError, TOOL_NAME, toolSchemaFor } from "./tool-schema.js";

/**
 * `ubc export sft`: the successful episodes of eval runs as OpenAI-format chat transcripts with
 * tool calls (TRL / LLaMA-Factory "messages" + "tools"), one JSON object per line. The system
 * prompt is rebuilt from the run's scenario sources (with the run's overrides), checked against
 * the hash recorded with each episode. Nothing from the run's settings (endpoints, keys) is copied.
 */

export type SftMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string; tool_calls: { id: string; type: "function"; function: { name: string; arguments: string } }[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface SftExample {
  messages: SftMessage[];
  tools: ReturnType<typeof toolSchemaFor>[];
}

/** An example with the gym of its episode (for `--per-gym` and per-gym counts). */
export interface SftEpisode {
  gym: string;
  example: SftExample;
}

type RunFile = RunScenarioSources;

export interface SftOptions {
  minScore: number;
  /** Scenario sources to use instead of the ones recorded in run.json. */
  scenarioPaths?: string[];
  /** At most this many episodes per gym, chosen by a shuffle seeded with `seed` (`--per-gym N`). */
  perGym?: number;
  seed?: number;
}

function readRun(dir: string): { run: RunFile; episodes: EpisodeRecord[] } {
  const runFile = join(dir, RUN_FILE);
  if (!existsSync(runFile)) throw new ExportInputError(`${dir} is not an eval run folder (no ${RUN_FILE})`);
  let run: RunFile;
  try {
    run = JSON.parse(readFileSync(runFile, "utf8")) as RunFile;
  } catch (error) {
    throw new ExportInputError(`${runFile}: not valid JSON (${(error as Error).message})`);
  }
  const episodesFile = join(dir, EPISODES_FILE);
  if (!existsSync(episodesFile)) throw new ExportInputError(`${dir} has no ${EPISODES_FILE}`);
  try {
    return { run, episodes: readEpisodes(episodesFile) };
  } catch (error) {
    if (error instanceof EpisodesFileError) throw new ExportInputError(error.message);
    throw error;
  }
}

/** The run's scenarios (src/runs/run-scenarios.ts), its errors worded for `ubc export sft`. */
function scenariosOfRun(dir: string, run: RunFile, override: string[] | undefined): Map<string, Scenario> {
  try {
    return loadRunScenarios(dir, run, override);
  } catch (error) {
    if (!(error instanceof RunScenariosError)) throw error;
    const hint = error.reason === "no-sources" ? "; pass them with --scenarios" : error.reason === "missing" ? " or pass --scenarios" : "";
    throw new ExportInputError(error.message + hint);
  }
}

export function episodeMessages(record: EpisodeRecord, systemPrompt: string): SftMessage[] {
  const messages: SftMessage[] = [
    { role: "system", content: systemPrompt },
    { role: "user", content: record.opening },
  ];
  for (const turn of record.turns) {
    if (turn.action === null) continue;
    const id = `call_${record.turns.indexOf(turn) + 1}`;
    const args = { choice: turn.action.choice, content: turn.action.content };
    messages.push({ role: "assistant", content: "", tool_calls: [{ id, type: "function", function: { name: TOOL_NAME, arguments: JSON.stringify(args) } }] });
    messages.push({ role: "tool", tool_call_id: id, content: turn.feedback });
  }
  return messages;
}

interface Kept {
  dir: string;
  run: RunFile;
  record: EpisodeRecord;
  /** Unique over the runs: run position, scenario, trial. */
  key: string;
}

/**
 * `--per-gym N`: each gym's episodes in a seeded order (keyed by run position, scenario and trial,
 * as `--mix` orders scenarios: src/export/mix.ts), the first N kept, the input order restored.
 */
function balancePerGym(kept: readonly Kept[], perGym: number, seed: number): Kept[] {
  const chosen = new Set<Kept>();
  const gyms = [...new Set(kept.map((k) => k.record.gym))];
  for (const gym of gyms) for (const k of seededOrder(kept.filter((e) => e.record.gym === gym), (e) => e.key, seed, "sft", gym).slice(0, perGym)) chosen.add(k);
  return kept.filter((k) => chosen.has(k));
}

/** Every successful episode of the runs (at most `perGym` per gym), in run order, then scenario id, then trial. */
export function buildSft(runDirs: readonly string[], options: SftOptions): { episodes: SftEpisode[]; total: number } {
  let kept: Kept[] = [];
  let total = 0;
  runDirs.forEach((dir, position) => {
    const { run, episodes } = readRun(dir);
    total += episodes.length;
    const successes = episodes
      .filter((e) => e.status !== "error" && e.score >= options.minScore)
      .sort((a, b) => (a.scenarioId < b.scenarioId ? -1 : a.scenarioId > b.scenarioId ? 1 : a.trial - b.trial));
    kept.push(...successes.map((record) => ({ dir, run, record, key: `${String(position).padStart(6, "0")}\u0000${record.scenarioId}\u0000${String(record.trial).padStart(9, "0")}` })));
  });
  if (options.perGym !== undefined) kept = balancePerGym(kept, options.perGym, options.seed ?? 0);

  const result: SftEpisode[] = [];
  // Each run's scenarios are compiled once, and only for runs with an episode kept.
  const sourcesByRun = new Map<string, { scenarios: Map<string, Scenario>; recorded: Map<string, string | undefined> }>();
  for (const { dir, run, record } of kept) {
    let sources = sourcesByRun.get(dir);
    if (!sources) {
      sources = { scenarios: scenariosOfRun(dir, run, options.scenarioPaths), recorded: new Map((run.scenarios ?? []).map((s) => [s.id, s.source])) };
      sourcesByRun.set(dir, sources);
    }
    const scenario = sources.scenarios.get(record.scenarioId);
    if (!scenario) throw new ExportInputError(`${dir}: scenario '${record.scenarioId}' is not in the run's sources`);
    if (!sameAsRun(scenario, record.hash, sources.recorded.get(record.scenarioId))) throw new ExportInputError(`${dir}: scenario '${record.scenarioId}' has changed since the run (hash ${record.hash.slice(0, 12)} → ${scenario.hash.slice(0, 12)})`);
    const runtime = runtimeFor(scenario);
    result.push({ gym: record.gym, example: { messages: episodeMessages(record, runtime.agentSystemPrompt(scenario)), tools: [toolSchemaFor([runtime.choices])] } });
  }
  return { episodes: result, total };
}
