import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { runEval } from "../../src/eval/run-eval.js";
import { mergeSettings } from "../../src/eval/settings.js";
import { repoRoot } from "../support/cli.js";
import { startFakeOpenAI, type FakeServer } from "../support/fake-openai.js";

/**
 * An eval with an LLM agent keeps as many requests in flight as episodes run at once
 * (--concurrency), not the client's own default of 16; an explicit client setting wins.
 */

const root = mkdtempSync(join(tmpdir(), "ubench-eval-concurrency-"));
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function peakWith(concurrency: number, agentOptions: Record<string, unknown> = {}): Promise<number> {
  // Every reply finishes the episode after a pause, so the episodes' first requests all wait at once.
  server = await startFakeOpenAI(() => ({ kind: "tool", arguments: { choice: "finish", content: "" }, delayMs: 150 }));
  const settings = mergeSettings({
    paths: [join(repoRoot, "scenarios/travel/austin_family.ubench")],
    agent: "openai:policy",
    trials: 40,
    concurrency,
    out: join(root, `run-${concurrency}-${Object.keys(agentOptions).length}`),
    agentOptions: { baseURL: server.url, apiKey: "k", ...agentOptions },
  });
  const result = await runEval(settings);
  expect(result.summary.overall.episodes).toBe(40);
  return server.peakConcurrency;
}

describe("LLM requests in flight during an eval", () => {
  test("follow --concurrency beyond the client's default of 16", async () => {
    expect(await peakWith(32)).toBe(32);
  });

  test("an explicit client concurrency wins", async () => {
    expect(await peakWith(32, { concurrency: 5 })).toBe(5);
  });
});
