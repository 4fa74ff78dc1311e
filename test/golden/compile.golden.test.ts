import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { renderDiagnostics } from "../../src/diagnostics/render.js";
import { expectGolden, goldenCases } from "../support/golden.js";

/** Stage: text -> IR bundles and all diagnostics (syntax, semantic, lint). */
const stage = join(import.meta.dirname, "compile");

describe("golden: compile", () => {
  for (const dir of goldenCases(stage)) {
    test(basename(dir), () => {
      const text = readFileSync(join(dir, "input.ubench"), "utf8");
      const { scenarios, diagnostics } = compileText(text, "input.ubench");
      expectGolden(join(dir, "expected.ir.json"), scenarios.map((s) => s.json).join(""));
      expectGolden(join(dir, "expected.diagnostics.txt"), renderDiagnostics(diagnostics, { sources: new Map([["input.ubench", text]]) }) + "\n");
    });
  }
});
