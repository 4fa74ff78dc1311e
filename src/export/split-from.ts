import { readFileSync } from "node:fs";
import type { Scenario } from "../compiler/ir.js";
import { scenarioIdFrom } from "../importers/source-text.js";
import { ExportInputError } from "./tool-schema.js";

/**
 * `ubc export verl --split-from ids.txt`: the test set named by a list of ids, so a split made
 * elsewhere (UserRL's seed-42 shuffles, written into its parquet files) is reproduced item for
 * item. A line names a scenario by its id, or by the UserRL record id (or title) it was imported
 * from: `ubc import` names a scenario `<gym>_<record id with every run of other characters as _>`
 * (src/importers/source-text.ts), and the same rule is applied here for each gym of the input.
 */

/** Longest line accepted: ids are short, and a binary file given by mistake should fail fast. */
const MAX_LINE = 1000;

/** The ids of a list file: one a line, blank lines and `#` comments skipped, duplicates kept once. */
export function readIdList(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ExportInputError(`cannot read the id list ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, index) => {
    const id = line.trim();
    if (id === "" || id.startsWith("#")) return;
    if (id.length > MAX_LINE || id.includes("\u0000")) throw new ExportInputError(`${path}:${index + 1}: not an id (a line of ${id.length} characters); the list holds one scenario id per line`);
    if (!seen.has(id)) ids.push(id);
    seen.add(id);
  });
  return ids;
}

export interface IdMatch {
  /** Scenario ids the list names. */
  testIds: Set<string>;
  /** Lines that name no scenario of the input, in list order. */
  unknown: string[];
}

/** Which scenarios the listed ids name (by scenario id, else by the importer's naming rule per gym). */
export function matchIds(listed: readonly string[], scenarios: readonly Scenario[]): IdMatch {
  const byId = new Set(scenarios.map((s) => s.id));
  const gyms = [...new Set(scenarios.map((s) => s.gym))].sort();
  const testIds = new Set<string>();
  const unknown: string[] = [];
  for (const line of listed) {
    const candidates = [line, ...gyms.map((gym) => scenarioIdFrom(`${gym}_`, line, ""))].filter((id) => byId.has(id));
    if (candidates.length === 0) unknown.push(line);
    for (const id of candidates.slice(0, 1)) testIds.add(id);
  }
  return { testIds, unknown };
}
