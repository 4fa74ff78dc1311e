import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/**
 * Who may use a `ubc serve` and which route a request names. The token travels in an
 * `Authorization: Bearer <token>` header (the scheme in any case, RFC 9110) or, for clients that
 * cannot send headers (OpenEnv's EnvClient and MCPToolClient), in a `?token=` query parameter.
 */

export interface RequestTarget {
  /** The route, without a trailing slash ("/" for the root). */
  path: string;
  /** The `token` query parameter, if any. */
  token: string | undefined;
}

/**
 * The route and query token of a request URL. OpenEnv's clients build their URLs by appending the
 * route to the base URL (`f"{ws_url}/ws"`, `url + "/mcp"`; openenv core/env_client.py and
 * mcp_client.py at 685de411), so a base URL that carries `?token=T` reaches us as `/?token=T/ws`:
 * a token followed by a route, on the root path, is read as that route.
 */
export function requestTarget(rawUrl: string | undefined): RequestTarget {
  let url: URL;
  try {
    url = new URL(rawUrl ?? "/", "http://localhost");
  } catch {
    // An absolute-form target node's parser let through but URL cannot read ("http://[::1/ws"): no route.
    return { path: "", token: undefined };
  }
  let path = url.pathname.replace(/\/+$/, "") || "/";
  let token = url.searchParams.get("token") ?? undefined;
  if (path === "/" && token !== undefined) {
    const slash = token.indexOf("/");
    if (slash >= 0) {
      path = token.slice(slash).replace(/\/+$/, "") || "/";
      token = token.slice(0, slash);
    }
  }
  return { path, token };
}

/** The token of an `Authorization: Bearer <token>` header (scheme matched case-insensitively), if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^bearer[ \t]+(.+)$/i.exec(header?.trim() ?? "");
  return match ? match[1]!.trim() : undefined;
}

/** Equal strings, compared in time independent of where they differ. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a request may pass: no token is required, or its header or its query parameter carries it. */
export function isAuthorized(req: IncomingMessage, target: RequestTarget, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = [bearerToken(req.headers.authorization), target.token].filter((t) => t !== undefined);
  return given.some((t) => sameSecret(t, token));
}

/** Whether `host` only listens on this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || bare === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(bare);
  return false;
}

export type TokenChoice = { ok: true; token: string | undefined } | { ok: false; message: string };

/**
 * The token a server requires: `--token`, else UBENCH_SERVE_TOKEN. An empty one, given either way,
 * is refused rather than taken to mean "no token": it would silently leave the server open.
 */
export function chooseToken(flag: string | undefined, env: NodeJS.ProcessEnv): TokenChoice {
  if (flag !== undefined) return flag.trim() === "" ? { ok: false, message: "--token is empty: give a token, or leave the flag out to serve without one" } : { ok: true, token: flag };
  const fromEnv = env.UBENCH_SERVE_TOKEN;
  if (fromEnv !== undefined) return fromEnv.trim() === "" ? { ok: false, message: "UBENCH_SERVE_TOKEN is set but empty: give a token, or unset it to serve without one" } : { ok: true, token: fromEnv };
  return { ok: true, token: undefined };
}

/** The warning for a server other machines can reach with no token, or undefined. */
export function exposureWarning(host: string, token: string | undefined): string | undefined {
  if (token !== undefined || isLoopbackHost(host)) return undefined;
  return `ubc serve: warning: listening on ${host} without a token: anyone who can reach this port can use the server (set --token or UBENCH_SERVE_TOKEN)`;
}
