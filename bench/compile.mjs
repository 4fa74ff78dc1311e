// Compiler throughput: compiles a generated corpus of 2,000+ scenarios and prints scenarios/s,
// source MB/s, and the ratio to JSON.parse of the emitted IR measured in the same run.
// Targets (issue 2): the whole corpus under 3 s on a 2-core machine; peak memory under 500 MB.
import { compileSources } from "../dist/compiler/compile.js";
import { compileInParallel } from "../dist/compiler/compile-parallel.js";
import { generateCorpus } from "./corpus.mjs";

const COUNT = Number(process.env.BENCH_SCENARIOS ?? 2000);
const sources = generateCorpus(COUNT);
const sourceBytes = sources.reduce((n, s) => n + Buffer.byteLength(s.text), 0);

// Warm up the parser (self-analysis) and the JIT on a slice, outside the measurement.
compileSources(sources.slice(0, 5));


// What `ubc compile` does: compileInParallel picks the threads for this machine (one on 2 cores).
const start = performance.now();
const result = await compileInParallel(sources);
const compileMs = performance.now() - start;
// The kernel's high-water mark (a sampling timer would never fire during a synchronous compile).
const peakRss = process.resourceUsage().maxRSS * 1024;

// References measured in the same run: one thread, and two threads forced.
const startSerial = performance.now();
const serial = compileSources(sources);
const serialMs = performance.now() - startSerial;
const startThreads = performance.now();
const threaded = await compileInParallel(sources, {}, { threads: 2, minBytes: 0 });
const threadsMs = performance.now() - startThreads;
for (const other of [serial, threaded]) {
  if (other.scenarios.map((s) => s.json).join("") !== result.scenarios.map((s) => s.json).join("")) {
    console.error("compiles differ between thread counts");
    process.exit(1);
  }
}

const errors = result.diagnostics.filter((d) => d.severity === "error");
if (errors.length > 0 || result.scenarios.length !== COUNT) {
  console.error(`corpus did not compile cleanly: ${result.scenarios.length}/${COUNT} scenarios, ${errors.length} errors`);
  console.error(errors.slice(0, 3));
  process.exit(1);
}

const jsonTexts = result.scenarios.map((s) => s.json);
const irBytes = jsonTexts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const jsonStart = performance.now();
for (const text of jsonTexts) JSON.parse(text);
const jsonMs = performance.now() - jsonStart;

const mb = (bytes) => bytes / 1024 / 1024;
console.log(`compile: ${COUNT} scenarios, ${sources.length} files, ${mb(sourceBytes).toFixed(2)} MB source -> ${mb(irBytes).toFixed(2)} MB IR`);
console.log(`  total time       ${(compileMs / 1000).toFixed(2)} s   (target < 3 s)  ${compileMs < 3000 ? "ok" : "MISSED"}`);
const cores = (await import("node:os")).availableParallelism();
console.log(`  one thread       ${(serialMs / 1000).toFixed(2)} s   two threads forced ${(threadsMs / 1000).toFixed(2)} s (${(serialMs / threadsMs).toFixed(2)}x one thread, ${cores} cores)`);
console.log(`  scenarios/s      ${Math.round(COUNT / (compileMs / 1000))}`);
console.log(`  source MB/s      ${(mb(sourceBytes) / (compileMs / 1000)).toFixed(2)}`);
console.log(`  JSON.parse of IR ${jsonMs.toFixed(1)} ms -> compile is ${(compileMs / jsonMs).toFixed(1)}x JSON.parse`);
console.log(`  peak RSS         ${mb(peakRss).toFixed(0)} MB   (target < 500 MB)  ${mb(peakRss) < 500 ? "ok" : "MISSED"}`);
