import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { IDENTIFIER } from "../../src/compiler/checks/scenario-id.js";
import { compileSources, compileText } from "../../src/compiler/compile.js";
import { DEFAULT_LADDER } from "../../src/compiler/gyms/persuade/ir.js";
import { containsPhrase, stem, words } from "../../src/compiler/text/words.js";
import type * as A from "../../src/dsl/ast.js";
import { formatSource } from "../../src/dsl/format.js";
import { parse } from "../../src/dsl/parse.js";
import { InputProblem, parseRecords, readRecordsFile } from "../../src/importers/records.js";
import { foldProse, literal, scenarioIdFrom, shortTitle, UniqueNames } from "../../src/importers/source-text.js";
import { describeSkipped, importUserRl, writeImport, type ImportResult } from "../../src/importers/userrl/index.js";
import { GOAL_STANCE, START_STANCE } from "../../src/importers/userrl/persuade.js";
import { clauses, cut, sentences } from "../../src/importers/userrl/reasons.js";

const fixtures = join(import.meta.dirname, "../fixtures/userrl");
const fixture = (name: string): unknown[] => JSON.parse(readFileSync(join(fixtures, name), "utf8")) as unknown[];
const intentionRecords = fixture("intention.json");
const persuasionRecords = fixture("persuasion.json");

/** Public reference data (never committed): the tests that read it skip when it is absent. */
const realData = join(import.meta.dirname, "../../../shared/data/userrl");
const realFile = (name: string) => join(realData, name);

// ── reading the written scenarios back ───────────────────────────────────────────────────────

interface Block {
  keyword: string;
  name: string;
  texts: Record<string, string[]>;
  lists: Record<string, string[]>;
  names: Record<string, string>;
}

interface ScenarioShape extends Block {
  stance?: [string, string];
  blocks: Block[];
  ladder?: string[];
}

function readItems(items: readonly (A.ScenarioItem | A.DetailItem)[], into: Block): void {
  for (const item of items) {
    if (item.kind === "TextStatement") into.texts[item.keyword.name] = item.text.alternatives.map((a) => a.value);
    else if (item.kind === "ListStatement") into.lists[item.keyword.name] = item.values.map((v) => v.value);
    else if (item.kind === "NameStatement") into.names[item.keyword.name] = item.value.name;
  }
}

/** The scenarios of a file as plain values, read with the project's parser. */
function scenariosOf(text: string): ScenarioShape[] {
  const { ast, diagnostics } = parse(text, "imported.ubench");
  expect(diagnostics).toEqual([]);
  return ast.blocks.map((block) => {
    const shape: ScenarioShape = { keyword: "scenario", name: block.id?.name ?? "", texts: {}, lists: {}, names: {}, blocks: [] };
    readItems(block.items, shape);
    for (const item of block.items) {
      if (item.kind === "Stance") shape.stance = [item.from.value, item.to.value];
      if (item.kind === "DetailBlock") {
        const detail: Block = { keyword: item.keyword.name, name: item.name.name, texts: {}, lists: {}, names: {} };
        readItems(item.items, detail);
        shape.blocks.push(detail);
      }
    }
    return shape;
  });
}

function onlyScenario(result: ImportResult, id: string): ScenarioShape {
  const file = result.files.find((f) => f.scenarioIds.includes(id));
  expect(file, `no file holds ${id}`).toBeDefined();
  const found = scenariosOf(file!.text).find((s) => s.name === id);
  expect(found).toBeDefined();
  return found!;
}

function compileErrors(files: ImportResult["files"]) {
  const result = compileSources(files.map((f) => ({ path: f.name, text: f.text })));
  return { errors: result.diagnostics.filter((d) => d.severity === "error"), warnings: result.diagnostics.filter((d) => d.severity === "warning"), scenarios: result.scenarios.length };
}

// ── intention ─────────────────────────────────────────────────────────────────────────────────

