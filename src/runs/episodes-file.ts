import { closeSync, existsSync, fsync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from "node:fs";
import type { EpisodeRecord } from "../runtime/episode.js";
import { UsageError } from "../user-error.js";

/**
 * DIR/episodes.jsonl: one finished episode per line, appended as each finishes, so a crash, a kill
 * or Ctrl-C loses at most the line being written (a write has reached the kernel when append
 * returns). Durability against a power cut comes from fsync, done in the background and batched
 * (see EpisodeWriter). Reading tolerates (and trims) a last line
 * cut off mid-write; any other unreadable line is an error, not something to skip silently.
 */

export class EpisodesFileError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "EpisodesFileError";
  }
}

export function episodeKey(scenarioId: string, trial: number): string {
  return `${scenarioId}#${trial}`;
}

/** Reads every complete episode; with `repair`, cuts a torn last line off the file. */
export function readEpisodes(file: string, options: { repair?: boolean } = {}): EpisodeRecord[] {
  if (!existsSync(file)) return [];
  const bytes = readFileSync(file);
  const records: EpisodeRecord[] = [];
  let start = 0;
  let lineNumber = 0;
  while (start < bytes.length) {
    lineNumber++;
    const end = bytes.indexOf(0x0a, start);
    const last = end < 0;
    const text = bytes.subarray(start, last ? bytes.length : end).toString("utf8");
    if (text.trim() !== "") {
      let record: EpisodeRecord | undefined;
      try {
        record = JSON.parse(text) as EpisodeRecord;
      } catch {
        record = undefined;
      }
      const complete = record !== undefined && !last;
      if (!complete) {
        if (last) {
          // The run was stopped mid-write: this line was never finished.
          if (options.repair) truncateSync(file, start);
          break;
        }
        throw new EpisodesFileError(`${file}:${lineNumber}: not a JSON episode record; the file is damaged (move it away to start over)`);
      }
      if (typeof record!.scenarioId !== "string" || typeof record!.trial !== "number") {
        throw new EpisodesFileError(`${file}:${lineNumber}: not an episode record (no scenarioId/trial)`);
      }
      records.push(record!);
    }
    if (last) break;
    start = end + 1;
  }
  return records;
}

/** How the writer asks the OS to make the file durable: node's fsync, or a stand-in in tests. */
export type SyncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/**
 * Appends episodes to the file. Each record is written whole before append returns; fsync runs in
 * the background, one at a time, and records appended while one is under way share the next one
 * (group commit). A synchronous fsync per episode had blocked the event loop for the whole run:
 * with 64 LLM episodes in flight it held eval to a fraction of its request rate. close() fsyncs
 * what is left before it returns, so a finished run is durable as before; a power cut mid-run can
 * lose the episodes of the last fsync's few milliseconds, which a resume runs again.
 */
export class EpisodeWriter {
  private fd: number | undefined;
  private syncing = false;
  private dirty = false;
  private closeWhenSynced = false;

  constructor(
    readonly file: string,
    private readonly syncFile: SyncFile = fsync,
  ) {
    this.fd = openSync(file, "a");
  }

  append(record: EpisodeRecord): void {
    if (this.fd === undefined) throw new Error("episode writer is closed");
    const bytes = Buffer.from(JSON.stringify(record) + "\n", "utf8");
    for (let written = 0; written < bytes.length; ) written += writeSync(this.fd, bytes, written);
    this.dirty = true;
    this.syncInBackground();
  }

  private syncInBackground(): void {
    if (this.syncing || !this.dirty || this.fd === undefined) return;
    const fd = this.fd;
    this.syncing = true;
    this.dirty = false;
    // A failed background fsync is not fatal: close() fsyncs again, synchronously, and throws there.
    this.syncFile(fd, () => {
      this.syncing = false;
      if (this.closeWhenSynced) closeSync(fd);
      else this.syncInBackground();
    });
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    fsyncSync(fd);
    // A background fsync still holds the descriptor: closing it now could let a new file reuse its number under that fsync.
    if (this.syncing) this.closeWhenSynced = true;
    else closeSync(fd);
  }
}
