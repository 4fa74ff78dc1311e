import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Scenario } from "../compiler/ir.js";
import { writeFileAtomic } from "../io/atomic-file.js";
import { quotaText, type MixSpec } from "./mix.js";
import { filterByPromptTokens, type DroppedRow } from "./prompt-filter.js";
import { selectScenarios, type GymSelection, type Split } from "./selection.js";
import { ExportInputError } from "./tool-schema.js";
import { agentLoopYaml, buildVerlRows, exportedToolSchema, toolConfigYaml, verlParquet, type VerlExportOptions, type VerlRow } from "./verl.js";

/**
 * `ubc export verl`, start to end: select the scenarios of each split (src/export/selection.ts),
 * build their rows (verl.ts), drop the rows whose prompt is too long (prompt-filter.ts), and write
 * train.parquet, test.parquet, tool_config.yaml, agent_loop.yaml and manifest.json, each atomically. The manifest
 * says how the files were made and what each gym contributed; like the Parquet files, it is a
 * function of the inputs and flags only (same inputs, same bytes).
 */

export interface VerlRecipeOptions extends VerlExportOptions {
  /** The `--split-from` file and its ids. */
  splitFrom?: { path: string; ids: readonly string[] };
  mix?: MixSpec;
  testMix?: MixSpec;
  holdout?: readonly string[];
  maxPromptTokens?: number;
  tokenizer?: string;
}

export interface GymManifest extends GymSelection {
  /** Rows written per split, after the prompt-length filter. */
  written: Record<Split, number>;
}

export interface VerlManifest {
  format: "ubench-verl-export-v1";
  seed: number;
  split: { testFraction: number } | { from: string; listed: number; unknownIds: string[] };
  holdout: string[];
  mix: Record<string, string>;
  testMix: Record<string, string>;
  promptFilter: { maxTokens: number; tokenizer: string; dropped: DroppedRow[] } | null;
  rows: Record<Split, number>;
  gyms: Record<string, GymManifest>;
}

export interface VerlExportResult {
  manifest: VerlManifest;
  warnings: string[];
}

const specRecord = (spec: MixSpec | undefined): Record<string, string> => Object.fromEntries([...(spec ?? [])].map(([gym, quota]) => [gym, quotaText(quota)]));

/** Renumbers extra_info.index after rows were dropped, so it stays the row's place in its split. */
function reindexed(rows: readonly VerlRow[]): VerlRow[] {
  return rows.map((row, index) => ({ ...row, extra_info: { ...row.extra_info, index: BigInt(index) } }));
}

export async function writeVerlExport(scenarios: readonly Scenario[], dir: string, options: VerlRecipeOptions): Promise<VerlExportResult> {
  const selection = selectScenarios(scenarios, { seed: options.seed, testFraction: options.testFraction, ...(options.splitFrom ? { splitFrom: options.splitFrom.ids } : {}), ...(options.mix ? { mix: options.mix } : {}), ...(options.testMix ? { testMix: options.testMix } : {}), ...(options.holdout ? { holdout: options.holdout } : {}) });
  const built = await buildVerlRows(selection.scenarios, { testFraction: options.testFraction, seed: options.seed, testIds: selection.testIds });
  // The schema verl renders into the prompt: tool_config.yaml's, which is never shorter than a row's own gym's.
  const exported = selection.scenarios.length > 0 ? selection.scenarios : scenarios;
  let train = built.train;
  let test = built.test;
  let promptFilter: VerlManifest["promptFilter"] = null;
  if (options.maxPromptTokens !== undefined) {
    const tokenizer = options.tokenizer ?? "qwen3";
    const tools = [exportedToolSchema(exported, options.choices)];
    const keptTrain = filterByPromptTokens(train, tools, options.maxPromptTokens, tokenizer);
    const keptTest = filterByPromptTokens(test, tools, options.maxPromptTokens, tokenizer);
    train = reindexed(keptTrain.kept);
    test = reindexed(keptTest.kept);
    promptFilter = { maxTokens: options.maxPromptTokens, tokenizer, dropped: [...keptTrain.dropped, ...keptTest.dropped] };
  }

  const gyms: Record<string, GymManifest> = {};
  const written = (rows: readonly VerlRow[], gym: string) => rows.filter((r) => r.extra_info.tools_kwargs.interact_with_env.create_kwargs.gym === gym).length;
  for (const [gym, counts] of Object.entries(selection.byGym)) gyms[gym] = { ...counts, written: { train: written(train, gym), test: written(test, gym) } };
  const manifest: VerlManifest = {
    format: "ubench-verl-export-v1",
    seed: options.seed,
    split: options.splitFrom ? { from: options.splitFrom.path, listed: options.splitFrom.ids.length, unknownIds: selection.unknownIds } : { testFraction: options.testFraction },
    holdout: [...(options.holdout ?? [])],
    mix: specRecord(options.mix),
    testMix: specRecord(options.testMix),
    promptFilter,
    rows: { train: train.length, test: test.length },
    gyms,
  };

  try {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, "train.parquet"), new Uint8Array(verlParquet(train)));
    writeFileAtomic(join(dir, "test.parquet"), new Uint8Array(verlParquet(test)));
    writeFileAtomic(join(dir, "tool_config.yaml"), toolConfigYaml(exported, options.serverUrl, options.choices));
    writeFileAtomic(join(dir, "agent_loop.yaml"), agentLoopYaml());
    writeFileAtomic(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  } catch (error) {
    throw new ExportInputError(`cannot write ${dir}: ${(error as Error).message}`);
  }
  return { manifest, warnings: selection.warnings };
}

/** What `ubc export verl` prints on stderr: the warnings, every dropped row, then the counts per gym and split. */
export function verlExportReport(dir: string, { manifest, warnings }: VerlExportResult): string {
  const lines = warnings.map((w) => `warning: ${w}`);
  for (const d of manifest.promptFilter?.dropped ?? []) lines.push(`dropped ${d.scenarioId} (${d.gym}, ${d.split}): prompt of ${d.tokens} tokens >= ${manifest.promptFilter!.maxTokens}`);
  const perGym = Object.entries(manifest.gyms).map(([gym, g]) => `${gym} ${g.written.train}/${g.written.test}`).join(", ");
  lines.push(`wrote ${dir}/ (train.parquet: ${manifest.rows.train} rows, test.parquet: ${manifest.rows.test} rows, tool_config.yaml, agent_loop.yaml, manifest.json; train/test per gym: ${perGym})`);
  return lines.join("\n") + "\n";
}
