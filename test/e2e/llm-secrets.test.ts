import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { repoRoot } from "../support/cli.js";
import { cleanLlmEnv, ubcAsync } from "../support/cli-async.js";
import { isAgentRequest, lastMessage, messagesOf, startFakeOpenAI, type FakeReply, type FakeServer } from "../support/fake-openai.js";

/**
 * No key reaches anything written, whatever path it takes: an endpoint that echoes the run's keys
 * (the agent's, the user's, and an unrelated *_API_KEY of the environment) in its replies' text,
 * in tool-call arguments and in an error body. `ubc eval` (cache read-write), `ubc report` (HTML
 * and Markdown) and `ubc export sft` run through the built binary; then every file under the
 * working folder, and everything printed, is searched for each key.
 */

const AGENT_KEY = "sk-agent-echo-7f3a9c1e5b2d";
const USER_KEY = "sk-user-echo-4e8b2a6c0d9f";
const OTHER_KEY = "tgr-other-echo-1a2b3c4d5e6f";
const KEYS = [AGENT_KEY, USER_KEY, OTHER_KEY];
const echo = `${AGENT_KEY} ${USER_KEY} ${OTHER_KEY}`;

/** The policy by turn: every reply and tool call carries the keys. */
const PLAN: FakeReply[] = [
  { kind: "tool", arguments: { choice: "search", content: `apartment in Austin, check-in 2025-11-10, key ${echo}` }, content: `Searching with ${echo}` },
  { kind: "tool", arguments: { choice: "action", content: `How do you handle laundry? My keys: ${echo}` } },
  { kind: "tool", arguments: { choice: "finish", content: echo }, content: echo },
];

function respond(): (body: Record<string, unknown>) => FakeReply {
  let agentCalls = 0;
  return (body) => {
    if (isAgentRequest(body)) {
      // The first agent call fails for good: a 400 in vLLM's flat shape, echoing the keys.
      if (agentCalls++ === 0) return { kind: "status", status: 400, body: JSON.stringify({ object: "error", message: `bad request from ${echo}`, type: "BadRequestError", code: 400 }) };
      return PLAN[messagesOf(body).filter((m) => m.role === "assistant").length] ?? PLAN[2]!;
    }
    const prompt = lastMessage(body);
    if (prompt.startsWith("You check a search request")) return { kind: "text", content: `Keys ${echo}: {"aspect": "apartment"}` };
    if (prompt.startsWith("You classify one message")) return { kind: "text", content: `Noting ${echo}. {"type": "unrelated"}` };
    return { kind: "text", content: `Sure. By the way, my key is ${echo}` };
  };
}

let work: string;
let server: FakeServer | undefined;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ubench-secrets-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe("keys echoed by an endpoint", () => {
  test("reach no file of the run, the cache, the reports or the SFT export, and nothing printed", async () => {
    server = await startFakeOpenAI(respond());
    const env = cleanLlmEnv({ UBENCH_AGENT_API_KEY: AGENT_KEY, UBENCH_USER_API_KEY: USER_KEY, TOGETHER_API_KEY: OTHER_KEY });
    const scenario = join(repoRoot, "scenarios/travel/austin_family.ubench");
    const printed: string[] = [];
    const run = async (args: string[]) => {
      const result = await ubcAsync(args, { cwd: work, env });
      printed.push(result.stdout, result.stderr);
      expect(result.stderr).not.toContain("internal error");
      return result;
    };
    const evaluated = await run(["eval", scenario, "--agent", "openai:policy", "--user", "openai:persona", "--agent-base-url", server.url, "--user-base-url", server.url, "--trials", "2", "--concurrency", "1", "--cache", "read-write", "--out", "run"]);
    expect(evaluated.code).toBe(0);
    expect((await run(["report", "run", "-o", "report.html"])).code).toBe(0);
    expect((await run(["report", "run", "--format", "md", "-o", "report.md"])).code).toBe(0);
    expect((await run(["export", "sft", "run", "-o", "sft.jsonl", "--min-score", "0"])).code).toBe(0);

    // The echoes did happen, and went through: one episode ended on the error, the other ran its turns.
    const episodes = readFileSync(join(work, "run/episodes.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { status: string; error?: string; turns: { raw: string; feedback: string }[] });
    expect(episodes.map((e) => e.status).sort()).toEqual(["error", "terminated"]);
    expect(episodes.find((e) => e.status === "error")!.error).toContain("400 bad request from [redacted] [redacted] [redacted]");
    const turns = episodes.find((e) => e.status === "terminated")!.turns;
    expect(turns[0]!.raw).toContain("key [redacted] [redacted] [redacted]");
    expect(turns.some((t) => t.feedback.includes("my key is [redacted]"))).toBe(true);

    const files = filesUnder(work);
    expect(files.some((f) => f.includes(".ubench-cache"))).toBe(true);
    expect(files.map((f) => f.slice(work.length + 1)).filter((f) => !f.includes(".ubench-cache")).sort()).toEqual(["report.html", "report.md", "run/episodes.jsonl", "run/run.json", "run/summary.json", "sft.jsonl"]);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const key of KEYS) expect(text.includes(key), `${key} in ${file}`).toBe(false);
    }
    for (const text of printed) for (const key of KEYS) expect(text).not.toContain(key);
  }, 60_000);
});
