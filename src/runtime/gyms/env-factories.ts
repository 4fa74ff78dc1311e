import type { Scenario } from "../../compiler/ir.js";
import type { Env, Judgement } from "../types.js";
import type { GymRuntime } from "./gym-runtime.js";

/** A gym's env class, as the runtime constructs it. */
type EnvClass<S extends Scenario, Simulator> = new (scenario: S, options: { simulator: Simulator; showReward?: boolean }) => Env;

/** A gym's recorded simulator: answers from the judgements a replay feeds it (recorded-judgements.ts). */
type RecordedClass<Simulator> = new () => Simulator & { feed(judgements: readonly Judgement[]): void; finish(): void };

/**
 * How every gym's runtime builds its envs: a run's env talks to the simulator the options hold,
 * or else to one made from the user spec ("builtin" unless given); a replay's env talks to a
 * recorded simulator that the caller feeds each step's judgements.
 */
export function envFactories<S extends Scenario, Simulator>(
  GymEnv: EnvClass<S, Simulator>,
  createSimulator: (spec: string, options?: Record<string, unknown>) => Simulator,
  RecordedSimulator: RecordedClass<Simulator>,
): Pick<GymRuntime, "createEnv" | "createSimulator" | "createReplayEnv"> {
  return {
    createEnv(scenario, options) {
      const simulator = (options.simulator as Simulator | undefined) ?? createSimulator(options.user ?? "builtin", options.userOptions);
      return new GymEnv(scenario as S, { simulator, showReward: options.showReward ?? false });
    },
    createSimulator: (user, options) => createSimulator(user, options),
    createReplayEnv(scenario) {
      const simulator = new RecordedSimulator();
      return { env: new GymEnv(scenario as S, { simulator }), feed: (j) => simulator.feed(j), finish: () => simulator.finish() };
    },
  };
}
