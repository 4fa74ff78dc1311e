import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, test } from "vitest";
import { compileFile } from "../../src/compiler/compile.js";
import { loadSources } from "../../src/compiler/sources.js";
import { repoRoot } from "../support/cli.js";

/**
 * The bundled `ubc` (scripts/build-cli.mjs writes dist/ubc/, bin/ubc.js runs it): what the rest
 * of the e2e tests cannot see from the outside. Its compile worker, started by path, is there and
 * works; its stack traces map back to src/; and the package npm would publish runs it.
 */

const bundle = join(repoRoot, "dist/ubc");
const bundleInputs = JSON.parse(readFileSync(join(bundle, "inputs.json"), "utf8")) as Record<string, string[]>;
const work = mkdtempSync(join(tmpdir(), "ubc-bundle-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the bundle's compile worker", () => {
  test("sits beside the code that starts it, which looks for ./compile-worker.js in its own folder", () => {
    const starters = Object.entries(bundleInputs).filter(([, inputs]) => inputs.includes("src/compiler/compile-parallel.ts"));
    expect(starters.length).toBeGreaterThan(0);
    for (const [file] of starters) expect(file).not.toContain("/");
    expect(bundleInputs["compile-worker.js"]).toContain("src/compiler/compile-worker.ts");
    expect(readFileSync(join(bundle, starters[0]![0]), "utf8")).toContain('new URL("./compile-worker.js", import.meta.url)');
  });

  test("compiles its share of the files in a worker thread, as compileFile does on the main thread", async () => {
    const { sources } = loadSources(["scenarios/travel"]);
    const share = sources.slice(0, 3);
    const results = await new Promise<{ scenarios: { json: string }[]; diagnostics: unknown[] }[]>((resolve, reject) => {
      const worker = new Worker(join(bundle, "compile-worker.js"), { workerData: { sources: share, options: {} } });
      worker.once("message", (message: { scenarios: { json: string }[]; diagnostics: unknown[] }[]) => {
        resolve(message);
        void worker.terminate();
      });
      worker.once("error", reject);
    });
    expect(results.map((r) => r.scenarios.map((s) => s.json))).toEqual(share.map((s) => compileFile(s).scenarios.map((c) => c.json)));
    expect(results.map((r) => r.diagnostics)).toEqual(share.map((s) => compileFile(s).diagnostics));
  });
});

describe("the bundle's source maps", () => {
  test("with --enable-source-maps, a stack trace from the bundle names the src/ file and line", () => {
    // Run outside a worker thread, the worker's first line fails: a genuine uncaught error.
    const result = spawnSync(process.execPath, ["--enable-source-maps", join(bundle, "compile-worker.js")], { encoding: "utf8", timeout: 60_000 });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/src\/compiler\/compile-worker\.ts:\d+:\d+/);
  });

  test("every file of the bundle has its map, and the maps name only files that exist (a dependency's own sources: its package)", () => {
    const files = Object.keys(bundleInputs);
    expect(files).toContain("ubc.js");
    for (const file of files) {
      const map = JSON.parse(readFileSync(join(bundle, `${file}.map`), "utf8")) as { sources: string[] };
      for (const source of map.sources) {
        // A dependency that ships source maps (the MCP SDK) names its src/ files, which its package does not ship; esbuild follows those maps.
        const dependency = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(source);
        const shipped = dependency ? join(bundle, dependency[1]!, "package.json") : join(bundle, source);
        expect(existsSync(shipped), `${file}.map: ${source}`).toBe(true);
      }
    }
  });
});

describe("the package npm would publish", () => {
  test("holds everything bin/ubc.js needs: the packed ubc prints its version and checks the scenarios", () => {
    const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(work, pack.stdout.trim().split("\n").pop()!);
    expect(spawnSync("tar", ["xzf", tarball, "-C", work]).status).toBe(0);
    const installed = join(work, "package");
    // What `npm install` would put beside it: the dependencies (the tokenizer stays external).
    symlinkSync(join(repoRoot, "node_modules"), join(installed, "node_modules"));
    const ubc = (args: string[]) => spawnSync(process.execPath, [join(installed, "bin/ubc.js"), ...args], { cwd: installed, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 });
    const version = ubc(["--version"]);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version);
    const check = ubc(["check", "scenarios"]);
    expect(check.stderr).toBe("");
    expect(check.stdout).toMatch(/^0 errors, 0 warnings in \d+ files/);
    expect(check.status).toBe(0);
  });
});
