import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { lockRunFolder, RunLockError } from "../../src/runs/run-lock.js";
import { writeJsonAtomic } from "../../src/io/atomic-file.js";
import { repoRoot } from "../support/cli.js";

/** The files a run rewrites are replaced whole (never torn by a kill), and one writer holds a run folder. */

describe("atomic writes", () => {
  test("a process killed while it rewrites a file leaves the old or the new content, never a torn one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ubench-atomic-"));
    const file = join(dir, "run.json");
    writeJsonAtomic(file, { round: -1, pad: "" });
    // A writer that rewrites a 1 MB JSON file as fast as it can, killed at varying moments.
    const module = pathToFileURL(join(repoRoot, "dist/io/atomic-file.js")).href;
    const script = `import { writeJsonAtomic } from ${JSON.stringify(module)};
const pad = "x".repeat(1 << 20);
for (let round = 0; ; round++) writeJsonAtomic(${JSON.stringify(file)}, { round, pad });`;
    for (let kill = 0; kill < 8; kill++) {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: "ignore" });
      await new Promise((r) => setTimeout(r, 150 + 37 * kill));
      child.kill("SIGKILL");
      await new Promise((r) => child.on("close", r));
      const value = JSON.parse(readFileSync(file, "utf8")) as { round: number };
      expect(typeof value.round).toBe("number");
    }
    // A kill between the write and the rename leaves a temporary file behind, never a torn target.
    expect(readdirSync(dir).filter((f) => !f.endsWith(".tmp"))).toEqual(["run.json"]);
  });
});

describe("the run folder's lock", () => {
  test("a second taker is refused with the holder's pid; release frees it", () => {
    const dir = mkdtempSync(join(tmpdir(), "ubench-lock-"));
    const release = lockRunFolder(dir);
    expect(readFileSync(join(dir, "run.lock"), "utf8")).toBe(`${process.pid}\n`);
    // Another live process holds it: this test's parent stands in for one.
    writeFileSync(join(dir, "run.lock"), `${process.ppid}\n`);
    expect(() => lockRunFolder(dir)).toThrow(RunLockError);
    expect(() => lockRunFolder(dir)).toThrow(`is in use by another ubc eval (pid ${process.ppid})`);
    writeFileSync(join(dir, "run.lock"), `${process.pid}\n`);
    release();
    expect(readdirSync(dir)).toEqual([]);
    lockRunFolder(dir)();
  });

  test("a lock whose process is gone, or that has held no pid for seconds, is taken over; a fresh one without a pid is not", () => {
    const dir = mkdtempSync(join(tmpdir(), "ubench-lock-"));
    writeFileSync(join(dir, "run.lock"), "");
    expect(() => lockRunFolder(dir)).toThrow("is being locked by another ubc eval; try again in a moment");
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    const old = new Date(Date.now() - 60_000);
    for (const content of [`${gone}\n`, "", "not a pid\n"]) {
      writeFileSync(join(dir, "run.lock"), content);
      utimesSync(join(dir, "run.lock"), old, old);
      const release = lockRunFolder(dir);
      expect(readFileSync(join(dir, "run.lock"), "utf8")).toBe(`${process.pid}\n`);
      release();
    }
  });
});
