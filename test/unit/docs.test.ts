import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { DEFAULT_LADDER } from "../../src/compiler/gyms/persuade/ir.js";
import type { Scenario } from "../../src/compiler/ir.js";
import { passAtK, passHatK, summarize, type Summary } from "../../src/runs/metrics.js";
import type { EpisodeRecord } from "../../src/runtime/episode.js";
import { IMPORTANCE_WEIGHT } from "../../src/runtime/gyms/intention/derive.js";
import { replies as intentionReplies } from "../../src/runtime/gyms/intention/replies.js";
import { replies as persuadeReplies } from "../../src/runtime/gyms/persuade/replies.js";
import { gymNames, gymRuntime } from "../../src/runtime/gyms/registry.js";
import { NEUTRAL_CHAT_REPLY } from "../../src/runtime/gyms/travel/llm-simulator.js";
import { replies as travelReplies } from "../../src/runtime/gyms/travel/replies.js";
import { emptyStats } from "../../src/runtime/llm/stats.js";
import { playScripted } from "../support/scripted-episode.js";

/**
 * docs/metrics.md and docs/compat.md against the code: the names they must document are taken
 * from real results (a summary over real episodes of every gym) and from each gym's runtime
 * (metric specs, settings, choices), so adding a gym, a metric, an outcome count, a knob or a
 * reward without documenting it fails here.
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

/** "travel" -> "Travel", as the docs title a gym's sections. */
function title(gym: string): string {
  return gym[0]!.toUpperCase() + gym.slice(1);
}

/** "`a`, `b` and `c`", as the docs list a gym's choices. */
function listed(items: readonly string[]): string {
  const quoted = items.map((i) => `\`${i}\``);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)!}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const gyms = gymNames();
/** Per gym: the first shipped scenario and the episodes played on it (oracle, then two random). */
const played = new Map<string, { scenario: Scenario; episodes: EpisodeRecord[] }>();
let episodes: EpisodeRecord[];
let summary: Summary;

beforeAll(async () => {
  for (const gym of gyms) {
    const dir = join(root, "scenarios", gym);
    const file = readdirSync(dir).filter((f) => f.endsWith(".ubench")).sort()[0];
    expect(file, `a shipped ${gym} scenario`).toBeDefined();
    const compiled = compileText(readFileSync(join(dir, file!), "utf8"), file!);
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const scenario = compiled.scenarios[0]!.ir;
    expect(scenario.gym).toBe(gym);
    played.set(gym, { scenario, episodes: [await playScripted("scripted:oracle", scenario, 1, 0), await playScripted("scripted:random", scenario, 2, 1), await playScripted("scripted:random", scenario, 3, 2)] });
  }
  episodes = [...played.values()].flatMap((p) => p.episodes);
  summary = summarize(episodes, 3, true);
});

