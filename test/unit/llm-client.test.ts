import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { cacheKey, canonicalJson } from "../../src/runtime/llm/cache.js";
import { LlmClient, LlmError, retryAfter } from "../../src/runtime/llm/client.js";
import { resolveEndpoint, scrubSecrets } from "../../src/runtime/llm/endpoint.js";
import { parseJsonReply } from "../../src/runtime/llm/json-reply.js";
import { startFakeOpenAI, type FakeReply, type FakeServer } from "../support/fake-openai.js";

const SECRET = "sk-test-SECRET-0123456789";
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(url: string, extra: Partial<ConstructorParameters<typeof LlmClient>[0]> = {}) {
  const waits: number[] = [];
  const c = new LlmClient({
    endpoint: { baseURL: url, apiKey: SECRET },
    timeoutMs: 300,
    maxRetries: 3,
    backoffBaseMs: 10,
    sleep: async (ms) => void waits.push(ms),
    ...extra,
  });
  return { c, waits };
}

const ask = (c: LlmClient, text = "hi") => c.chat({ model: "m", messages: [{ role: "user", content: text }], temperature: 0 });

function scripted(replies: FakeReply[]) {
  return (_: unknown, i: number) => replies[Math.min(i, replies.length - 1)]!;
}

describe("LLM client against a local OpenAI-compatible server", () => {
  test("a plain reply, with usage; the key travels only in the Authorization header", async () => {
    server = await startFakeOpenAI(scripted([{ kind: "text", content: "hello" }]));
    const { c } = client(server.url);
    const reply = await ask(c);
    expect(reply).toMatchObject({ content: "hello", cached: false, usage: { promptTokens: 10, completionTokens: 5 } });
    expect(server.requests[0]!.headers["authorization"]).toBe(`Bearer ${SECRET}`);
    expect(server.requests[0]!.body["model"]).toBe("m");
  });

  test("retries 500s with exponential backoff, then succeeds", async () => {
    server = await startFakeOpenAI(scripted([{ kind: "status", status: 500 }, { kind: "status", status: 502 }, { kind: "text", content: "ok" }]));
    const { c, waits } = client(server.url);
    expect((await ask(c)).content).toBe("ok");
    expect(waits).toEqual([10, 20]);
    expect(c.stats).toMatchObject({ requests: 3, retries: 2, failures: 0 });
  });

  test("honours Retry-After on 429 (seconds and HTTP dates), capped", async () => {
    server = await startFakeOpenAI(scripted([{ kind: "status", status: 429, retryAfter: "2" }, { kind: "text", content: "ok" }]));
    const { c, waits } = client(server.url);
    expect((await ask(c)).content).toBe("ok");
    expect(waits).toEqual([2000]);
    const headers = new Headers({ "retry-after": new Date(Date.UTC(2030, 0, 1, 0, 0, 5)).toUTCString() });
    expect(retryAfter(headers, 60_000, Date.UTC(2030, 0, 1))).toBe(5000);
    expect(retryAfter(new Headers({ "retry-after": "999" }), 30_000)).toBe(30_000);
  });

  test("a hung request is cut by the timeout and retried", async () => {
    server = await startFakeOpenAI(scripted([{ kind: "hang" }, { kind: "text", content: "after the hang" }]));
    const { c } = client(server.url);
    expect((await ask(c)).content).toBe("after the hang");
    expect(c.stats.retries).toBe(1);
  });

  test("malformed bodies and missing fields are retried, then fail with a clear error", async () => {
    server = await startFakeOpenAI(scripted([{ kind: "malformed", body: "{not json" }, { kind: "no-choices" }]));
    const { c } = client(server.url, { maxRetries: 2 });
    const error = await ask(c).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).kind).toBe("malformed");
    expect(server.requests.length).toBe(3);
  });

  test("400s are not retried, and error messages never show the key", async () => {
    server = await startFakeOpenAI(scripted([{ kind: "status", status: 400, body: JSON.stringify({ error: { message: `bad key ${SECRET}` } }) }]));
    const { c } = client(server.url);
    const error = (await ask(c).catch((e: unknown) => e)) as LlmError;
    expect(error.status).toBe(400);
    expect(error.message).not.toContain(SECRET);
    expect(server.requests.length).toBe(1);
  });

  test("cache: read-write records, replay reproduces with no request; a replay miss is an error; no key on disk", async () => {
    server = await startFakeOpenAI((_, i) => ({ kind: "text", content: `reply ${i}` }));
    const cacheDir = mkdtempSync(join(tmpdir(), "ubench-cache-"));
    const writer = client(server.url, { cacheMode: "read-write", cacheDir }).c;
    const first = await ask(writer, "one");
    expect((await ask(writer, "one")).cached).toBe(true);
    expect(server.requests.length).toBe(1);

    await server.close();
    server = undefined;
    const replayer = new LlmClient({ endpoint: { baseURL: writer.endpoint.baseURL, apiKey: undefined }, cacheMode: "replay", cacheDir });
    expect((await ask(replayer, "one")).content).toBe(first.content);
    await expect(ask(replayer, "two")).rejects.toMatchObject({ kind: "replay-miss" });

    const files = readdirSync(cacheDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBe(1);
    for (const f of files) expect(readFileSync(join(f.parentPath, f.name), "utf8")).not.toContain(SECRET);
  });

  test("concurrency is limited at the server", async () => {
    server = await startFakeOpenAI(() => ({ kind: "text", content: "x" }), { latencyMs: 40 });
    const { c } = client(server.url, { concurrency: 3, timeoutMs: 5000 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => ask(c, `q${i}`)));
    expect(server.requests.length).toBe(10);
    expect(server.peakConcurrency).toBe(3);
  });
});

