import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { travelKnobs, travelRewards } from "../../src/compiler/gyms/travel/settings.js";
import type { Scenario } from "../../src/compiler/ir.js";
import { passAtK, passHatK, summarize, type Summary } from "../../src/eval/metrics.js";
import { createAgent } from "../../src/runtime/agents/registry.js";
import { createEnv } from "../../src/runtime/environment.js";
import type { EpisodeRecord } from "../../src/runtime/episode.js";
import { NEUTRAL_CHAT_REPLY } from "../../src/runtime/gyms/travel/llm-simulator.js";
import { replies } from "../../src/runtime/gyms/travel/replies.js";
import { emptyStats } from "../../src/runtime/llm/stats.js";
import { runEpisode } from "../../src/runtime/rollout.js";

/**
 * docs/metrics.md and docs/compat.md against the code: the names they must document are taken
 * from real results (a summary over real episodes) and from the settings tables, so adding a
 * metric, an outcome count, a knob or a reward without documenting it fails here.
 */

const root = join(import.meta.dirname, "../..");
const metricsDoc = readFileSync(join(root, "docs/metrics.md"), "utf8");
const compatDoc = readFileSync(join(root, "docs/compat.md"), "utf8");

/** The doc's text with line breaks and runs of spaces folded, for phrases that wrap. */
function flat(text: string): string {
  return text.replace(/\s+/g, " ");
}

/** The text of the section whose heading line starts with `heading`, up to the next heading of its level or above. */
function section(doc: string, heading: string): string {
  const start = doc.indexOf(`\n${heading}`);
  expect(start, `section '${heading}'`).toBeGreaterThanOrEqual(0);
  const level = heading.split(" ")[0]!;
  const next = new RegExp(`\\n#{1,${level.length}} `, "g");
  next.lastIndex = start + 1;
  const end = next.exec(doc)?.index;
  return doc.slice(start, end);
}

/** The `### ` headings of one `## ` section. */
function subheadings(doc: string, title: string): string[] {
  return [...section(doc, `## ${title}\n`).matchAll(/^### (.+)$/gm)].map((m) => m[1]!.trim());
}

/** The first cell of every table row, without backticks. */
function tableKeys(doc: string): Set<string> {
  return new Set([...doc.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!));
}

let scenario: Scenario;
let episodes: EpisodeRecord[];
let summary: Summary;

beforeAll(async () => {
  const source = readFileSync(join(root, "scenarios/travel/austin_family.ubench"), "utf8");
  const compiled = compileText(source, "austin_family.ubench");
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  scenario = compiled.scenarios[0]!.ir;
  const play = (spec: string, trial: number, seed: number) =>
    runEpisode({ env: createEnv(scenario), agent: createAgent(spec), scenario, seed, trial, user: "builtin", systemPrompt: "" });
  episodes = [await play("scripted:oracle", 0, 1), await play("scripted:random", 1, 2), await play("scripted:random", 2, 3)];
  summary = summarize(episodes, 3, true);
});

describe("docs/metrics.md", () => {
  test("documents every group metric of summary.json under its own heading, and no other", () => {
    // A travel-only summary: every group holds the common metrics and the travel gym's.
    const keys = Object.keys(summary.overall);
    expect(keys.length).toBeGreaterThan(10);
    const headings = [...subheadings(metricsDoc, "Group metrics"), ...subheadings(metricsDoc, "Travel metrics")];
    for (const key of keys) expect(headings, key).toContain(`\`${key}\``);
    expect(headings.map((h) => h.replace(/`/g, "")).sort()).toEqual([...keys].sort());
    // Every group of every grouping carries the same keys.
    for (const group of [summary.byGym, summary.byShape, summary.byScenario]) {
      for (const metrics of Object.values(group)) expect(Object.keys(metrics)).toEqual(keys);
    }
  });

  test("names the summary's top-level keys and the llm block's counters", () => {
    const names = [...Object.keys(summary), "llm", "agent", "user", ...Object.keys(emptyStats())];
    for (const name of names) expect(metricsDoc, name).toContain(`\`${name}\``);
  });

  test("documents every outcome count a travel episode record carries, in the metrics table", () => {
    const keys = new Set(episodes.flatMap((e) => Object.keys(e.metrics)));
    expect(keys.size).toBeGreaterThan(5);
    const rows = tableKeys(section(metricsDoc, "### Travel outcome metrics"));
    for (const key of keys) expect(rows, `record.metrics.${key}`).toContain(key);
  });

  test("names every episode-record field and every per-turn counter", () => {
    const fields = new Set(episodes.flatMap((e) => Object.keys(e)));
    const counters = new Set(episodes.flatMap((e) => e.turns.flatMap((t) => Object.keys(t.counters))));
    const turnFields = new Set(episodes.flatMap((e) => e.turns.flatMap((t) => Object.keys(t))));
    expect(counters.size).toBeGreaterThan(5);
    for (const name of [...fields, ...counters, ...turnFields]) expect(metricsDoc, name).toContain(`\`${name}\``);
  });

  test("the worked pass@k example agrees with the estimators", () => {
    const m = /n = (\d+), c = (\d+) gives pass@1 = ([\d.]+), pass@2 = ([\d.]+), pass\^2 = ([\d.]+)/.exec(flat(metricsDoc));
    expect(m, "the pass@k example").not.toBeNull();
    const [n, c, at1, at2, hat2] = m!.slice(1).map(Number) as [number, number, number, number, number];
    expect(passAtK(n, c, 1)).toBeCloseTo(at1, 9);
    expect(passAtK(n, c, 2)).toBeCloseTo(at2, 9);
    expect(passHatK(n, c, 2)).toBeCloseTo(hat2, 9);
  });
});

describe("docs/compat.md", () => {
  const settings = [
    ...Object.entries(travelRewards).map(([key, spec]) => ({ name: `rewards.${key}`, spec })),
    ...Object.entries(travelKnobs).map(([key, spec]) => ({ name: `knobs.${key}`, spec })),
  ];

  test("mentions every travel reward and knob", () => {
    expect(settings.length).toBe(Object.keys(travelRewards).length + Object.keys(travelKnobs).length);
    for (const { name } of settings) expect(compatDoc, name).toContain(`\`${name}\``);
  });

  test("its settings table states each reward's and knob's current default", () => {
    for (const { name, spec } of settings) {
      const row = new RegExp(`^\\| \`${name.replace(".", "\\.")}\` \\| ([^|]+) \\|`, "m").exec(compatDoc);
      expect(row, `settings table row for ${name}`).not.toBeNull();
      const stated = row![1]!.trim().split(" ")[0]!;
      if (spec.kind === "number" || spec.kind === "integer") expect(Number(stated), name).toBe(spec.default);
      else if (spec.kind === "bool") expect(stated, name).toBe(String(spec.default));
      else expect(stated, name).toBe(spec.default === null ? "none" : String(spec.default));
    }
  });

  test("quotes the fixed replies it describes as they are", () => {
    const text = flat(compatDoc);
    for (const reply of [replies.searchFallback, replies.utteranceFallback, replies.vague, replies.absent, NEUTRAL_CHAT_REPLY]) {
      expect(text).toContain(reply);
    }
  });
});