describe("ubc import userrl-intention: mapping", () => {
  const result = importUserRl("intention", intentionRecords, { sourceName: "intention.json" });

  test("imports the good records and skips the bad ones, naming index, id and reason", () => {
    expect(result.total).toBe(9);
    expect(result.imported.map((r) => [r.index, r.scenarioId])).toEqual([
      [0, "intention_5f0c1a2e_0000_4000_8000_00000000a001"],
      [1, "intention_quote_test"],
      [2, "intention_quote_test_2"],
      [7, "intention_record_7"],
      [8, "intention_42_duplicates"],
    ]);
    expect(result.skipped.map(describeSkipped)).toEqual([
      `record 3 (id "no-task"): skipped: has no 'task'`,
      `record 4 (id "nothing-missing"): skipped: 'missing_details' is empty: a task with nothing missing is not an intention scenario`,
      `record 5 (id "bad-importance"): skipped: missing detail 2 has importance "urgent"; expected high, medium or low (or 3, 2, 1)`,
      `record 6 (id "importance-five"): skipped: missing detail 1 has importance 5; expected high, medium or low (or 3, 2, 1)`,
    ]);
  });

  test("task, category and each missing detail map one to one", () => {
    const s = onlyScenario(result, "intention_5f0c1a2e_0000_4000_8000_00000000a001");
    expect(s.names.gym).toBe("intention");
    expect(s.texts.category).toEqual(["Home & Garden"]);
    expect(s.texts.task).toEqual(["I want to repaint my living room this spring."]);
    expect(s.texts.title).toEqual(["I want to repaint my living room this spring"]);
    expect(s.blocks.map((b) => [b.keyword, b.name, b.names.importance, b.texts.about, b.texts.asks, b.lists.answers])).toEqual([
      ["missing", "colour_scheme", "high", ["Colour scheme"], ["Which colours do you have in mind for the walls?"], ["Warm neutrals", "Cool blues", "Bold accent wall"]],
      ["missing", "size_room", "medium", ["Size of the room"], ["Roughly how big is the living room?"], ["Under 15 m²", "15-25 m²", "Over 25 m²"]],
      ["missing", "doing_yourself_hiring", "low", ["Doing it yourself or hiring"], ["Will you paint it yourself or hire a decorator?"], ["Myself", "Hire someone"]],
    ]);
    // No cues are invented: the data has none.
    expect(s.blocks.every((b) => b.lists.cues === undefined)).toBe(true);
  });

  test("quotes, backslashes, line breaks, tabs and unicode survive exactly", () => {
    const raw = intentionRecords[1] as { task: string; category: string; missing_details: { description: string; inquiry: string; options: string[] }[] };
    const s = onlyScenario(result, "intention_quote_test");
    expect(s.texts.task).toEqual([raw.task]);
    expect(s.texts.category).toEqual([raw.category]);
    expect(s.blocks[0]!.texts.about).toEqual([raw.missing_details[0]!.description]);
    expect(s.blocks[0]!.texts.asks).toEqual([raw.missing_details[0]!.inquiry]);
    expect(s.blocks[0]!.lists.answers).toEqual(raw.missing_details[0]!.options);
    // Importance as the number 3 and as "High"; answers are trimmed.
    expect(s.blocks.map((b) => b.names.importance)).toEqual(["high", "high"]);
    expect(s.blocks[1]!.lists.answers).toEqual(["Today", "This week"]);
  });

  test("duplicate details are kept (the compiler's lints report them); names stay unique identifiers", () => {
    const s = onlyScenario(result, "intention_42_duplicates");
    expect(s.blocks.map((b) => b.name)).toEqual(["current_distance", "current_distance_2", "d_2024_race_goal"]);
    expect(s.blocks[2]!.lists.answers).toBeUndefined();
    const noId = onlyScenario(result, "intention_record_7");
    expect(noId.blocks.map((b) => [b.name, b.lists.answers])).toEqual([["living_space", undefined]]);
  });

  test("each file is canonically formatted and carries its provenance", () => {
    for (const file of result.files) {
      expect(formatSource(file.text, file.name)).toEqual({ output: file.text });
      expect(file.text).toMatch(/^\/\/ Imported by 'ubc import userrl-intention' from intention\.json:\n\/\/ UserRL records .*Apache License 2\.0\.\n/);
      expect(file.name).toBe(`${file.scenarioIds[0]}.ubench`);
    }
    expect(result.files[1]!.text).toContain(`// record 1, id "quote/test"\nscenario intention_quote_test {`);
  });

  test("every written file compiles with no errors", () => {
    expect(compileErrors(result.files).errors).toEqual([]);
  });
});

