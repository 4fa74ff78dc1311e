import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { EpisodeRecord } from "../runtime/episode.js";
import type { IterationMetrics } from "../runs/train-files.js";
import { episodeKey } from "../runs/episodes-file.js";
import { EPISODES_FILE, RUN_FILE } from "../runs/eval-files.js";
import { COMPARE_FILE, METRICS_FILE } from "../runs/train-files.js";
import type { AblationCell } from "./ablation.js";
import { runScenarios, type RunScenarios } from "./scenarios.js";
import { InputError } from "../user-error.js";

/**
 * Reading run folders for `ubc report`: an eval run (run.json + episodes.jsonl) or a train run
 * (metrics.jsonl and/or compare.json of --compare). Everything is checked strictly: a damaged line is an error naming the file
 * and line, never skipped, so that a report cannot silently hide episodes. The scenario sources
 * an eval run names are only an extra (the hidden items' texts): trouble with them is shown, not thrown.
 */

export class ReportInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "ReportInputError";
  }
}

/** The parts of run.json the report reads. */
export interface RunScenarioInfo {
  id: string;
  gym: string;
  shape: string;
  /** The scenario's source file as the eval was given it (absent in hand-made run.json files). */
  source?: string;
  knobs?: Record<string, unknown>;
}

export interface RunInfo {
  agent: string;
  user: string;
  trials: number;
  seed: number;
  overrides: Record<string, string>;
  scenarios: RunScenarioInfo[];
  /** The folder the eval ran in, where its relative source paths start (absent in older run.json files). */
  cwd?: string;
}

export interface EvalRun {
  kind: "eval";
  /** A label for the run: the folder's name (made unique by the caller when several share it). */
  label: string;
  dir: string;
  info: RunInfo;
  /** Sorted by scenario id, then trial; the first record of a (scenario, trial) pair is kept. */
  episodes: EpisodeRecord[];
  /** The run's scenarios rebuilt from their sources (for the hidden items' texts); null when not read. */
  scenarios: RunScenarios | null;
}

export interface TrainRun {
  kind: "train";
  label: string;
  dir: string;
  /** metrics.jsonl, empty for a folder holding only compare.json. */
  iterations: IterationMetrics[];
  /** compare.json of `ubc train --compare --out DIR`, when present. */
  compare: { settings: Record<string, unknown>; cells: AblationCell[] } | null;
}

export type LoadedRun = EvalRun | TrainRun;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ReportInputError(`${file}: not readable JSON (${(error as Error).message})`);
  }
}

/** Every non-blank line of a JSONL file, parsed and checked; the first bad one is an error naming its line. */
export function readJsonLines<T>(file: string, check: (value: Record<string, unknown>) => string | undefined): T[] {
  const text = readFileSync(file, "utf8");
  const values: T[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ReportInputError(`${file}:${i + 1}: not a JSON line; the file is damaged`);
    }
    const problem = isRecord(value) ? check(value) : "not a JSON object";
    if (problem !== undefined) throw new ReportInputError(`${file}:${i + 1}: ${problem}`);
    values.push(value as T);
  }
  return values;
}

function checkEpisode(value: Record<string, unknown>): string | undefined {
  const wanted: [string, string][] = [["scenarioId", "string"], ["gym", "string"], ["shape", "string"], ["trial", "number"], ["score", "number"], ["success", "boolean"], ["turnCount", "number"]];
  for (const [key, type] of wanted) if (typeof value[key] !== type) return `not an episode record (no ${type} '${key}')`;
  if (!Array.isArray(value.turns)) return "not an episode record (no 'turns' list)";
  if (!isRecord(value.metrics)) return "not an episode record (no 'metrics' object)";
  for (const [i, turn] of (value.turns as unknown[]).entries()) {
    if (!isRecord(turn) || typeof turn.turn !== "number" || !Array.isArray(turn.judgements) || !isRecord(turn.counters)) return `turn ${i + 1} of the episode is not a turn log`;
  }
  return undefined;
}

function checkIteration(value: Record<string, unknown>): string | undefined {
  if (typeof value.iteration !== "number") return "not a training iteration (no number 'iteration')";
  if (typeof value.meanScore !== "number") return "not a training iteration (no number 'meanScore')";
  if (!isRecord(value.scoreByGym)) return "not a training iteration (no 'scoreByGym' object)";
  return undefined;
}

function numberRecord(value: unknown): Record<string, number> | undefined {
  if (!isRecord(value)) return undefined;
  return Object.values(value).every((v) => typeof v === "number") ? (value as Record<string, number>) : undefined;
}

