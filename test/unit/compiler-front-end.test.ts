import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { round6 } from "../../src/round6.js";
import { LineIndex } from "../../src/diagnostics/span.js";
import { parse } from "../../src/dsl/parse.js";
import { decodeBlock, decodeQuoted } from "../../src/dsl/strings.js";

/** Malformed-but-plausible scenarios the fuzzer found accepted, each now a located error. */

const travel = (edit: (text: string) => string = (t) => t) =>
  edit(`scenario t {
  gym travel
  opening "I need a hotel."
  aspect hotel {
    aka "room"
    fields { name: string, cost: number, wifi: bool aka "internet" }
    search { city: "Austin", nights: 2 }
    prefer online {
      when wifi
      says "Wifi please."
      hints "I work from the room."
      cues "email"
    }
    option H1 { name: "A", cost: 100, wifi: true }
    option H2 { name: "B", cost: 50, wifi: false }
  }
  rewards { best 1 }
}
`);

/** Diagnostics as `CODE line:column message [related line:column]`. */
function report(text: string): string[] {
  return compileText(text, "s.ubench").diagnostics.map((d) => {
    const related = d.related?.map((r) => ` [${r.span.start.line}:${r.span.start.column} ${r.message}]`).join("") ?? "";
    return `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}${related}`;
  });
}

describe("the fixture", () => {
  test("compiles cleanly, so every error below comes from its one edit", () => {
    expect(report(travel())).toEqual([]);
  });
});

describe("travel texts need words (UB2022, the check persuade and intention share)", () => {
  const cases: [string, (t: string) => string, string][] = [
    ["an empty opening", (t) => t.replace('opening "I need a hotel."', 'opening ""'), "UB2022 3:11 'opening' has no words"],
    ["a whitespace-only says", (t) => t.replace('says "Wifi please."', 'says " "'), "UB2022 10:12 'says' has no words"],
    ["a zero-width hint alternative", (t) => t.replace('hints "I work from the room."', 'hints "I work from the room." | "\u200b"'), "UB2022 11:39 'hints' has no words"],
    ["an empty cue", (t) => t.replace('cues "email"', 'cues "email", ""'), "UB2022 12:21 an entry of 'cues' has no words"],
    ["an empty aspect alias", (t) => t.replace('aka "room"', 'aka "room", " "'), "UB2022 5:17 an entry of 'aka' has no words"],
    ["an empty field alias", (t) => t.replace('aka "internet"', 'aka "internet", ""'), "UB2022 6:69 an alias of field 'wifi' has no words"],
  ];
  for (const [name, edit, expected] of cases) {
    test(name, () => expect(report(travel(edit))).toEqual([expected]));
  }

  test("words in any script count", () => {
    expect(report(travel((t) => t.replace('opening "I need a hotel."', 'opening "東京のホテルを探しています"')))).toEqual([]);
  });
});

describe("a key given twice is UB2006 with both places", () => {
  test("in rewards, where the last value used to win", () => {
    expect(report(travel((t) => t.replace("rewards { best 1 }", "rewards { best 1, best 0.5 }")))).toEqual([
      "UB2006 17:21 reward 'best' is declared twice [17:13 first declared here]",
    ]);
  });

  test("in search arguments", () => {
    expect(report(travel((t) => t.replace('search { city: "Austin", nights: 2 }', 'search { city: "Austin", nights: 2, city: "Boston" }')))).toEqual([
      "UB2006 7:41 key 'city' is declared twice [7:14 first declared here]",
    ]);
  });

  test("in an option, where it could change the best option", () => {
    expect(report(travel((t) => t.replace('option H1 { name: "A", cost: 100, wifi: true }', 'option H1 { name: "A", cost: 100, wifi: true, cost: 10 }')))).toEqual([
      "UB2006 14:51 key 'cost' is declared twice [14:28 first declared here]",
    ]);
  });

  test("in a record nested in a list", () => {
    expect(report(travel((t) => t.replace("nights: 2 }", "nights: 2, rooms: [{ beds: 1, beds: 2 }] }")))).toEqual([
      "UB2006 7:60 key 'beds' is declared twice [7:51 first declared here]",
    ]);
  });
});

