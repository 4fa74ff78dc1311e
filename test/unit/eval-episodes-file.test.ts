import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { EpisodeWriter, readEpisodes, type SyncFile } from "../../src/runs/episodes-file.js";
import type { EpisodeRecord } from "../../src/runtime/episode.js";

const record = (trial: number) => ({ scenarioId: "s", trial }) as unknown as EpisodeRecord;

/** The OS's fsync, held: each call waits until the test lets it finish. */
function heldSync() {
  const pending: (() => void)[] = [];
  const sync: SyncFile = (_fd, done) => pending.push(() => done(null));
  return { sync, pending, finishOne: () => pending.shift()!() };
}

describe("EpisodeWriter", () => {
  test("every record is in the file when append returns; fsyncs run one at a time and batch what came meanwhile", () => {
    const file = join(mkdtempSync(join(tmpdir(), "ubench-episodes-")), "episodes.jsonl");
    const os = heldSync();
    const writer = new EpisodeWriter(file, os.sync);
    writer.append(record(0));
    expect(os.pending).toHaveLength(1);
    for (let trial = 1; trial < 5; trial++) writer.append(record(trial));
    // A reader (a resume after a kill) already sees all five: the writes reached the kernel.
    expect(readEpisodes(file).map((e) => e.trial)).toEqual([0, 1, 2, 3, 4]);
    expect(os.pending).toHaveLength(1); // four appends wait for the fsync under way...
    os.finishOne();
    expect(os.pending).toHaveLength(1); // ...and share the next one
    os.finishOne();
    expect(os.pending).toHaveLength(0); // nothing new was written: no fsync
    writer.append(record(5));
    expect(os.pending).toHaveLength(1);
    os.finishOne();
    writer.close();
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(6);
  });

  test("close() with an fsync under way leaves the descriptor to it and refuses further appends", () => {
    const file = join(mkdtempSync(join(tmpdir(), "ubench-episodes-")), "episodes.jsonl");
    const os = heldSync();
    const writer = new EpisodeWriter(file, os.sync);
    writer.append(record(0));
    writer.close(); // fsyncs synchronously; the held background fsync still owns the descriptor
    expect(() => writer.append(record(1))).toThrow(/closed/);
    os.finishOne(); // the descriptor is closed now; a second close is a no-op
    writer.close();
    expect(readEpisodes(file).map((e) => e.trial)).toEqual([0]);
  });
});
