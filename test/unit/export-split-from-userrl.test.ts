import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { matchIds } from "../../src/export/split-from.js";
import { importUserRl, type UserRlKind } from "../../src/importers/userrl/index.js";

/**
 * `--split-from` with UserRL's own record ids (what its parquet `reward_model.id` holds) on
 * scenarios imported from UserRL's records: every imported record is found by its id, and the
 * records the importer skipped are reported as unknown. Public reference data, never committed:
 * skipped (visibly) when absent.
 */

const realData = join(import.meta.dirname, "../../../shared/data/userrl");
const cases: [UserRlKind, string][] = [["intention", "intention_train.json"], ["persuade", "persuasion_train.json"]];

describe.each(cases)("--split-from on imported UserRL %s records", (kind, file) => {
  test.skipIf(!existsSync(join(realData, file)))(`record ids of ${file} name their imported scenarios`, () => {
    const records = (JSON.parse(readFileSync(join(realData, file), "utf8")) as { id: string }[]).slice(0, 60);
    const imported = importUserRl(kind, records, { verify: false });
    const scenarios = imported.files.flatMap((f) => compileText(f.text, f.name).scenarios.map((s) => s.ir));
    expect(scenarios.length).toBeGreaterThan(0);
    const listed = [...records.map((r) => r.id), "not-a-userrl-id"];
    const { testIds, unknown } = matchIds(listed, scenarios);
    const compiledIds = new Set(scenarios.map((s) => s.id));
    const expected = imported.imported.filter((r) => compiledIds.has(r.scenarioId));
    expect([...testIds].sort()).toEqual(expected.map((r) => r.scenarioId).sort());
    expect(unknown).toEqual(listed.filter((id) => !expected.some((r) => r.id === id)));
    expect(unknown).toContain("not-a-userrl-id");
  });
});
