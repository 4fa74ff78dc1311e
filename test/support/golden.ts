import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect } from "vitest";

/** Golden files are rewritten only on request (UBENCH_UPDATE_GOLDEN=1), then reviewed as a diff. */
export const updatingGoldens = process.env["UBENCH_UPDATE_GOLDEN"] === "1";

export function expectGolden(file: string, actual: string): void {
  if (updatingGoldens || !existsSync(file)) {
    if (!updatingGoldens) throw new Error(`missing golden file ${file}; run with UBENCH_UPDATE_GOLDEN=1 to create it`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}

/** The case folders of one golden stage, sorted. */
export function goldenCases(stageDir: string): string[] {
  return readdirSync(stageDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => join(stageDir, name));
}

/** JSON without source spans, for comparing meaning rather than layout. */
export function withoutSpans(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === "span" ? undefined : v)));
}
