import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { goldenCases } from "../support/golden.js";
import { expectGoldenTrace, playTraceCase, readTraceCase } from "../support/golden-trace.js";

/**
 * Stage: a scenario and a scripted list of agent outputs -> the episode trace (feedback, rewards,
 * judgements, counters, outcome). By default the user is the built-in simulator. A case with an
 * `llm.json` runs the real LLM user simulator instead, against a local fake OpenAI-compatible
 * server that answers the search judge, the utterance judge and the persona from that file, by
 * call index (see test/support/trace-llm.ts); its trace also shows, per step, which calls were made
 * and what the fake answered. No retries and no cache, so each scripted failure is final and every
 * fallback path can be pinned. The fake server's URL (its port varies) is shown as FAKE_BASE_URL.
 * Every trace is then re-scored from its recorded judgements alone (test/support/golden-trace.ts).
 * Regenerate with UBENCH_UPDATE_GOLDEN=1 and review the diff.
 */
const stage = join(import.meta.dirname, "traces");

describe("golden: episode traces", () => {
  for (const dir of goldenCases(stage)) {
    test(basename(dir), async () => {
      const traceCase = readTraceCase(dir);
      expect(traceCase.diagnostics).toEqual([]);
      const played = await playTraceCase(dir, traceCase);
      await expectGoldenTrace(dir, { scenario: traceCase.scenario.id }, traceCase, played);
    });
  }
});
