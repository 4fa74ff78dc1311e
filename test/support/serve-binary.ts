import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./cli.js";

/** The built `ubc serve` binary as a user runs it: started, its URL read from the start-up line, stopped with SIGTERM. */

export interface ServeProcess {
  child: ChildProcess;
  /** The URL from the `listening on …` line. */
  url: string;
  /** Everything the process has written so far. */
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM (unless it has already exited) and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns `ubc <args>` and waits for its `listening on` line; rejects, with its stderr, if it exits first. */
export async function startServeBinary(args: string[], { cwd = repoRoot, env = process.env }: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(repoRoot, "bin/ubc.js"), ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`ubc serve exited with ${code}: ${stderr}`)));
  });
  return {
    child,
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
