import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { noStackTrace, ubc } from "../support/cli.js";

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ubc-cli-"));
});

describe("ubc compile / check", () => {
  test("compiles the shipped travel scenarios into bundles and a manifest", () => {
    const out = join(work, "build");
    const result = ubc(["compile", "scenarios/travel", "-o", out]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.scenarios.length).toBeGreaterThanOrEqual(1);
    for (const entry of manifest.scenarios) {
      const bundle = JSON.parse(readFileSync(join(out, `${entry.id}.json`), "utf8"));
      expect(bundle.hash).toBe(entry.hash);
      expect(bundle.shape).toBe(entry.shape);
      expect(entry.source).toMatch(/^scenarios\/travel\/.+\.ubench$/);
    }
  });

  test("compiling twice gives byte-identical output", () => {
    ubc(["compile", "scenarios/travel", "-o", join(work, "a")]);
    ubc(["compile", "scenarios/travel", "-o", join(work, "b")]);
    const read = (dir: string) => readFileSync(join(work, dir, "manifest.json"), "utf8");
    expect(read("a")).toBe(read("b"));
  });

  test("broken files: located diagnostics with code frames on stderr, exit 1", () => {
    const file = join(work, "broken.ubench");
    writeFileSync(file, 'scenario s {\n  gym travel\n  opennig "hi"\n}\n');
    const result = ubc(["check", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.ubench:3:3: error UB1004: unknown keyword 'opennig'/);
    expect(result.stderr).toContain("^^^^^^^");
    expect(result.stderr).toContain("did you mean 'opening'?");
  });

  test("--format json prints the diagnostics as data", () => {
    const file = join(work, "broken.ubench");
    const result = ubc(["check", file, "--format", "json"]);
    const diagnostics = JSON.parse(result.stdout);
    expect(result.code).toBe(1);
    expect(diagnostics[0]).toMatchObject({ code: "UB1004", severity: "error", span: { start: { line: 3, column: 3 } } });
  });

  const badInputs: [string, () => string, string][] = [
    ["a missing path", () => join(work, "nope.ubench"), "UB0001"],
    ["a folder without .ubench files", () => { const d = join(work, "empty-dir"); mkdirSync(d, { recursive: true }); return d; }, "UB0002"],
    ["a binary file", () => { const f = join(work, "bin.ubench"); writeFileSync(f, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])); return f; }, "UB0003"],
    ["invalid UTF-8", () => { const f = join(work, "latin1.ubench"); writeFileSync(f, Buffer.from([0x73, 0x63, 0xe9, 0x28, 0x0a])); return f; }, "UB0003"],
    ["an empty file", () => { const f = join(work, "empty.ubench"); writeFileSync(f, ""); return f; }, "UB0004"],
    ["a truncated file", () => { const f = join(work, "cut.ubench"); writeFileSync(f, "scenario s {\n  gym travel\n  aspect hotel {\n    fields { name: str"); return f; }, "UB1005"],
    ["deep nesting", () => { const f = join(work, "deep.ubench"); writeFileSync(f, "scenario s { aspect a { search { x: " + "[".repeat(5000) + " } } }"); return f; }, "UB1007"],
    ["a huge file", () => { const f = join(work, "huge.ubench"); writeFileSync(f, "// " + "x".repeat(9 * 1024 * 1024)); return f; }, "UB0003"],
  ];
  for (const [name, make, code] of badInputs) {
    test(`${name} gets ${code}, exit 1, no stack trace`, () => {
      const result = ubc(["check", make()]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(code);
      noStackTrace(result.stderr);
    });
  }

  test("usage errors exit 2; --help exits 0 and shows an example", () => {
    expect(ubc(["compile"]).code).toBe(2);
    expect(ubc(["frobnicate"]).code).toBe(2);
    expect(ubc(["check", "x", "--bogus"]).code).toBe(2);
    for (const command of ["compile", "check", "new"]) {
      const help = ubc([command, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Example");
    }
  });
});

describe("ubc new", () => {
  test("writes a commented starter that compiles with no diagnostics", () => {
    const result = ubc(["new", "travel", "my_trip"], { cwd: work });
    expect(result.code).toBe(0);
    const text = readFileSync(join(work, "my_trip.ubench"), "utf8");
    expect(text).toContain("//");
    const check = ubc(["check", join(work, "my_trip.ubench")]);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
  });

  test("refuses to overwrite, and rejects unknown gyms and bad ids", () => {
    expect(ubc(["new", "travel", "my_trip"], { cwd: work }).code).toBe(1);
    const unknown = ubc(["new", "travle", "x"], { cwd: work });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("did you mean 'travel'?");
    expect(ubc(["new", "travel", "9lives"], { cwd: work }).code).toBe(2);
  });
});

describe("ubc fmt", () => {
  test("--check lists files that would change and exits 1; fmt rewrites them; then --check exits 0", () => {
    const file = join(work, "messy.ubench");
    writeFileSync(file, 'scenario messy{gym travel;opening "Hi."\naspect hotel{fields{cost:number}search{a:1}prefer p{when cost<3 says "Cheap." hints "I am broke."}option H1{cost:1}option H2{cost:5}}}\n');
    const check = ubc(["fmt", "--check", file]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("would reformat");
    expect(readFileSync(file, "utf8")).toContain("scenario messy{");
    expect(ubc(["fmt", file]).code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("scenario messy {\n  gym travel\n");
    expect(ubc(["fmt", "--check", file]).code).toBe(0);
  });

  test("the shipped scenarios are canonical", () => {
    expect(ubc(["fmt", "--check", "scenarios"]).code).toBe(0);
  });

  test("a file with syntax errors is reported, not rewritten", () => {
    const file = join(work, "syntax.ubench");
    writeFileSync(file, "scenario s { gym travel opening \"x }\n");
    const result = ubc(["fmt", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("UB1002");
    expect(readFileSync(file, "utf8")).toBe("scenario s { gym travel opening \"x }\n");
  });
});
