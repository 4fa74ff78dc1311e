import { expect } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import type { Scenario } from "../../src/compiler/ir.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

/** Compiling one scenario's .ubench text with the real compiler, as the tests need it. */

/** Compiles one scenario's text, refusing any error diagnostic (for fixtures built at load time). */
export function compileScenario<S extends Scenario>(text: string, file: string): S {
  const { scenarios, diagnostics } = compileText(text, file);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || scenarios.length !== 1) throw new Error(`${file} does not compile: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return scenarios[0]!.ir as S;
}

/** A compiler test's view of texts compiled as `file`, for one gym's scenario type. */
export interface ScenarioCompiler<S extends Scenario> {
  /** The scenario's IR (if any) and every diagnostic. */
  compile(text: string): { ir: S | undefined; diagnostics: Diagnostic[] };
  /** The IR of a text that must compile without a single diagnostic. */
  compiled(text: string): S;
  /** Diagnostics as `CODE line:column message (hint)`, for exact comparisons. */
  report(text: string): string[];
}

export function scenarioCompiler<S extends Scenario>(file: string): ScenarioCompiler<S> {
  const compile = (text: string) => {
    const result = compileText(text, file);
    return { ir: result.scenarios[0]?.ir as S | undefined, diagnostics: result.diagnostics };
  };
  return {
    compile,
    compiled(text) {
      const { ir, diagnostics } = compile(text);
      expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      return ir!;
    },
    report: (text) => compile(text).diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}${d.hint ? ` (${d.hint})` : ""}`),
  };
}
