import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { episodeFactory } from "../../src/runtime/episode-factory.js";
import { createEnv } from "../../src/runtime/environment.js";
import { runtimeFor } from "../../src/runtime/gyms/registry.js";
import { SimulatorSpecError } from "../../src/runtime/simulator-spec.js";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { repoRoot } from "../support/cli.js";

/** The one wiring of an episode that eval, rl, serve, export and play share (src/runtime/episode-factory.ts). */

const { scenarios } = loadScenarios([join(repoRoot, "scenarios")]);
const ofGym = (gym: string) => scenarios.filter((s) => s.gym === gym);

describe("episode factory", () => {
  test("the shipped scenarios cover several gyms, with more than one scenario in a gym", () => {
    expect(new Set(scenarios.map((s) => s.gym)).size).toBeGreaterThanOrEqual(3);
    expect(ofGym("travel").length).toBeGreaterThanOrEqual(2);
  });

  test("one simulator per gym, made at once for the named scenarios and shared by every env of the gym", () => {
    const episodes = episodeFactory({ scenarios });
    const gyms = [...new Set(scenarios.map((s) => s.gym))];
    expect(episodes.simulators()).toHaveLength(gyms.length);
    const [a, b] = ofGym("travel");
    expect(episodes.simulator(a!)).toBe(episodes.simulator(b!));
    expect(episodes.simulator(a!)).not.toBe(episodes.simulator(ofGym("persuade")[0]!));
    episodes.env(a!);
    episodes.env(b!);
    expect(episodes.simulators()).toHaveLength(gyms.length);
  });

  test("a gym the options did not name gets its simulator on first use", () => {
    const travel = ofGym("travel")[0]!;
    const intention = ofGym("intention")[0]!;
    const episodes = episodeFactory({ scenarios: [travel] });
    expect(episodes.simulators()).toHaveLength(1);
    episodes.env(intention);
    expect(episodes.simulators()).toHaveLength(2);
    expect(episodes.simulators()[1]).toBe(episodes.simulator(intention));
  });

  test("envs and system prompts are those of the gym's runtime: same opening for the same seed", async () => {
    const episodes = episodeFactory({ scenarios });
    for (const scenario of new Map(scenarios.map((s) => [s.gym, s])).values()) {
      expect(episodes.systemPrompt(scenario)).toBe(runtimeFor(scenario).agentSystemPrompt(scenario));
      expect(episodes.systemPrompt(scenario).length).toBeGreaterThan(0);
      const ours = await episodes.env(scenario).reset({ seed: 7 });
      const direct = await createEnv(scenario, { user: "builtin" }).reset({ seed: 7 });
      expect(ours.observation.feedback).toBe(direct.observation.feedback);
    }
  });

  test("the user spec defaults to builtin; an unknown one fails when the factory is made, before any episode", () => {
    expect(episodeFactory({ scenarios: [] }).user).toBe("builtin");
    expect(() => episodeFactory({ scenarios, user: "nobody:x" })).toThrow(SimulatorSpecError);
  });
});