describe("docs/metrics.md", () => {
  const common = () => Object.keys(summary.overall).filter((k) => !gyms.some((g) => gymRuntime(g).metrics.some((m) => m.name === k)));

  test("documents every group metric of summary.json under its own heading, and no other", () => {
    // A summary over episodes of every gym: `overall` holds the common metrics and every gym's.
    const keys = Object.keys(summary.overall);
    expect(keys.length).toBeGreaterThan(20);
    const headings = [...subheadings(metricsDoc, "Group metrics"), ...gyms.flatMap((g) => subheadings(metricsDoc, `${title(g)} metrics`))];
    for (const key of keys) expect(headings, key).toContain(`\`${key}\``);
    expect(headings.map((h) => h.replace(/`/g, "")).sort()).toEqual([...keys].sort());
    expect(subheadings(metricsDoc, "Group metrics").map((h) => h.replace(/`/g, "")).sort()).toEqual(common().sort());
  });

  test("a group has a gym's metrics exactly when it holds episodes of that gym, as documented", () => {
    for (const gym of gyms) {
      const own = gymRuntime(gym).metrics.map((m) => m.name);
      expect(Object.keys(summary.byGym[gym]!).sort(), gym).toEqual([...common(), ...own].sort());
      const shape = played.get(gym)!.scenario.shape;
      expect(Object.keys(summary.byShape[shape]!).sort(), `shape ${shape}`).toEqual([...common(), ...own].sort());
    }
    for (const e of episodes) {
      const own = gymRuntime(e.gym).metrics.map((m) => m.name);
      expect(Object.keys(summary.byScenario[e.scenarioId]!).sort(), e.scenarioId).toEqual([...common(), ...own].sort());
    }
    expect(flat(metricsDoc)).toContain("metrics of each gym that has at least one episode in the group");
  });

  test("documents each gym's metric specs in order, with their kind and counts", () => {
    for (const gym of gyms) {
      const specs = gymRuntime(gym).metrics;
      expect(specs.length, gym).toBeGreaterThan(0);
      const gymSection = section(metricsDoc, `## ${title(gym)} metrics\n`);
      expect(subheadings(metricsDoc, `${title(gym)} metrics`), gym).toEqual(specs.map((s) => `\`${s.name}\``));
      for (const spec of specs) {
        const text = flat(section(gymSection, `### \`${spec.name}\``));
        expect(text, `${spec.name} is a ${spec.kind}`).toContain(`A ${spec.kind}: `);
        if (spec.kind === "ratio") expect(text, spec.name).toContain(`\`sum(${spec.numerator}) / sum(${spec.denominator})\``);
        else expect(text, spec.name).toContain(`\`${spec.of}\``);
      }
    }
  });

  test("overall meanScore is each gym's meanScore weighted by its episodes, as documented", () => {
    const weighted = gyms.reduce((sum, g) => sum + summary.byGym[g]!.meanScore! * summary.byGym[g]!.episodes, 0) / summary.overall.episodes;
    expect(summary.overall.meanScore).toBeCloseTo(weighted, 5);
    expect(flat(section(metricsDoc, "### `meanScore`"))).toContain("weighted by that gym's number of episodes");
  });

  test("names the summary's top-level keys and the llm block's counters", () => {
    const names = [...Object.keys(summary), "llm", "agent", "user", ...Object.keys(emptyStats())];
    for (const name of names) expect(metricsDoc, name).toContain(`\`${name}\``);
  });

  test("documents every outcome count an episode record of each gym carries, in that gym's table, and no other", () => {
    for (const gym of gyms) {
      const keys = new Set(played.get(gym)!.episodes.flatMap((e) => Object.keys(e.metrics)));
      expect(keys.size, gym).toBeGreaterThan(3);
      const rows = tableKeys(section(metricsDoc, `### ${title(gym)} outcome metrics`));
      for (const key of keys) expect(rows, `${gym} record.metrics.${key}`).toContain(key);
      expect([...rows].sort(), gym).toEqual([...keys].sort());
    }
  });

  test("names every episode-record field and, per gym, every per-turn counter", () => {
    const fields = new Set(episodes.flatMap((e) => Object.keys(e)));
    const turnFields = new Set(episodes.flatMap((e) => e.turns.flatMap((t) => Object.keys(t))));
    for (const name of [...fields, ...turnFields]) expect(metricsDoc, name).toContain(`\`${name}\``);
    for (const gym of gyms) {
      const counters = new Set(played.get(gym)!.episodes.flatMap((e) => e.turns.flatMap((t) => Object.keys(t.counters))));
      expect(counters.size, gym).toBeGreaterThan(5);
      const text = section(metricsDoc, `#### ${title(gym)} per-turn counters`);
      for (const name of counters) expect(text, `${gym} counter ${name}`).toContain(`\`${name}\``);
    }
  });

  test("states each gym's shape form with the shape of a shipped scenario", () => {
    const forms: Record<string, RegExp> = { travel: /^\d+(-\d+)*$/, persuade: /^L\d+-R\d+$/, intention: /^H\d+-M\d+-L\d+$/ };
    for (const gym of gyms) {
      expect(forms[gym], `a shape form for ${gym}`).toBeDefined();
      for (const e of played.get(gym)!.episodes) expect(e.shape, gym).toMatch(forms[gym]!);
    }
    const text = section(metricsDoc, "## summary.json");
    for (const form of ["`L<span>-R<reasons>`", "`H<n>-M<n>-L<n>`", "`2-3-3`"]) expect(text).toContain(form);
  });

  test("names the choices each gym enables and the intention importance weights", () => {
    const text = flat(metricsDoc);
    for (const gym of gyms) expect(text, gym).toMatch(new RegExp(`${gym} (enables )?${escapeRegExp(listed(gymRuntime(gym).choices))}`, "i"));
    const weights = Object.entries(IMPORTANCE_WEIGHT).map(([level, w]) => `${level} ${w}`).join(", ");
    expect(flat(section(metricsDoc, "### `weightedCoverage`"))).toContain(weights);
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
  /** Every gym's rewards and knobs, with the gym's section of compat.md. */
  const settings = () =>
    gyms.flatMap((gym) => {
      const { rewards, knobs } = gymRuntime(gym).settings;
      return [
        ...Object.entries(rewards).map(([key, spec]) => ({ gym, name: `rewards.${key}`, spec })),
        ...Object.entries(knobs).map(([key, spec]) => ({ gym, name: `knobs.${key}`, spec })),
      ];
    });
  const gymSection = (gym: string) => section(compatDoc, `## ${title(gym)} (`);

  test("has a section for every gym", () => {
    expect(gyms).toEqual(expect.arrayContaining(["travel", "persuade", "intention"]));
    for (const gym of gyms) expect(gymSection(gym).length, gym).toBeGreaterThan(1000);
  });

  test("mentions every reward and knob of every gym, in that gym's section", () => {
    const all = settings();
    for (const gym of gyms) expect(all.some((s) => s.gym === gym), gym).toBe(true);
    for (const { gym, name } of all) expect(gymSection(gym), `${gym} ${name}`).toContain(`\`${name}\``);
  });

  test("each gym's settings table states each reward's and knob's current default", () => {
    for (const { gym, name, spec } of settings()) {
      const row = new RegExp(`^\\| \`${name.replace(".", "\\.")}\` \\| ([^|]+) \\|`, "m").exec(gymSection(gym));
      expect(row, `${gym} settings table row for ${name}`).not.toBeNull();
      const stated = row![1]!.trim().split(" ")[0]!;
      if (spec.kind === "number" || spec.kind === "integer") expect(Number(stated), `${gym} ${name}`).toBe(spec.default);
      else if (spec.kind === "bool") expect(stated, `${gym} ${name}`).toBe(String(spec.default));
      else expect(stated, `${gym} ${name}`).toBe(spec.default === null ? "none" : String(spec.default));
    }
  });

  test("the common frame names the choices each gym enables", () => {
    const text = flat(section(compatDoc, "## Common frame"));
    for (const gym of gyms) expect(text, gym).toMatch(new RegExp(`${gym} (enables )?${escapeRegExp(listed(gymRuntime(gym).choices))}`, "i"));
  });

  test("the persuade section names the default ladder's labels", () => {
    const text = gymSection("persuade");
    for (const label of DEFAULT_LADDER) expect(text, label).toContain(label);
  });

  test("quotes the fixed replies it describes as they are", () => {
    const text = flat(compatDoc);
    const quoted = [
      travelReplies.searchFallback,
      travelReplies.utteranceFallback,
      travelReplies.vague,
      travelReplies.absent,
      NEUTRAL_CHAT_REPLY,
      persuadeReplies.neutral,
      persuadeReplies.goalReached,
      persuadeReplies.finish,
      persuadeReplies.unconvinced[0]!("<claim>"),
      intentionReplies.neutral,
      intentionReplies.offTask,
      intentionReplies.allCovered,
      intentionReplies.noncommittal[0]!,
      intentionReplies.answer("<description>", "<answer>"),
      intentionReplies.undecided("<description>"),
    ];
    for (const reply of quoted) expect(text).toContain(reply);
  });
});
