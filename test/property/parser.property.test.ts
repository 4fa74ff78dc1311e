import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { tokenMatcher, type TokenType } from "chevrotain";
import { MAX_NESTING, MAX_SYNTAX_ERRORS, parse } from "../../src/dsl/parse.js";
import { ResyncIndex } from "../../src/dsl/resync-index.js";
import * as T from "../../src/dsl/tokens.js";

const scenarioDir = join(import.meta.dirname, "../../scenarios/travel");
const validFiles = readdirSync(scenarioDir)
  .filter((f) => f.endsWith(".ubench"))
  .map((f) => readFileSync(join(scenarioDir, f), "utf8"));

/**
 * How many inputs each fuzz property tries: a few hundred in CI (seconds); `npm run fuzz --
 * --count N` (scripts/fuzz.mjs) sets UBENCH_FUZZ_RUNS for a long run.
 */
function runs(ci: number): number {
  const override = Number(process.env["UBENCH_FUZZ_RUNS"]);
  return Number.isInteger(override) && override > 0 ? override : ci;
}

/** Pieces of the language, so random text often gets deep into the grammar, not just the lexer. */
const fragments = [
  "scenario", "defaults", "gym", "travel", "persuade", "intention", "aspect", "prefer", "option", "fields", "search", "rewards", "knobs",
  "opening", "says", "hints", "cues", "aka", "list<", "<", ">", "string", "number",
  "{", "}", "[", "]", "(", ")", ":", ",", ";", "|", "..", "->", "\"", '"a"', '""', '" "', '"""', "when", "and", "or", "not", "has", "in", ">=",
  "1.5", "-3", "1e309", "0.1e1", "search_fail_every", "x", "\n", "\r", "\r\n", " ", "//", "/*", "*/", "\\", '"\\u{D800}"', "\u0000", "\u200b", "é", "🙂",
];
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
  test("parser and compiler never throw on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: "binary" }), (text) => {
        expect(Array.isArray(parse(text, "x.ubench").diagnostics)).toBe(true);
        expect(Array.isArray(compileText(text, "x.ubench").diagnostics)).toBe(true);
      }),
      { numRuns: runs(400) },
    );
  });

  test("never throws on language-like token soup, and reports located diagnostics", () => {
    fc.assert(
      fc.property(languageish, (text) => {
        const { diagnostics } = compileText(text, "x.ubench");
        for (const d of diagnostics) {
          expect(d.span.start.offset).toBeGreaterThanOrEqual(0);
          expect(d.span.start.offset).toBeLessThanOrEqual(text.length);
          expect(d.code).toMatch(/^UB\d{4}$/);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  test("the whole compiler never throws on mutations of valid files", () => {
    fc.assert(
      fc.property(mutatedValidFile, (text) => {
        const result = compileText(text, "m.ubench");
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: runs(200) },
    );
  });

  test("deep nesting is refused with a diagnostic, not a stack overflow", () => {
    const deep = "scenario s { aspect a { search { x: " + "[".repeat(100_000) + "]".repeat(100_000) + " } } }";
    const { diagnostics } = parse(deep, "deep.ubench");
    expect(diagnostics.map((d) => d.code)).toContain("UB1007");
  });

  test("every recursive construct, nested at any depth, is parsed or refused with UB1007, never a crash", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(nestings)), fc.integer({ min: 1, max: 5_000 }), (construct, depth) => {
        const text = nestings[construct]!(depth);
        const result = compileText(text, "deep.ubench");
        const codes = result.diagnostics.map((d) => d.code);
        const levels = depth * (construct === "not (" ? 2 : 1);
        // Brackets also count the enclosing scenario, aspect and record braces: a margin of 4.
        if (levels > MAX_NESTING) expect(codes).toContain("UB1007");
        else if (levels <= MAX_NESTING - 4) expect(codes).not.toContain("UB1007");
      }),
      { numRuns: runs(60) },
    );
    // The depths the fuzzer found: each overflowed the stack (exit 70, no diagnostic).
    for (const [construct, depth] of [["not", 1_000], ["list<", 600], ["list<", 100_000], ["not", 100_000], ["(", 100_000]] as const) {
      expect(compileText(nestings[construct]!(depth), "deep.ubench").diagnostics.map((d) => d.code), `${construct} x ${depth}`).toContain("UB1007");
    }
  });

  test("error recovery stops after MAX_SYNTAX_ERRORS errors, so '[ | \"a\" | \"a\" ...' cannot exhaust the stack", () => {
    const text = pipesInList(2_000);
    const { diagnostics } = parse(text, "pipes.ubench");
    expect(diagnostics.length).toBe(MAX_SYNTAX_ERRORS + 1);
    expect(diagnostics.at(-1)!.message).toMatch(/the rest of the file is not checked/);
  });
});

/** A scenario whose predicate, type or value nests one construct `depth` times. */
const nestings: Record<string, (depth: number) => string> = {
  "[": (n) => `scenario s { gym travel aspect a { search { x: ${"[".repeat(n)}1${"]".repeat(n)} } } }`,
  "{": (n) => `scenario s { gym travel aspect a { search { x: ${"{ y: ".repeat(n)}1${" }".repeat(n)} } } }`,
  "(": (n) => `scenario s { gym travel aspect a { prefer p { when ${"(".repeat(n)}x${")".repeat(n)} } } }`,
  not: (n) => `scenario s { gym travel aspect a { prefer p { when ${"not ".repeat(n)}x } } }`,
  "list<": (n) => `scenario s { gym travel aspect a { fields { x: ${"list<".repeat(n)}string${">".repeat(n)} } } }`,
  "record type": (n) => `scenario s { gym travel aspect a { fields { x: ${"{ y: ".repeat(n)}string${" }".repeat(n)} } } }`,
  "not (": (n) => `scenario s { gym travel aspect a { prefer p { when ${"not (".repeat(n)}x${")".repeat(n)} } } }`,
};

/** The fuzzer's slow input: a list opened, then `| "a"` repeated (every one a syntax error). */
function pipesInList(repeats: number): string {
  return `scenario s { aspect a { search { x: [${' | "a"'.repeat(repeats)}`;
}

/** The fastest of a few runs, in milliseconds: a loaded machine only ever makes a run slower. */
function fastestRun(run: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe("parse time is linear in the input", () => {
  // Sizes n and 8n: linear time grows ~8x, quadratic ~64x; the bound 24 leaves room for noise.
  const GROWTH = 8;
  const BOUND = 24;
  const inputs: Record<string, (n: number) => string> = {
    "recovery over '[ | \"a\" ...'": (n) => pipesInList(n),
    "a valid file repeated": (n) => validFiles[0]!.replace(/scenario \w+/, "scenario s").repeat(Math.max(1, Math.round(n / 500))),
    "unknown statements": (n) => `scenario s { ${"bogus 1 ".repeat(n)} }`,
    "deep nesting": (n) => nestings["["]!(n),
    "a string of escapes": (n) => `scenario s { title "${"\\u0041\\n".repeat(n)}" }`,
    "CR-only lines": (n) => validFiles[0]!.replace(/\n/g, "\r").repeat(Math.max(1, Math.round(n / 500))),
  };
  for (const [name, make] of Object.entries(inputs)) {
    test(name, () => {
      const small = make(500);
      const large = make(500 * GROWTH);
      parse(small, "warm.ubench");
      const ratio = fastestRun(() => parse(large, "l.ubench")) / Math.max(1, fastestRun(() => parse(small, "s.ubench")));
      expect(ratio).toBeLessThan(BOUND);
    });
  }

  test("compiling a corpus of n and 8n scenarios", () => {
    const corpus = (n: number) => Array.from({ length: n }, (_, i) => validFiles[i % validFiles.length]!.replace(/scenario (\w+)/, `scenario s${i}`)).join("\n");
    const small = corpus(4);
    const large = corpus(4 * GROWTH);
    compileText(small, "warm.ubench");
    const ratio = fastestRun(() => compileText(large, "l.ubench")) / Math.max(1, fastestRun(() => compileText(small, "s.ubench")));
    expect(ratio).toBeLessThan(BOUND);
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

describe("error recovery's resync index", () => {
  test("finds the token chevrotain's scan would, with categories (Name, Comparison) and keywords", () => {
    const types: TokenType[] = [T.Name, T.Identifier, T.Kw["when"]!, T.Kw["not"]!, T.LCurly, T.RCurly, T.RBracket, T.Comma, T.Comparison, T.Less, T.StringLiteral];
    const concrete = types.filter((t) => t !== T.Name && t !== T.Comparison);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...concrete), { maxLength: 40 }),
        fc.uniqueArray(fc.constantFrom(...types), { minLength: 1, maxLength: 5 }),
        fc.nat({ max: 45 }),
        (sequence, follows, from) => {
          const tokens = sequence.map((tokenType, i) => ({ image: "x", startOffset: i, tokenType, tokenTypeIdx: tokenType.tokenTypeIdx! }));
          // chevrotain's scan: the first token from `from` on that matches any follow type.
          let expected: { type: TokenType; at: number } | undefined;
          for (let at = from; at < tokens.length && !expected; at++) {
            const type = follows.find((f) => tokenMatcher(tokens[at]!, f));
            if (type) expected = { type, at };
          }
          expect(new ResyncIndex(tokens).firstMatch(follows, from)).toEqual(expected);
        },
      ),
      { numRuns: runs(300) },
    );
  });
});
