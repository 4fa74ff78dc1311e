import { describe, expect, test } from "vitest";
import { backoffDelay, retryAfter } from "../../src/runtime/llm/backoff.js";
import { clientOptionsFrom, createLlmClient, LlmConfigError, parseLlmOptions, samplingFrom, samplingParams } from "../../src/runtime/llm/config.js";
import { publicBaseURL, resolveEndpoint, scrubSecrets } from "../../src/runtime/llm/endpoint.js";
import { createRng } from "../../src/runtime/rng.js";

describe("endpoint resolution", () => {
  const env = {
    OPENAI_BASE_URL: "http://openai.local/v1",
    OPENAI_API_KEY: "k-openai",
    UBENCH_USER_BASE_URL: "http://user.local/v1",
    UBENCH_AGENT_API_KEY: "k-agent",
  };

  test("flag, then the role's variable, then OPENAI_*, then api.openai.com", () => {
    expect(resolveEndpoint("user", {}, env)).toEqual({ baseURL: "http://user.local/v1", apiKey: "k-openai" });
    expect(resolveEndpoint("agent", {}, env)).toEqual({ baseURL: "http://openai.local/v1", apiKey: "k-agent" });
    expect(resolveEndpoint("agent", { baseURL: "http://flag/v1" }, env).baseURL).toBe("http://flag/v1");
    expect(resolveEndpoint("user", { baseURL: "http://flag/v1" }, env).baseURL).toBe("http://flag/v1");
    expect(resolveEndpoint("agent", {}, {})).toEqual({ baseURL: "https://api.openai.com/v1", apiKey: undefined });
  });

  test("the roles do not see each other's variables; blank values count as unset", () => {
    expect(resolveEndpoint("agent", {}, { UBENCH_USER_BASE_URL: "http://user", UBENCH_USER_API_KEY: "ku" })).toEqual({ baseURL: "https://api.openai.com/v1", apiKey: undefined });
    expect(resolveEndpoint("user", {}, { UBENCH_USER_API_KEY: "  ", OPENAI_API_KEY: "ko" }).apiKey).toBe("ko");
  });

  test("a named key variable wins over the role's", () => {
    expect(resolveEndpoint("agent", { apiKeyEnv: "TOGETHER_API_KEY" }, { ...env, TOGETHER_API_KEY: "k-together" }).apiKey).toBe("k-together");
    expect(resolveEndpoint("agent", { apiKeyEnv: "MISSING" }, env).apiKey).toBe("k-agent");
  });

  test("publicBaseURL drops credentials from the URL", () => {
    expect(publicBaseURL("http://127.0.0.1:8000/v1")).toBe("http://127.0.0.1:8000/v1");
    expect(publicBaseURL("https://user:s3cret@host/v1/")).toBe("https://host/v1");
    expect(publicBaseURL("https://host/openai?api-key=s3cret&api-version=1")).toBe("https://host/openai?api-key=redacted&api-version=1");
  });

  test("scrubSecrets removes the given keys, sk- keys and bearer tokens", () => {
    expect(scrubSecrets("key abcd1234 and Bearer abcdefghijkl and sk-proj-0123456789", ["abcd1234"])).toBe("key [redacted] and Bearer [redacted] and sk-[redacted]");
  });
});

describe("LLM options from a run config or flags", () => {
  test("camelCase, snake_case and flag strings are accepted", () => {
    expect(parseLlmOptions({ base_url: "http://x/v1", max_tokens: "64", temperature: "0.7", retries: 2, cache: "replay", timeout: 5 })).toEqual({
      baseURL: "http://x/v1",
      maxTokens: 64,
      temperature: 0.7,
      maxRetries: 2,
      cache: "replay",
      timeout: 5,
    });
  });

  test("unknown keys and bad values are errors that say which", () => {
    expect(() => parseLlmOptions({ temprature: 1 }, "agent")).toThrow(LlmConfigError);
    expect(() => parseLlmOptions({ temprature: 1 }, "agent")).toThrow(/agent: unknown option\(s\) temprature/);
    expect(() => parseLlmOptions({ cache: "sometimes" })).toThrow(/cache/);
    expect(() => parseLlmOptions({ concurrency: 0 })).toThrow(/concurrency/);
  });

  test("client settings and sampling", () => {
    const options = parseLlmOptions({ baseURL: "http://x/v1", timeout: 2.5, concurrency: 8, cache: "read-write", cacheDir: "/tmp/c" });
    const { secrets, ...settings } = clientOptionsFrom("agent", options, { UBENCH_AGENT_API_KEY: "ka", UBENCH_USER_API_KEY: "ku-secret", TINKER_API_KEY: "kt-secret", OTHER: "not-a-key" });
    expect(settings).toEqual({
      endpoint: { baseURL: "http://x/v1", apiKey: "ka" },
      timeoutMs: 2500,
      concurrency: 8,
      cacheMode: "read-write",
      cacheDir: "/tmp/c",
    });
    // Every *_API_KEY of the environment is a secret the client scrubs, whichever role it belongs to.
    expect(secrets!()).toEqual(expect.arrayContaining(["ka", "ku-secret", "kt-secret"]));
    expect(secrets!()).not.toContain("not-a-key");
    const sampling = samplingFrom(parseLlmOptions({ temperature: null, maxTokens: 50, maxTokensField: "max_completion_tokens" }), { temperature: 0, maxTokens: 10 });
    expect(samplingParams(sampling)).toEqual({ max_completion_tokens: 50 });
    expect(samplingParams(samplingFrom({}, { temperature: 0, maxTokens: 10 }))).toEqual({ temperature: 0, max_tokens: 10 });
  });

  test("building a client needs no key and makes no request", () => {
    const client = createLlmClient("user", { cache: "replay" }, {});
    expect(client.describe()).toMatchObject({ baseURL: "https://api.openai.com/v1", cacheMode: "replay" });
    expect(client.stats.requests).toBe(0);
  });
});

describe("backoff", () => {
  const policy = { baseMs: 100, maxMs: 1000 };
  test("exponential, capped, deterministic", () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  test("Retry-After wins, capped", () => {
    expect(backoffDelay(0, policy, 700)).toBe(700);
    expect(backoffDelay(0, policy, 5000)).toBe(1000);
  });

  test("seeded jitter stays within [50%, 100%] of the step and repeats with the seed", () => {
    const delays = (seed: number) => {
      const jitter = createRng(seed);
      return [0, 1, 2, 3].map((n) => backoffDelay(n, { ...policy, jitter }));
    };
    const a = delays(3);
    const b = delays(3);
    expect(a).toEqual(b);
    a.forEach((ms, n) => {
      expect(ms).toBeGreaterThanOrEqual(backoffDelay(n, policy) / 2);
      expect(ms).toBeLessThanOrEqual(backoffDelay(n, policy));
    });
  });

  test("Retry-After as seconds or an HTTP date, capped; junk is ignored", () => {
    const now = Date.UTC(2030, 0, 1);
    expect(retryAfter(new Headers({ "retry-after": "2" }), 60_000, now)).toBe(2000);
    expect(retryAfter(new Headers({ "retry-after": new Date(now + 5000).toUTCString() }), 60_000, now)).toBe(5000);
    expect(retryAfter(new Headers({ "retry-after": new Date(now - 5000).toUTCString() }), 60_000, now)).toBe(0);
    expect(retryAfter(new Headers({ "retry-after": "999" }), 30_000, now)).toBe(30_000);
    expect(retryAfter(new Headers({ "retry-after": "soon" }), 30_000, now)).toBeUndefined();
    expect(retryAfter(new Headers(), 30_000, now)).toBeUndefined();
  });
});
