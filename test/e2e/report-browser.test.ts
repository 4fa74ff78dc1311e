import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { ubc } from "../support/cli.js";

/**
 * Opens a report in a real headless Chromium (the system one, driven by playwright-core, which
 * downloads no browser) with the network cut off, and checks that the charts render, that the
 * transcripts show the hidden items' texts, and that the transcript filter and pager work. Skips
 * where no Chromium is installed.
 */

const CHROMIUM = process.env.UBENCH_CHROMIUM ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`report-browser: skipped, no Chromium at ${CHROMIUM} (install Debian's chromium or set UBENCH_CHROMIUM)`);

describe.skipIf(!haveChromium)("the HTML report in Chromium", () => {
  test("charts render, the filter filters, a screenshot is saved", async () => {
    const { chromium } = await import("playwright-core");
    const work = mkdtempSync(join(tmpdir(), "ubc-report-browser-"));
    const file = join(work, "report.html");
    const result = ubc(["report", "test/fixtures/report/random", "test/fixtures/report/oracle", "test/fixtures/report/train", "-o", file]);
    expect(result.code).toBe(0);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const context = await browser.newContext({ offline: true });
      const page = await context.newPage();
      const requests: string[] = [];
      const problems: string[] = [];
      page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
      page.on("pageerror", (e) => problems.push(e.message));
      page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
      await page.goto(pathToFileURL(file).href);

      // Charts: inline SVGs with a real size and drawn marks.
      const charts = await page.$$eval("svg.chart", (svgs) => svgs.map((s) => ({ kind: s.getAttribute("data-chart"), width: s.getBoundingClientRect().width, marks: s.querySelectorAll("rect.bar, polyline.series, circle.dot").length })));
      expect(charts.length).toBeGreaterThanOrEqual(9);
      for (const c of charts) {
        expect(c.width).toBeGreaterThan(100);
        expect(c.marks).toBeGreaterThan(0);
      }

      // The filter: shown by the script, and it hides what does not match.
      expect(await page.isVisible("#filter")).toBe(true);
      const shown = () => page.$$eval("details.transcript", (ds) => ds.filter((d) => !(d as HTMLElement).hidden).length);
      expect(await shown()).toBe(9);
      expect(await page.textContent("#f-count")).toBe("9 of 9 match, showing 1–9");
      expect(await page.textContent("#f-page")).toBe("page 1 of 1");
      expect(await page.isDisabled("#f-next")).toBe(true);
      await page.selectOption("#f-gym", "travel");
      expect(await shown()).toBe(3);
      await page.check("#f-failed");
      expect(await shown()).toBe(2);
      expect(await page.textContent("#f-count")).toBe("2 of 9 match, showing 1–2");
      await page.selectOption("#f-gym", "");
      await page.selectOption("#f-scenario", "ai_essays");
      expect(await shown()).toBe(2);
      await page.uncheck("#f-failed");
      expect(await shown()).toBe(3);

      // A transcript opens and shows its turns, and the hidden items with their texts beside the turn each came out.
      await page.click("details.transcript:not([hidden]) > summary");
      expect(await page.locator("details.transcript[open] .turn").count()).toBeGreaterThan(0);
      await page.selectOption("#f-scenario", "austin_family");
      const travel = page.locator("details.transcript", { hasText: "random/austin_family#1" });
      await travel.locator("summary").click();
      const rows = travel.locator("table.hidden tbody tr");
      expect(await rows.count()).toBe(4);
      await expect.poll(() => rows.nth(1).isVisible()).toBe(true);
      expect(await rows.nth(1).innerText()).toBe("P3\trental_car / safety\tChild seats included.\tturn 6 (volunteered)");
      expect(await rows.nth(3).innerText()).toBe("P4\trental_car / driving\tAn automatic transmission.\tnever revealed");
      expect(await rows.nth(3).evaluate((r) => getComputedStyle(r.lastElementChild!).color)).toBe("rgb(187, 0, 0)");

      const shot = join(work, "report.png");
      await page.screenshot({ path: shot, fullPage: false });
      expect(existsSync(shot)).toBe(true);
      console.log(`report-browser: screenshot at ${shot}`);
      expect(requests).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
  test("many episodes: collapsed, one page at a time, and the filter works across pages", async () => {
    const { chromium } = await import("playwright-core");
    const work = mkdtempSync(join(tmpdir(), "ubc-report-pages-"));
    const run = join(work, "all");
    const evaluated = ubc(["eval", "scenarios", "--agent", "scripted:random", "--trials", "3", "--concurrency", "2", "--out", run]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const file = join(work, "report.html");
    expect(ubc(["report", run, "-o", file]).code).toBe(0);
    const episodes = readFileSync(join(run, "episodes.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { gym: string; scenarioId: string; success: boolean });
    expect(episodes.length).toBeGreaterThan(100);
    const failed = episodes.filter((e) => !e.success).length;
    const travelFailed = episodes.filter((e) => e.gym === "travel" && !e.success).length;
    expect(travelFailed).toBeGreaterThan(20);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const page = await (await browser.newContext({ offline: true })).newPage();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(e.message));
      await page.goto(pathToFileURL(file).href);
      const visible = () => page.$$eval("details.transcript", (ds) => ds.filter((d) => !(d as HTMLElement).hidden).map((d) => ({ key: d.querySelector("summary")!.textContent!.split(" · ")[0]!, gym: d.getAttribute("data-gym"), failed: d.getAttribute("data-failed"), open: (d as HTMLDetailsElement).open })));
      const pages = (n: number, size: number) => Math.ceil(n / size);

      // Page 1 of the default 50: all collapsed.
      const first = await visible();
      expect(first).toHaveLength(50);
      expect(first.every((t) => !t.open)).toBe(true);
      expect(await page.textContent("#f-count")).toBe(`${episodes.length} of ${episodes.length} match, showing 1–50`);
      expect(await page.textContent("#f-page")).toBe(`page 1 of ${pages(episodes.length, 50)}`);
      expect(await page.isDisabled("#f-prev")).toBe(true);

      // Next: the following 50, none of the first page's; previous comes back.
      await page.click("#f-next");
      const second = await visible();
      expect(second).toHaveLength(50);
      expect(second.some((t) => first.some((f) => f.key === t.key))).toBe(false);
      expect(await page.textContent("#f-page")).toBe(`page 2 of ${pages(episodes.length, 50)}`);
      await page.click("#f-prev");
      expect((await visible()).map((t) => t.key)).toEqual(first.map((t) => t.key));

      // Every page together shows every transcript once.
      const seen: string[] = [];
      for (let p = 0; p < pages(episodes.length, 50); p++) {
        seen.push(...(await visible()).map((t) => t.key));
        if (p < pages(episodes.length, 50) - 1) await page.click("#f-next");
      }
      expect(await page.isDisabled("#f-next")).toBe(true);
      expect(new Set(seen).size).toBe(episodes.length);

      // A filter goes back to page 1 and pages over the matching transcripts only.
      await page.selectOption("#f-size", "20");
      await page.selectOption("#f-gym", "travel");
      await page.check("#f-failed");
      expect(await page.textContent("#f-count")).toBe(`${travelFailed} of ${episodes.length} match, showing 1–20`);
      expect(await page.textContent("#f-page")).toBe(`page 1 of ${pages(travelFailed, 20)}`);
      const filtered: string[] = [];
      for (let p = 0; p < pages(travelFailed, 20); p++) {
        const shown = await visible();
        expect(shown.every((t) => t.gym === "travel" && t.failed === "1")).toBe(true);
        filtered.push(...shown.map((t) => t.key));
        if (p < pages(travelFailed, 20) - 1) await page.click("#f-next");
      }
      expect(new Set(filtered).size).toBe(travelFailed);
      expect(await page.textContent("#f-count")).toBe(`${travelFailed} of ${episodes.length} match, showing ${20 * (pages(travelFailed, 20) - 1) + 1}–${travelFailed}`);
      await page.uncheck("#f-failed");
      expect(await page.textContent("#f-page")).toMatch(/^page 1 of /);
      await page.selectOption("#f-gym", "");
      await page.selectOption("#f-size", "");
      expect(await visible()).toHaveLength(episodes.length);
      expect(await page.textContent("#f-count")).toBe(`${episodes.length} of ${episodes.length} match, showing 1–${episodes.length}`);
      expect(await page.textContent("#f-page")).toBe("page 1 of 1");
      await page.check("#f-failed");
      expect(await visible()).toHaveLength(failed);

      // The hidden texts come from the scenario sources for every episode of the run.
      expect(await page.locator("p.note").count()).toBe(0);
      expect(await page.locator("details.transcript table.hidden").count()).toBe(episodes.length);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
