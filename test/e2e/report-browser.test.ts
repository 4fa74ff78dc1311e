import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { ubc } from "../support/cli.js";

/**
 * Opens a report in a real headless Chromium (the system one, driven by playwright-core, which
 * downloads no browser) with the network cut off, and checks that the charts render and that
 * the transcript filter works. Skips where no Chromium is installed.
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
      await page.selectOption("#f-gym", "travel");
      expect(await shown()).toBe(3);
      await page.check("#f-failed");
      expect(await shown()).toBe(2);
      expect(await page.textContent("#f-count")).toBe("2 of 9 shown");
      await page.selectOption("#f-gym", "");
      await page.selectOption("#f-scenario", "ai_essays");
      expect(await shown()).toBe(2);
      await page.uncheck("#f-failed");
      expect(await shown()).toBe(3);

      // A transcript opens and shows its turns.
      await page.click("details.transcript:not([hidden]) > summary");
      expect(await page.locator("details.transcript[open] .turn").count()).toBeGreaterThan(0);

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
});
