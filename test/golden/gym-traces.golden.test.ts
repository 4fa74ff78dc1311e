import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { createEnv } from "../../src/runtime/environment.js";
import { createLlmIntentionSimulator } from "../../src/runtime/gyms/intention/llm-simulator.js";
import { createLlmPersuadeSimulator } from "../../src/runtime/gyms/persuade/llm-simulator.js";
import { createLlmClient } from "../../src/runtime/llm/config.js";
import { applyOverrides } from "../../src/runtime/overrides.js";
import { rescoreEpisode } from "../../src/runtime/rescore.js";
import type { EpisodeOutcome, StepResult } from "../../src/runtime/types.js";
import { expectGolden, goldenCases } from "../support/golden.js";
import { GymLlmScript, startGymScriptedLlm, type GymLlmCall, type GymScriptedLlm } from "../support/gym-fixtures.js";
import { FAKE_BASE_URL } from "../support/trace-llm.js";

/**
 * Stage: a persuade or intention scenario and a scripted list of agent outputs -> the episode
 * trace (feedback, rewards, judgements, counters, outcome). By default the user is the built-in
 * simulator. A case with an `llm.json` runs the gym's LLM simulator instead, against a local fake
 * OpenAI-compatible server that answers the persona (and, for intention, the judge) from that
 * file by call index (test/support/gym-fixtures.ts); its trace shows per step which calls were
 * made and what the fake answered. No retries and no cache, so each scripted failure is final.
 * Every trace is then re-scored from its recorded judgements alone, with no simulator.
 * Regenerate with UBENCH_UPDATE_GOLDEN=1 and review the diff.
 */

interface Script {
  about: string;
  seed: number;
  set?: Record<string, string>;
  actions: string[];
}

const STAGES = [
  { gym: "persuade", dir: join(import.meta.dirname, "persuade-traces") },
  { gym: "intention", dir: join(import.meta.dirname, "intention-traces") },
] as const;

function scriptedSimulator(gym: "persuade" | "intention", llm: GymScriptedLlm) {
  const client = createLlmClient("user", { baseURL: llm.url, apiKey: "sk-golden-fake-key", cache: "off", maxRetries: 0, timeoutMs: 10_000 }, {});
  const simulator = gym === "persuade" ? createLlmPersuadeSimulator({ model: "golden-user", client }) : createLlmIntentionSimulator({ model: "golden-user", client });
  return { simulator, client };
}

for (const { gym, dir: stage } of STAGES) {
  describe(`golden: ${gym} episode traces`, () => {
    for (const dir of goldenCases(stage)) {
      test(basename(dir), async () => {
        const text = readFileSync(join(dir, "input.ubench"), "utf8");
        const script = JSON.parse(readFileSync(join(dir, "script.json"), "utf8")) as Script;
        const { scenarios, diagnostics } = compileText(text, "input.ubench");
        expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const scenario = applyOverrides(scenarios[0]!.ir, script.set ?? {});
        expect(scenario.gym).toBe(gym);

        const llmFile = join(dir, "llm.json");
        const llm = existsSync(llmFile) ? await startGymScriptedLlm(gym, GymLlmScript.parse(JSON.parse(readFileSync(llmFile, "utf8")))) : undefined;
        const { simulator, client } = llm ? scriptedSimulator(gym, llm) : {};
        const steps: StepResult[] = [];
        const stepCalls: GymLlmCall[][] = [];
        let opening: string;
        let outcome: EpisodeOutcome | undefined;
        try {
          const env = createEnv(scenario, simulator ? { simulator } : {});
          const reset = await env.reset({ seed: script.seed });
          opening = reset.observation.feedback;
          for (const action of script.actions) {
            const before = llm?.calls.length ?? 0;
            const step = await env.step(action);
            steps.push(step);
            stepCalls.push(llm?.calls.slice(before) ?? []);
            if (step.terminated || step.truncated) break;
          }
          outcome = env.outcome!();
        } finally {
          client?.close();
          await llm?.close();
        }
        expect(steps).toHaveLength(script.actions.length); // a script never runs past the episode's end
        if (llm) {
          expect(llm.problems).toEqual([]);
          expect(llm.unused()).toEqual([]);
        }

        const trace = {
          scenario: scenario.id,
          gym,
          ...(simulator && { user: simulator.spec }),
          seed: script.seed,
          maxReturn: scenario.maxReturn,
          opening,
          steps: steps.map((s, i) => ({
            output: script.actions[i],
            action: s.info.action,
            ...(s.info.invalid !== undefined && { invalid: s.info.invalid }),
            reward: s.reward,
            terminated: s.terminated,
            truncated: s.truncated,
            feedback: s.observation.feedback,
            ...(llm && { llm: stepCalls[i] }),
            judgements: s.info.judgements,
            counters: s.info.counters,
          })),
          return: Math.round(steps.reduce((n, s) => n + s.reward, 0) * 1e6) / 1e6,
          outcome,
        };
        let json = JSON.stringify(trace, null, 2) + "\n";
        if (llm) json = json.split(llm.url).join(FAKE_BASE_URL);
        expect(json).not.toMatch(/127\.0\.0\.1|localhost/);
        expectGolden(join(dir, "expected.trace.json"), json);

        // The recorded judgements alone re-score the trace exactly (fallbacks included: no LLM needed).
        const rescored = await rescoreEpisode(scenario, script.seed, script.actions, steps.map((s) => s.info.judgements));
        expect(rescored.rewards).toEqual(steps.map((s) => s.reward));
        expect(rescored.feedback).toEqual(steps.map((s) => s.observation.feedback));
        expect(rescored.outcome).toEqual(outcome);
        expect([rescored.terminated, rescored.truncated]).toEqual([steps.at(-1)!.terminated, steps.at(-1)!.truncated]);
      });
    }
  });
}