// ── persuade ──────────────────────────────────────────────────────────────────────────────────

describe("ubc import userrl-persuade: mapping and derived reasons", () => {
  const result = importUserRl("persuade", persuasionRecords, { sourceName: "persuasion.json" });

  test("imports the good records and skips the bad ones", () => {
    expect(result.imported.map((r) => [r.index, r.scenarioId])).toEqual([
      [0, "persuade_FXPERSUADE01"],
      [1, "persuade_FX_AWKWARD_02"],
      [2, "persuade_FXONESENTENCE"],
    ]);
    expect(result.skipped.map(describeSkipped)).toEqual([
      `record 3 (id "FXEMPTYCLAIM"): skipped: 'claim' is empty`,
      `record 4 (id "FXNOARGUMENT"): skipped: has no 'argument'`,
      `record 5 (id "FXNOKEYWORDS"): skipped: 'argument' has no key words (beyond the claim's) to derive the persona's reasons from`,
      `record 6 (no id): skipped: the record is a string, not an object`,
    ]);
  });

  test("claim → claim, argument → believes (white space folded), default ladder, strongly agree → strongly disagree", () => {
    const raw = persuasionRecords[0] as { claim: string; argument: string };
    const s = onlyScenario(result, "persuade_FXPERSUADE01");
    expect(s.names.gym).toBe("persuade");
    expect(s.texts.claim).toEqual([raw.claim]);
    expect(s.texts.believes).toEqual([foldProse(raw.argument)]);
    expect(s.texts.believes![0]!.split("\n")).toHaveLength(4);
    expect(s.stance).toEqual(["strongly agree", "strongly disagree"]);
    expect(s.ladder).toBeUndefined();
    expect([START_STANCE, GOAL_STANCE]).toEqual([DEFAULT_LADDER[0], DEFAULT_LADDER[DEFAULT_LADDER.length - 1]]);
  });

  test("2-4 reasons with distinct cues taken from the argument, none from the claim", () => {
    for (const { scenarioId } of result.imported) {
      const s = onlyScenario(result, scenarioId);
      const claimStems = new Set(words(s.texts.claim![0]!).map(stem));
      const believes = s.texts.believes![0]!;
      expect(s.blocks.length).toBeGreaterThanOrEqual(2);
      expect(s.blocks.length).toBeLessThanOrEqual(4);
      const cueStems = s.blocks.flatMap((b) => b.lists.cues!.map(stem));
      expect(new Set(cueStems).size).toBe(cueStems.length);
      for (const reason of s.blocks) {
        expect(reason.keyword).toBe("yields");
        expect(reason.name).toMatch(IDENTIFIER);
        expect(reason.lists.cues!.length).toBeGreaterThanOrEqual(1);
        expect(reason.lists.cues!.length).toBeLessThanOrEqual(4);
        for (const cue of reason.lists.cues!) {
          expect(cue).toMatch(/^[a-z]{4,}$/);
          expect(containsPhrase(believes, cue)).toBe(true);
          expect(claimStems.has(stem(cue))).toBe(false);
        }
        expect(reason.texts.about![0]!.length).toBeGreaterThan(0);
        expect(reason.texts.replies![0]!.length).toBeGreaterThan(0);
      }
    }
  });

  test("a one-sentence argument is split into clauses; a triple quote forces an escaped string", () => {
    const one = onlyScenario(result, "persuade_FXONESENTENCE");
    expect(one.blocks.map((b) => b.texts.about![0])).toEqual([
      "Weekend opening lets working parents bring their children",
      "students get a quiet place before Monday exams",
      "and retired readers get company on the loneliest day of the week.",
    ]);
    const raw = persuasionRecords[1] as { claim: string; argument: string };
    const awkward = onlyScenario(result, "persuade_FX_AWKWARD_02");
    expect(awkward.texts.claim).toEqual([raw.claim]);
    expect(awkward.texts.believes).toEqual([raw.argument]);
    expect(result.files.find((f) => f.scenarioIds.includes("persuade_FX_AWKWARD_02"))!.text).toContain('triple quote \\"\\"\\" which');
  });

  test("every written file compiles with no errors", () => {
    expect(compileErrors(result.files).errors).toEqual([]);
  });
});

