// Training throughput of the softmax policy (issue 5): episodes per second of sampled rollouts
// with the built-in simulator, and the time of one update (4 Adam steps on the clipped objective),
// over scenarios/travel with groups of 8. Also prints the curve's start and end so a slowdown
// that comes with a behaviour change is visible. Prints figures; asserts nothing.
import { loadScenarios } from "../dist/runs/scenarios.js";
import { DEFAULT_PPO } from "../dist/rl/ppo.js";
import { train } from "../dist/rl/train.js";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 10);
const { scenarios } = loadScenarios([new URL("../scenarios/travel", import.meta.url).pathname]);
const started = performance.now();
const { metrics } = await train({
  scenarios,
  group: 8,
  iterations: ITERATIONS,
  credit: { gamma: 0.8, turnCredit: "equalized", trajectoryScore: "sum" },
  lr: 0.1,
  epochs: 4,
  ppo: DEFAULT_PPO,
  seed: 0,
});
const seconds = (performance.now() - started) / 1000;
const episodes = metrics.reduce((n, m) => n + m.episodes, 0);
const turns = metrics.reduce((n, m) => n + m.episodes * m.meanTurns, 0);
console.log(`${scenarios.length} travel scenarios × 8 trajectories × ${ITERATIONS} iterations: ${episodes} episodes, ${Math.round(turns)} turns in ${seconds.toFixed(2)} s`);
console.log(`throughput: ${(episodes / seconds).toFixed(0)} episodes/s (${(turns / seconds).toFixed(0)} turns/s), rollouts and updates included`);
console.log(`mean score: ${metrics[0].meanScore.toFixed(3)} (iteration 0) → ${metrics.at(-1).meanScore.toFixed(3)} (iteration ${ITERATIONS - 1})`);
