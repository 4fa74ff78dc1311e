// Start-up of the `ubc` binary (issue 19): medians of interleaved runs of `node -e 0`,
// `ubc --version` and `ubc check <one file>`, and each one's ratio to its reference measured in
// the same run. Targets on a 2-core machine: `ubc --version` within 1.5x of `node -e 0`, and
// `ubc check` of one file within 3x of it. Interleaving the three spreads the noise of a shared
// machine evenly over them; the median ignores the odd run that lost its core.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 21);
const root = fileURLToPath(new URL("..", import.meta.url));
const bin = fileURLToPath(new URL("../bin/ubc.js", import.meta.url));
const file = "scenarios/travel/austin_family.ubench";

const cases = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "ubc --version", args: [bin, "--version"], reference: "node -e 0", target: 1.5 },
  { name: `ubc check ${file}`, args: [bin, "check", file], reference: "node -e 0", target: 3 },
];

/** Wall time of one run in ms; a run that fails ends the benchmark (a fast failure proves nothing). */
function timeRun({ name, args }) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    console.error(`${name} exited with ${result.status}: ${result.stderr}`);
    process.exit(1);
  }
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

for (const c of cases) timeRun(c); // warm the file-system cache, outside the measurement
const times = new Map(cases.map((c) => [c.name, []]));
for (let i = 0; i < RUNS; i++) for (const c of cases) times.get(c.name).push(timeRun(c));

const medians = new Map(cases.map((c) => [c.name, median(times.get(c.name))]));
console.log(`start-up, median of ${RUNS} interleaved runs:`);
for (const c of cases) {
  const ms = medians.get(c.name);
  const ratio = c.reference ? `  ${(ms / medians.get(c.reference)).toFixed(2)}x ${c.reference} (target ${c.target}x)` : "";
  console.log(`  ${c.name.padEnd(52)} ${ms.toFixed(0).padStart(5)} ms${ratio}`);
}
