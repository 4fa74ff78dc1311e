import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { noStackTrace, repoRoot } from "../support/cli.js";
import { isAgentRequest, isChatRequest, lastMessage, messagesOf, startFakeOpenAI, type FakeReply, type FakeServer, type RecordedRequest } from "../support/fake-openai.js";

/**
 * `ubc eval` end to end, through the built binary as a child process (npm test builds dist/
 * first): scripted agents on the shipped scenarios, then an OpenAI-compatible agent and user
 * simulator behind the local fake server (which runs in this process, hence async spawns),
 * with injected faults, the request cache, a replay with the server gone and no keys, bad
 * input, and Ctrl-C followed by --resume.
 */

const bin = join(repoRoot, "bin/ubc.js");
const AGENT_KEY = "sk-agent-e2e-0c4f9a1b7d2e5f8a";
const USER_KEY = "sk-user-e2e-93b1d7e0a5c2f4b6";
const SCENARIOS = readdirSync(join(repoRoot, "scenarios/travel")).filter((f) => f.endsWith(".ubench")).map((f) => f.replace(/\.ubench$/, "")).sort();
const TWO_FILES = ["scenarios/travel/austin_family.ubench", "scenarios/travel/berlin_conference.ubench"];

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Started {
  child: ChildProcess;
  done: Promise<CliRun>;
}

/** The environment without any inherited LLM endpoint or key, without colour, plus `extra`. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const name of Object.keys(env)) if (/^(OPENAI_|UBENCH_)/.test(name)) delete env[name];
  return { ...env, ...extra };
}

const children = new Set<ChildProcess>();

/** Starts `ubc <args>` without blocking this process (the fake server must keep answering). */
function start(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Started {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const guard = setTimeout(() => child.kill("SIGKILL"), 50_000);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(guard);
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

const ubc = (args: string[], env?: NodeJS.ProcessEnv) => start(args, env).done;

let work: string;
let server: FakeServer | undefined;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ubc-eval-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

function fresh(name: string): string {
  return mkdtempSync(join(work, `${name}-`));
}

function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

interface Episode {
  scenarioId: string;
  trial: number;
  status: string;
  score: number;
  return: number;
  turnCount: number;
  agentErrors: number;
  simulatorFallbacks: number;
  error?: string;
  turns: { action: { choice: string } | null; judgements: { kind: string; source: string; fallbackReason?: string }[] }[];
}

function episodesOf(dir: string): Episode[] {
  const text = readFileSync(join(dir, "episodes.jsonl"), "utf8");
  return text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as Episode);
}

interface Metrics {
  episodes: number;
  meanScore: number | null;
  meanReturn: number | null;
  agentErrors: number;
  simulatorFallbacks: number;
}
interface Stats {
  requests: number;
  cacheHits: number;
  retries: number;
  failures: number;
}
interface SummaryFile {
  trials: number;
  complete: boolean;
  overall: Metrics;
  byScenario: Record<string, Metrics>;
  llm?: { agent?: Stats; user?: Stats };
}

/** Every file under the folders, as text. */
function filesUnder(...dirs: string[]): { file: string; text: string }[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => ({ file: join(e.parentPath, e.name), text: readFileSync(join(e.parentPath, e.name), "utf8") })),
  );
}

/** The numbers of the "LLM <role>: ..." line on stdout (src/eval/table.ts formatLlmStats). */
function llmLine(stdout: string, role: "agent" | "user"): Stats & { tokens: string } {
  const match = new RegExp(`^LLM ${role}: (\\d+) requests, (\\d+) from cache, (\\d+) retries, (\\d+) failed, (\\d+\\+\\d+) tokens$`, "m").exec(stdout);
  expect(match, `no 'LLM ${role}:' line in:\n${stdout}`).not.toBeNull();
  const [, requests, cacheHits, retries, failures, tokens] = match!;
  return { requests: Number(requests), cacheHits: Number(cacheHits), retries: Number(retries), failures: Number(failures), tokens: tokens! };
}

/** The fake policy: search, one question to the traveller, finish (by the assistant turns so far). */
const PLAN: FakeReply[] = [
  { kind: "tool", arguments: { choice: "search", content: "something nice for the trip" } },
  { kind: "tool", arguments: { choice: "action", content: "How has your week been?" } },
  { kind: "tool", arguments: { choice: "finish", content: "" } },
];
const agentTurn = (body: Record<string, unknown>) => messagesOf(body).filter((m) => m.role === "assistant").length;
const policy = (body: Record<string, unknown>): FakeReply => PLAN[agentTurn(body)] ?? PLAN[2]!;

