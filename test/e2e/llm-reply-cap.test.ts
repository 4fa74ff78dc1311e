import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { repoRoot, ubc } from "../support/cli.js";
import { cleanLlmEnv, ubcAsync } from "../support/cli-async.js";
import { messagesOf, startFakeOpenAI, type FakeReply, type FakeServer } from "../support/fake-openai.js";

/**
 * Giant LLM replies stay out of the files: an agent endpoint answering 2 MB per reply (a tool
 * call's arguments, then text) through `ubc eval` writes episodes and a cache of a few hundred
 * KiB, each cut reply marked, and counts the cuts on the stats line and in summary.json.
 */

const FILLER = "blah ".repeat(400_000); // 2 MB
const PLAN: FakeReply[] = [
  { kind: "tool", arguments: { choice: "search", content: `apartment in Austin ${FILLER}` } },
  { kind: "text", content: `[finish] ${FILLER}` },
];

let work: string;
let server: FakeServer | undefined;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ubench-cap-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sizeUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);

describe("reply size cap", () => {
  test("--help names the setting", () => {
    expect(ubc(["eval", "--help"]).stdout).toContain("--max-reply-chars <n>");
  });

  test.each([
    ["the default (64 KiB)", [], 65_536],
    ["--max-reply-chars 1000", ["--max-reply-chars", "1000"], 1000],
  ])("2 MB replies are cut at %s, marked and counted", async (name, flags, cap) => {
    server = await startFakeOpenAI((body) => PLAN[Math.min(1, messagesOf(body).filter((m) => m.role === "assistant").length)]!);
    const out = join(work, `run-${cap}`);
    const cacheDir = join(work, `cache-${cap}`);
    const config = join(work, `config-${cap}.yaml`);
    writeFileSync(config, `agent_options:\n  cacheDir: ${cacheDir}\n`);
    const scenario = join(repoRoot, "scenarios/travel/austin_family.ubench");
    const result = await ubcAsync(["eval", scenario, "--agent", "openai:policy", "--agent-base-url", server.url, "--trials", "4", "--cache", "read-write", "--config", config, "--out", out, ...flags], { cwd: work, env: cleanLlmEnv({ UBENCH_AGENT_API_KEY: "k" }) });
    expect(result.stderr, name).not.toContain("internal error");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^LLM agent: 8 requests, .*, 8 replies truncated$/m);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { llm: { agent: { truncatedReplies: number } } };
    expect(summary.llm.agent.truncatedReplies).toBe(8);

    const episodes = readFileSync(join(out, "episodes.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { status: string; turns: { raw: string; action: { choice: string } | null }[] });
    expect(episodes).toHaveLength(4);
    for (const episode of episodes) {
      // Cut arguments are no longer JSON: that turn is invalid (and says why); cut text still reads as its action.
      expect(episode.turns.map((t) => t.action?.choice ?? null)).toEqual([null, "finish"]);
      for (const turn of episode.turns) {
        expect(turn.raw.length).toBeLessThanOrEqual(cap + 60);
        expect(turn.raw.endsWith(`[ubench: reply truncated at ${cap} characters]`)).toBe(true);
      }
    }
    // Four episodes of two replies: a few hundred KiB at the default cap, not the 16 MB the server sent.
    expect(statSync(join(out, "episodes.jsonl")).size).toBeLessThan(4 * 3 * cap + 50_000);
    expect(sizeUnder(cacheDir)).toBeLessThan(8 * 3 * cap + 50_000);
  }, 60_000);
});
