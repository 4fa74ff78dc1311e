import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from "node:fs";
import type { EpisodeRecord } from "../runtime/episode.js";

/**
 * DIR/episodes.jsonl: one finished episode per line, appended and fsynced as each finishes, so a
 * crash or Ctrl-C loses at most the line being written. Reading tolerates (and trims) a last line
 * cut off mid-write; any other unreadable line is an error, not something to skip silently.
 */

export class EpisodesFileError extends Error {
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

/** Appends episodes to the file, one fsynced write each. */
export class EpisodeWriter {
  private fd: number | undefined;

  constructor(readonly file: string) {
    this.fd = openSync(file, "a");
  }

  append(record: EpisodeRecord): void {
    if (this.fd === undefined) throw new Error("episode writer is closed");
    const bytes = Buffer.from(JSON.stringify(record) + "\n", "utf8");
    for (let written = 0; written < bytes.length; ) written += writeSync(this.fd, bytes, written);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