// ── shared behaviour ──────────────────────────────────────────────────────────────────────────

describe("ids, grouping, determinism", () => {
  test("record ids become unique scenario ids", () => {
    expect(scenarioIdFrom("intention_", "49662622-692c-457b", "record_0")).toBe("intention_49662622_692c_457b");
    expect(scenarioIdFrom("persuade_", "  --Ünïcödé id!! ", "record_3")).toBe("persuade_Unicode_id");
    expect(scenarioIdFrom("persuade_", "🎉🎉", "record_3")).toBe("persuade_record_3");
    expect(scenarioIdFrom("persuade_", "x".repeat(500), "r").length).toBeLessThanOrEqual(64);
    const names = new UniqueNames();
    expect(["a", "a", "a_2", "a"].map((n) => names.claim(n))).toEqual(["a", "a_2", "a_2_2", "a_3"]);
    const records = [{ id: "same" }, { id: "same" }, { id: "same_2" }].map((r) => ({ ...r, claim: "Tea is good.", argument: "Brewing takes patience and leaves make flavour." }));
    expect(importUserRl("persuade", records).imported.map((r) => r.scenarioId)).toEqual(["persuade_same", "persuade_same_2", "persuade_same_2_2"]);
  });

  test("a skipped record still claims its id, so fixing it never renames another", () => {
    const good = { id: "dup", claim: "Tea is good.", argument: "Brewing takes patience and leaves make flavour." };
    const before = importUserRl("persuade", [{ id: "dup", claim: "" }, good]);
    const after = importUserRl("persuade", [{ ...good }, good]);
    expect(before.imported.map((r) => r.scenarioId)).toEqual(["persuade_dup_2"]);
    expect(after.imported.map((r) => r.scenarioId)).toEqual(["persuade_dup", "persuade_dup_2"]);
  });

  test("--per-file N groups N input records per file; skipped records leave gaps, empty groups no file", () => {
    const result = importUserRl("intention", intentionRecords, { perFile: 4 });
    expect(result.files.map((f) => [f.name, f.scenarioIds])).toEqual([
      ["intention_part_001.ubench", ["intention_5f0c1a2e_0000_4000_8000_00000000a001", "intention_quote_test", "intention_quote_test_2"]],
      ["intention_part_002.ubench", ["intention_record_7"]],
      ["intention_part_003.ubench", ["intention_42_duplicates"]],
    ]);
    expect(scenariosOf(result.files[0]!.text).map((s) => s.name)).toEqual(result.files[0]!.scenarioIds);
    expect(formatSource(result.files[0]!.text, "x.ubench")).toEqual({ output: result.files[0]!.text });
    const bad = [{ id: "b", category: "c", missing_details: [] }];
    expect(importUserRl("intention", [...bad, ...bad, ...intentionRecords.slice(0, 1)], { perFile: 2 }).files.map((f) => f.name)).toEqual(["intention_part_002.ubench"]);
    expect(() => importUserRl("intention", [], { perFile: 0 })).toThrow(RangeError);
    expect(compileErrors(result.files).errors).toEqual([]);
  });

  test("each scenario is checked as it is written: lint warnings are kept, a rejected scenario is skipped", () => {
    const result = importUserRl("intention", intentionRecords);
    expect(result.imported.find((r) => r.scenarioId === "intention_42_duplicates")!.warnings).toContain("UB3009");
    // The second detail's question has no word the built-in judge can match (UB3014, an error).
    const overlapping = [
      {
        id: "overlap",
        category: "Travel",
        task: "Plan my holiday.",
        missing_details: [
          { description: "Trip budget", importance: "3", inquiry: "What budget do you have for the trip abroad?", options: ["Low"] },
          { description: "Trip length", importance: "2", inquiry: "And you?", options: ["A week"] },
        ],
      },
      intentionRecords[0],
    ];
    const checked = importUserRl("intention", overlapping);
    expect(checked.imported.map((r) => r.index)).toEqual([1]);
    expect(checked.skipped).toHaveLength(1);
    expect(describeSkipped(checked.skipped[0]!)).toMatch(/^record 0 \(id "overlap"\): skipped: the compiler rejects the scenario: UB\d{4} /);
    // --no-verify writes it anyway, and the compiler then reports it.
    const unchecked = importUserRl("intention", overlapping, { verify: false });
    expect(unchecked.imported.map((r) => [r.index, r.warnings])).toEqual([[0, []], [1, []]]);
    expect(compileErrors(unchecked.files).errors.length).toBeGreaterThan(0);
  });

  test("the same input gives the same bytes", () => {
    for (const [kind, records] of [["intention", intentionRecords], ["persuade", persuasionRecords]] as const) {
      const a = importUserRl(kind, records, { sourceName: "x.json" });
      const b = importUserRl(kind, JSON.parse(JSON.stringify(records)) as unknown[], { sourceName: "x.json" });
      expect(b).toEqual(a);
      expect(b.files.map((f) => f.text).join("\0")).toBe(a.files.map((f) => f.text).join("\0"));
    }
  });

  test("writes the files into a new folder", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ubc-import-")), "out", "nested");
    const result = importUserRl("intention", intentionRecords);
    writeImport(dir, result.files);
    expect(readdirSync(dir).sort()).toEqual(result.files.map((f) => f.name).sort());
    expect(readFileSync(join(dir, result.files[0]!.name), "utf8")).toBe(result.files[0]!.text);
  });
});

