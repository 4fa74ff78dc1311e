import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { escapeHtml, escapeMd } from "../../src/report/escape.js";
import { buildReportText } from "../../src/report/index.js";
import { barChart, lineChart, scatterChart } from "../../src/report/svg.js";

const fixtures = join(import.meta.dirname, "../fixtures/report");
const all = ["random", "oracle", "train"].map((n) => join(fixtures, n));

/** A copy of the oracle run whose texts carry markup, as a model might write. */
function hostileRun(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "ubc-report-xss-")), "<img src=x onerror=alert(1)>");
  mkdirSync(dir);
  writeFileSync(join(dir, "run.json"), readFileSync(join(fixtures, "oracle", "run.json")).toString().replace('"scripted:oracle"', '"<b>agent</b>"'));
  const lines = readFileSync(join(fixtures, "oracle", "episodes.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  lines[0].turns[0].raw = '</pre><script>alert("raw")</script>';
  lines[0].turns[0].feedback = "<iframe src=//evil></iframe> & more";
  lines[0].opening = "\"'><svg onload=alert(2)>";
  lines[0].scenarioId = 'x" data-evil="1';
  writeFileSync(join(dir, "episodes.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return dir;
}

describe("escaping", () => {
  test("escapeHtml and escapeMd neutralise markup", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    expect(escapeMd("a|b\n<script>*x* &")).toBe("a\\|b &lt;script&gt;\\*x\\* &amp;");
  });

  test("no text from a run becomes markup in the HTML report", () => {
    const html = buildReportText([hostileRun()], "html");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<iframe");
    expect(html).not.toContain("<svg onload");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>agent</b>");
    expect(html).not.toContain('data-evil="1"');
    expect(html).toContain("&lt;/pre&gt;&lt;script&gt;alert(&quot;raw&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;iframe src=//evil&gt;&lt;/iframe&gt; &amp; more");
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  test("no text from a run becomes markup in the Markdown summary", () => {
    const md = buildReportText([hostileRun()], "md");
    expect(md).not.toContain("<");
    expect(md).toContain("&lt;b&gt;agent&lt;/b&gt;");
  });
});

describe("the HTML report", () => {
  const html = buildReportText(all, "html");

  test("is deterministic: same runs, same bytes", () => {
    expect(buildReportText(all, "html")).toBe(html);
    expect(buildReportText(all, "md")).toBe(buildReportText(all, "md"));
  });

  test("has every section, charts as inline SVG, and no external resource", () => {
    for (const id of ["overview", "travel", "dialogue", "training", "errors", "transcripts"]) expect(html).toContain(`<section id="${id}">`);
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(9);
    for (const kind of ["bar", "line", "scatter"]) expect(html).toContain(`data-chart="${kind}"`);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toContain("<link");
    expect(html).not.toMatch(/@import|url\(/);
  });

  test("the CSP allows exactly the inline filter script, by hash", () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = createHash("sha256").update(script).digest("base64");
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain("default-src 'none'");
  });

  test("one transcript per episode with filter attributes, turns, rewards, judgements and hidden items", () => {
    const transcripts = html.match(/<details class="transcript"/g)!;
    expect(transcripts).toHaveLength(9);
    expect(html.match(/data-failed="1"><summary>/g)).toHaveLength(6);
    expect(html).toContain('<form id="filter" hidden>');
    expect(html).toContain('data-gym="travel" data-scenario="austin_family"');
    expect(html).toContain("<li>P1: turn 3 (asked)</li>");
    expect(html).toContain("<li>R2: turn 2 (touched)</li>");
    expect(html).toContain("<li>D4: turn 4 (covered)</li>");
    expect(html).toMatch(/reward 0\.200<div>search \(builtin\): aspect=apartment/);
  });
});

describe("the Markdown summary", () => {
  test("has the overview, travel, dialogue, training and error tables", () => {
    const md = buildReportText(all, "md");
    for (const heading of ["### Overview", "### Travel", "### Persuade and intention", "### Training", "### Errors"]) expect(md).toContain(heading);
    expect(md).toContain("| oracle | scripted:oracle | builtin | trials=1 seed=0 one-choice | 3 | 1.000 |");
    expect(md).toContain("| train | 3 | 0.250 → 0.750 | 0.750 (iteration 2) |");
    expect(md.length).toBeLessThan(65_536);
  });
});

describe("svg helpers", () => {
  test("charts are deterministic and escape their labels", () => {
    const bar = barChart("<t>", [{ label: "a&b", value: 2 }]);
    expect(bar).toBe(barChart("<t>", [{ label: "a&b", value: 2 }]));
    expect(bar).toContain("<title>&lt;t&gt;</title>");
    expect(bar).toContain("a&amp;b");
    expect(lineChart("l", [{ name: "s", values: [0, null, 1] }])).toContain('points="44.0,180.0 408.0,14.0"');
    expect(scatterChart("s", [{ x: 2, y: 0.5, good: true }], "turns").match(/<circle/g)).toHaveLength(1);
  });
});
