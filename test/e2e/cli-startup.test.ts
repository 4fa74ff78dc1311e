import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { repoRoot } from "../support/cli.js";

/**
 * `ubc` start-up loads only what the invoked command needs (src/cli/main.ts): registering the
 * commands, printing the version or a command's help load commander and picocolors, never the
 * compiler (chevrotain), zod, ws, openai or hyparquet. The built binary runs with a module hook
 * that writes down every module it loads.
 */

const work = mkdtempSync(join(tmpdir(), "ubc-startup-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The file: URLs of every module `node <args>` loads, in load order. */
function modulesLoaded(args: string[]): string[] {
  const log = join(work, `loaded-${args.join("_").replace(/\W/g, "-")}.txt`);
  const hooks = `import { appendFileSync } from "node:fs";
export async function load(url, context, nextLoad) {
  appendFileSync(${JSON.stringify(log)}, url + "\\n");
  return nextLoad(url, context);
}`;
  const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const result = spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(register)}`, ...args], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(log, "utf8").split("\n").filter((url) => url.startsWith("file:"));
}

/** What `ubc <args>` loads; each invocation runs once and serves every test that asks. */
const ubcRuns = new Map<string, string[]>();
function ubcLoads(args: string[]): string[] {
  const key = args.join(" ");
  if (!ubcRuns.has(key)) {
    const urls = modulesLoaded([join(repoRoot, "bin/ubc.js"), ...args]);
    expect(urls.some((url) => url.endsWith("/dist/cli/main.js"))).toBe(true);
    ubcRuns.set(key, urls);
  }
  return ubcRuns.get(key)!;
}

/** The npm packages among loaded modules (scoped ones as @scope/name). */
function packagesOf(urls: readonly string[]): string[] {
  return [...new Set(urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []))].sort();
}

/** ubench's own modules among loaded modules, as paths under dist/. */
function ownModulesOf(urls: readonly string[]): string[] {
  return urls.flatMap((url) => /\/dist\/(.+)$/.exec(url)?.[1] ?? []);
}

const COMMANDS = ["compile", "check", "eval", "fmt", "import", "import userrl-intention", "import userrl-persuade", "new", "play", "advantages", "train", "report", "serve", "export", "export verl", "export sft"];
const HELP_RUNS = [["--help"], ...COMMANDS.map((command) => [...command.split(" "), "--help"])];

/**
 * The defaults, choices and parsers the registrations show or use (train's defaults and file
 * names, the Tinker losses, import's commands, serve's default user, eval's --set syntax, the
 * cache modes, eval's presets), each in
 * an import-free module beside the heavy module it belongs to, which re-exports it.
 */
const LIGHT_HOMES: Record<string, string[]> = {
  "rl/defaults.js": ["rl/train.js", "rl/ppo.js"],
  "rl/run-files.js": ["rl/train-run.js"],
  "rl/tinker/defaults.js": ["rl/tinker/train.js"],
  "rl/tinker/loss-fns.js": ["rl/tinker/wire.js"],
  "importers/userrl/kinds.js": ["importers/userrl/index.js"],
  "eval/defaults.js": ["eval/settings.js"],
  "runtime/override-syntax.js": ["runtime/overrides.js"],
  "runtime/llm/cache-modes.js": ["runtime/llm/cache.js"],
  "eval/presets.js": ["eval/settings.js"],
};

describe("ubc start-up", () => {
  test("ubc --version loads no chevrotain: commander and picocolors are its only packages", () => {
    const packages = packagesOf(ubcLoads(["--version"]));
    expect(packages).not.toContain("chevrotain");
    expect(packages).toEqual(["commander", "picocolors"]);
  });

  test("ubc --help and the --help of every command load the same two packages", () => {
    for (const args of HELP_RUNS) expect(packagesOf(ubcLoads(args)), `ubc ${args.join(" ")}`).toEqual(["commander", "picocolors"]);
  });
});

describe("the registrations take their defaults and choices from light modules", () => {
  test("each light module loads no other module, so importing it stays as cheap as it is", () => {
    for (const light of Object.keys(LIGHT_HOMES)) {
      expect(ownModulesOf(modulesLoaded([join(repoRoot, "dist", light)])), light).toEqual([light]);
    }
  });

  test("every --help loads the light modules, never the heavy ones they sit beside", () => {
    const loaded = new Set(HELP_RUNS.flatMap((args) => ownModulesOf(ubcLoads(args))));
    for (const [light, homes] of Object.entries(LIGHT_HOMES)) {
      expect(loaded.has(light), light).toBe(true);
      for (const home of homes) expect(loaded.has(home), home).toBe(false);
    }
  });
});
