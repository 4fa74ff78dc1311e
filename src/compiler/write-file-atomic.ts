import { realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";

/**
 * Writes a file whole or not at all: the text goes to a temporary file beside it, which is then
 * renamed over the target (atomic on one file system), so a crash or a full disk never leaves
 * half a file where a good one was. A symlink keeps pointing at the rewritten file, and an
 * existing file keeps its permissions.
 */
export function writeFileAtomic(path: string, text: string): void {
  const target = existingRealPath(path) ?? path;
  const mode = existingMode(target);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, mode === undefined ? {} : { mode });
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function existingRealPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function existingMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}
