import type { IncomingMessage } from "node:http";
import { describe, expect, test } from "vitest";
import { bearerToken, chooseToken, exposureWarning, isAuthorized, isLoopbackHost, requestTarget } from "../../src/serve/auth.js";

const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;

describe("serve auth", () => {
  test("the route and the query token of a URL, including OpenEnv's base-URL joining", () => {
    expect(requestTarget("/ws?token=abc")).toEqual({ path: "/ws", token: "abc" });
    expect(requestTarget("/sessions/x/step/")).toEqual({ path: "/sessions/x/step", token: undefined });
    // GenericEnvClient(base_url="http://h:p?token=abc") asks for "/?token=abc/ws".
    expect(requestTarget("/?token=abc/ws")).toEqual({ path: "/ws", token: "abc" });
    expect(requestTarget("/?token=abc/openapi.json")).toEqual({ path: "/openapi.json", token: "abc" });
    expect(requestTarget("/?token=a%2Bb/mcp")).toEqual({ path: "/mcp", token: "a+b" });
    // Only on the root path: elsewhere a slash in the token is the token's.
    expect(requestTarget("/ws?token=a/b")).toEqual({ path: "/ws", token: "a/b" });
    // A target URL cannot read names no route (it used to throw, and crash the server on an upgrade).
    expect(requestTarget("http://[::1/ws")).toEqual({ path: "", token: undefined });
  });

  test("bearer in any case; header or query; a wrong token anywhere fails", () => {
    expect(bearerToken("Bearer t")).toBe("t");
    expect(bearerToken("bearer t")).toBe("t");
    expect(bearerToken("BEARER   t ")).toBe("t");
    expect(bearerToken("Basic t")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(isAuthorized(request(), requestTarget("/ws"), undefined)).toBe(true);
    expect(isAuthorized(request("bEaReR k"), requestTarget("/ws"), "k")).toBe(true);
    expect(isAuthorized(request(), requestTarget("/ws?token=k"), "k")).toBe(true);
    expect(isAuthorized(request(), requestTarget("/ws?token=kk"), "k")).toBe(false);
    expect(isAuthorized(request("Bearer x"), requestTarget("/ws"), "k")).toBe(false);
    expect(isAuthorized(request(), requestTarget("/ws"), "k")).toBe(false);
  });

  test("an empty token is refused, from the flag or the environment", () => {
    expect(chooseToken("", {})).toMatchObject({ ok: false, message: expect.stringContaining("--token is empty") });
    expect(chooseToken("  ", {})).toMatchObject({ ok: false });
    expect(chooseToken(undefined, { UBENCH_SERVE_TOKEN: "" })).toMatchObject({ ok: false, message: expect.stringContaining("UBENCH_SERVE_TOKEN") });
    expect(chooseToken(undefined, {})).toEqual({ ok: true, token: undefined });
    expect(chooseToken(undefined, { UBENCH_SERVE_TOKEN: "e" })).toEqual({ ok: true, token: "e" });
    expect(chooseToken("f", { UBENCH_SERVE_TOKEN: "e" })).toEqual({ ok: true, token: "f" });
  });

  test("only a non-loopback host without a token is warned about", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]) expect([host, isLoopbackHost(host)]).toEqual([host, true]);
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "example.org"]) expect([host, isLoopbackHost(host)]).toEqual([host, false]);
    expect(exposureWarning("0.0.0.0", undefined)).toMatch(/warning: listening on 0\.0\.0\.0 without a token/);
    expect(exposureWarning("0.0.0.0", "t")).toBeUndefined();
    expect(exposureWarning("127.0.0.1", undefined)).toBeUndefined();
  });
});
