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

  test("one transcript per episode, collapsed, with filter attributes, turns, rewards and judgements", () => {
    const transcripts = html.match(/<details class="transcript"/g)!;
    expect(transcripts).toHaveLength(9);
    expect(html).not.toMatch(/<details class="transcript"[^>]* open/);
    expect(html.match(/data-failed="1"><summary>/g)).toHaveLength(6);
    expect(html).toContain('<form id="filter" hidden>');
    expect(html).toContain('data-gym="travel" data-scenario="austin_family"');
    expect(html).toMatch(/reward 0\.200<div>search \(builtin\): aspect=apartment/);
    // A simulator reply equal to the feedback is not printed twice; one that differs is.
    expect(html).toContain("<div>reply (builtin): text=(same as the feedback)</div>");
    expect(html).toContain("<div>reply (builtin): text=As for age and condition of the plumbing: The flat was renovated five years ago.</div>");
  });

  test("every hidden item with its text and the turn it came out, or never revealed", () => {
    const row = (cells: string[], never = false) => `<tr${never ? ' class="never"' : ""}>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
    // travel, oracle: all four asked, in turn order, with the explicit statement
    expect(html).toContain(row(["P1", "apartment / laundry", "An in-unit washer.", "turn 3 (asked)"]) + row(["P2", "apartment / quality", "A guest rating of at least 8.5.", "turn 4 (asked)"]));
    // travel, random: asked, volunteered, asked, then the one never revealed
    expect(html).toContain(row(["P2", "apartment / quality", "A guest rating of at least 8.5.", "turn 1 (asked)"]) + row(["P3", "rental_car / safety", "Child seats included.", "turn 6 (volunteered)"]) + row(["P1", "apartment / laundry", "An in-unit washer.", "turn 10 (asked)"]) + row(["P4", "rental_car / driving", "An automatic transmission.", "never revealed"], true));
    // persuade: the reasons, and the claim, belief and goal above them
    expect(html).toContain(row(["R2", "fabrication", "made-up facts and references", "never revealed"], true));
    expect(html).toContain("<tr><th>goal</th><td>from &quot;strongly agree&quot; to &quot;strongly disagree&quot;</td></tr>");
    // intention: what each detail is about and the answers the user may give
    expect(html).toContain(row(["D4", "low: age", 'Age and condition of the plumbing<br><span class="muted">answers: The flat was renovated five years ago | Probably original, from the seventies</span>', "turn 4 (covered)"]));
    expect(html).toContain("<p><b>Hidden preferences</b> (4, 3 revealed)</p>");
    expect(html).toContain("random/austin_family#1 · travel · 2-2 · failed · score 0.000 · return 0.600 · 12 turns · 3/4 preferences");
    expect(html).not.toContain("Texts unavailable");
    expect(html).not.toContain('id="source-problems"');
  });

  test("sources moved away: the report still renders, with a visible note, the ids and the count of the rest", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ubc-report-moved-")), "moved");
    mkdirSync(dir);
    writeFileSync(join(dir, "run.json"), readFileSync(join(fixtures, "random", "run.json"), "utf8").replaceAll('"source": "scenarios/', '"source": "old/scenarios/'));
    writeFileSync(join(dir, "episodes.jsonl"), readFileSync(join(fixtures, "random", "episodes.jsonl")));
    const moved = buildReportText([dir], "html");
    expect(moved).toContain('<div class="note" id="source-problems">');
    expect(moved).toMatch(/<pre>the scenario sources of .*moved are not found \(.*old\/scenarios\/travel\/austin_family\.ubench, .*\); run from the folder the eval ran in<\/pre>/);
    expect(moved.match(/are not found/g)).toHaveLength(1);
    expect(moved.match(/<p class="note">Texts unavailable, (preference|reason|detail)s shown by id only: the scenario&#39;s source could not be loaded/g)).toHaveLength(6);
    expect(moved).toContain("<tr><td>P2</td><td>–</td><td><span class=\"muted\">–</span></td><td>turn 1 (asked)</td></tr>");
    expect(moved).toContain('<tr class="never"><td colspan="3" class="muted">1 more, ids unknown</td><td>never revealed</td></tr>');
    expect(moved).not.toContain("An in-unit washer.");
  });

  test("the pager: page sizes with 50 preselected, previous/next buttons, all inside the form the script reveals", () => {
    const form = /<form id="filter" hidden>[\s\S]*?<\/form>/.exec(html)![0];
    expect(form).toContain('<button type="button" id="f-prev">');
    expect(form).toContain('<button type="button" id="f-next">');
    expect(form).toContain('<select id="f-size"><option value="20">20</option><option value="50" selected>50</option><option value="200">200</option><option value="">all</option></select>');
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
    expect(bar).toContain(">&lt;t&gt;</text>"); // printed above the plot too, not only a tooltip
    expect(lineChart("l", [{ name: "s", values: [0, null, 1] }])).toContain('points="44.0,180.0 408.0,30.0"');
    expect(scatterChart("s", [{ x: 2, y: 0.5, good: true }], "turns").match(/<circle/g)).toHaveLength(1);
  });
});
