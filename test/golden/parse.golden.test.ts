import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, test } from "vitest";
import { parse } from "../../src/dsl/parse.js";
import { renderDiagnostics } from "../../src/diagnostics/render.js";
import { expectGolden, goldenCases } from "../support/golden.js";

/** Stage: text -> AST (with spans as line:col ranges) and syntax diagnostics. */
const stage = join(import.meta.dirname, "parse");

/** Spans as "line:col-line:col" keep the goldens readable and still catch span regressions. */
function compactSpans(value: unknown): string {
  return JSON.stringify(
    value,
    (key, v) => (key === "span" && v && typeof v === "object" ? `${v.start.line}:${v.start.column}-${v.end.line}:${v.end.column}` : v),
    1,
  );
}

describe("golden: parse", () => {
  for (const dir of goldenCases(stage)) {
    test(basename(dir), () => {
      const text = readFileSync(join(dir, "input.ubench"), "utf8");
      const { ast, diagnostics } = parse(text, "input.ubench");
      expectGolden(join(dir, "expected.ast.json"), compactSpans(ast) + "\n");
      expectGolden(join(dir, "expected.diagnostics.txt"), renderDiagnostics(diagnostics, { sources: new Map([["input.ubench", text]]) }) + "\n");
    });
  }
});
