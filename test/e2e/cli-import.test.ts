import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { noStackTrace, repoRoot, ubc } from "../support/cli.js";

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ubc-import-"));
});

const fixtures = join(repoRoot, "test/fixtures/userrl");

describe("ubc import", () => {
  test("userrl-intention: imports the good records, reports the bad ones, and the output checks clean", () => {
    const out = join(work, "intention");
    const result = ubc(["import", "userrl-intention", join(fixtures, "intention.json"), "-o", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^imported 5 of 9 records into ${out}/ \\(5 files\\); 4 skipped \\(see above\\); 1 with lint warnings`));
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`ubc import: intention.json: record 3 (id "no-task"): skipped: has no 'task'`);
    expect(lines[2]).toMatch(/^ubc import: intention\.json: record 5 \(id "bad-importance"\): skipped: missing detail 2 has importance "urgent"/);
    noStackTrace(result.stderr);
    expect(readdirSync(out).sort()).toEqual([
      "intention_42_duplicates.ubench",
      "intention_5f0c1a2e_0000_4000_8000_00000000a001.ubench",
      "intention_quote_test.ubench",
      "intention_quote_test_2.ubench",
      "intention_record_7.ubench",
    ]);
    const check = ubc(["check", out]);
    expect(check.stderr).not.toMatch(/error UB/);
    expect(check.stderr).toContain("warning UB3009"); // the duplicate detail is kept and reported
    expect(check.code).toBe(0);
    // The files are already in canonical form.
    expect(ubc(["fmt", "--check", out]).code).toBe(0);
  });

  test("userrl-persuade with --per-file groups records; ubc check and compile accept the output", () => {
    const out = join(work, "persuade");
    const result = ubc(["import", "userrl-persuade", join(fixtures, "persuasion.json"), "-o", out, "--per-file", "2"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^imported 3 of 7 records into .+ \(2 files\); 4 skipped/);
    expect(result.stderr).toContain(`record 6 (no id): skipped: the record is a string, not an object`);
    expect(readdirSync(out).sort()).toEqual(["persuade_part_001.ubench", "persuade_part_002.ubench"]);
    expect(readFileSync(join(out, "persuade_part_001.ubench"), "utf8").match(/^scenario /gm)).toHaveLength(2);
    expect(ubc(["check", out]).code).toBe(0);
    const build = ubc(["compile", out, "-o", join(work, "persuade-build")]);
    expect(build.stderr).toBe("");
    expect(build.code).toBe(0);
  });

  test("importing twice gives the same bytes", () => {
    const a = join(work, "again-a");
    const b = join(work, "again-b");
    ubc(["import", "userrl-intention", join(fixtures, "intention.json"), "-o", a]);
    ubc(["import", "userrl-intention", join(fixtures, "intention.json"), "-o", b]);
    for (const file of readdirSync(a)) expect(readFileSync(join(b, file), "utf8")).toBe(readFileSync(join(a, file), "utf8"));
  });

  test("usage errors exit 2", () => {
    const input = join(fixtures, "intention.json");
    for (const args of [
      ["import"],
      ["import", "userrl-bogus", input, "-o", work],
      ["import", "userrl-intention"],
      ["import", "userrl-intention", input],
      ["import", "userrl-intention", input, "-o", work, "--per-file", "0"],
      ["import", "userrl-intention", input, "-o", work, "--per-file", "two"],
      ["import", "userrl-intention", input, "-o", work, "--bogus"],
    ]) {
      const result = ubc(args);
      expect(result.code, args.join(" ")).toBe(2);
      noStackTrace(result.stderr);
    }
    const help = ubc(["import", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("userrl-intention");
    expect(help.stdout).toContain("userrl-persuade");
    expect(ubc(["import", "userrl-persuade", "--help"]).stdout).toContain("--per-file");
  });

  const badInputs: [string, () => string, RegExp][] = [
    ["a missing file", () => join(work, "nope.json"), /ubc import: no such file: .*nope\.json/],
    ["a folder", () => work, /is a folder, not a JSON file/],
    ["text that is not JSON", () => { const f = join(work, "bad.json"); writeFileSync(f, "[{ not json"); return f; }, /bad\.json is not valid JSON/],
    ["invalid UTF-8", () => { const f = join(work, "latin1.json"); writeFileSync(f, Buffer.from([0x5b, 0x22, 0xe9, 0x22, 0x5d])); return f; }, /is not UTF-8 text/],
    ["a JSON object", () => { const f = join(work, "object.json"); writeFileSync(f, '{"id": "x"}'); return f; }, /holds an object, but a JSON array of records is expected/],
    ["an empty array", () => { const f = join(work, "empty.json"); writeFileSync(f, "[]"); return f; }, /the array holds no records; nothing written/],
    ["records that are all bad", () => { const f = join(work, "allbad.json"); writeFileSync(f, '[{"id": "a"}, 3]'); return f; }, /no record could be imported; nothing written/],
  ];
  for (const [name, make, message] of badInputs) {
    test(`${name}: exit 1, a clear message, no stack trace, nothing written`, () => {
      const out = join(work, `out-${name.replace(/\W+/g, "-")}`);
      const result = ubc(["import", "userrl-intention", make(), "-o", out]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      noStackTrace(result.stderr);
      expect(existsSync(out)).toBe(false);
    });
  }

  test("an output path that is a file: exit 1", () => {
    const file = join(work, "not-a-dir");
    writeFileSync(file, "x");
    mkdirSync(join(work, "unused"), { recursive: true });
    const result = ubc(["import", "userrl-persuade", join(fixtures, "persuasion.json"), "-o", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot write to .*not-a-dir/);
    noStackTrace(result.stderr);
  });
});
