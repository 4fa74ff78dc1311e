import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { intentionRewards } from "../../src/compiler/gyms/intention/settings.js";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { DEFAULT_CACHE_DIR, ResponseCache } from "../../src/runtime/llm/cache.js";
import { createLlmClient } from "../../src/runtime/llm/config.js";
import { applyOverrides } from "../../src/runtime/overrides.js";
import type { Judgement } from "../../src/runtime/types.js";
import { INTENTION_IR, intentionScenario, persuadeScenario } from "../support/gym-fixtures.js";
import { playSteps, resetEnv } from "../support/play-episode.js";
import { replayEnv } from "../support/replay-episode.js";

/**
 * What the docs say the code does where a reader would act on it: the travel score's clamp and
 * refusal (metrics.md), the seed differences compat.md states for persuade and intention, and
 * where the LLM cache lives (README, metrics.md). Each test plays the behaviour and finds the
 * doc's sentence, so either changing alone fails here.
 */

const root = join(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(join(root, file), "utf8").replace(/\s+/g, " ");
const metricsDoc = read("docs/metrics.md");
const compatDoc = read("docs/compat.md");
const readme = read("README.md");

function travelScenario(): TravelScenario {
  const dir = join(root, "scenarios/travel");
  const file = readdirSync(dir).filter((f) => f.endsWith(".ubench")).sort()[0]!;
  return compileText(readFileSync(join(dir, file), "utf8"), file).scenarios[0]!.ir as TravelScenario;
}

describe("docs/metrics.md: the travel score", () => {
  test("a negative rewards.wrong is a penalty in the return, not a score below 0, as documented", async () => {
    const scenario = applyOverrides(travelScenario(), { "rewards.wrong": "-0.5" });
    const env = await resetEnv(scenario);
    const wrongIds = scenario.aspects.map((a) => a.options.find((o) => o.role === "wrong")!.id);
    const steps = await playSteps(env, wrongIds.map((id) => `[answer] ${id}`));
    expect(steps.map((s) => s.reward)).toEqual(wrongIds.map(() => -0.5));
    expect(env.outcome!().score).toBe(0);
    expect(metricsDoc).toContain("`rewards.wrong / rewards.best`, clamped into 0 .. 1, which is 0");
    expect(metricsDoc).toContain("a negative `rewards.wrong` is a penalty in the return, not a score below 0");
  });

  test("rewards.correct above rewards.best is refused at run time, as documented", () => {
    expect(() => applyOverrides(travelScenario(), { "rewards.correct": "1.2" })).toThrow(/rewards\.correct \(1\.2\) is above rewards\.best/);
    expect(metricsDoc).toContain("a `rewards.correct` above `rewards.best` is refused, in a scenario by the compiler (UB2014) and at run time by `--set` (exit 2)");
  });

  test("the UserRL intention return example adds up the default importance rewards", () => {
    const { high, medium, low } = intentionRewards as Record<string, { default: number }>;
    const m = /returns the sum of the details' rewards \(([\d.]+) for a high, a medium and a low detail\)/.exec(metricsDoc);
    expect(m, "the example").not.toBeNull();
    expect(Number(m![1])).toBeCloseTo(high!.default + medium!.default + low!.default, 9);
  });
});

describe("docs/compat.md: persuade and intention against the seed", () => {
  test("text the seed would argue or ask is an invalid turn here, as each gym's choices section says", async () => {
    const cases = [
      { scenario: persuadeScenario(), inputs: ["[action] Remote work saves commuting time.", "[search] remote work studies", "Remote work saves commuting time."], heading: "#### Persuade choices", other: "`[action] ...`" },
      { scenario: intentionScenario(), inputs: ["[answer] What is your budget?", "[search] Paris budget", "What is your budget?"], heading: "#### Intention choices", other: "`[answer] ...`" },
    ];
    for (const { scenario, inputs, heading, other } of cases) {
      const env = await resetEnv(scenario);
      for (const step of await playSteps(env, inputs)) expect(step.info.invalid, `${scenario.gym}: ${inputs.join(" / ")}`).toEqual(expect.any(String));
      const text = compatDoc.slice(compatDoc.indexOf(heading), compatDoc.indexOf("####", compatDoc.indexOf(heading) + heading.length));
      expect(text, heading).toContain(`${other}, \`[search] ...\` and text without a tag are invalid turns`);
    }
  });

  test("an off-task judgement that names a detail still pays its importance's reward, the number compat.md states", async () => {
    const budget = INTENTION_IR.details.find((d) => d.importance === "medium")!;
    const { step } = await replayEnv(INTENTION_IR);
    const judgement: Judgement = { kind: "coverage", source: "llm", value: { onTask: false, covered: [budget.id] } };
    const result = await step("[action] What is your budget?", [judgement, { kind: "reply", source: "llm", value: { text: "Around 2000 euros." } }]);
    const stated = /covers D2 and pays `rewards\.medium` \(([\d.]+) by default, where the seed pays 0\)/.exec(compatDoc);
    expect(stated, "compat.md's off-task example").not.toBeNull();
    expect(result.reward).toBe(Number(stated![1]));
    expect(Number(stated![1])).toBe((intentionRewards.medium as { default: number }).default);
  });

  test("at intention's turn limit with details left only truncated is set, where the seed sets both", async () => {
    const env = await resetEnv(intentionScenario({ "knobs.max_turns": 1 }));
    const [last] = await playSteps(env, ["[action] How long will you stay in Paris?"]);
    expect({ terminated: last!.terminated, truncated: last!.truncated }).toEqual({ terminated: false, truncated: true });
    expect(compatDoc).toContain("At the turn limit with details left, the seed sets **both** flags");
    expect(compatDoc).toContain("Ours sets `truncated` alone there");
  });
});

describe("where the LLM cache lives", () => {
  test("README and metrics.md name the folder and file layout the client uses by default", () => {
    const client = createLlmClient("user", { baseURL: "http://127.0.0.1:9/v1", apiKey: "unused" });
    expect(client.describe().cacheDir).toBe(DEFAULT_CACHE_DIR);
    const key = "ab".padEnd(64, "0");
    expect(new ResponseCache(DEFAULT_CACHE_DIR, "off").file(key)).toBe(join(DEFAULT_CACHE_DIR, "ab", `${key}.json`));
    expect(readme).toContain(`The cache lives in \`${DEFAULT_CACHE_DIR}/\` under the directory \`ubc\` is run from`);
    expect(metricsDoc).toContain(`\`${DEFAULT_CACHE_DIR}/<first two hex digits of the key>/<key>.json\``);
    expect(metricsDoc).toContain("`cache_dir` in `agent_options` or `user_options`");
  });
});
