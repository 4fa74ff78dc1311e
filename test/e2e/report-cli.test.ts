import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { noStackTrace, ubc } from "../support/cli.js";
import { evalInProjectFolder } from "../support/eval-project.js";

const fixtures = "test/fixtures/report";
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ubc-report-"));
});

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

  test("hidden texts from the run's sources: found beside a moved run folder; a note, not an error, once they are gone", () => {
    // An eval run in a project folder, with the scenario path recorded relative to it.
    const project = evalInProjectFolder(work, "scenarios/persuade/ai_essays.ubench");
    expect(JSON.parse(readFileSync(join(project, "run", "run.json"), "utf8")).scenarios[0].source).toBe("sc/ai_essays.ubench");

    // The whole folder moves; the report, run from elsewhere, finds the source beside the run.
    const moved = join(work, "project-moved");
    renameSync(project, moved);
    const out = join(work, "moved.html");
    const found = ubc(["report", join(moved, "run"), "-o", out]);
    expect(found.code, found.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("<tr><td>R1</td><td>skills</td><td>never learning to build an argument oneself</td><td>turn 1 (touched)</td></tr>");
    expect(html).not.toContain("Texts unavailable");

    // The sources are deleted: still exit 0, the texts give way to ids and a visible note.
    rmSync(join(moved, "sc"), { recursive: true });
    const gone = ubc(["report", join(moved, "run"), "-o", out]);
    expect(gone.code, gone.stderr).toBe(0);
    const fallback = readFileSync(out, "utf8");
    expect(fallback).toContain('<div class="note" id="source-problems">');
    expect(fallback).toContain("sc/ai_essays.ubench); run from the folder the eval ran in</pre>");
    expect(fallback).toContain("<tr><td>R1</td><td>–</td><td><span class=\"muted\">–</span></td><td>turn 1 (touched)</td></tr>");
    expect(fallback).not.toContain("never learning to build an argument oneself");
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
    expect(bad.stderr).toContain("expected one of html, md");
  });
});
