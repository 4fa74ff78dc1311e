import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { noStackTrace, repoRoot, ubc } from "../support/cli.js";
import { hotelScenario } from "../support/hotel-scenario.js";

/** Inputs the fuzzer found that hung, crashed or were wrongly accepted, through the real binary. */

const work = mkdtempSync(join(tmpdir(), "ubc-front-end-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const scenario = hotelScenario;

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

/** A shell pipeline from the repository root, as a user would type it. */
function shell(command: string): { code: number; stderr: string } {
  const result = spawnSync("sh", ["-c", command], { cwd: repoRoot, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status ?? -1, stderr: result.stderr };
}

describe("inputs that hung", () => {
  test("search_fail_every 1 is an error for check and compile, not an endless loop", () => {
    for (const written of ["1", "0.1e1"]) {
      const path = file(`fail-every-${written}.ubench`, scenario(`knobs { search_fail_every ${written} }`));
      for (const args of [["check", path], ["compile", path, "-o", join(work, "never")]]) {
        const result = ubc(args);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("UB2014");
        expect(result.stderr).toContain("1 makes every search fail");
      }
    }
    expect(existsSync(join(work, "never"))).toBe(false);
  });

  test("a FIFO named on the command line or found in a folder is refused, not read forever", () => {
    const folder = join(work, "fifo");
    mkdirSync(folder);
    const fifo = join(folder, "pipe.ubench");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    for (const target of [fifo, folder]) {
      const result = ubc(["check", target]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("UB0003");
      expect(result.stderr).toContain("not a regular file");
    }
  });
});

describe("a failed compile writes nothing", () => {
  test("a reward whose sum overflows: a located UB2014, no zod dump, no bundle, no manifest", () => {
    const path = file("overflow.ubench", scenario("rewards { search 1, best 1e308 }"));
    const out = join(work, "overflow-build");
    const result = ubc(["compile", path, "-o", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/overflow\.ubench:11:23: error UB2014: rewards\.best: 1e\+308 is beyond ±1,000,000/);
    noStackTrace(result.stderr);
    expect(existsSync(out)).toBe(false);
  });

  test("a 300-character scenario id is UB2020, not ENAMETOOLONG", () => {
    const path = file("long-id.ubench", scenario("", `t${"x".repeat(300)}`));
    const result = ubc(["compile", path, "-o", join(work, "long-build")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("UB2020");
    expect(result.stderr).toContain("has 301 characters; ids have at most 100");
    expect(result.stderr).not.toContain("ENAMETOOLONG");
    expect(existsSync(join(work, "long-build"))).toBe(false);
  });

  test("a build that cannot be written is a clear error, and leaves no staging folder behind", () => {
    const path = file("good.ubench", scenario());
    const out = join(work, "good-build");
    expect(ubc(["compile", path, "-o", out]).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["manifest.json", "t1.json"]);
    const blocked = file("not-a-folder", "");
    const result = ubc(["compile", path, "-o", blocked]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cannot write the build");
    noStackTrace(result.stderr);
  });
});

describe("output to a closed pipe", () => {
  for (const command of ["eval --help", "check --help", "--help", "check scenarios --format json", "compile --help"]) {
    test(`ubc ${command} | head -1 prints no EPIPE stack trace`, () => {
      const result = shell(`node bin/ubc.js ${command} | head -1`);
      expect(result.stderr).not.toContain("EPIPE");
      noStackTrace(result.stderr);
    });
  }

  test("a large JSON report cut off by head still ends quietly", () => {
    const many = Array.from({ length: 300 }, (_, i) => scenario("", `s${i}`).replace("when wifi", "when wif")).join("\n");
    const path = file("many.ubench", many);
    const result = shell(`node bin/ubc.js check ${path} --format json | head -1`);
    expect(result.stderr).toBe("");
  });
});

describe("check --format", () => {
  test("an unknown format is a usage error listing the allowed values", () => {
    const result = ubc(["check", "scenarios", "--format", "yaml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Allowed choices are text, json");
  });
});

describe("symbolic links in folders", () => {
  test("are followed to files and folders, each file once; a link back up the tree does not loop; a broken link is reported", () => {
    const real = join(work, "real");
    const linked = join(work, "linked");
    mkdirSync(real);
    mkdirSync(join(linked, "sub"), { recursive: true });
    writeFileSync(join(real, "one.ubench"), scenario("", "one"));
    symlinkSync(join(real, "one.ubench"), join(linked, "one.ubench"));
    symlinkSync(real, join(linked, "sub", "real-folder"));
    symlinkSync(linked, join(linked, "sub", "up"));
    let result = ubc(["check", linked, "--format", "json"]);
    // one.ubench is reached twice, by the file link and through the folder link: it is compiled once
    // (before, twice, and its scenario was reported as declared twice, UB2002).
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
    symlinkSync(join(work, "missing.ubench"), join(linked, "sub", "broken.ubench"));
    result = ubc(["check", linked]);
    expect(result.stderr).toMatch(/broken\.ubench:1:1: error UB0003: cannot read file: ENOENT/);
    expect(readFileSync(join(real, "one.ubench"), "utf8")).toContain("scenario one");
  });
});

describe("ubc fmt rewrites a file whole", () => {
  test("through a symbolic link, keeping the link and the file's permissions", () => {
    const target = join(work, "fmt-target.ubench");
    const unformatted = scenario().replace(/\n {2}/g, "\n      ");
    writeFileSync(target, unformatted);
    chmodSync(target, 0o640);
    const link = join(work, "fmt-link.ubench");
    symlinkSync(target, link);
    const result = ubc(["fmt", link]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("1 formatted");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).not.toBe(unformatted);
    expect(ubc(["fmt", "--check", target]).code).toBe(0);
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readdirSync(work).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
