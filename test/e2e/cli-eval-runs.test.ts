import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { noStackTrace, repoRoot } from "../support/cli.js";
import { startFakeOpenAI, type FakeReply } from "../support/fake-openai.js";

/**
 * `ubc eval` runs as a user relies on them, through the built binary: Ctrl-C stops a scripted run
 * at once and --resume finishes it; a second writer is refused while the first runs; a damaged
 * run.json is a message; a resume that would change the run is refused; run.json lets `ubc
 * report` and `ubc export sft` work from any folder; an unreachable endpoint fails before the run.
 */

const bin = join(repoRoot, "bin/ubc.js");
const work = mkdtempSync(join(tmpdir(), "ubc-eval-runs-"));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const name of Object.keys(env)) if (/^(OPENAI_|UBENCH_)/.test(name)) delete env[name];
  return env;
}

function start(args: string[], cwd = repoRoot): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const guard = setTimeout(() => child.kill("SIGKILL"), 90_000);
  const done = new Promise<CliRun>((res) =>
    child.on("close", (code) => {
      clearTimeout(guard);
      children.delete(child);
      res({ code, stdout, stderr });
    }),
  );
  return { child, done };
}

const ubc = (args: string[], cwd?: string) => start(args, cwd).done;

const episodeKeys = (out: string) =>
  readFileSync(join(out, "episodes.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as { scenarioId: string; trial: number })
    .map((e) => `${e.scenarioId}#${e.trial}`);

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    expect(Date.now(), what).toBeLessThan(deadline);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const hasEpisodes = (out: string) => () => existsSync(join(out, "episodes.jsonl")) && readFileSync(join(out, "episodes.jsonl"), "utf8").includes("\n");

const TRAVEL = readdirSync(join(repoRoot, "scenarios/travel")).filter((f) => f.endsWith(".ubench"));
const TWO_FILES = ["scenarios/travel/austin_family.ubench", "scenarios/travel/berlin_conference.ubench"];

describe("Ctrl-C and a second writer", () => {
  test("one SIGINT stops a scripted run within a second; a second process on the folder is refused naming the first's pid; --resume completes the run without duplicates", async () => {
    const out = join(work, "sigint");
    // 13 scenarios × 2,000 trials: several seconds of episodes (about 3,000 a second on a quiet machine),
    // so the run is still going when the second process and the SIGINT arrive.
    const TRIALS = 2000;
    const args = ["eval", "scenarios/travel", "--agent", "scripted:random", "--trials", String(TRIALS), "--out", out];
    const first = start(args);
    await until(hasEpisodes(out), "no episode was written in time");

    const second = await ubc([...args, "--resume"]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`ubc eval: ${out} is in use by another ubc eval (pid ${first.child.pid}); wait for it to finish or stop it, then --resume`);
    noStackTrace(second.stderr);

    const sent = Date.now();
    first.child.kill("SIGINT");
    const stopped = await first.done;
    const took = Date.now() - sent;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(took).toBeLessThan(1500);
    expect(stopped.stderr).toContain("stopping: waiting for the running episodes to finish");
    const total = TRAVEL.length * TRIALS;
    const done = episodeKeys(out).length;
    expect(done).toBeLessThan(total);
    expect(existsSync(join(out, "run.lock"))).toBe(false);

    const resumed = await ubc([...args, "--resume"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`running ${total - done} episodes (${done} already done)`);
    const keys = episodeKeys(out);
    expect(keys).toHaveLength(total);
    expect(new Set(keys).size).toBe(total);
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8"))).toMatchObject({ complete: true, overall: { episodes: total } });
  }, 90_000);

  test("a lock left by a process that is gone is taken over, and removed at the end", async () => {
    const out = join(work, "stale");
    mkdirSync(out, { recursive: true });
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(join(out, "run.lock"), `${gone.stdout}\n`);
    const result = await ubc(["eval", TWO_FILES[0]!, "--agent", "scripted:oracle", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    expect(episodeKeys(out)).toEqual(["austin_family#0"]);
    expect(existsSync(join(out, "run.lock"))).toBe(false);
  });
});

describe("resuming", () => {
  test("a damaged run.json: exit 1 with a message naming the file, no stack trace", async () => {
    const out = join(work, "damaged");
    expect((await ubc(["eval", ...TWO_FILES, "--agent", "scripted:random", "--out", out])).code).toBe(0);
    const text = readFileSync(join(out, "run.json"), "utf8");
    writeFileSync(join(out, "run.json"), text.slice(0, Math.floor(text.length / 2)));
    const result = await ubc(["eval", ...TWO_FILES, "--agent", "scripted:random", "--out", out, "--resume"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^ubc eval: ${out}/run\\.json is damaged \\(.+\\); the run cannot be resumed from it`, "m"));
    expect(result.stderr).not.toContain("internal error");
    noStackTrace(result.stderr);
  });

  test("other --trials, a subset of the paths or another seed is refused naming the setting; run.json and summary.json stay as they were", async () => {
    const out = join(work, "identity");
    const base = ["eval", ...TWO_FILES, "--agent", "scripted:random", "--trials", "3", "--out", out];
    expect((await ubc(base)).code).toBe(0);
    const files = () => ["run.json", "summary.json", "episodes.jsonl"].map((f) => readFileSync(join(out, f), "utf8"));
    const before = files();
    const cases: [string[], string][] = [
      [["eval", ...TWO_FILES, "--agent", "scripted:random", "--trials", "1", "--out", out], "--trials differs: the run has trials 3, this invocation 1"],
      [["eval", TWO_FILES[0]!, "--agent", "scripted:random", "--trials", "3", "--out", out], "the paths given leave out 1 of its scenarios (berlin_conference)"],
      [[...base, "--seed", "4"], "--seed differs: the run has seed 0, this invocation 4"],
    ];
    for (const [args, message] of cases) {
      const result = await ubc([...args, "--resume"]);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toContain(`ubc eval: cannot resume ${out}: ${message}`);
    }
    expect(files()).toEqual(before);
    const same = await ubc([...base, "--resume", "--concurrency", "1"]);
    expect(same.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).overall.episodes).toBe(6);
  });

  test("an LLM agent's other sampling settings are refused too", async () => {
    const server = await startFakeOpenAI(() => ({ kind: "tool", arguments: { choice: "finish", content: "" } }));
    try {
      const out = join(work, "sampling");
      const base = ["eval", TWO_FILES[0]!, "--agent", "openai:fake", "--agent-base-url", server.url, "--temperature", "0.2", "--out", out];
      expect((await ubc(base)).code).toBe(0);
      expect(JSON.parse(readFileSync(join(out, "run.json"), "utf8")).sampling).toEqual({ agent: { temperature: 0.2 }, user: {} });
      const other = await ubc([...base, "--temperature", "0.7", "--max-tokens", "64", "--resume"]);
      expect(other.code).toBe(2);
      expect(other.stderr).toContain(`ubc eval: cannot resume ${out}: the agent's sampling (--temperature, --max-tokens, agent_options) differs: the run has agent sampling {"temperature":0.2}, this invocation {"temperature":0.7,"maxTokens":64}`);
      expect((await ubc([...base, "--resume"])).code).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe("run.json makes the run readable from any folder", () => {
  test("it records the working folder and absolute source paths; report and export sft work from elsewhere", async () => {
    const project = join(work, "project");
    mkdirSync(join(project, "sc"), { recursive: true });
    for (const file of TWO_FILES) copyFileSync(join(repoRoot, file), join(project, "sc", file.split("/").pop()!));
    expect((await ubc(["eval", "sc", "--agent", "scripted:oracle", "--out", "run"], project)).code).toBe(0);
    const run = JSON.parse(readFileSync(join(project, "run", "run.json"), "utf8")) as { cwd: string; scenarios: { source: string; path: string }[] };
    expect(run.cwd).toBe(resolve(project));
    expect(run.scenarios.map((s) => [s.source, s.path])).toEqual([
      ["sc/austin_family.ubench", join(resolve(project), "sc/austin_family.ubench")],
      ["sc/berlin_conference.ubench", join(resolve(project), "sc/berlin_conference.ubench")],
    ]);

    const elsewhere = join(work, "elsewhere");
    mkdirSync(elsewhere);
    const report = await ubc(["report", join(project, "run"), "-o", "report.html"], elsewhere);
    expect(report.code, report.stderr).toBe(0);
    const html = readFileSync(join(elsewhere, "report.html"), "utf8");
    expect(html).not.toContain('id="source-problems"');
    expect(html).toContain("An in-unit washer.");
    const sft = await ubc(["export", "sft", join(project, "run"), "-o", "sft.jsonl"], elsewhere);
    expect(sft.code, sft.stderr).toBe(0);
    expect(readFileSync(join(elsewhere, "sft.jsonl"), "utf8").trim().split("\n")).toHaveLength(2);

    // The sources deleted: one note for the run, naming both files.
    rmSync(join(project, "sc"), { recursive: true });
    const gone = await ubc(["report", join(project, "run"), "-o", "gone.html"], elsewhere);
    expect(gone.code, gone.stderr).toBe(0);
    const notes = readFileSync(join(elsewhere, "gone.html"), "utf8").match(/<pre>the scenario sources of [^<]*<\/pre>/g) ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("sc/austin_family.ubench, ");
    expect(notes[0]).toContain("sc/berlin_conference.ubench)");
  });
});

describe("LLM endpoints are checked before the run", () => {
  const agentArgs = (url: string, out: string) => ["eval", TWO_FILES[0]!, "--agent", "openai:fake", "--agent-base-url", url, "--out", out];

  test("a closed port: exit 1 at once with a clear message, no run folder", async () => {
    const out = join(work, "closed");
    const sent = Date.now();
    const result = await ubc(agentArgs("http://127.0.0.1:9/v1", out));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ubc eval: the agent's endpoint http://127.0.0.1:9/v1 cannot be reached (connection refused); check --agent-base-url");
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(existsSync(out)).toBe(false);
    noStackTrace(result.stderr);
  });

  test("a rejected key (401): exit 1 naming the variable to set; the key given is never printed", async () => {
    const server = await startFakeOpenAI(() => ({ kind: "text", content: "[finish]" }), { apiKey: "sk-right-key-123456" });
    try {
      const out = join(work, "unauthorized");
      const child = spawn(process.execPath, [bin, ...agentArgs(server.url, out)], { cwd: repoRoot, env: { ...cleanEnv(), UBENCH_AGENT_API_KEY: "sk-wrong-key-987654" }, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
      const code = await new Promise<number | null>((res) => child.on("close", res));
      expect(code).toBe(1);
      expect(stderr).toContain(`ubc eval: the agent's endpoint ${server.url} refused the API key (HTTP 401); set UBENCH_AGENT_API_KEY or OPENAI_API_KEY`);
      expect(stderr).not.toContain("sk-wrong-key-987654");
      expect(server.requests.map((r) => [r.method, r.url])).toEqual([["GET", "/v1/models"]]);
      expect(existsSync(out)).toBe(false);
    } finally {
      await server.close();
    }
  });

  test("--max-error-rate: an endpoint that answers the check but fails every episode exits 1 past the limit, 0 within it", async () => {
    const failing: FakeReply = { kind: "status", status: 400, body: JSON.stringify({ error: { message: "model not found" } }) };
    const server = await startFakeOpenAI(() => failing);
    try {
      const config = join(work, "no-retries.yaml");
      writeFileSync(config, "agent_options:\n  max_retries: 0\n");
      const run = (out: string, extra: string[]) => ubc([...agentArgs(server.url, join(work, out)), "--config", config, ...extra]);
      const all = await run("errors-default", []);
      expect(all.code).toBe(1);
      expect(all.stderr).toContain("ubc eval: 1 of 1 episodes ended in an agent error: every episode failed");
      const within = await run("errors-allowed", ["--max-error-rate", "1"]);
      expect(within.code, within.stderr).toBe(0);
      const bad = await run("errors-bad-flag", ["--max-error-rate", "2"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("expected a number in [0, 1]");
    } finally {
      await server.close();
    }
  });
});
