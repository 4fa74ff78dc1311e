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
  const url = new URL(rawUrl ?? "/", "http://localhost");
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
