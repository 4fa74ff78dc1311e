import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { parse } from "../../src/dsl/parse.js";

const scenarioDir = join(import.meta.dirname, "../../scenarios/travel");
const validFiles = readdirSync(scenarioDir)
  .filter((f) => f.endsWith(".ubench"))
  .map((f) => readFileSync(join(scenarioDir, f), "utf8"));

/** Pieces of the language, so random text often gets deep into the grammar, not just the lexer. */
const fragments = ["scenario", "aspect", "prefer", "option", "{", "}", "[", "]", "(", ")", ":", ",", "|", "..", "->", "\"", '"""', "when", "and", "or", "not", "has", "in", ">=", "1.5", "-3", "x", "\n", " ", "//", "/*", "*/", "\\", "\u0000", "é", "🙂"];
const languageish = fc.array(fc.constantFrom(...fragments), { maxLength: 200 }).map((parts) => parts.join(" "));

/** A valid file with a slice deleted, duplicated or replaced: realistic half-edited input. */
const mutatedValidFile = fc
  .record({
    file: fc.constantFrom(...validFiles),
    start: fc.nat(),
    length: fc.nat({ max: 40 }),
    insert: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...fragments)),
    mode: fc.constantFrom("delete", "insert", "replace", "duplicate"),
  })
  .map(({ file, start, length, insert, mode }) => {
    const at = start % (file.length + 1);
    const slice = file.slice(at, at + length);
    switch (mode) {
      case "delete": return file.slice(0, at) + file.slice(at + length);
      case "insert": return file.slice(0, at) + insert + file.slice(at);
      case "replace": return file.slice(0, at) + insert + file.slice(at + length);
      default: return file.slice(0, at) + slice + slice + file.slice(at);
    }
  });

describe("parser robustness", () => {
  test("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: "binary" }), (text) => {
        const result = parse(text, "x.ubench");
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test("never throws on language-like token soup, and reports located diagnostics", () => {
    fc.assert(
      fc.property(languageish, (text) => {
        const { diagnostics } = parse(text, "x.ubench");
        for (const d of diagnostics) {
          expect(d.span.start.offset).toBeGreaterThanOrEqual(0);
          expect(d.span.start.offset).toBeLessThanOrEqual(text.length);
          expect(d.code).toMatch(/^UB\d{4}$/);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("the whole compiler never throws on mutations of valid files", () => {
    fc.assert(
      fc.property(mutatedValidFile, (text) => {
        const result = compileText(text, "m.ubench");
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test("deep nesting is refused with a diagnostic, not a stack overflow", () => {
    const deep = "scenario s { aspect a { search { x: " + "[".repeat(100_000) + "]".repeat(100_000) + " } } }";
    const { diagnostics } = parse(deep, "deep.ubench");
    expect(diagnostics.map((d) => d.code)).toContain("UB1007");
  });
});

describe("compile determinism", () => {
  test("same input, byte-identical bundles", () => {
    fc.assert(
      fc.property(fc.constantFrom(...validFiles), (text) => {
        const a = compileText(text, "s.ubench");
        const b = compileText(text, "s.ubench");
        expect(a.scenarios.map((s) => s.json)).toEqual(b.scenarios.map((s) => s.json));
        expect(a.diagnostics).toEqual(b.diagnostics);
      }),
      { numRuns: Math.min(20, validFiles.length * 2) },
    );
  });
});
