import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { repoRoot } from "../support/cli.js";
import { lastMessage, startFakeOpenAI, type FakeReply, type FakeServer } from "../support/fake-openai.js";

/**
 * `ubc play --user openai:<model>`: the user and its judges behind a local fake OpenAI-compatible
 * server (which runs in this process, hence an async spawn). The session shows the LLM's
 * judgements as they were recorded, leaves out the built-in rules' reading (which would not be
 * what judged the turn), and never prints or saves the key.
 */

const KEY = "sk-play-e2e-5e1f0c9a2b7d4e83";
const FILE = "scenarios/travel/austin_family.ubench";
// No cue word of any preference: only the (fake) LLM judge can tell it targets the washer (P1).
const TARGETED = "Will the little ones make a mess of their outfits every day?";
const REVEAL = "FAKE-USER: two kids and five days, and I am not spending an evening at a laundromat.";

const SMALL_TALK = "Austin is lovely in November!";
const ECHO = "ECHO: what a week that will be!";

/** The judge reads TARGETED as P1; the persona reveals with REVEAL, and numbers its small talk, so a second answer would differ. */
function respond(body: Record<string, unknown>, index: number): FakeReply {
  const prompt = lastMessage(body);
  if (prompt.startsWith("You classify one message")) {
    return { kind: "text", content: prompt.includes(TARGETED) ? '{"type": "targeted", "preference": "P1"}' : '{"type": "unrelated"}' };
  }
  // A careless gateway echoes the key into the user's words: it must not be printed or saved.
  if (prompt.includes(ECHO)) return { kind: "text", content: `FAKE-USER: sure. Debug: Authorization: ${KEY}` };
  return { kind: "text", content: prompt.includes(TARGETED) ? REVEAL : `FAKE-USER: small talk #${index}` };
}

const work = mkdtempSync(join(tmpdir(), "ubc-play-llm-"));
let fake: FakeServer;

beforeAll(async () => {
  fake = await startFakeOpenAI(respond);
});

afterAll(async () => {
  await fake?.close();
  rmSync(work, { recursive: true, force: true });
});

function playWithFake(lines: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = join(work, "script.txt");
  writeFileSync(script, `${lines.join("\n")}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, UBENCH_USER_API_KEY: KEY, NO_COLOR: "1" };
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "UBENCH_USER_BASE_URL"]) delete env[name];
  const args = [join(repoRoot, "bin/ubc.js"), "play", FILE, "--user", "openai:fake-model", "--user-base-url", fake.url, "--script", script];
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const guard = setTimeout(() => child.kill("SIGKILL"), 50_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("ubc play --user openai:<model>", () => {
  test("the LLM's judgement and reply make the turn; no built-in reading is shown; the key is never printed or saved, even when echoed", async () => {
    const saved = join(work, "transcript.txt");
    const before = fake.requests.length;
    const run = await playWithFake([`[action] ${TARGETED}`, ":hidden", `[action] ${ECHO}`, `:save ${saved}`]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("gym travel, seed 0, user openai:fake-model");
    expect(run.stdout).toContain("turn 1/20  reward +0.2");
    expect(run.stdout).toContain(REVEAL);
    expect(run.stdout).toContain("judged: utterance [llm] type=targeted preference=P1");
    expect(run.stdout).toContain("revealed now: P1 washer");
    expect(run.stdout).toMatch(/^revealed P1 washer .*\[asked at turn 1\]$/m);
    expect(run.stdout).not.toContain("built-in reading");
    // The judge and the persona were asked, with the key from the environment.
    expect(fake.requests.length - before).toBe(4);
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
    const transcript = readFileSync(saved, "utf8");
    expect(transcript).toContain(REVEAL);
    expect(run.stdout).toContain("FAKE-USER: sure. Debug: Authorization: [redacted]");
    expect(transcript).toContain("FAKE-USER: sure. Debug: Authorization: [redacted]");
    for (const text of [run.stdout, run.stderr, transcript]) expect(text).not.toContain(KEY);
  });

  test(":undo replays the kept turns from their recorded judgements: the LLM is not asked again and its words stay", async () => {
    const saved = join(work, "undone.txt");
    const before = fake.requests.length;
    const run = await playWithFake([`[action] ${TARGETED}`, `[action] ${SMALL_TALK}`, `[action] ${SMALL_TALK}`, ":undo", `:save ${saved}`]);
    expect(run.code, run.stderr).toBe(0);
    // Three turns of two calls each (judge, then persona); the undo made none.
    expect(fake.requests.length - before).toBe(6);
    const replies = [...run.stdout.matchAll(/FAKE-USER: small talk #(\d+)/g)].map((m) => m[1]!);
    expect(replies).toHaveLength(2);
    expect(replies[0]).not.toBe(replies[1]);
    const transcript = readFileSync(saved, "utf8");
    expect(transcript).toContain(REVEAL);
    expect(transcript).toContain(`FAKE-USER: small talk #${replies[0]}`);
    expect(transcript).not.toContain(`FAKE-USER: small talk #${replies[1]}`);
    expect(transcript).toContain("turn 2/20  reward +0  return 0.2 of max 3.2");
    expect(run.stdout).toContain("undone: back after turn 2, return 0.2, 18 turns left");
  });
});
