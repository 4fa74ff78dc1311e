import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { CURVE_FILE, DEFAULT_PPO, DEFAULT_TINKER_FLAGS, DEFAULT_TRAIN, DEFAULT_USER, LOSS_FNS, METRICS_FILE, parseOverride, POLICY_FILE, USERRL_COMMANDS } from "../../src/cli/light-copies.js";
import { DEFAULTS } from "../../src/eval/settings.js";
import { userRlKinds } from "../../src/importers/userrl/index.js";
import { DEFAULT_PPO as PPO } from "../../src/rl/ppo.js";
import { DEFAULT_TINKER_TRAIN } from "../../src/rl/tinker/defaults.js";
import { LOSS_FNS as TINKER_LOSS_FNS } from "../../src/rl/tinker/wire.js";
import { DEFAULT_TRAIN as TRAIN } from "../../src/rl/train.js";
import * as trainRun from "../../src/rl/train-run.js";
import { parseOverride as parseOverrideOriginal } from "../../src/runtime/overrides.js";
import { repoRoot } from "../support/cli.js";

/**
 * `ubc` start-up loads only what the invoked command needs (src/cli/main.ts): registering the
 * commands, printing the version or a command's help load commander and picocolors, never the
 * compiler (chevrotain), zod, ws, openai or hyparquet. The built binary runs with a module hook
 * that writes down every module it loads.
 */

const work = mkdtempSync(join(tmpdir(), "ubc-startup-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The npm packages `ubc <args>` loads (scoped ones as @scope/name). */
function packagesLoaded(args: string[]): Set<string> {
  const log = join(work, `loaded-${args.join("_").replace(/\W/g, "-")}.txt`);
  const hooks = `import { appendFileSync } from "node:fs";
export async function load(url, context, nextLoad) {
  appendFileSync(${JSON.stringify(log)}, url + "\\n");
  return nextLoad(url, context);
}`;
  const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const result = spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(register)}`, join(repoRoot, "bin/ubc.js"), ...args], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  const urls = readFileSync(log, "utf8").split("\n").filter(Boolean);
  expect(urls.some((url) => url.endsWith("/dist/cli/main.js"))).toBe(true);
  return new Set(urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));
}

const COMMANDS = ["compile", "check", "eval", "fmt", "import", "import userrl-intention", "import userrl-persuade", "new", "advantages", "train", "report", "serve", "export", "export verl", "export sft"];

describe("ubc start-up", () => {
  test("ubc --version loads no chevrotain: commander and picocolors are its only packages", () => {
    const packages = packagesLoaded(["--version"]);
    expect(packages.has("chevrotain")).toBe(false);
    expect([...packages].sort()).toEqual(["commander", "picocolors"]);
  });

  test("ubc --help and the --help of every command load the same two packages", () => {
    for (const args of [["--help"], ...COMMANDS.map((command) => [...command.split(" "), "--help"])]) {
      expect([...packagesLoaded(args)].sort(), `ubc ${args.join(" ")}`).toEqual(["commander", "picocolors"]);
    }
  });
});

describe("the CLI's light copies equal their originals (src/cli/light-copies.ts)", () => {
  test("train's defaults, file names and Tinker choices", () => {
    expect(DEFAULT_TRAIN).toEqual(TRAIN);
    expect(DEFAULT_PPO).toEqual(PPO);
    expect([METRICS_FILE, POLICY_FILE, CURVE_FILE]).toEqual([trainRun.METRICS_FILE, trainRun.POLICY_FILE, trainRun.CURVE_FILE]);
    expect(LOSS_FNS).toEqual(TINKER_LOSS_FNS);
    const { loraRank, lossFn, checkpointEvery } = DEFAULT_TINKER_TRAIN;
    expect(DEFAULT_TINKER_FLAGS).toEqual({ loraRank, lossFn, checkpointEvery });
  });

  test("import's commands, in userRlKinds' order", () => {
    expect(Object.entries(USERRL_COMMANDS)).toEqual(Object.entries(userRlKinds).map(([kind, spec]) => [kind, spec.command]));
  });

  test("serve's default user", () => {
    expect(DEFAULT_USER).toBe(DEFAULTS.user);
  });

  test("eval's --set parser: the same split and the same message", () => {
    for (const text of ["rewards.elicit=0.6", " rewards.elicit = 0.6 ", "a=b=c", "knobs.max_turns=", " =1", "rewards.elicit", "=0.6", ""]) {
      const outcome = (parse: (t: string) => [string, string]) => {
        try {
          return parse(text);
        } catch (error) {
          return (error as Error).message;
        }
      };
      expect(outcome(parseOverride), text).toEqual(outcome(parseOverrideOriginal));
    }
  });
});
