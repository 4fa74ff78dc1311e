import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { cacheKey } from "../../src/runtime/llm/cache.js";
import { LlmClient, LlmError, type LlmClientOptions } from "../../src/runtime/llm/client.js";
import { ReplayMissError } from "../../src/runtime/llm/cache.js";
import { queue, startFakeOpenAI, type FakeReply, type FakeServer } from "../support/fake-openai.js";

/** Tests run against the real `openai` package and a local server; timeouts and backoffs are short. */
const SECRET = "sk-test-SECRET-0123456789";
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(replies: FakeReply[] | Parameters<typeof startFakeOpenAI>[0], options?: Parameters<typeof startFakeOpenAI>[1]) {
  server = await startFakeOpenAI(Array.isArray(replies) ? queue(replies) : replies, options);
  return server;
}

function client(url: string, extra: Partial<LlmClientOptions> = {}) {
  const waits: number[] = [];
  const c = new LlmClient({
    endpoint: { baseURL: url, apiKey: SECRET },
    // Long enough that a loaded 2-core machine never turns a prompt local reply into a timeout; tests of timeouts set their own.
    timeoutMs: 2000,
    maxRetries: 3,
    backoffBaseMs: 10,
    sleep: async (ms) => void waits.push(ms),
    ...extra,
  });
  return { c, waits };
}

const ask = (c: LlmClient, text = "hi") => c.chat({ model: "m", messages: [{ role: "user", content: text }], temperature: 0 });
const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable("expected a failure"), (e: unknown) => e as LlmError);

function cacheFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe("LLM client against a local OpenAI-compatible server", () => {
  test("a plain reply with usage; the key travels only in the Authorization header; the package's retries are off", async () => {
    await serve([{ kind: "text", content: "hello" }]);
    const { c } = client(server!.url);
    expect(await ask(c)).toEqual({ content: "hello", toolCalls: [], cached: false, usage: { promptTokens: 10, completionTokens: 5 } });
    const request = server!.requests[0]!;
    expect(request.headers["authorization"]).toBe(`Bearer ${SECRET}`);
    expect(JSON.stringify(request.body)).not.toContain(SECRET);
    expect(request.headers["x-stainless-retry-count"]).toBe("0");
    expect(c.stats).toEqual({ requests: 1, cacheHits: 0, retries: 0, failures: 0, truncatedReplies: 0, promptTokens: 10, completionTokens: 5 });
  });

  test("retries 500s with exponential backoff, then succeeds", async () => {
    await serve([{ kind: "status", status: 500 }, { kind: "status", status: 502 }, { kind: "text", content: "ok" }]);
    const { c, waits } = client(server!.url);
    expect((await ask(c)).content).toBe("ok");
    expect(waits).toEqual([10, 20]);
    expect(c.stats).toMatchObject({ requests: 3, retries: 2, failures: 0 });
  });

  test("honours Retry-After on 429, in seconds or as an HTTP date, capped by backoffMaxMs", async () => {
    const inFiveSeconds = new Date(Date.now() + 5_000).toUTCString();
    await serve([
      { kind: "status", status: 429, retryAfter: "2" },
      { kind: "status", status: 429, retryAfter: inFiveSeconds },
      { kind: "status", status: 429, retryAfter: "3600" },
      { kind: "text", content: "ok" },
    ]);
    const { c, waits } = client(server!.url, { backoffMaxMs: 10_000 });
    expect((await ask(c)).content).toBe("ok");
    expect(waits[0]).toBe(2000);
    expect(waits[1]).toBeGreaterThan(2500);
    expect(waits[1]).toBeLessThanOrEqual(5000);
    expect(waits[2]).toBe(10_000);
  });

  test("a 429 without Retry-After backs off exponentially", async () => {
    await serve([{ kind: "status", status: 429 }, { kind: "text", content: "ok" }]);
    const { c, waits } = client(server!.url);
    expect((await ask(c)).content).toBe("ok");
    expect(waits).toEqual([10]);
  });

  test("gives up after maxRetries and reports the last error", async () => {
    await serve([{ kind: "status", status: 503 }]);
    const { c } = client(server!.url, { maxRetries: 2 });
    const error = await failure(ask(c));
    expect(error).toMatchObject({ kind: "http", status: 503 });
    expect(server!.requests).toHaveLength(3);
    expect(c.stats).toMatchObject({ requests: 3, retries: 2, failures: 1 });
  });

  test.each([400, 401, 404, 422])("HTTP %i is not retried", async (status) => {
    await serve([{ kind: "status", status }]);
    const { c } = client(server!.url);
    expect(await failure(ask(c))).toMatchObject({ kind: "http", status });
    expect(server!.requests).toHaveLength(1);
    expect(c.stats).toMatchObject({ requests: 1, retries: 0, failures: 1 });
  });

  test("a hung request is cut by the timeout, then the retry succeeds", async () => {
    await serve([{ kind: "hang" }, { kind: "text", content: "after the hang" }]);
    const { c } = client(server!.url, { timeoutMs: 250 });
    const started = performance.now();
    expect((await ask(c)).content).toBe("after the hang");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(c.stats).toMatchObject({ requests: 2, retries: 1 });
  });

  test("a body that stalls after the headers is cut by the same deadline", async () => {
    await serve([{ kind: "stall-body" }, { kind: "text", content: "whole" }]);
    const { c } = client(server!.url);
    expect((await ask(c)).content).toBe("whole");
    expect(c.stats.retries).toBe(1);
  });

  test.each(["hang", "stall-body"] as const)("only %s: a timeout error after the retries", async (kind) => {
    await serve([{ kind }]);
    const { c } = client(server!.url, { maxRetries: 1, timeoutMs: 100 });
    expect(await failure(ask(c))).toMatchObject({ kind: "timeout", message: "request timed out after 100 ms" });
    expect(c.stats).toMatchObject({ requests: 2, retries: 1, failures: 1 });
  });

  test("dropped connections and an unreachable server are network errors, retried", async () => {
    await serve([{ kind: "reset" }, { kind: "text", content: "back" }]);
    const { c } = client(server!.url);
    expect((await ask(c)).content).toBe("back");
    expect(c.stats.retries).toBe(1);

    const url = server!.url;
    await server!.close();
    server = undefined;
    const { c: offline } = client(url, { maxRetries: 1 });
    const error = await failure(ask(offline));
    expect(error).toMatchObject({ kind: "network" });
    expect(error.message).toContain(url);
    expect(offline.stats).toMatchObject({ requests: 2, retries: 1, failures: 1 });
  });

  test("malformed bodies and missing fields are retried, then fail with a clear error", async () => {
    await serve([{ kind: "malformed", body: "{not json" }, { kind: "no-choices" }]);
    const { c } = client(server!.url, { maxRetries: 2 });
    const error = await failure(ask(c));
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: "malformed", message: "the reply has no choices[0].message" });
    expect(server!.requests).toHaveLength(3);
  });

  test("tool calls: arguments and ids as sent; a missing id gets a stable one", async () => {
    await serve([
      { kind: "tool", arguments: { choice: "search", content: "x" }, id: "call_1" },
      { kind: "tool", arguments: "{}", id: null },
    ]);
    const { c } = client(server!.url);
    expect((await ask(c, "a")).toolCalls).toEqual([{ id: "call_1", type: "function", function: { name: "interact_with_env", arguments: '{"choice":"search","content":"x"}' } }]);
    expect((await ask(c, "b")).toolCalls[0]!.id).toBe("call_0");
  });

  test("error messages never show the key, even when the server echoes it", async () => {
    await serve([{ kind: "status", status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${SECRET}` } }) }]);
    const { c } = client(server!.url);
    const error = await failure(ask(c));
    expect(error.status).toBe(401);
    expect(error.message).toContain("[redacted]");
    expect(error.message).not.toContain(SECRET);
    expect(String(error.stack)).not.toContain(SECRET);
  });

  test.each([
    ["vLLM's flat body (before 0.10.1)", { object: "error", message: `max_tokens is too large; key ${SECRET}`, type: "BadRequestError", param: null, code: 400 }],
    ["FastAPI's detail", { detail: `max_tokens is too large; key ${SECRET}` }],
    ["a bare error string", { error: `max_tokens is too large; key ${SECRET}` }],
  ])("an error body in %s shows the server's message, without the key", async (_, body) => {
    await serve([{ kind: "status", status: 400, body: JSON.stringify(body) }]);
    const { c } = client(server!.url);
    const error = await failure(ask(c));
    expect(error.status).toBe(400);
    expect(error.message).toBe(`HTTP 400 from ${server!.url}: 400 max_tokens is too large; key [redacted]`);
  });

  test("a reply's text is capped (64 KiB by default): the content, then the tool calls' arguments, cut and marked, and counted", async () => {
    const huge = "x".repeat(200_000);
    await serve([
      { kind: "text", content: huge },
      { kind: "tools", content: "abcdef", calls: [{ arguments: "0123456789" }, { arguments: "more" }] },
      { kind: "text", content: "short" },
    ]);
    const { c } = client(server!.url);
    expect((await ask(c, "a")).content).toBe(`${"x".repeat(65_536)} [ubench: reply truncated at 65536 characters]`);
    const small = client(server!.url, { maxReplyChars: 10 }).c;
    const cut = await ask(small, "b");
    expect(cut.content).toBe("abcdef");
    expect(cut.toolCalls.map((t) => t.function.arguments)).toEqual(["0123 [ubench: reply truncated at 10 characters]", " [ubench: reply truncated at 10 characters]"]);
    expect((await ask(small, "c")).content).toBe("short");
    expect([c.stats.truncatedReplies, small.stats.truncatedReplies]).toEqual([1, 1]);
  });

  test("concurrency is limited at the server", async () => {
    await serve(() => ({ kind: "text", content: "x" }), { latencyMs: 30 });
    const { c } = client(server!.url, { concurrency: 3, timeoutMs: 5000 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => ask(c, `q${i}`)));
    expect(server!.requests).toHaveLength(10);
    expect(server!.peakConcurrency).toBe(3);
  });
});

describe("the cache through the client", () => {
  const cacheDir = () => mkdtempSync(join(tmpdir(), "ubench-llm-cache-"));

  test("read-write records, then replay reproduces with no request and no key; a miss is an error naming the key", async () => {
    await serve((_, i) => ({ kind: "text", content: `reply ${i}` }));
    const dir = cacheDir();
    const { c: writer } = client(server!.url, { cacheMode: "read-write", cacheDir: dir });
    const first = await ask(writer, "one");
    expect(await ask(writer, "one")).toEqual({ ...first, cached: true });
    expect(server!.requests).toHaveLength(1);
    expect(writer.stats).toMatchObject({ requests: 1, cacheHits: 1 });

    const url = server!.url;
    await server!.close();
    server = undefined;
    // No server, no key: replay must not need either.
    const replayer = new LlmClient({ endpoint: { baseURL: url, apiKey: undefined }, cacheMode: "replay", cacheDir: dir });
    expect(await ask(replayer, "one")).toEqual({ ...first, cached: true });
    const missKey = cacheKey({ model: "m", messages: [{ role: "user", content: "two" }], temperature: 0, baseURL: url });
    const miss = await failure(ask(replayer, "two"));
    expect(miss).toBeInstanceOf(ReplayMissError);
    expect(miss).toMatchObject({ kind: "replay-miss" });
    expect(miss.message).toContain(missKey);
    expect(replayer.stats).toEqual({ requests: 0, cacheHits: 1, retries: 0, failures: 1, truncatedReplies: 0, promptTokens: 0, completionTokens: 0 });
  });

  test("a final failure is recorded: replay reproduces it, read-write tries again", async () => {
    await serve([{ kind: "status", status: 400 }, { kind: "text", content: "fine now" }]);
    const dir = cacheDir();
    const { c: writer } = client(server!.url, { cacheMode: "read-write", cacheDir: dir });
    const original = await failure(ask(writer));
    const replayed = await failure(new LlmClient({ endpoint: { baseURL: server!.url, apiKey: undefined }, cacheMode: "replay", cacheDir: dir }).chat({ model: "m", messages: [{ role: "user", content: "hi" }], temperature: 0 }));
    expect({ kind: replayed.kind, status: replayed.status, message: replayed.message }).toEqual({ kind: original.kind, status: original.status, message: original.message });
    expect((await ask(writer)).content).toBe("fine now");
    expect(server!.requests).toHaveLength(2);
  });

  test("identical requests in flight at once share one call in read-write mode", async () => {
    await serve((_, i) => ({ kind: "text", content: `reply ${i}` }), { latencyMs: 30 });
    const { c } = client(server!.url, { cacheMode: "read-write", cacheDir: cacheDir() });
    const replies = await Promise.all([ask(c, "same"), ask(c, "same"), ask(c, "same")]);
    expect(new Set(replies.map((r) => r.content))).toEqual(new Set(["reply 0"]));
    expect(server!.requests).toHaveLength(1);
  });

  test("the API key never reaches a cache file, even when the server echoes it", async () => {
    await serve([{ kind: "text", content: `I saw the key ${SECRET}` }]);
    const dir = cacheDir();
    const { c } = client(server!.url, { cacheMode: "read-write", cacheDir: dir });
    await ask(c);
    const files = cacheFiles(dir);
    expect(files).toHaveLength(1);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(text).not.toContain(SECRET);
      expect(text).toContain('"content":"I saw the key [redacted]"');
    }
  });

  test("off mode writes nothing and always asks the server", async () => {
    await serve([{ kind: "text", content: "x" }]);
    const dir = cacheDir();
    const { c } = client(server!.url, { cacheMode: "off", cacheDir: dir });
    await ask(c);
    await ask(c);
    expect(server!.requests).toHaveLength(2);
    expect(cacheFiles(dir)).toEqual([]);
  });
});
