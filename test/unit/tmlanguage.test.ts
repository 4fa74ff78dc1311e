import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { aspectKeywords, detailKeywords, fileKeywords, preferKeywords, reasonKeywords, scenarioKeywords } from "../../src/dsl/tokens.js";

/**
 * grammar/ubench.tmLanguage.json, the TextMate grammar editors use to highlight .ubench files.
 * No TextMate engine is a dependency, so this checks the grammar's shape and regexes with
 * JavaScript's RegExp (the grammar keeps to syntax Oniguruma and JavaScript share).
 */
const file = join(import.meta.dirname, "../../grammar/ubench.tmLanguage.json");
const text = readFileSync(file, "utf8");

interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, { name?: string }>;
  beginCaptures?: Record<string, { name?: string }>;
  endCaptures?: Record<string, { name?: string }>;
}

interface Grammar {
  scopeName: string;
  fileTypes: string[];
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const grammar = JSON.parse(text) as Grammar;

function allRules(): Rule[] {
  const out: Rule[] = [];
  const visit = (rule: Rule) => {
    out.push(rule);
    for (const child of rule.patterns ?? []) visit(child);
  };
  for (const rule of grammar.patterns) visit(rule);
  for (const rule of Object.values(grammar.repository)) visit(rule);
  return out;
}

/** The scopes a rule gives to a match of its regex: its own name and those of its captures. */
function scopesOf(rule: Rule): string[] {
  return [rule.name, ...Object.values(rule.captures ?? {}).map((c) => c.name), ...Object.values(rule.beginCaptures ?? {}).map((c) => c.name)].filter(
    (s): s is string => s !== undefined,
  );
}

/** The scope a rule gives to `word` when its regex matches a line made of that word. */
function scopeOfWord(rule: Rule, word: string): string | undefined {
  const source = rule.match ?? rule.begin;
  if (!source) return undefined;
  const m = new RegExp(source).exec(word);
  if (!m || m[0] !== word) return undefined;
  if (rule.name) return rule.name;
  for (const [index, capture] of Object.entries(rule.captures ?? {})) {
    if (m[Number(index)] === word && capture.name) return capture.name;
  }
  return undefined;
}

describe("TextMate grammar", () => {
  test("is valid JSON for .ubench files with scopeName source.ubench", () => {
    expect(grammar.scopeName).toBe("source.ubench");
    expect(grammar.fileTypes).toEqual(["ubench"]);
    expect(grammar.patterns.length).toBeGreaterThan(0);
  });

  test("every match, begin and end regex compiles as a JavaScript RegExp", () => {
    const regexes = allRules().flatMap((r) => [r.match, r.begin, r.end].filter((s): s is string => s !== undefined));
    expect(regexes.length).toBeGreaterThan(20);
    for (const source of regexes) expect(() => new RegExp(source), source).not.toThrow();
  });

  test("every include points into the repository", () => {
    for (const rule of allRules()) {
      if (rule.include === undefined) continue;
      expect(rule.include.startsWith("#") && rule.include.slice(1) in grammar.repository, rule.include).toBe(true);
    }
  });

  test("every scope name ends in .ubench", () => {
    for (const rule of allRules()) for (const scope of scopesOf(rule)) expect(scope).toMatch(/\.ubench$/);
  });

  const groups = { fileKeywords, scenarioKeywords, aspectKeywords, preferKeywords, reasonKeywords, detailKeywords };
  for (const [group, keywords] of Object.entries(groups)) {
    test(`every keyword of ${group} is highlighted as a keyword`, () => {
      const rules = allRules();
      for (const word of keywords) {
        const scopes = rules.map((r) => scopeOfWord(r, word)).filter((s) => s !== undefined);
        expect(scopes.some((s) => s.startsWith("keyword.")), `keyword '${word}'`).toBe(true);
      }
    });
  }

  test("operators, literals and types have their own scopes", () => {
    const rules = allRules();
    const scopeOf = (word: string) => rules.map((r) => scopeOfWord(r, word)).find((s) => s !== undefined);
    for (const word of ["and", "or", "not", "has", "in"]) expect(scopeOf(word), word).toMatch(/^keyword\.operator\./);
    for (const op of ["<", "<=", ">", ">=", "==", "!=", "->", "|", ".."]) expect(scopeOf(op), op).toMatch(/^keyword\.operator\./);
    for (const word of ["true", "false"]) expect(scopeOf(word), word).toBe("constant.language.boolean.ubench");
    for (const word of ["string", "number", "bool"]) expect(scopeOf(word), word).toBe("support.type.ubench");
    for (const n of ["8.5", "-0.01", ".5", "1e3", "20"]) expect(scopeOf(n), n).toBe("constant.numeric.ubench");
  });

  test("the string rules know the escapes of src/dsl/strings.ts", () => {
    const strings = grammar.repository["strings"]!.patterns!;
    const quoted = strings.find((r) => r.name === "string.quoted.double.ubench")!;
    const escape = new RegExp(quoted.patterns!.find((r) => r.name === "constant.character.escape.ubench")!.match!);
    for (const ok of ['\\"', "\\\\", "\\n", "\\t", "\\u{1F600}", "\\u00e9"]) expect(escape.exec(ok)?.[0], ok).toBe(ok);
    expect(escape.test("\\q")).toBe(false);
    expect(strings.find((r) => r.name === "string.quoted.triple.ubench")?.begin).toBe('"""');
  });

  test("declared names and record keys are scoped", () => {
    const rules = allRules();
    const captured = (line: string) =>
      rules.flatMap((r) => {
        if (!r.match || !r.captures) return [];
        const m = new RegExp(r.match).exec(line);
        return m && m.index === 0 ? Object.entries(r.captures).map(([i, c]) => [m[Number(i)], c.name] as const) : [];
      });
    const declared: Record<string, string> = {
      "scenario austin_family": "entity.name.section.scenario.ubench",
      "aspect apartment": "entity.name.type.aspect.ubench",
      "prefer washer": "entity.name.function.preference.ubench",
      "option A1": "entity.name.constant.option.ubench",
      "yields cost": "entity.name.function.reason.ubench",
      "missing duration": "entity.name.function.detail.ubench",
    };
    for (const [line, scope] of Object.entries(declared)) {
      expect(captured(line), line).toContainEqual([line.split(" ")[1], scope]);
    }
    expect(captured("search: 1")).toContainEqual(["search", "variable.other.property.ubench"]);
  });
});