describe("reading input", () => {
  test("not JSON, not an array, unreadable: an InputProblem with a clear message", () => {
    expect(() => parseRecords("{", "a.json")).toThrow(/a\.json is not valid JSON/);
    expect(() => parseRecords('{"id": 1}', "a.json")).toThrow(/a\.json holds an object, but a JSON array of records is expected/);
    expect(() => parseRecords("null", "a.json")).toThrow(InputProblem);
    expect(parseRecords("\uFEFF[1]", "a.json")).toEqual([1]);
    expect(() => readRecordsFile(join(fixtures, "nope.json"))).toThrow(/no such file/);
    expect(() => readRecordsFile(fixtures)).toThrow(/is a folder/);
  });
});

describe("source text helpers", () => {
  /** The value a literal decodes to, read back through the parser. */
  const decoded = (lit: string) => {
    const { ast, diagnostics } = parse(`scenario s {\n  task ${lit}\n}\n`, "t.ubench");
    expect(diagnostics).toEqual([]);
    const item = ast.blocks[0]!.items[0] as A.TextStatement;
    return item.text.alternatives.map((a) => a.value);
  };

  test("literals decode to exactly their value", () => {
    const awkward = ['say "hi"', "back\\slash", "line\nbreak", "tab\there", "cr\r\nlf", "🎉 café 東京", '"""', 'x"""y', "", " padded ", "\\u{1F600} is not an escape", "a\n\nb", "// not a comment", "/* nor this */"];
    for (const value of awkward) expect(decoded(literal(value))).toEqual([value]);
    const prose = "A long paragraph of prose that will not fit on one line of a scenario file, so it becomes a block.\nAnd a second one.";
    expect(literal(prose)).toMatch(/^"""\n/);
    expect(decoded(literal(prose))).toEqual([prose]);
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), fc.nat(40), (value, lead) => {
        expect(decoded(literal(value, lead))).toEqual([value]);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom("word", " ", "  ", "\n", "\n\n", '"', '"""', "\\", "\t", "é", "\u00a0", "\u2028"), { maxLength: 60 }), (parts) => {
        const value = parts.join("");
        expect(decoded(literal(value))).toEqual([value]);
        expect(decoded(literal(foldProse(value)))).toEqual([foldProse(value)]);
      }),
      { numRuns: 300 },
    );
  });

  test("short titles", () => {
    expect(shortTitle("I would like to plan a trip to Paris next month.")).toBe("I would like to plan a trip to Paris next month");
    expect(shortTitle("Plan it! Then more.")).toBe("Plan it");
    const long = shortTitle("Anti-aging therapies should be made available to everyone even if they are very expensive to develop");
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^Anti-aging therapies should be made available to everyone…$/);
  });

  test("sentences, clauses and cutting into parts", () => {
    expect(sentences('Dr. Smith agrees. Costs rose 5.5% in the U.S. last year! Why? "Because." The end')).toEqual(["Dr. Smith agrees.", "Costs rose 5.5% in the U.S. last year!", "Why?", '"Because."', "The end"]);
    expect(clauses("Cheap, quick; and clean: mostly")).toEqual(["Cheap", "quick", "and clean", "mostly"]);
    expect(cut([1, 1, 1, 1, 1, 1, 1, 1], 4)).toEqual([[0, 1], [2, 3], [4, 5], [6, 7]]);
    expect(cut([10, 1, 1], 3)).toEqual([[0], [1], [2]]);
  });
});

