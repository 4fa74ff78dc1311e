// Environment throughput: steps per second of the travel env with the built-in simulator on one
// core, over a mix of good and careless actions, and the ratio to a bare loop that JSON.parses
// each step's observation (measured in the same run, so the ratio travels between machines).
// Target (issue 3): more than 50,000 steps/s.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileSources } from "../dist/compiler/compile.js";
import { oraclePlan, randomTravelAction } from "../dist/runtime/gyms/travel/plans.js";
import { renderAction } from "../dist/runtime/actions.js";
import { createEnv } from "../dist/runtime/environment.js";
import { createRng } from "../dist/runtime/rng.js";
import { generateCorpus } from "./corpus.mjs";

const STEPS = Number(process.env.BENCH_STEPS ?? 300_000);
const folder = new URL("../scenarios/travel/", import.meta.url).pathname;
const files = readdirSync(folder).filter((f) => f.endsWith(".ubench"));
const sources = [...files.map((f) => ({ path: join(folder, f), text: readFileSync(join(folder, f), "utf8") })), ...generateCorpus(40)];
const scenarios = compileSources(sources).scenarios.map((s) => s.ir);

// Scripts are rendered to text up front, so the agent's cost is not in the measurement; half
// the episodes follow the oracle's plan, half are random (searches, questions, answers).
const rng = createRng(1);
const scripts = scenarios.flatMap((scenario) => [
  { scenario, actions: oraclePlan(scenario).map(renderAction) },
  { scenario, actions: Array.from({ length: 40 }, () => renderAction(randomTravelAction(scenario, rng))) },
]);

async function run(steps) {
  const observations = [];
  let done = 0;
  let episode = 0;
  const start = performance.now();
  while (done < steps) {
    const script = scripts[episode % scripts.length];
    const env = createEnv(script.scenario);
    await env.reset({ seed: episode++ });
    for (const action of script.actions) {
      const result = await env.step(action);
      done++;
      if (observations.length < 20_000) observations.push(result.observation);
      if (result.terminated || result.truncated) break;
    }
  }
  return { ms: performance.now() - start, done, episodes: episode, observations };
}

await run(20_000); // warm up the JIT
const { ms, done, episodes, observations } = await run(STEPS);

const texts = observations.map((o) => JSON.stringify(o));
const jsonStart = performance.now();
let parsed = 0;
while (parsed < done) for (let i = 0; i < texts.length && parsed < done; i++, parsed++) JSON.parse(texts[i]);
const jsonMs = performance.now() - jsonStart;

const perSecond = Math.round(done / (ms / 1000));
console.log(`env steps: ${scenarios.length} scenarios, ${episodes} episodes, ${done} steps (builtin simulator, one core)`);
console.log(`  steps/s              ${perSecond}   (target > 50000)  ${perSecond > 50_000 ? "ok" : "MISSED"}`);
console.log(`  µs per step          ${((ms * 1000) / done).toFixed(2)}`);
console.log(`  JSON.parse of obs    ${Math.round(done / (jsonMs / 1000))}/s -> a step costs ${(ms / jsonMs).toFixed(1)}x a JSON.parse of its observation`);
