import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { goldenCases } from "../support/golden.js";
import { expectGoldenTrace, playTraceCase, readTraceCase } from "../support/golden-trace.js";

/**
 * Stage: a persuade or intention scenario and a scripted list of agent outputs -> the episode
 * trace (feedback, rewards, judgements, counters, outcome). By default the user is the built-in
 * simulator. A case with an `llm.json` runs the gym's LLM simulator instead, against a local fake
 * OpenAI-compatible server that answers the persona (and, for intention, the judge) from that
 * file by call index (test/support/trace-llm.ts); its trace shows per step which calls were
 * made and what the fake answered. No retries and no cache, so each scripted failure is final.
 * Every trace is then re-scored from its recorded judgements alone, with no simulator
 * (test/support/golden-trace.ts). Regenerate with UBENCH_UPDATE_GOLDEN=1 and review the diff.
 */

const STAGES = [
  { gym: "persuade", dir: join(import.meta.dirname, "persuade-traces") },
  { gym: "intention", dir: join(import.meta.dirname, "intention-traces") },
] as const;

for (const { gym, dir: stage } of STAGES) {
  describe(`golden: ${gym} episode traces`, () => {
    for (const dir of goldenCases(stage)) {
      test(basename(dir), async () => {
        const traceCase = readTraceCase(dir);
        expect(traceCase.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(traceCase.scenario.gym).toBe(gym);
        const played = await playTraceCase(dir, traceCase);
        await expectGoldenTrace(dir, { scenario: traceCase.scenario.id, gym }, traceCase, played);
      });
    }
  });
}
