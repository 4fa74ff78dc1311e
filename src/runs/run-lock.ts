import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../user-error.js";

/**
 * One writer per run folder: DIR/run.lock, created exclusively, holds the writer's pid. A second
 * `ubc eval` on the folder (two `--resume`s would both run the missing episodes and append them
 * twice) is refused with the first one's pid. A lock whose process is gone (a crash, a kill -9)
 * is stale and taken over; the lock is removed when the run ends, stopped or failed.
 */

export const LOCK_FILE = "run.lock";

export class RunLockError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "RunLockError";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** How long a lock without a pid is taken as being written, not abandoned. */
const FRESH_MS = 3000;

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function holderOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the folder's lock (the folder must exist); returns the function that releases it. */
export function lockRunFolder(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  // Two attempts: the second after removing a stale lock. Another process taking it over in
  // between makes the exclusive create fail again, and then it is the holder.
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = holderOf(file);
      if (pid !== undefined && pid !== process.pid && alive(pid)) {
        throw new RunLockError(`${dir} is in use by another ubc eval (pid ${pid}); wait for it to finish or stop it, then --resume`);
      }
      // No pid yet: another process may have just created it and not written it; a lock that
      // stays without a pid for a few seconds was left by a crash between the two.
      if (pid === undefined && Date.now() - mtimeOf(file) < FRESH_MS) {
        throw new RunLockError(`${dir} is being locked by another ubc eval; try again in a moment`);
      }
      if (attempt === 0) {
        rmSync(file, { force: true });
        continue;
      }
      throw new RunLockError(`${dir}: could not take its lock ${file}; remove it if no ubc eval is running there`);
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (holderOf(file) === process.pid) rmSync(file, { force: true });
    };
  }
  throw new RunLockError(`${dir}: could not take its lock`);
}
