import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect } from "vitest";

export const repoRoot = join(import.meta.dirname, "../..");
const bin = join(repoRoot, "bin/ubc.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `ubc` binary (npm test builds first) as a user would, without colour. */
export function ubc(args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A CLI's error output shows the user a message, never a stack trace. */
export function noStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
}
