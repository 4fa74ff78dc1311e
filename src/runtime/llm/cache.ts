import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A content-addressed cache of LLM replies. The key is the whole request that shapes the reply
 * (model, base URL, messages, sampling parameters, tools) and never the API key, so a replayed
 * run reproduces the same episodes without a network call and no secret reaches the disk.
 */
export type CacheMode = "off" | "read-write" | "replay";
export const CACHE_MODES: readonly CacheMode[] = ["off", "read-write", "replay"];

export interface CacheableRequest {
  model: string;
  baseURL: string;
  messages: unknown[];
  temperature?: number | undefined;
  max_tokens?: number | undefined;
  top_p?: number | undefined;
  seed?: number | undefined;
  tools?: unknown[] | undefined;
  tool_choice?: unknown;
}

/** JSON with keys sorted at every level, so equal requests give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

export function cacheKey(request: CacheableRequest): string {
  const { model, baseURL, messages, temperature, max_tokens, top_p, seed, tools, tool_choice } = request;
  return createHash("sha256").update(canonicalJson({ model, baseURL, messages, temperature, max_tokens, top_p, seed, tools, tool_choice })).digest("hex");
}

export class ReplayMissError extends Error {
  constructor(readonly key: string) {
    super(`replay cache has no reply for request ${key.slice(0, 16)}…; run once with --cache read-write to record it`);
    this.name = "ReplayMissError";
  }
}

export class ResponseCache {
  constructor(
    readonly dir: string,
    readonly mode: CacheMode,
  ) {}

  private file(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get<T>(key: string): T | undefined {
    if (this.mode === "off") return undefined;
    try {
      return (JSON.parse(readFileSync(this.file(key), "utf8")) as { response: T }).response;
    } catch {
      if (this.mode === "replay") throw new ReplayMissError(key);
      return undefined;
    }
  }

  /** Atomic: written to a temporary file and renamed, so a crash never leaves half a reply. */
  put(key: string, request: CacheableRequest, response: unknown): void {
    if (this.mode !== "read-write") return;
    const file = this.file(key);
    mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, JSON.stringify({ key, request, response }, null, 2) + "\n");
    renameSync(temporary, file);
  }
}
