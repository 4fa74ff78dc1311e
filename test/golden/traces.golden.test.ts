import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { createEnv } from "../../src/runtime/environment.js";
import { createLlmTravelSimulator, type LlmTravelSimulator } from "../../src/runtime/gyms/travel/llm-simulator.js";
import type { LlmClient } from "../../src/runtime/llm/client.js";
import { createLlmClient } from "../../src/runtime/llm/config.js";
import { applyOverrides } from "../../src/runtime/overrides.js";
import { rescoreEpisode } from "../../src/runtime/rescore.js";
import type { EpisodeOutcome, StepResult } from "../../src/runtime/types.js";
import { expectGolden, goldenCases } from "../support/golden.js";
import { FAKE_BASE_URL, readLlmScript, startScriptedLlm, type LlmCall, type ScriptedLlm } from "../support/trace-llm.js";

/**
 * Stage: a scenario and a scripted list of agent outputs -> the episode trace (feedback, rewards,
 * judgements, counters, outcome). By default the user is the built-in simulator. A case with an
 * `llm.json` runs the real LLM user simulator instead, against a local fake OpenAI-compatible
 * server that answers the search judge, the utterance judge and the persona from that file, by
 * call index (see test/support/trace-llm.ts); its trace also shows, per step, which calls were made
 * and what the fake answered. No retries and no cache, so each scripted failure is final and every
 * fallback path can be pinned. The fake server's URL (its port varies) is shown as FAKE_BASE_URL.
 * Regenerate with UBENCH_UPDATE_GOLDEN=1 and review the diff.
 */
const stage = join(import.meta.dirname, "traces");

interface Script {
  about: string;
  seed: number;
  set?: Record<string, string>;
  actions: string[];
}

/** The LLM user simulator against the scripted fake server: no retries, no cache, nothing from the environment. */
function scriptedSimulator(llm: ScriptedLlm): { simulator: LlmTravelSimulator; client: LlmClient } {
  const client = createLlmClient("user", { baseURL: llm.url, apiKey: "sk-golden-fake-key", cache: "off", maxRetries: 0, timeoutMs: 10_000 }, {});
  return { simulator: createLlmTravelSimulator({ model: "golden-user", client }), client };
}

describe("golden: episode traces", () => {
  for (const dir of goldenCases(stage)) {
    test(basename(dir), async () => {
      const text = readFileSync(join(dir, "input.ubench"), "utf8");
      const script = JSON.parse(readFileSync(join(dir, "script.json"), "utf8")) as Script;
      const { scenarios, diagnostics } = compileText(text, "input.ubench");
      expect(diagnostics).toEqual([]);
      const scenario = applyOverrides(scenarios[0]!.ir, script.set ?? {});

      const llmFile = join(dir, "llm.json");
      const llm = existsSync(llmFile) ? await startScriptedLlm(readLlmScript(llmFile)) : undefined;
      const { simulator, client } = llm ? scriptedSimulator(llm) : {};
      const steps: StepResult[] = [];
      const stepCalls: LlmCall[][] = [];
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
        // llm.json holds exactly the calls the episode made: none missing, none left over.
        expect(llm.problems).toEqual([]);
        expect(llm.unused()).toEqual([]);
      }

      const trace = {
        scenario: scenario.id,
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
      expect(json).not.toMatch(/127\.0\.0\.1|localhost/); // nothing run-specific in a trace
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
