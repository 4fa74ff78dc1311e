import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Scenario } from "../compiler/ir.js";
import { EpisodesFileError, readEpisodes } from "../eval/episodes-file.js";
import { loadRunScenarios, RunScenariosError, sameAsRun, type RunScenarioSources } from "../eval/run-scenarios.js";
import type { EpisodeRecord } from "../runtime/episode.js";
import { runtimeFor } from "../runtime/gyms/registry.js";
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

type RunFile = RunScenarioSources;

export interface SftOptions {
  minScore: number;
  /** Scenario sources to use instead of the ones recorded in run.json. */
  scenarioPaths?: string[];
}

function readRun(dir: string): { run: RunFile; episodes: EpisodeRecord[] } {
  const runFile = join(dir, "run.json");
  if (!existsSync(runFile)) throw new ExportInputError(`${dir} is not an eval run folder (no run.json)`);
  let run: RunFile;
  try {
    run = JSON.parse(readFileSync(runFile, "utf8")) as RunFile;
  } catch (error) {
    throw new ExportInputError(`${runFile}: not valid JSON (${(error as Error).message})`);
  }
  if (!existsSync(join(dir, "episodes.jsonl"))) throw new ExportInputError(`${dir} has no episodes.jsonl`);
  try {
    return { run, episodes: readEpisodes(join(dir, "episodes.jsonl")) };
  } catch (error) {
    if (error instanceof EpisodesFileError) throw new ExportInputError(error.message);
    throw error;
  }
}

/** The run's scenarios (src/eval/run-scenarios.ts), its errors worded for `ubc export sft`. */
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

/** Every successful episode of the runs, in run order, then scenario id, then trial. */
export function buildSft(runDirs: readonly string[], options: SftOptions): { examples: SftExample[]; total: number } {
  const examples: SftExample[] = [];
  let total = 0;
  for (const dir of runDirs) {
    const { run, episodes } = readRun(dir);
    total += episodes.length;
    const kept = episodes
      .filter((e) => e.status !== "error" && e.score >= options.minScore)
      .sort((a, b) => (a.scenarioId < b.scenarioId ? -1 : a.scenarioId > b.scenarioId ? 1 : a.trial - b.trial));
    if (kept.length === 0) continue;
    const scenarios = scenariosOfRun(dir, run, options.scenarioPaths);
    const recordedSource = new Map((run.scenarios ?? []).map((s) => [s.id, s.source]));
    for (const record of kept) {
      const scenario = scenarios.get(record.scenarioId);
      if (!scenario) throw new ExportInputError(`${dir}: scenario '${record.scenarioId}' is not in the run's sources`);
      if (!sameAsRun(scenario, record.hash, recordedSource.get(record.scenarioId))) throw new ExportInputError(`${dir}: scenario '${record.scenarioId}' has changed since the run (hash ${record.hash.slice(0, 12)} → ${scenario.hash.slice(0, 12)})`);
      const runtime = runtimeFor(scenario);
      examples.push({ messages: episodeMessages(record, runtime.agentSystemPrompt(scenario)), tools: [toolSchemaFor([runtime.choices])] });
    }
  }
  return { examples, total };
}
