import { expect } from "vitest";
import type { Scenario } from "../../src/compiler/ir.js";
import type { EpisodeRecord } from "../../src/runtime/episode.js";
import { createEnv } from "../../src/runtime/environment.js";
import type { GymRuntime } from "../../src/runtime/gyms/gym-runtime.js";
import { SimulatorSpecError } from "../../src/runtime/simulator-spec.js";
import type { ResetResult } from "../../src/runtime/types.js";
import { playScripted } from "./scripted-episode.js";

/** Checks that every gym's runtime must pass, shared by the per-gym runtime tests (test/unit/runtime-<gym>.test.ts). */

/**
 * Resets over seeds 0 to 11: each opening is one of the scenario's two `phrasings`, both show up,
 * and reset's info is `info` with the seed. Returns the resets, for the gym's own checks.
 */
export async function expectOpeningsBySeed(scenario: Scenario, phrasings: readonly string[], info: { scenarioId: string; gym: string; choices: string[] }): Promise<ResetResult[]> {
  const resets: ResetResult[] = [];
  for (let seed = 0; seed < 12; seed++) {
    const reset = await createEnv(scenario).reset({ seed });
    expect(phrasings).toContain(reset.observation.feedback);
    expect(reset.info).toEqual({ ...info, seed });
    resets.push(reset);
  }
  expect(new Set(resets.map((r) => r.observation.feedback)).size).toBe(2);
  return resets;
}

/** The oracle reaches each scenario's maxReturn exactly with score 1, on seeds 0, 1 and 2, with no invalid turn or fallback. */
export async function expectOracleReachesMaxReturn(scenarios: readonly Scenario[]): Promise<void> {
  for (const scenario of scenarios) {
    for (const seed of [0, 1, 2]) {
      const record = await playScripted("scripted:oracle", scenario, seed);
      expect(record.return).toBe(scenario.maxReturn);
      expect(record).toMatchObject({ score: 1, success: true, status: "terminated", invalidTurns: 0, simulatorFallbacks: 0 });
    }
  }
}

/**
 * The null agent earns nothing in one turn; the random agent plays the same episode again for the
 * same seed, and different ones over seeds 0 to 5. Returns the random agent's episode for `seed`.
 */
export async function expectNullAndRandomAgents(scenario: Scenario, seed: number): Promise<EpisodeRecord> {
  expect(await playScripted("scripted:null", scenario)).toMatchObject({ return: 0, score: 0, turnCount: 1 });
  const random = await playScripted("scripted:random", scenario, seed);
  expect(JSON.stringify(await playScripted("scripted:random", scenario, seed))).toBe(JSON.stringify(random));
  const outputs = new Set<string>();
  for (let other = 0; other < 6; other++) outputs.add((await playScripted("scripted:random", scenario, other)).turns.map((t) => t.raw).join("|"));
  expect(outputs.size).toBeGreaterThan(1);
  return random;
}

/** Every summary metric of the gym reads counts that the outcome of an oracle episode on the scenario provides. */
export async function expectMetricsReadOutcomeCounts(runtime: GymRuntime, scenario: Scenario): Promise<void> {
  const record = await playScripted("scripted:oracle", scenario);
  for (const spec of runtime.metrics) {
    const keys = spec.kind === "ratio" ? [spec.numerator, spec.denominator] : [spec.of];
    for (const key of keys) expect(record.metrics).toHaveProperty(key);
  }
}

/** The gym's simulator specs: `builtin` and `openai:<model>` build a simulator of that spec; each of `refused` is a spec error. */
export function expectSimulatorSpecs(create: (spec: string, options?: Record<string, unknown>) => { spec: string }, refused: readonly string[]): void {
  expect(create("builtin").spec).toBe("builtin");
  expect(create("openai:m", { baseURL: "http://127.0.0.1:9/v1", apiKey: "k" }).spec).toBe("openai:m");
  for (const spec of refused) expect(() => create(spec)).toThrow(SimulatorSpecError);
}

/** A scenario's IR without its source and hash (they depend on the file), to compare what the compiler lowered. */
export function withoutSourceAndHash({ source: _source, hash: _hash, ...rest }: Scenario): Omit<Scenario, "source" | "hash"> {
  return rest;
}
