import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ubc } from "../support/cli.js";

/** `ubc report --userrl` through the binary, on the report fixtures (scripted agents, one scenario per gym). */
describe("ubc report --userrl", () => {
  const runs = ["test/fixtures/report/oracle", "test/fixtures/report/random"];

  test("Markdown: a row per run and gym, then the item-weighted average; absent without the flag", () => {
    const md = ubc(["report", ...runs, "--format", "md", "--userrl"]);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain("### UserRL metrics");
    // The oracle picks the best option of both aspects: travel's leaderboard score is 1; its
    // per-turn micro_max is the best answer's reward 1.
    expect(md.stdout).toMatch(/\| oracle \| travel \(per turn\) \| 1 \| 1 \| [0-9.]+ \| 1\.0000 \| 1\.0000 \|/);
    expect(md.stdout).toMatch(/\| oracle \| persuade \| 1 \| 1 \| 1\.0000 \| 1\.0000 \| 1\.0000 \|/);
    const average = /\| oracle \| \*\*weighted average\*\* \| 3 \|[^\n]*\*\*([0-9.]+)\*\*/.exec(md.stdout);
    const scores = [...md.stdout.matchAll(/\| oracle \| (?:intention|persuade|travel)[^|]* \| 1 \| 1 \| [0-9.]+ \| [0-9.]+ \| ([0-9.]+) \|/g)].map((m) => Number(m[1]));
    expect(scores).toHaveLength(3);
    expect(Number(average![1])).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / 3, 4);
    expect(ubc(["report", ...runs, "--format", "md"]).stdout).not.toContain("UserRL");
  });

  test("HTML: the section, its link in the navigation, and the weighted average row", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ubench-userrl-report-")), "r.html");
    const html = ubc(["report", ...runs, "--userrl", "-o", out]);
    expect(html.code, html.stderr).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).toContain(`<section id="userrl"><h2>UserRL metrics</h2>`);
    expect(text).toContain(`<a href="#userrl">UserRL metrics</a>`);
    expect(text).toMatch(/<td>oracle<\/td><td><b>weighted average<\/b><\/td><td>3<\/td>/);
    const trainOnly = ubc(["report", "test/fixtures/report/train", "--userrl", "-o", out]);
    expect(trainOnly.code, trainOnly.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toContain(`<section id="userrl"><h2>UserRL metrics</h2><p class="muted">No eval runs.</p></section>`);
  });
});
