import fc from "fast-check";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { cacheKey, canonicalJson, ReplayMissError, ResponseCache, type CacheableRequest } from "../../src/runtime/llm/cache.js";
import { LlmError } from "../../src/runtime/llm/types.js";

const base: CacheableRequest = { model: "m", baseURL: "http://a/v1", messages: [{ role: "user", content: "x" }], temperature: 0 };
const reply = { content: "hello", toolCalls: [] };

/** The same value with the keys of every object in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

describe("cache keys", () => {
  test("canonical JSON sorts keys at every level and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [{ f: 1, e: undefined }] } })).toBe('{"a":{"c":[{"f":1}],"d":2},"b":1}');
  });

  test("key order never changes the key (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (message) => {
        const request = { ...base, messages: [message] } as unknown as CacheableRequest;
        expect(cacheKey(reverseKeys(request) as CacheableRequest)).toBe(cacheKey(request));
      }),
    );
  });

  test("everything that shapes the reply is in the key", () => {
    const changes: Partial<CacheableRequest>[] = [
      { model: "n" },
      { baseURL: "http://b/v1" },
      { temperature: 1 },
      { max_tokens: 10 },
      { max_completion_tokens: 10 },
      { top_p: 0.5 },
      { seed: 7 },
      { tools: [] },
      { tool_choice: "auto" },
      { messages: [{ role: "user", content: "y" }] },
      { messages: [{ role: "system", content: "x" }] },
    ];
    const keys = new Set([cacheKey(base), ...changes.map((c) => cacheKey({ ...base, ...c }))]);
    expect(keys.size).toBe(changes.length + 1);
  });

  test("fields outside the request (an API key on the object, say) are not part of it", () => {
    const withKey = { ...base, apiKey: "sk-should-not-matter" } as CacheableRequest;
    expect(cacheKey(withKey)).toBe(cacheKey(base));
  });
});

describe("the reply cache on disk", () => {
  const dir = () => mkdtempSync(join(tmpdir(), "ubench-cache-"));

  test("read-write stores one file per key under a two-hex-digit folder, atomically (no temp files left)", async () => {
    const root = dir();
    const cache = new ResponseCache(root, "read-write");
    const key = cacheKey(base);
    expect(await cache.get(key)).toEqual({ hit: "none" });
    await cache.putReply(key, base, reply);
    expect(await cache.get(key)).toEqual({ hit: "reply", reply });
    expect(cache.file(key)).toBe(join(root, key.slice(0, 2), `${key}.json`));
    expect(readdirSync(join(root, key.slice(0, 2)))).toEqual([`${key}.json`]);
    expect(JSON.parse(readFileSync(cache.file(key), "utf8"))).toMatchObject({ key, request: { model: "m", baseURL: "http://a/v1" }, reply });
  });

  test("replay serves hits, names the full key on a miss, and reproduces recorded failures", async () => {
    const root = dir();
    const writer = new ResponseCache(root, "read-write");
    const key = cacheKey(base);
    await writer.putReply(key, base, reply);
    const failedKey = cacheKey({ ...base, seed: 1 });
    await writer.putFailure(failedKey, { ...base, seed: 1 }, new LlmError("HTTP 503 from http://a/v1: busy", "http", 503));

    const replay = new ResponseCache(root, "replay");
    expect(await replay.get(key)).toEqual({ hit: "reply", reply });
    const failure = await replay.get(failedKey);
    expect(failure).toMatchObject({ hit: "failure", error: { kind: "http", status: 503, message: "HTTP 503 from http://a/v1: busy" } });
    // read-write gives a recorded failure another chance
    expect(await writer.get(failedKey)).toEqual({ hit: "none" });

    const missing = cacheKey({ ...base, seed: 2 });
    await expect(replay.get(missing)).rejects.toThrow(ReplayMissError);
    await expect(replay.get(missing)).rejects.toThrow(missing);
  });

  test("off neither reads nor writes; replay never writes", async () => {
    const root = dir();
    const key = cacheKey(base);
    await new ResponseCache(root, "off").putReply(key, base, reply);
    await new ResponseCache(root, "replay").putReply(key, base, reply);
    expect(existsSync(join(root, key.slice(0, 2)))).toBe(false);
    expect(await new ResponseCache(root, "off").get(key)).toEqual({ hit: "none" });
  });

  test("a corrupt or foreign entry is a miss in read-write and an error in replay", async () => {
    const root = dir();
    const key = cacheKey(base);
    const cache = new ResponseCache(root, "read-write");
    mkdirSync(dirname(cache.file(key)), { recursive: true });
    for (const text of ["{half", JSON.stringify({ key, reply: { content: 3 } }), JSON.stringify({ key: "other", reply })]) {
      writeFileSync(cache.file(key), text);
      expect(await cache.get(key)).toEqual({ hit: "none" });
      await expect(new ResponseCache(root, "replay").get(key)).rejects.toThrow(ReplayMissError);
    }
  });

  test("the secrets it is given never reach a file, even when a reply echoes one", async () => {
    const root = dir();
    const secret = "sk-live-abcdef0123456789";
    const cache = new ResponseCache(root, "read-write", [secret]);
    const key = cacheKey(base);
    await cache.putReply(key, base, { content: `your key is ${secret}`, toolCalls: [] });
    expect(readFileSync(cache.file(key), "utf8")).not.toContain(secret);
  });
});

describe("canonical JSON", () => {
  test("round-trips any JSON value and ignores key order (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        // JSON itself has no -0: compare with what JSON.stringify makes of the value.
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(reverseKeys(value))).toBe(text);
      }),
    );
  });

  test("keys come out sorted, integer-like ones included (JSON.stringify would hoist those)", () => {
    expect(canonicalJson({ b: 1, "": 2, "7": 3, a: { "10": 1, "9": 2 } })).toBe('{"":2,"7":3,"a":{"10":1,"9":2},"b":1}');
  });

  test("drops undefined members like JSON.stringify, and writes undefined array items as null", () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1], c: () => 1 })).toBe('{"b":[null,1]}');
    expect(canonicalJson(-0)).toBe("0");
  });
});
