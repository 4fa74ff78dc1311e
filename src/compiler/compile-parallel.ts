import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { compileFile, CompiledBundle, mergeFileResults, type CompileOptions, type CompileResult, type FileResult } from "./compile.js";
import type { SourceFile } from "./sources.js";

/** Below this much source text, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD_BYTES = 512 * 1024;

/**
 * Threads only where there are cores to spare. Compiling allocates heavily, and on one thread the
 * garbage collector's helper threads already keep a second core busy (CPU time is about 1.4x wall
 * time); on a 2-core machine, two compile threads made the 2,000-scenario benchmark slower
 * (0.73x-0.92x), each thread running at less than half its solo speed.
 */
const MIN_CORES_FOR_THREADS = 4;

function defaultThreads(): number {
  const cores = availableParallelism();
  return cores >= MIN_CORES_FOR_THREADS ? cores : 1;
}

const workerFile = fileURLToPath(new URL("./compile-worker.js", import.meta.url));

/**
 * Compiles files on every core (given four or more): each file compiles independently, so the
 * files are dealt out to worker threads (the main thread takes a share too) and the results
 * merged in file order. The output is byte-identical to compileSources; small inputs, and runs
 * from TypeScript sources (tests, where no built worker exists), compile on the main thread.
 */
export async function compileInParallel(
  sources: readonly SourceFile[],
  options: CompileOptions = {},
  { threads = defaultThreads(), minBytes = PARALLEL_THRESHOLD_BYTES } = {},
): Promise<CompileResult> {
  const totalBytes = sources.reduce((n, s) => n + s.text.length, 0);
  if (threads < 2 || sources.length < 2 || totalBytes < minBytes || !existsSync(workerFile)) {
    return mergeFileResults(sources.map((s) => compileFile(s, options)));
  }
  const shares = deal(sources, Math.min(threads, sources.length));
  const [own, ...others] = shares;
  const pending = others.map((share) => runWorker(share.map((i) => sources[i]!), options));
  const results = new Map<number, FileResult>();
  for (const i of own!) results.set(i, compileFile(sources[i]!, options));
  const workerResults = await Promise.all(pending);
  others.forEach((share, w) => share.forEach((i, k) => results.set(i, workerResults[w]![k]!)));
  return mergeFileResults(sources.map((_, i) => results.get(i)!));
}

/** Deals file indexes to `n` shares, largest files first, each to the lightest share so far. */
function deal(sources: readonly SourceFile[], n: number): number[][] {
  const shares = Array.from({ length: n }, () => ({ bytes: 0, files: [] as number[] }));
  const order = sources.map((s, i) => i).sort((a, b) => sources[b]!.text.length - sources[a]!.text.length || a - b);
  for (const i of order) {
    const lightest = shares.reduce((min, s) => (s.bytes < min.bytes ? s : min));
    lightest.bytes += sources[i]!.text.length;
    lightest.files.push(i);
  }
  return shares.map((s) => s.files.sort((a, b) => a - b));
}

function runWorker(sources: SourceFile[], options: CompileOptions): Promise<FileResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: { sources, options } });
    worker.once("message", (results: FileResult[]) => {
      resolve(results.map((r) => ({ ...r, scenarios: r.scenarios.map((s) => new CompiledBundle(s.json, s.file, s.summary)) })));
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`compile worker exited with code ${code}`));
    });
  });
}
