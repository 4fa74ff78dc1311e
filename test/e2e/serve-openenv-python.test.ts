import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";
import { repoRoot } from "../support/cli.js";
import { connectWebSocket } from "../support/serve-client.js";

/**
 * `ubc serve` against OpenEnv's own Python, not a restatement of it: `validate_running_environment`
 * (what `openenv validate --url` runs) and the pydantic models of env_server/types.py, read from
 * the OpenEnv snapshot at the pinned commit. It needs that snapshot and python3 with requests and
 * pydantic 2; without them it is skipped, saying why (serve-openenv.test.ts restates the checks in
 * TypeScript and always runs).
 */

const OPENENV = "/work/.mirror/meta-pytorch+OpenEnv/repo";
const COMMIT = "685de411e5f77286b0fd94798d42c4467cf8a1bc";

function missing(): string | undefined {
  if (!existsSync(OPENENV)) return `no OpenEnv snapshot at ${OPENENV}`;
  const probe = spawnSync("python3", ["-c", "import requests, pydantic; assert pydantic.VERSION.startswith('2')"], { encoding: "utf8" });
  if (probe.status !== 0) return "python3 with requests and pydantic 2 is not available";
  const known = spawnSync("git", ["-C", OPENENV, "cat-file", "-e", `${COMMIT}^{commit}`]);
  if (known.status !== 0) return `the OpenEnv snapshot lacks commit ${COMMIT}`;
  return undefined;
}

/** Runs python3 without blocking this process, which serves the requests it makes. */
function python(args: string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("python3", args, { cwd, encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

const why = missing();
if (why) console.warn(`serve-openenv-python: skipped: ${why}`);

/** Checks a server's replies against OpenEnv's models; prints the validate report as JSON. */
const CHECK = `
import json, sys, requests
from _validation import validate_running_environment
from types_openenv import EnvironmentMetadata, HealthResponse, ResetResponse, SchemaResponse, StepResponse, State, WSObservationResponse, WSStateResponse
url, ws_file = sys.argv[1], sys.argv[2]
EnvironmentMetadata(**requests.get(url + "/metadata").json())
HealthResponse(**requests.get(url + "/health").json())
SchemaResponse(**requests.get(url + "/schema").json())
ResetResponse(**requests.post(url + "/reset", json={"seed": 2**64 + 1, "episode_id": "e" * 255}).json())
StepResponse(**requests.post(url + "/step", json={"action": {"choice": "search", "content": "hotel"}}).json())
State(**requests.get(url + "/state").json())
for message in json.load(open(ws_file)):
    model = WSStateResponse if message["type"] == "state" else WSObservationResponse
    model(**message)
    if message["type"] == "observation":
        (ResetResponse if message["data"]["reward"] is None else StepResponse)(**message["data"])
print(json.dumps(validate_running_environment(url)))
`;

describe.skipIf(why !== undefined)("ubc serve against OpenEnv's own Python", () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    server = await startServer({ scenarios: loadScenarios([join(repoRoot, "scenarios/travel")]).scenarios, port: 0 });
    dir = mkdtempSync(join(tmpdir(), "ubench-openenv-"));
    const show = (path: string) => execFileSync("git", ["-C", OPENENV, "show", `${COMMIT}:${path}`], { encoding: "utf8" });
    writeFileSync(join(dir, "_validation.py"), show("src/openenv/cli/_validation.py"));
    writeFileSync(join(dir, "types_openenv.py"), show("src/openenv/core/env_server/types.py"));
    writeFileSync(join(dir, "check.py"), CHECK);
  });
  afterAll(() => server?.close());

  test("OpenEnv's models accept every reply, and validate_running_environment passes all six checks", async () => {
    const client = await connectWebSocket(server.url);
    const messages = [await client.send({ type: "reset", data: { seed: 3 } }), await client.send({ type: "step", data: { choice: "search", content: "hotel" } }), await client.send({ type: "state" })];
    client.ws.close();
    writeFileSync(join(dir, "ws.json"), JSON.stringify(messages));
    const run = await python(["check.py", server.url, join(dir, "ws.json")], dir);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { passed: boolean; mode: string; summary: { passed_count: number; total_count: number; failed_criteria: string[] } };
    expect(report.summary).toMatchObject({ passed_count: 6, total_count: 6, failed_criteria: [] });
    expect(report).toMatchObject({ passed: true, mode: "simulation" });
  });

  test("with a token, validate passes given the base URL OpenEnv users would pass (?token=)", async () => {
    const guarded = await startServer({ scenarios: loadScenarios([join(repoRoot, "scenarios/travel/austin_family.ubench")]).scenarios, port: 0, token: "0123456789abcdef" });
    try {
      const script = "import json, sys\nfrom _validation import validate_running_environment\nprint(json.dumps(validate_running_environment(sys.argv[1])['summary']))";
      const run = async (url: string) => JSON.parse((await python(["-c", script, url], dir)).stdout) as { passed_count: number };
      expect((await run(`${guarded.url}?token=0123456789abcdef`)).passed_count).toBe(6);
      expect((await run(guarded.url)).passed_count).toBeLessThan(6);
    } finally {
      await guarded.close();
    }
  });
});