function compareInfo(file: string): NonNullable<TrainRun["compare"]> {
  const raw = readJsonFile(file);
  if (!isRecord(raw) || !Array.isArray(raw.rows)) throw new ReportInputError(`${file}: not a ubc train --compare file (needs 'rows')`);
  const cells = raw.rows.map((row: unknown, i): AblationCell => {
    const byGym = isRecord(row) ? numberRecord(row.finalScoreByGym ?? {}) : undefined;
    if (!isRecord(row) || typeof row.turnCredit !== "string" || typeof row.trajectoryScore !== "string" || typeof row.finalMeanScore !== "number" || byGym === undefined) {
      throw new ReportInputError(`${file}: row ${i + 1} is not a grid cell (needs 'turnCredit', 'trajectoryScore', number 'finalMeanScore')`);
    }
    return { turnCredit: row.turnCredit, trajectoryScore: row.trajectoryScore, finalMeanScore: row.finalMeanScore, finalScoreByGym: byGym, greedyMeanScore: typeof row.greedyMeanScore === "number" ? row.greedyMeanScore : null };
  });
  return { settings: isRecord(raw.settings) ? raw.settings : {}, cells };
}

function runInfo(file: string): RunInfo {
  const raw = readJsonFile(file);
  if (!isRecord(raw) || typeof raw.agent !== "string" || typeof raw.trials !== "number" || !Array.isArray(raw.scenarios)) {
    throw new ReportInputError(`${file}: not a ubc eval run.json (needs 'agent', 'trials' and 'scenarios')`);
  }
  const scenarios = raw.scenarios.filter(isRecord).map((s) => ({
    id: String(s.id),
    gym: String(s.gym),
    shape: String(s.shape),
    ...(typeof s.source === "string" && { source: s.source }),
    ...(isRecord(s.knobs) && { knobs: s.knobs }),
  }));
  const overrides = isRecord(raw.overrides) ? Object.fromEntries(Object.entries(raw.overrides).map(([k, v]) => [k, String(v)])) : {};
  return { agent: raw.agent, user: typeof raw.user === "string" ? raw.user : "?", trials: raw.trials, seed: typeof raw.seed === "number" ? raw.seed : 0, overrides, scenarios, ...(typeof raw.cwd === "string" && { cwd: raw.cwd }) };
}

function sortEpisodes(episodes: EpisodeRecord[]): EpisodeRecord[] {
  const seen = new Set<string>();
  const unique = episodes.filter((e) => {
    const key = episodeKey(e.scenarioId, e.trial);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => (a.scenarioId < b.scenarioId ? -1 : a.scenarioId > b.scenarioId ? 1 : a.trial - b.trial));
}

export interface LoadOptions {
  /** Rebuild each eval run's scenarios from their sources (default true; the Markdown summary does not need them). */
  scenarios?: boolean;
}

/** Loads one run folder; `label` defaults to the folder's name. */
export function loadRun(dir: string, label = basename(resolve(dir)), options: LoadOptions = {}): LoadedRun {
  if (!existsSync(dir)) throw new ReportInputError(`${dir}: no such folder`);
  if (!statSync(dir).isDirectory()) throw new ReportInputError(`${dir}: not a folder (give the run folder that holds ${RUN_FILE} and ${EPISODES_FILE}, or ${METRICS_FILE})`);
  const runFile = join(dir, RUN_FILE);
  const episodesFile = join(dir, EPISODES_FILE);
  const metricsFile = join(dir, METRICS_FILE);
  if (existsSync(runFile) || existsSync(episodesFile)) {
    if (!existsSync(runFile)) throw new ReportInputError(`${runFile}: missing; ${dir} is not a complete ubc eval run`);
    if (!existsSync(episodesFile)) throw new ReportInputError(`${episodesFile}: missing; ${dir} is not a complete ubc eval run`);
    const info = runInfo(runFile);
    const episodes = sortEpisodes(readJsonLines<EpisodeRecord>(episodesFile, checkEpisode));
    const scenarios = options.scenarios === false ? null : runScenarios(dir, info);
    return { kind: "eval", label, dir, info, episodes, scenarios };
  }
  const compareFile = join(dir, COMPARE_FILE);
  if (existsSync(metricsFile) || existsSync(compareFile)) {
    const iterations = existsSync(metricsFile) ? readJsonLines<IterationMetrics>(metricsFile, checkIteration).sort((a, b) => a.iteration - b.iteration) : [];
    const compare = existsSync(compareFile) ? compareInfo(compareFile) : null;
    return { kind: "train", label, dir, iterations, compare };
  }
  throw new ReportInputError(`${dir}: not a run folder (no ${RUN_FILE} and ${EPISODES_FILE} of ubc eval, no ${METRICS_FILE} or ${COMPARE_FILE} of ubc train)`);
}

/** Loads every folder, labelling runs by folder name and numbering repeated names (name, name#2, ...). */
export function loadRuns(dirs: readonly string[], options: LoadOptions = {}): LoadedRun[] {
  const counts = new Map<string, number>();
  return dirs.map((dir) => {
    const name = basename(resolve(dir));
    const n = (counts.get(name) ?? 0) + 1;
    counts.set(name, n);
    return loadRun(dir, n === 1 ? name : `${name}#${n}`, options);
  });
}
