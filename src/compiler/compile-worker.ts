import { parentPort, workerData } from "node:worker_threads";
import { compileFile, type CompileOptions } from "./compile.js";
import type { SourceFile } from "./sources.js";

/** A worker of compileInParallel: compiles its share of the files and posts plain data back. */
const { sources, options } = workerData as { sources: SourceFile[]; options: CompileOptions };
const results = sources.map((source) => {
  const result = compileFile(source, options);
  return { ...result, scenarios: result.scenarios.map((s) => ({ json: s.json, file: s.file, summary: s.summary })) };
});
parentPort!.postMessage(results);
