import { closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";

/**
 * Whole-file writes that a kill, a crash or a full disk cannot leave half done: the data goes to a
 * temporary file beside the target (same folder, so the rename is atomic), is fsynced, and
 * replaces the target in one rename. A reader sees the old file or the new one, never a torn one.
 * A symlink keeps pointing at the rewritten file, and an existing file keeps its permissions
 * (`ubc fmt` rewrites the author's own files). Used for every file ubench rewrites whole: bundles'
 * neighbours, formatted sources, run.json, summary.json, policy.json, exports and reports;
 * append-only logs such as episodes.jsonl have their own torn-line repair instead.
 *
 * It lives below every layer (src/io) so the compiler, the runtime and their consumers share it.
 */

let counter = 0;

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = existingRealPath(path) ?? path;
  const mode = existingMode(target);
  const temporary = `${target}.${process.pid}.${++counter}.tmp`;
  try {
    const fd = openSync(temporary, "w", mode);
    try {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** JSON with two-space indentation and a final newline, written atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
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