// ── the real UserRL data (read-only, never committed; skipped when absent) ──────────────────

describe("the public UserRL records", () => {
  for (const [kind, name] of [["intention", "intention_train.json"], ["persuade", "persuasion_train.json"]] as const) {
    test.skipIf(!existsSync(realFile(name)))(`every record of ${name} maps, and every file written compiles with no errors`, () => {
      const records = readRecordsFile(realFile(name));
      const result = importUserRl(kind, records, { sourceName: name });
      // Every record is expressible: a record is only ever skipped because the compiler rejects it.
      const mappingSkips = result.skipped.filter((s) => !s.reason.startsWith("the compiler rejects the scenario: "));
      expect(mappingSkips.map(describeSkipped)).toEqual([]);
      expect(result.imported.length + result.skipped.length).toBe(records.length);
      const { errors, warnings, scenarios } = compileErrors(result.files);
      expect(errors.slice(0, 5)).toEqual([]);
      expect(scenarios).toBe(result.imported.length);
      const codes = (list: readonly { code: string }[]) => {
        const counts: Record<string, number> = {};
        for (const { code } of list) counts[code] = (counts[code] ?? 0) + 1;
        return JSON.stringify(counts);
      };
      const rejected = result.skipped.map((s) => /^the compiler rejects the scenario: (UB\d+)/.exec(s.reason)![1]!).map((code) => ({ code }));
      const warned = result.imported.filter((r) => r.warnings.length > 0).length;
      console.log(`${name}: ${records.length} records, ${result.imported.length} imported (${warned} with warnings: ${codes(warnings)}), ${result.skipped.length} rejected by the compiler ${codes(rejected)}`);
    });
  }
});

test("compileText agrees on a single imported file", () => {
  const file = importUserRl("intention", intentionRecords.slice(0, 1)).files[0]!;
  expect(compileText(file.text, file.name).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
});
