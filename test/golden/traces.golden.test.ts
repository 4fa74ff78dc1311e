import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { createEnv } from "../../src/runtime/environment.js";
import { applyOverrides } from "../../src/runtime/overrides.js";
import { rescoreEpisode } from "../../src/runtime/rescore.js";
import type { StepResult } from "../../src/runtime/types.js";
import { expectGolden, goldenCases } from "../support/golden.js";

/**
 * Stage: a scenario and a scripted list of agent outputs -> the episode trace with the built-in
 * simulator (feedback, rewards, judgements, counters, outcome). Regenerate with
 * UBENCH_UPDATE_GOLDEN=1 and review the diff.
 */
const stage = join(import.meta.dirname, "traces");

interface Script {
  about: string;
  seed: number;
  set?: Record<string, string>;
  actions: string[];
}

describe("golden: episode traces", () => {
  for (const dir of goldenCases(stage)) {
    test(basename(dir), async () => {
      const text = readFileSync(join(dir, "input.ubench"), "utf8");
      const script = JSON.parse(readFileSync(join(dir, "script.json"), "utf8")) as Script;
      const { scenarios, diagnostics } = compileText(text, "input.ubench");
      expect(diagnostics).toEqual([]);
      const scenario = applyOverrides(scenarios[0]!.ir, script.set ?? {});
      const env = createEnv(scenario);
      const reset = await env.reset({ seed: script.seed });
      const steps: StepResult[] = [];
      for (const action of script.actions) {
        const step = await env.step(action);
        steps.push(step);
        if (step.terminated || step.truncated) break;
      }
      expect(steps).toHaveLength(script.actions.length); // a script never runs past the episode's end
      const trace = {
        scenario: scenario.id,
        seed: script.seed,
        maxReturn: scenario.maxReturn,
        opening: reset.observation.feedback,
        steps: steps.map((s, i) => ({
          output: script.actions[i],
          action: s.info.action,
          ...(s.info.invalid !== undefined && { invalid: s.info.invalid }),
          reward: s.reward,
          terminated: s.terminated,
          truncated: s.truncated,
          feedback: s.observation.feedback,
          judgements: s.info.judgements,
          counters: s.info.counters,
        })),
        return: Math.round(steps.reduce((n, s) => n + s.reward, 0) * 1e6) / 1e6,
        outcome: env.outcome!(),
      };
      expectGolden(join(dir, "expected.trace.json"), JSON.stringify(trace, null, 2) + "\n");

      // The recorded judgements alone re-score the trace exactly.
      const rescored = await rescoreEpisode(scenario, script.seed, script.actions, steps.map((s) => s.info.judgements));
      expect(rescored.rewards).toEqual(steps.map((s) => s.reward));
      expect(rescored.feedback).toEqual(steps.map((s) => s.observation.feedback));
    });
  }
});
