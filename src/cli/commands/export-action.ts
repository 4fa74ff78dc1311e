import { loadScenarios } from "../../runs/scenarios.js";
import { writeFileAtomic } from "../../io/atomic-file.js";
import { buildSftFile, sftReport } from "../../export/sft-file.js";
import { datasetInfoEntry } from "../../export/sharegpt.js";
import { ExportInputError } from "../../export/tool-schema.js";
import { EXIT_OK } from "../output.js";
import type { SftFlags, VerlFlags } from "./export.js";

/** `ubc export verl`: exit 0 with the files written; its input errors (1) and flag values it cannot use (2) are printed by main.ts. */
export async function exportVerlAction(paths: string[], flags: VerlFlags): Promise<void> {
  // Loaded here, not with this module: the Parquet writer is verl's alone, export sft has no use for it.
  const { writeVerlExport, verlExportReport } = await import("../../export/verl-export.js");
  const { readIdList } = await import("../../export/split-from.js");
  const splitFrom = flags.splitFrom === undefined ? undefined : { path: flags.splitFrom, ids: readIdList(flags.splitFrom) };
  const { scenarios } = loadScenarios(paths);
  const { mix, testMix, holdout, maxPromptTokens } = flags;
  const result = await writeVerlExport(scenarios, flags.out, { testFraction: flags.testFraction, seed: flags.seed, serverUrl: flags.serverUrl, tokenizer: flags.tokenizer, ...(flags.choices ? { choices: flags.choices } : {}), ...(splitFrom ? { splitFrom } : {}), ...(mix ? { mix } : {}), ...(testMix ? { testMix } : {}), ...(holdout ? { holdout } : {}), ...(maxPromptTokens !== undefined ? { maxPromptTokens } : {}) });
  process.stderr.write(verlExportReport(flags.out, result));
  process.exitCode = EXIT_OK;
}

/** `ubc export sft`: exit 0 with the file written (and, for ShareGPT, its dataset_info.json entry on stdout); input errors (1) are printed by main.ts. */
export function exportSftAction(runs: string[], flags: SftFlags): void {
  const result = buildSftFile(runs, { minScore: flags.minScore, format: flags.format, seed: flags.seed, ...(flags.perGym !== undefined ? { perGym: flags.perGym } : {}), ...(flags.scenarios ? { scenarioPaths: flags.scenarios } : {}) });
  try {
    writeFileAtomic(flags.out, result.text);
  } catch (error) {
    throw new ExportInputError(`cannot write ${flags.out}: ${(error as Error).message}`);
  }
  process.stderr.write(sftReport(flags.out, flags.minScore, result));
  if (flags.format === "sharegpt") process.stdout.write(JSON.stringify(datasetInfoEntry(flags.out), null, 2) + "\n");
  process.exitCode = EXIT_OK;
}
