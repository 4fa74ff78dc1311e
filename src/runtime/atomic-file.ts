import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

/**
 * Whole-file writes that a kill cannot leave half done: the text goes to a temporary file beside
 * the target (same folder, so the rename is atomic), is fsynced, and replaces the target in one
 * rename. A reader sees the old file or the new one, never a torn one. For the files runs
 * rewrite (run.json, summary.json, policy.json, curve.svg...) and the exports and reports; append-only logs such as
 * episodes.jsonl have their own torn-line repair instead.
 */

let counter = 0;

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.${++counter}.tmp`;
  try {
    const fd = openSync(temporary, "w");
    try {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** JSON with two-space indentation and a final newline, written atomically. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n");
}
