import pc from "picocolors";
import type { EpisodeRecord } from "../runtime/episode.js";

/** Progress of a run: a bar with ETA on a terminal, one plain line per episode otherwise. */
export interface ProgressSink {
  start(total: number, skipped: number): void;
  episode(record: EpisodeRecord, done: number, total: number): void;
  finish(stopped: boolean): void;
}

export const silentProgress: ProgressSink = { start() {}, episode() {}, finish() {} };

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

export interface StreamLike {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** NO_COLOR (any value) turns colour off, as https://no-color.org asks. */
export function colorEnabled(stream: StreamLike, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env["NO_COLOR"] === undefined && pc.isColorSupported;
}

export function createProgress(stream: StreamLike, options: { now?: () => number; env?: NodeJS.ProcessEnv } = {}): ProgressSink {
  const now = options.now ?? (() => performance.now());
  const colors = pc.createColors(colorEnabled(stream, options.env));
  const tty = stream.isTTY === true;
  let started = 0;
  let scoreSum = 0;
  let count = 0;
  return {
    start(total, skipped) {
      started = now();
      const resumed = skipped > 0 ? ` (${skipped} already done)` : "";
      stream.write(`running ${total} episode${total === 1 ? "" : "s"}${resumed}\n`);
    },
    episode(record, done, total) {
      scoreSum += record.score;
      count++;
      const elapsed = now() - started;
      const eta = done > 0 ? (elapsed / count) * (total - done) : 0;
      if (tty) {
        const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 60));
        const filled = total > 0 ? Math.round((done / total) * width) : width;
        const bar = colors.green("█".repeat(filled)) + colors.dim("░".repeat(width - filled));
        stream.write(`\r${bar} ${done}/${total}  mean score ${(scoreSum / count).toFixed(3)}  ETA ${duration(eta)}\u001b[K`);
      } else {
        const flag = record.status === "error" ? colors.red(" agent error") : "";
        stream.write(
          `[${done}/${total}] ${record.scenarioId} trial ${record.trial}: score ${record.score.toFixed(3)} return ${record.return} turns ${record.turnCount}${flag}\n`,
        );
      }
    },
    finish(stopped) {
      if (tty) stream.write("\n");
      if (stopped) stream.write(colors.yellow("stopped: episodes not started were skipped; run again with --resume to finish\n"));
    },
  };
}
