import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { formatSource } from "../../src/dsl/format.js";
import { expectGolden, goldenCases } from "../support/golden.js";

/** Stage: text -> canonical text (`ubc fmt`). */
const stage = join(import.meta.dirname, "fmt");

describe("golden: fmt", () => {
  for (const dir of goldenCases(stage)) {
    test(basename(dir), () => {
      const result = formatSource(readFileSync(join(dir, "input.ubench"), "utf8"), "input.ubench");
      if ("diagnostics" in result) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
      expectGolden(join(dir, "expected.ubench"), result.output);
      const again = formatSource(result.output, "expected.ubench");
      expect("output" in again && again.output).toBe(result.output);
    });
  }

  test("a file that does not parse is not formatted: its diagnostics come back instead", () => {
    const result = formatSource('scenario s { gym travel opening "x }', "bad.ubench");
    expect("diagnostics" in result && result.diagnostics.map((d) => d.code)).toContain("UB1002");
  });
});
