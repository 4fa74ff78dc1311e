import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { qwen3Tokenizer } from "../../src/runtime/chat-template.js";
import { TINKER_PATHS } from "../../src/rl/tinker/wire.js";
import { repoRoot, ubc } from "../support/cli.js";
import { startFakeTinker, type FakeTinker } from "../support/fake-tinker.js";

/** `ubc train --trainer tinker` against the fake server (spawned asynchronously: the server runs in this process). */

function ubcAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, "bin/ubc.js"), ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let server: FakeTinker | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  server = undefined;
  dir = undefined;
});

test("ubc train --trainer tinker runs iterations on the server and checkpoints", async () => {
  // One "pending" answer per future keeps the spawned run quick (its client waits 250 ms between polls).
  server = await startFakeTinker({ tokenizer: qwen3Tokenizer(), sample: () => ({ text: "[finish]" }), pending: 1 });
  dir = mkdtempSync(join(tmpdir(), "ubc-tinker-"));
  const result = await ubcAsync(["train", "scenarios/travel/austin_family.ubench", "--trainer", "tinker", "--trainer-url", server.url, "--base-model", "Qwen/Qwen3-4B", "--iterations", "2", "--group", "2", "--checkpoint-every", "1", "--lr", "0.0001", "--out", dir]);
  expect(result.stderr).toContain("iteration 2/2");
  expect(result.code).toBe(0);
  const paths = server.requests.map((r) => r.path);
  expect(paths.filter((p) => p === TINKER_PATHS.asample)).toHaveLength(4);
  // An ephemeral save for the first iteration's sampler, then a named checkpoint after each iteration (the first one is also the second iteration's sampler).
  expect(server.requests.filter((r) => r.path === TINKER_PATHS.saveWeightsForSampler).map((r) => (r.body as { path?: string }).path)).toEqual([undefined, "iteration-1", "iteration-2"]);
  expect(server.requests.find((r) => r.path === TINKER_PATHS.optimStep)!.body).toMatchObject({ adam_params: { learning_rate: 0.0001 } });
  expect(server.polls.length).toBeGreaterThan(0);
  expect(readFileSync(join(dir, "metrics.jsonl"), "utf8").trim().split("\n")).toHaveLength(2);
  expect(JSON.parse(readFileSync(join(dir, "run.json"), "utf8"))).toMatchObject({ modelId: "model_1", checkpoints: [{ iteration: 1, path: "tinker://model_1/iteration-1" }, { iteration: 2, path: "tinker://model_1/iteration-2" }] });
}, 60_000);

test("--trainer tinker needs a URL and a base model", () => {
  const result = ubc(["train", "scenarios/travel/austin_family.ubench", "--trainer", "tinker"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("--trainer-url");
});