describe("cache keys", () => {
  test("canonical: key order does not matter; content, model, URL and sampling do; the key is never part of it", () => {
    const base = { model: "m", baseURL: "http://a", messages: [{ role: "user", content: "x" }], temperature: 0 };
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(cacheKey(base)).toBe(cacheKey({ temperature: 0, messages: [{ content: "x", role: "user" }], baseURL: "http://a", model: "m" }));
    for (const change of [{ model: "n" }, { baseURL: "http://b" }, { temperature: 1 }, { messages: [{ role: "user", content: "y" }] }, { tools: [] }]) {
      expect(cacheKey({ ...base, ...change })).not.toBe(cacheKey(base));
    }
  });
});

describe("endpoints and secrets", () => {
  test("flags win, then role variables, then OPENAI_*", () => {
    const env = { OPENAI_BASE_URL: "http://o", OPENAI_API_KEY: "ko", UBENCH_USER_BASE_URL: "http://u", UBENCH_AGENT_API_KEY: "ka" };
    expect(resolveEndpoint("user", {}, env)).toEqual({ baseURL: "http://u", apiKey: "ko" });
    expect(resolveEndpoint("agent", {}, env)).toEqual({ baseURL: "http://o", apiKey: "ka" });
    expect(resolveEndpoint("agent", { baseURL: "http://f" }, env).baseURL).toBe("http://f");
    expect(resolveEndpoint("agent", {}, {}).baseURL).toBe("https://api.openai.com/v1");
  });

  test("scrubSecrets removes keys and bearer tokens", () => {
    expect(scrubSecrets(`key ${SECRET} and Bearer abcdefghijkl`, [SECRET])).toBe("key [redacted] and Bearer [redacted]");
  });
});

describe("tolerant JSON replies", () => {
  const Schema = z.object({ aspect: z.string().nullable() });
  test.each([
    ['{"aspect": "hotel"}', "hotel"],
    ['```json\n{"aspect": "hotel"}\n```', "hotel"],
    ['Sure! Here it is: {"aspect": null} hope that helps', null],
    ['thinking {not json} then {"aspect": "flight"}', "flight"],
  ])("%s", (text, expected) => {
    const parsed = parseJsonReply(text, Schema);
    expect(parsed).toEqual({ ok: true, value: { aspect: expected } });
  });

  test("failures say why", () => {
    expect(parseJsonReply("", Schema)).toMatchObject({ ok: false, reason: "empty reply" });
    expect(parseJsonReply("no json here", Schema)).toMatchObject({ ok: false, reason: "no JSON object in the reply" });
    expect(parseJsonReply('{"aspect": 3}', Schema)).toMatchObject({ ok: false, reason: expect.stringContaining("aspect") });
  });
});
