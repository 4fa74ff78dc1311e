import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll } from "vitest";
import { repoRoot } from "./cli.js";

/**
 * The built `ubc` binary run without blocking this process, for tests whose fake server lives in
 * this process and must keep answering while the command runs. A child still running when the
 * file's tests end is killed.
 */

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

/** The environment without any inherited LLM endpoint or key, without colour, plus `extra`. */
export function cleanLlmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const name of Object.keys(env)) if (/^(OPENAI_|UBENCH_)|_API_KEY$/.test(name)) delete env[name];
  return { ...env, ...extra };
}

export function ubcAsync(args: string[], { cwd = repoRoot, env = cleanLlmEnv(), timeoutMs = 50_000 }: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [join(repoRoot, "bin/ubc.js"), ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const guard = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(guard);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}
