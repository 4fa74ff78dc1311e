// Credit assignment throughput (issue 5): turn credits, trajectory scores, group-relative
// advantages and their spread over turns, for one training batch of 128 groups × 8 trajectories ×
// 16 turns with token counts. Reports the median time per batch (target: under 10 ms) for every
// turn credit × trajectory score, and a reference measured in the same run — a plain loop summing
// the same rewards — so the ratio travels between machines. Prints figures; asserts nothing.
import { assignCredit } from "../dist/rl/advantages.js";
import { TURN_CREDITS } from "../dist/rl/credit.js";
import { TRAJECTORY_SCORES } from "../dist/rl/score.js";

const GROUPS = 128;
const TRAJECTORIES = 8;
const TURNS = 16;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

// A small seeded generator, so every run measures the same batch.
let state = 12345;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);

// Sparse, UserRL-like rewards: most turns earn 0, some a partial 0.1–0.5, a few a full 1.
const batch = Array.from({ length: GROUPS }, () =>
  Array.from({ length: TRAJECTORIES }, () => ({
    rewards: Array.from({ length: TURNS }, () => {
      const u = random();
      return u < 0.7 ? 0 : u < 0.95 ? Math.round(random() * 40 + 10) / 100 : 1;
    }),
    tokens: Array.from({ length: TURNS }, () => 5 + Math.floor(random() * 120)),
  })),
);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median ms of `fn` over RUNS runs, after a warm-up; `sink` keeps the work from being optimised away. */
let sink = 0;
function time(fn) {
  for (let i = 0; i < 50; i++) sink += fn();
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    sink += fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const rows = [];
for (const turnCredit of TURN_CREDITS) {
  for (const trajectoryScore of TRAJECTORY_SCORES) {
    const ms = time(() => assignCredit(batch, { gamma: 0.8, turnCredit, trajectoryScore })[0][0].advantage);
    rows.push({ turnCredit, trajectoryScore, ms });
  }
}

// The reference: touch the same 16,384 rewards once, summing them in a plain loop (repeated 100
// times per sample so the timer's resolution does not dominate).
const referenceMs =
  time(() => {
    let total = 0;
    for (let r = 0; r < 100; r++) for (const group of batch) for (const t of group) for (let k = 0; k < t.rewards.length; k++) total += t.rewards[k];
    return total;
  }) / 100;

const defaults = rows.find((r) => r.turnCredit === "equalized" && r.trajectoryScore === "r2g");
const worst = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
console.log(`credit assignment: ${GROUPS} groups × ${TRAJECTORIES} trajectories × ${TURNS} turns (${GROUPS * TRAJECTORIES * TURNS} turns), median of ${RUNS} runs`);
for (const r of rows) console.log(`  ${`${r.turnCredit} + ${r.trajectoryScore}`.padEnd(22)} ${r.ms.toFixed(3)} ms/batch`);
console.log(`  default (equalized + r2g) ${defaults.ms.toFixed(3)} ms/batch   (target < 10 ms)  ${defaults.ms < 10 ? "ok" : "MISSED"}`);
console.log(`  slowest (${worst.turnCredit} + ${worst.trajectoryScore})  ${worst.ms.toFixed(3)} ms/batch  ${worst.ms < 10 ? "ok" : "MISSED"}`);
console.log(`  reference: plain loop summing the same rewards ${(referenceMs * 1000).toFixed(2)} µs -> credit assignment costs ${(defaults.ms / referenceMs).toFixed(0)}x that (default)`);
if (Number.isNaN(sink)) console.log("  (sink is NaN)");