describe("ubc eval with scripted agents (the README's main job)", () => {
  test("scripted:oracle scores 1 on every shipped scenario, prints the table, and run.json keeps no secret", async () => {
    const out = join(fresh("oracle"), "run");
    const config = join(work, "oracle.yaml");
    // Scripted agents ignore options; a key given in the config must still not reach run.json.
    writeFileSync(config, `agent_options:\n  api_key: ${AGENT_KEY}\n`);
    const result = await ubc(["eval", "scenarios/travel", "--agent", "scripted:oracle", "--out", out, "--config", config], cleanEnv({ UBENCH_AGENT_API_KEY: USER_KEY }));
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^group\s+episodes\s+score\s+return/m);
    expect(result.stdout).toMatch(new RegExp(`^overall\\s+${SCENARIOS.length}\\s+1\\.000\\s`, "m"));
    expect(result.stdout).toContain(`wrote ${out}/ (run.json, episodes.jsonl, summary.json)`);
    expect(result.stdout).not.toMatch(/^LLM /m);

    const summary = readJson<SummaryFile>(join(out, "summary.json"));
    expect(summary.complete).toBe(true);
    expect(Object.keys(summary.byScenario).sort()).toEqual(SCENARIOS);
    for (const id of SCENARIOS) expect(summary.byScenario[id], id).toMatchObject({ episodes: 1, meanScore: 1, agentErrors: 0, simulatorFallbacks: 0 });
    expect(summary.overall).toMatchObject({ episodes: SCENARIOS.length, meanScore: 1 });
    expect(episodesOf(out).map((e) => e.scenarioId).sort()).toEqual(SCENARIOS);

    const runText = readFileSync(join(out, "run.json"), "utf8");
    expect(runText).not.toContain(AGENT_KEY);
    expect(runText).not.toContain(USER_KEY);
    const run = readJson<{ agent: string; settings: { agentOptions: Record<string, unknown> }; scenarios: unknown[] }>(join(out, "run.json"));
    expect(run.agent).toBe("scripted:oracle");
    expect(run.settings.agentOptions).toEqual({ api_key: "[redacted]" });
    expect(run.scenarios).toHaveLength(SCENARIOS.length);
  });

  test("scripted:null scores 0 and returns 0 on every scenario", async () => {
    const out = join(fresh("null"), "run");
    const result = await ubc(["eval", "scenarios/travel", "--agent", "scripted:null", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^overall\\s+${SCENARIOS.length}\\s+0\\.000\\s+0\\.000\\s`, "m"));
    const summary = readJson<SummaryFile>(join(out, "summary.json"));
    expect(Object.keys(summary.byScenario).sort()).toEqual(SCENARIOS);
    for (const id of SCENARIOS) expect(summary.byScenario[id], id).toMatchObject({ meanScore: 0, meanReturn: 0 });
    expect(summary.overall).toMatchObject({ meanScore: 0, meanReturn: 0, agentErrors: 0 });
  });
});

describe("ubc eval with an OpenAI-compatible agent and user simulator", () => {
  let cacheDir: string;
  let config: string;
  let liveOut: string;
  let baseURL: string;

  /** Each fault fires once, on the first request of its kind. */
  function faultyServer(): { respond: (body: Record<string, unknown>) => FakeReply; fired: Set<string> } {
    const fired = new Set<string>();
    const once = (name: string): boolean => {
      if (fired.has(name)) return false;
      fired.add(name);
      return true;
    };
    const respond = (body: Record<string, unknown>): FakeReply => {
      if (isAgentRequest(body)) {
        const turn = agentTurn(body);
        if (turn === 0 && once("agent 500")) return { kind: "status", status: 500 };
        if (turn === 1 && once("agent 429")) return { kind: "status", status: 429, retryAfter: "0" };
        if (turn === 2 && once("agent hang")) return { kind: "hang" };
        return policy(body);
      }
      const prompt = lastMessage(body);
      if (prompt.startsWith("You check a search request")) {
        if (once("judge malformed body")) return { kind: "malformed", body: '{"id": "chatcmpl-x", "choices": [ this is not json' };
        // Unrecoverable: a reply that holds no JSON verdict (a simulator fallback in every episode).
        return { kind: "text", content: "Hard to say which part of the trip that is, honestly." };
      }
      if (prompt.startsWith("You classify one message")) {
        if (once("judge no choices")) return { kind: "no-choices" };
        return { kind: "text", content: '{"type": "unrelated"}' };
      }
      return { kind: "text", content: "Traveller: Pretty hectic, but thanks for asking!" };
    };
    return { respond, fired };
  }

  const llmArgs = (out: string, cache: string) => [
    "eval",
    ...TWO_FILES,
    "--agent", "openai:fake-agent",
    "--user", "openai:fake-user",
    "--agent-base-url", baseURL,
    "--user-base-url", baseURL,
    "--cache", cache,
    "--concurrency", "1",
    "--config", config,
    "--out", out,
  ];

  beforeAll(() => {
    cacheDir = join(fresh("cache"), "llm");
    config = join(work, "llm.yaml");
    const options = `  cache_dir: ${JSON.stringify(cacheDir)}\n  timeout_ms: 1500\n  max_retries: 3\n  backoff_base_ms: 5\n  backoff_max_ms: 20\n`;
    writeFileSync(config, `agent_options:\n${options}user_options:\n${options}`);
  });

  test("faults are retried, unreadable judge replies become counted fallbacks, and no key is written or printed", async () => {
    const { respond, fired } = faultyServer();
    server = await startFakeOpenAI(respond);
    baseURL = server.url;
    liveOut = join(fresh("live"), "run");
    const result = await ubc(llmArgs(liveOut, "read-write"), cleanEnv({ UBENCH_AGENT_API_KEY: AGENT_KEY, UBENCH_USER_API_KEY: USER_KEY }));
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(0);
    expect([...fired].sort()).toEqual(["agent 429", "agent 500", "agent hang", "judge malformed body", "judge no choices"]);

    const episodes = episodesOf(liveOut);
    expect(episodes.map((e) => e.scenarioId)).toEqual(["austin_family", "berlin_conference"]);
    for (const episode of episodes) {
      expect(episode).toMatchObject({ status: "terminated", agentErrors: 0, turnCount: 3, simulatorFallbacks: 1 });
      expect(episode.turns.map((t) => t.action?.choice)).toEqual(["search", "action", "finish"]);
      const judgements = episode.turns.flatMap((t) => t.judgements);
      expect(judgements.filter((j) => j.source === "fallback")).toEqual([{ kind: "search", source: "fallback", value: { aspect: null }, fallbackReason: "no JSON object in the reply" }]);
      // The recovered faults left no trace: the utterance judge and the persona answered.
      expect(judgements.filter((j) => j.kind !== "search").map((j) => [j.kind, j.source])).toEqual([["utterance", "llm"], ["chat", "llm"]]);
    }

    const summary = readJson<SummaryFile>(join(liveOut, "summary.json"));
    expect(summary.complete).toBe(true);
    expect(summary.overall).toMatchObject({ episodes: 2, simulatorFallbacks: 2, agentErrors: 0 });
    expect(result.stdout).toMatch(/^overall\s+2\s.*\s0\s+2$/m);

    // stdout's stats line, summary.json's llm block and the server's log agree.
    const chats = server.requests.filter(isChatRequest);
    const agentRequests = chats.filter((r) => isAgentRequest(r.body));
    const userRequests = chats.filter((r) => !isAgentRequest(r.body));
    // Before the run: one check of the endpoint per key (agent and user share the URL).
    expect(server.requests.filter((r) => !isChatRequest(r)).map((r) => [r.method, r.url, r.headers["authorization"]])).toEqual([["GET", "/v1/models", `Bearer ${AGENT_KEY}`], ["GET", "/v1/models", `Bearer ${USER_KEY}`]]);
    const agent = llmLine(result.stdout, "agent");
    const user = llmLine(result.stdout, "user");
    expect(agent).toMatchObject({ requests: 6 + 3, retries: 3, failures: 0, cacheHits: 0 });
    expect(user).toMatchObject({ requests: userRequests.length, retries: 2, failures: 0 });
    expect(agentRequests).toHaveLength(agent.requests);
    expect(summary.llm).toMatchObject({ agent: { requests: agent.requests, retries: 3 }, user: { requests: user.requests, retries: 2 } });

    // The keys came from the environment only, each to its own role...
    const bearer = (r: RecordedRequest) => r.headers["authorization"];
    expect(new Set(agentRequests.map(bearer))).toEqual(new Set([`Bearer ${AGENT_KEY}`]));
    expect(new Set(userRequests.map(bearer))).toEqual(new Set([`Bearer ${USER_KEY}`]));
    // ...and went nowhere else.
    const written = filesUnder(liveOut, cacheDir);
    expect(written.filter((f) => f.file.startsWith(cacheDir)).length).toBeGreaterThanOrEqual(agentRequests.length - 3);
    for (const { file, text } of written) {
      expect(text, file).not.toContain(AGENT_KEY);
      expect(text, file).not.toContain(USER_KEY);
    }
    for (const output of [result.stdout, result.stderr]) {
      expect(output).not.toContain(AGENT_KEY);
      expect(output).not.toContain(USER_KEY);
    }
  });

  test("a replay with the server gone and no keys reproduces episodes.jsonl byte for byte with 0 requests", async () => {
    // afterEach closed the fake server; the child gets no key at all.
    expect(liveOut, "needs the read-write run above").toBeDefined();
    expect(server).toBeUndefined();
    const out = join(fresh("replay"), "run");
    const result = await ubc(llmArgs(out, "replay"), cleanEnv());
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(0);
    expect(readFileSync(join(out, "episodes.jsonl"), "utf8")).toBe(readFileSync(join(liveOut, "episodes.jsonl"), "utf8"));
    const agent = llmLine(result.stdout, "agent");
    const user = llmLine(result.stdout, "user");
    expect(agent).toEqual({ requests: 0, cacheHits: 6, retries: 0, failures: 0, tokens: "0+0" });
    expect(user).toMatchObject({ requests: 0, retries: 0, failures: 0 });
    expect(user.cacheHits).toBeGreaterThanOrEqual(6);
    const summary = readJson<SummaryFile>(join(out, "summary.json"));
    expect(summary.overall).toMatchObject({ episodes: 2, simulatorFallbacks: 2, agentErrors: 0 });
  });

  test("a replay from an empty cache counts an agent error naming the miss in every episode, without a crash; all episodes failing is exit 1", async () => {
    const emptyCache = fresh("empty-cache");
    const emptyConfig = join(work, "empty-cache.yaml");
    writeFileSync(emptyConfig, `agent_options:\n  cache_dir: ${JSON.stringify(emptyCache)}\n`);
    const out = join(fresh("miss"), "run");
    const result = await ubc(["eval", ...TWO_FILES, "--agent", "openai:fake-agent", "--agent-base-url", "http://127.0.0.1:9/v1", "--cache", "replay", "--config", emptyConfig, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ubc eval: 2 of 2 episodes ended in an agent error: every episode failed (set --max-error-rate to fail sooner)");
    noStackTrace(result.stderr);
    expect(result.stderr).toMatch(/austin_family trial 0: .* agent error/);
    expect(result.stdout).toMatch(/^overall\s+2\s.*\s2\s+0$/m);
    expect(llmLine(result.stdout, "agent")).toMatchObject({ requests: 0, failures: 2 });
    const summary = readJson<SummaryFile>(join(out, "summary.json"));
    expect(summary.overall).toMatchObject({ episodes: 2, agentErrors: 2, meanScore: 0 });
    for (const episode of episodesOf(out)) {
      expect(episode).toMatchObject({ status: "error", agentErrors: 1, turnCount: 0 });
      expect(episode.error).toMatch(/^ReplayMissError: replay cache has no reply for request [0-9a-f]{64}; run once with cache mode read-write to record it$/);
    }
    expect(readdirSync(emptyCache)).toEqual([]);
  });

  test("a replay miss in the LLM user simulator stops the run with a message naming the replay cache", async () => {
    const emptyCache = fresh("empty-user-cache");
    const userConfig = join(work, "empty-user-cache.yaml");
    writeFileSync(userConfig, `user_options:\n  cache_dir: ${JSON.stringify(emptyCache)}\n`);
    const result = await ubc(["eval", TWO_FILES[0]!, "--agent", "scripted:oracle", "--user", "openai:fake-user", "--user-base-url", "http://127.0.0.1:9/v1", "--cache", "replay", "--config", userConfig, "--out", join(fresh("user-miss"), "run")]);
    expect(result.signal).toBeNull();
    expect(result.code).not.toBe(0);
    noStackTrace(result.stderr);
    expect(result.stderr).toMatch(/replay cache has no reply for request [0-9a-f]{64}; run once with cache mode read-write/);
  });
});

describe("ubc eval on bad input", () => {
  test("an unknown agent spec: exit 2, the known specs, no stack trace, no output folder", async () => {
    const out = join(work, "never-agent");
    const result = await ubc(["eval", "scenarios/travel", "--agent", "gpt:four", "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("ubc eval: unknown agent 'gpt:four' (expected one of: scripted:oracle, scripted:null, scripted:random, openai:<model>, policy:<policy.json>)");
    noStackTrace(result.stderr);
    expect(result.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  test("a scenario path that does not exist: exit 1 with a located diagnostic", async () => {
    const missing = join(work, "nowhere.ubench");
    const result = await ubc(["eval", missing, "--agent", "scripted:oracle", "--out", join(work, "never-path")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error UB0001: no such file or folder: ${missing}`);
    noStackTrace(result.stderr);
  });

  test("a --set key that no scenario has, and one without '=': exit 2 naming the key", async () => {
    const unknown = await ubc(["eval", TWO_FILES[0]!, "--agent", "scripted:oracle", "--set", "rewards.elict=0.6", "--out", join(work, "never-set")]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown setting 'rewards.elict'");
    expect(unknown.stderr).toContain("did you mean 'rewards.elicit'?");
    noStackTrace(unknown.stderr);
    expect(existsSync(join(work, "never-set"))).toBe(false);

    const malformed = await ubc(["eval", TWO_FILES[0]!, "--agent", "scripted:oracle", "--set", "rewards.elicit", "--out", join(work, "never-set2")]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("--set 'rewards.elicit': expected key=value");
    noStackTrace(malformed.stderr);
  });

  test("an unknown key in agent_options: exit 2 with the LLM config error naming it", async () => {
    const config = join(work, "typo.yaml");
    writeFileSync(config, "agent_options:\n  temprature: 0.5\n");
    const result = await ubc(["eval", TWO_FILES[0]!, "--agent", "openai:fake-agent", "--config", config, "--out", join(work, "never-config")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ubc eval: agent 'openai:fake-agent': unknown option\(s\) temprature \(known: .*temperature.*\)$/m);
    noStackTrace(result.stderr);
  });
});

describe("ubc eval stopped with Ctrl-C, then resumed", () => {
  test("SIGINT lets running episodes finish and exits 130; --resume completes the run without duplicates", async () => {
    server = await startFakeOpenAI(policy, { latencyMs: 100 });
    const trials = 3;
    const dir = fresh("interrupt");
    const out = join(dir, "run");
    mkdirSync(dir, { recursive: true });
    const args = ["eval", "scenarios/travel", "--agent", "openai:slow", "--agent-base-url", server.url, "--cache", "off", "--concurrency", "2", "--trials", String(trials), "--out", out];

    const first = start(args);
    const episodesFile = join(out, "episodes.jsonl");
    const deadline = Date.now() + 20_000;
    while (!(existsSync(episodesFile) && readFileSync(episodesFile, "utf8").includes("\n"))) {
      expect(Date.now(), "no episode was written in time").toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill("SIGINT");
    const stopped = await first.done;
    expect(stopped.signal).toBeNull();
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain("stopping: waiting for the running episodes to finish");
    noStackTrace(stopped.stderr);

    const total = SCENARIOS.length * trials;
    const text = readFileSync(episodesFile, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.split("\n").slice(0, -1);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThan(total);
    const partial = readJson<SummaryFile>(join(out, "summary.json"));
    expect(partial).toMatchObject({ complete: false, overall: { episodes: lines.length } });

    const resumed = await ubc([...args, "--resume"]);
    expect(resumed.stderr).not.toContain("internal error");
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`running ${total - lines.length} episodes (${lines.length} already done)`);
    const episodes = episodesOf(out);
    const pairs = episodes.map((e) => `${e.scenarioId}#${e.trial}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs.sort()).toEqual(SCENARIOS.flatMap((id) => Array.from({ length: trials }, (_, t) => `${id}#${t}`)).sort());
    for (const episode of episodes) expect(episode).toMatchObject({ status: "terminated", agentErrors: 0, turnCount: 3 });
    const summary = readJson<SummaryFile>(join(out, "summary.json"));
    expect(summary).toMatchObject({ complete: true, trials, overall: { episodes: total } });
    expect(llmLine(resumed.stdout, "agent")).toMatchObject({ requests: 3 * (total - lines.length), failures: 0 });
  });
});
