import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { ubc } from "../support/cli.js";

const fixtures = "test/fixtures/report";
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ubc-report-"));
});

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe("ubc report", () => {
  test("writes one self-contained HTML file; twice gives the same bytes", () => {
    const a = join(work, "a.html");
    const b = join(work, "b.html");
    const result = ubc(["report", `${fixtures}/random`, `${fixtures}/oracle`, `${fixtures}/train`, "-o", a]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`wrote ${a}\n`);
    ubc(["report", `${fixtures}/random`, `${fixtures}/oracle`, `${fixtures}/train`, "-o", b]);
    const html = readFileSync(a, "utf8");
    expect(html).toBe(readFileSync(b, "utf8"));
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<section id="transcripts">');
  });

  test("--format md prints the Markdown summary on stdout", () => {
    const result = ubc(["report", `${fixtures}/oracle`, "--format", "md"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("## ubench report");
    expect(result.stdout).toContain("| oracle | scripted:oracle |");
  });

  test("bad input: exit 1 with the file and line, no stack trace", () => {
    const dir = join(work, "damaged");
    mkdirSync(dir);
    writeFileSync(join(dir, "run.json"), readFileSync(join(fixtures, "oracle", "run.json")));
    writeFileSync(join(dir, "episodes.jsonl"), readFileSync(join(fixtures, "oracle", "episodes.jsonl"), "utf8") + "{oops\n");
    const cases: [string[], RegExp][] = [
      [[dir], /damaged\/episodes\.jsonl:4: not a JSON line/],
      [[join(work, "missing")], /missing: no such folder/],
      [[work], /not a run folder/],
    ];
    for (const [args, message] of cases) {
      const result = ubc(["report", ...args, "-o", join(work, "x.html")]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      noStackTrace(result.stderr);
    }
  });

  test("usage errors exit 2", () => {
    expect(ubc(["report"]).code).toBe(2);
    const bad = ubc(["report", `${fixtures}/oracle`, "--format", "pdf"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected html or md");
  });
});
