import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import type { Scenario } from "../../src/compiler/ir.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { createEnv } from "../../src/runtime/environment.js";
import { applyOverrides } from "../../src/runtime/overrides.js";
import type { EpisodeOutcome, StepResult } from "../../src/runtime/types.js";
import { expectGolden } from "./golden.js";
import { playUntilEnd } from "./play-episode.js";
import { expectRescoresExactly } from "./rescore-check.js";
import { FAKE_BASE_URL, readLlmScript, scriptedUser, startScriptedLlm, type LlmCall } from "./trace-llm.js";

/**
 * One golden episode-trace case (a folder with input.ubench, script.json, expected.trace.json and
 * optionally llm.json), for every gym: the scenario and a scripted list of agent outputs -> the
 * episode trace (feedback, rewards, judgements, counters, outcome). By default the user is the
 * built-in simulator; with an `llm.json` it is the gym's LLM simulator against a local fake server
 * scripted by that file (test/support/trace-llm.ts), and the trace shows per step which calls were
 * made and what the fake answered. Every trace is then re-scored from its recorded judgements alone.
 */

export interface TraceScript {
  about: string;
  seed: number;
  set?: Record<string, string>;
  actions: string[];
}

export interface TraceCase {
  /** The compiled scenario, with the script's `set` overrides applied. */
  scenario: Scenario;
  script: TraceScript;
  /** Everything the compiler reported for input.ubench. */
  diagnostics: Diagnostic[];
}

export function readTraceCase(dir: string): TraceCase {
  const text = readFileSync(join(dir, "input.ubench"), "utf8");
  const script = JSON.parse(readFileSync(join(dir, "script.json"), "utf8")) as TraceScript;
  const { scenarios, diagnostics } = compileText(text, "input.ubench");
  return { scenario: applyOverrides(scenarios[0]!.ir, script.set ?? {}), script, diagnostics };
}

export interface PlayedTrace {
  /** The LLM user's spec, when the case has an llm.json. */
  user?: string;
  opening: string;
  steps: StepResult[];
  /** Per step, the scripted LLM calls it made (only with an llm.json). */
  stepCalls?: LlmCall[][];
  outcome: EpisodeOutcome | undefined;
  /** The fake server's URL, to hide from the trace (only with an llm.json). */
  llmUrl?: string;
}

/**
 * Plays the case's script to its end. With an llm.json the user is scripted at the network edge,
 * with no retries and no cache, so each scripted failure is final; the script must then hold
 * exactly the calls the episode made.
 */
export async function playTraceCase(dir: string, { scenario, script }: TraceCase): Promise<PlayedTrace> {
  const llmFile = join(dir, "llm.json");
  const llm = existsSync(llmFile) ? await startScriptedLlm(scenario.gym, readLlmScript(scenario.gym, llmFile)) : undefined;
  const { simulator, client } = llm ? scriptedUser(scenario.gym, llm) : {};
  const stepCalls: LlmCall[][] = [];
  let played: { opening: string; steps: StepResult[]; outcome: EpisodeOutcome | undefined };
  try {
    const env = createEnv(scenario, simulator ? { simulator } : {});
    const reset = await env.reset({ seed: script.seed });
    let seen = llm?.calls.length ?? 0;
    const steps = await playUntilEnd(env, script.actions, () => {
      stepCalls.push(llm?.calls.slice(seen) ?? []);
      seen = llm?.calls.length ?? 0;
    });
    played = { opening: reset.observation.feedback, steps, outcome: env.outcome!() };
  } finally {
    client?.close();
    await llm?.close();
  }
  expect(played.steps).toHaveLength(script.actions.length); // a script never runs past the episode's end
  if (!llm) return played;
  // llm.json holds exactly the calls the episode made: none missing, none left over.
  expect(llm.problems).toEqual([]);
  expect(llm.unused()).toEqual([]);
  return { ...played, user: simulator!.spec, stepCalls, llmUrl: llm.url };
}

/** The trace as written to expected.trace.json: `head` first, then the episode; the fake server's URL (its port varies) is shown as FAKE_BASE_URL. */
function traceJson(head: Record<string, unknown>, { scenario, script }: TraceCase, played: PlayedTrace): string {
  const { steps, stepCalls } = played;
  const trace = {
    ...head,
    ...(played.user !== undefined && { user: played.user }),
    seed: script.seed,
    maxReturn: scenario.maxReturn,
    opening: played.opening,
    steps: steps.map((s, i) => ({
      output: script.actions[i],
      action: s.info.action,
      ...(s.info.invalid !== undefined && { invalid: s.info.invalid }),
      reward: s.reward,
      terminated: s.terminated,
      truncated: s.truncated,
      feedback: s.observation.feedback,
      ...(stepCalls && { llm: stepCalls[i] }),
      judgements: s.info.judgements,
      counters: s.info.counters,
    })),
    return: Math.round(steps.reduce((n, s) => n + s.reward, 0) * 1e6) / 1e6,
    outcome: played.outcome,
  };
  let json = JSON.stringify(trace, null, 2) + "\n";
  if (played.llmUrl !== undefined) json = json.split(played.llmUrl).join(FAKE_BASE_URL);
  expect(json).not.toMatch(/127\.0\.0\.1|localhost/); // nothing run-specific in a trace
  return json;
}

/**
 * The played trace matches the case's expected.trace.json (`head` leads it: the scenario's id and
 * whatever the stage adds), and the recorded judgements alone re-score it exactly (fallbacks
 * included: no LLM needed).
 */
export async function expectGoldenTrace(dir: string, head: Record<string, unknown>, traceCase: TraceCase, played: PlayedTrace): Promise<void> {
  expectGolden(join(dir, "expected.trace.json"), traceJson(head, traceCase, played));
  const { scenario, script } = traceCase;
  const rescored = await expectRescoresExactly(scenario, script.seed, script.actions, played.steps);
  expect(rescored.outcome).toEqual(played.outcome);
  expect([rescored.terminated, rescored.truncated]).toEqual([played.steps.at(-1)!.terminated, played.steps.at(-1)!.truncated]);
}
