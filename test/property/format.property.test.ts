import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { formatSource } from "../../src/dsl/format.js";
import { parse } from "../../src/dsl/parse.js";
import { withoutSpans } from "../support/golden.js";

/** CI runs a few hundred inputs; scripts/fuzz.mjs sets UBENCH_FUZZ_RUNS for a long run. */
function runs(ci: number): number {
  const override = Number(process.env["UBENCH_FUZZ_RUNS"]);
  return Number.isInteger(override) && override > 0 ? override : ci;
}

function format(text: string): string {
  const result = formatSource(text, "f.ubench");
  if ("diagnostics" in result) throw new Error(`does not parse: ${result.diagnostics[0]?.message}`);
  return result.output;
}

/** The compiled meaning of a text: bundles without the fields that describe the source file. */
function meaning(text: string): unknown {
  const { scenarios, diagnostics } = compileText(text, "f.ubench");
  const bundles = scenarios.map((s) => {
    const { source: _source, hash: _hash, ...rest } = s.ir;
    return rest;
  });
  return { bundles, codes: diagnostics.map((d) => d.code) };
}

/** The AST without spans and layout-only facts (a string's `"""` form). */
function astMeaning(text: string): unknown {
  return JSON.parse(JSON.stringify(withoutSpans(parse(text, "f.ubench").ast), (key, v) => (key === "comments" || key === "block" ? undefined : v)));
}

const commentTexts = (text: string) => parse(text, "f.ubench").ast.comments.map((c) => c.text.replace(/\s+/g, " ").trim()).sort();

// ── a generator of valid, messy scenario files ────────────────────────────────────────────────

const word = fc.stringMatching(/^[a-z][a-z_]{0,7}$/).filter((w) => !["true", "false", "and", "or", "not", "has", "in"].includes(w));
const prose = fc.array(fc.constantFrom("quiet", "room", "café", 'say "hi"', "back\\slash", "🙂", "early", "tab\there", "50%"), { minLength: 1, maxLength: 8 }).map((w) => w.join(" "));
const quoted = prose.map((p) => JSON.stringify(p));
const gap = fc.constantFrom(" ", "  ", "\n", "\n\n", "\n\n\n", "\t", " \n  ");
const maybeComment = fc.oneof(fc.constant(""), fc.nat(999).map((n) => `// note ${n}\n`), fc.nat(999).map((n) => `/* block ${n} */ `));
const number = fc.oneof(fc.integer({ min: -50, max: 5000 }).map(String), fc.double({ min: 0, max: 100, noNaN: true }).map((d) => d.toFixed(2)));

const statement = fc.oneof(
  fc.tuple(quoted, quoted).map(([a, b]) => `title ${a} | ${b}`),
  quoted.map((q) => `context ${q}`),
  fc.tuple(prose, prose).map(([a, b]) => `opening """\n      ${a}\n   ${b}\n\n  ${a}\n  """`),
  fc.tuple(number, number).map(([a, b]) => `rewards { elicit ${a.replace("-", "")}; best ${b.replace("-", "")} , wrong 0 }`),
  fc.constantFrom("knobs { max_turns 30 one_choice false }", "knobs { clip -1 .. 1 }", "choose highest cost"),
);

const option = (i: number) =>
  fc.tuple(quoted, number, fc.boolean(), fc.array(quoted, { maxLength: 3 }), gap).map(([name, cost, flag, tags, g]) =>
    `option H${i} {${g}name: ${name},${g}cost: ${cost} flag: ${flag}, tags: [${tags.join(", ")}], loc: { area: ${name}, minutes: ${i} } }`,
  );

const prefer = fc
  .tuple(word, fc.constantFrom("cost <= 100", "flag and not (tags has \"x\")", "loc.minutes in 1 .. 3 or cost > 7", "loc.area in [\"a\", \"b\"]", "(cost < 1 or flag) and loc.minutes != 2"), quoted, quoted, maybeComment)
  .map(([name, when, says, hint, comment]) => `prefer p_${name} {\n ${comment}when ${when}\n says ${says}; hints ${hint} | ${hint} cues "c_${name}" }`);

const scenarioFile = fc
  .tuple(word, fc.array(fc.tuple(maybeComment, statement, gap), { maxLength: 4 }), fc.array(prefer, { minLength: 1, maxLength: 3 }), fc.nat(4), maybeComment, maybeComment)
  .chain(([id, statements, prefers, optionCount, headComment, tailComment]) =>
    fc.tuple(...Array.from({ length: optionCount + 1 }, (_, i) => option(i + 1))).map((options) =>
      `${headComment}scenario s_${id} { gym travel ${statements.map(([c, s, g]) => `${c}${s}${g}`).join("")}\n opening "Hi."\n` +
      `aspect hotel { fields { name: string, cost: number aka "price", flag: bool, tags: list<string>, loc: { area: string, minutes: number } }\n` +
      `search { city: "X" }\n${prefers.join("\n")}\n${options.join("\n")} }\n${tailComment}}\n${tailComment}`,
    ),
  );

const scenarioDir = join(import.meta.dirname, "../../scenarios");
const shipped = readdirSync(scenarioDir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith(".ubench"))
  .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"));

describe("fmt properties", () => {
  test("generated files parse (the generator is sound)", () => {
    fc.assert(fc.property(scenarioFile, (text) => {
      expect(parse(text, "g.ubench").diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    }), { numRuns: runs(100) });
  });

  test("idempotent: formatting a formatted file changes nothing", () => {
    fc.assert(fc.property(scenarioFile, (text) => {
      const once = format(text);
      expect(format(once)).toBe(once);
    }), { numRuns: runs(200) });
  });

  test("meaning preserved: same AST (modulo layout), same IR, same comments", () => {
    fc.assert(fc.property(scenarioFile, (text) => {
      const formatted = format(text);
      expect(astMeaning(formatted)).toEqual(astMeaning(text));
      expect(meaning(formatted)).toEqual(meaning(text));
      expect(commentTexts(formatted)).toEqual(commentTexts(text));
    }), { numRuns: runs(200) });
  });

  test("line endings do not matter: \\r\\n and a lone \\r format and compile as \\n does", () => {
    fc.assert(fc.property(scenarioFile, fc.constantFrom("\r\n", "\r"), (text, ending) => {
      const other = text.replace(/\n/g, ending);
      expect(format(other)).toBe(format(text));
      expect(meaning(other)).toEqual(meaning(text));
    }), { numRuns: runs(100) });
  });

  test("shipped scenarios are canonical, and formatting keeps their IR", () => {
    for (const text of shipped) {
      expect(format(text)).toBe(text);
      expect(meaning(format(text))).toEqual(meaning(text));
    }
  });
});