describe("numbers are finite wherever they appear", () => {
  test("1e309, a 400-digit literal and a clip of ±1e309 are UB1008, and no bundle is built", () => {
    expect(report(travel((t) => t.replace("rewards { best 1 }", "rewards { best 1e309 }")))).toEqual(["UB1008 17:18 number 1e309 is too large (beyond ±1.8e308)"]);
    expect(report(travel((t) => t.replace("cost: 50", `cost: 1${"0".repeat(400)}`)))).toEqual(["UB1008 15:34 number 10000000000000000000… is too large (beyond ±1.8e308)"]);
    const clip = travel((t) => t.replace("rewards { best 1 }", "knobs { clip -1e309 .. 1e309 }"));
    expect(report(clip)).toEqual(["UB1008 17:16 number -1e309 is too large (beyond ±1.8e308)", "UB1008 17:26 number 1e309 is too large (beyond ±1.8e308)"]);
    expect(compileText(clip).scenarios).toEqual([]);
  });

  test("finite rewards whose sum would overflow (best 1e308 over two aspects) are UB2014 where they are written", () => {
    expect(report(travel((t) => t.replace("rewards { best 1 }", "rewards { wrong -1, best 1e308 }")))).toEqual([
      "UB2014 17:23 rewards.best: 1e+308 is beyond ±1,000,000; returns add rewards up and must stay finite",
    ]);
    expect(report(travel((t) => t.replace("rewards { best 1 }", "rewards { wrong -1e7 }")))).toEqual([
      "UB2014 17:13 rewards.wrong: -10000000 is beyond ±1,000,000; returns add rewards up and must stay finite",
    ]);
    expect(report(travel((t) => t.replace("rewards { best 1 }", "rewards { best 1e6 }")))).toEqual([]);
  });

  test("round6() leaves numbers too large to have a fraction alone instead of overflowing", () => {
    expect(round6(1e303)).toBe(1e303);
    expect(round6(-1e308)).toBe(-1e308);
    expect(round6(0.1234567)).toBe(0.123457);
  });
});

describe("string escapes", () => {
  test("a lone surrogate is UB1006; a surrogate pair written as two escapes is one character", () => {
    for (const escape of ["\\u{D800}", "\\uDBFF", "\\uDC00", "\\uDE00\\uD83D"]) {
      const codes = parse(`scenario s { title "a${escape}b" }`, "s.ubench").diagnostics.map((d) => d.code);
      expect(codes, escape).toContain("UB1006");
    }
    expect(decodeQuoted('"\\uD83D\\uDE00"')).toEqual({ value: "😀", problems: [] });
    expect(decodeQuoted('"\\u{D800}"').problems).toEqual([
      { offset: 1, length: 8, message: "\\u{D800} is half of a UTF-16 surrogate pair, not a character; write the character itself, or \\u{1F600}" },
    ]);
  });
});

describe("line endings: \\n, \\r\\n and a lone \\r", () => {
  const bad = travel((t) => t.replace('says "Wifi please."', 'says ""'));
  for (const [name, ending] of [["LF", "\n"], ["CRLF", "\r\n"], ["CR", "\r"]] as const) {
    test(`${name}: a diagnostic has the same line and column, and the code frame shows one line`, () => {
      const text = bad.replace(/\n/g, ending);
      expect(report(text)).toEqual(["UB2022 10:12 'says' has no words"]);
      expect(new LineIndex(text).lineText(10)).toBe('      says ""');
      expect(new LineIndex(text).lineCount).toBe(19);
    });
  }

  test("prose blocks fold lines and keep paragraphs whatever the line ending", () => {
    const block = '"""\n  one\n  two\n\n  three\n"""';
    for (const ending of ["\r\n", "\r"]) expect(decodeBlock(block.replace(/\n/g, ending))).toBe("one two\nthree");
  });
});
