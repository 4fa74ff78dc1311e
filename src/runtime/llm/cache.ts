import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs";
import { promisify } from "node:util";
import { join } from "node:path";
import { z } from "zod";
import type { CacheMode } from "./cache-modes.js";
import { redactExact } from "./endpoint.js";
import { LlmError, REQUEST_FIELDS, type ChatRequest, type StoredReply } from "./types.js";

/**
 * A content-addressed cache of LLM replies, one JSON file per request under
 * `<dir>/<first two hex digits>/<key>.json`. The key is the sha256 of the canonical JSON of the
 * whole request that shapes the reply (model, base URL without credentials, messages, sampling
 * parameters, tools) and never the API key, so a replayed run reproduces the same episodes without
 * a network call and no secret reaches the disk.
 *
 * Modes: `off` (no reads, no writes), `read-write` (serve hits, record misses), `replay` (serve
 * hits; a miss is an error naming the key; the network is never used). Final failures are
 * recorded too, so a replay reproduces a run's fallbacks exactly; `read-write` tries them again.
 */
// The modes live in cache-modes.ts, light enough for the CLI's flag checks.
export { CACHE_MODES, type CacheMode } from "./cache-modes.js";
export const DEFAULT_CACHE_DIR = ".ubench-cache/llm";

/** The request as keyed: the wire fields plus the (credential-free) base URL. */
export type CacheableRequest = ChatRequest & { baseURL: string };

/**
 * JSON with keys sorted at every level and undefined members dropped, so equal requests give
 * equal text; otherwise exactly JSON.stringify's output. Written out directly (no sorted copy of
 * the request): it runs on every call over the whole transcript.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value) ?? "null";
}

function canonical(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
    case "boolean":
      return JSON.stringify(value);
    case "object": {
      if (value === null) return "null";
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return canonical((value as { toJSON(): unknown }).toJSON());
      if (Array.isArray(value)) return `[${value.map((v) => canonical(v) ?? "null").join(",")}]`;
      const record = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const text = canonical(record[key]);
        if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
      }
      return `{${parts.join(",")}}`;
    }
    default:
      // undefined, functions and symbols are left out, as JSON.stringify leaves them out.
      return undefined;
  }
}

/** Only the listed request fields: anything else on the object (never a key) is not part of it. */
export function keyedRequest(request: CacheableRequest): Record<string, unknown> {
  const out: Record<string, unknown> = { baseURL: request.baseURL };
  for (const field of REQUEST_FIELDS) if (request[field] !== undefined) out[field] = request[field];
  return out;
}

export function cacheKey(request: CacheableRequest): string {
  return createHash("sha256").update(canonicalJson(keyedRequest(request))).digest("hex");
}

export class ReplayMissError extends LlmError {
  constructor(readonly key: string) {
    super(`replay cache has no reply for request ${key}; run once with cache mode read-write to record it`, "replay-miss");
    this.name = "ReplayMissError";
  }
}

const ToolCallSchema = z.object({ id: z.string(), type: z.literal("function"), function: z.object({ name: z.string(), arguments: z.string() }) });
const Entry = z.union([
  z.object({
    key: z.string(),
    reply: z.object({
      content: z.string().nullable(),
      toolCalls: z.array(ToolCallSchema),
      usage: z.object({ promptTokens: z.number(), completionTokens: z.number() }).optional(),
    }),
  }),
  z.object({
    key: z.string(),
    failure: z.object({ kind: z.enum(["http", "timeout", "network", "malformed"]), message: z.string(), status: z.number().optional() }),
  }),
]);

export type CacheLookup = { hit: "reply"; reply: StoredReply } | { hit: "failure"; error: LlmError } | { hit: "none" };

let temporaryCounter = 0;

/**
 * File I/O is asynchronous: a busy run records thousands of replies, and sync writes would stall
 * every episode's event loop. (The callback API, promisified: Node 20's fs/promises costs several
 * times more CPU per small file.)
 */
const io = { mkdir: promisify(mkdir), readFile: promisify(readFile), rename: promisify(rename), rm: promisify(rm), writeFile: promisify(writeFile) };

export class ResponseCache {
  private readonly folders = new Set<string>();

  constructor(
    readonly dir: string,
    readonly mode: CacheMode,
    /** Strings that must never be written (the API keys in use), scrubbed from every file as a last guard. */
    private readonly secrets: readonly (string | undefined)[] = [],
  ) {}

  file(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** A missing, unreadable or ill-formed entry is a miss (an error in replay mode). */
  async get(key: string): Promise<CacheLookup> {
    if (this.mode === "off") return { hit: "none" };
    let entry: z.infer<typeof Entry> | undefined;
    try {
      const parsed = Entry.safeParse(JSON.parse(await io.readFile(this.file(key), "utf8")));
      if (parsed.success && parsed.data.key === key) entry = parsed.data;
    } catch {
      entry = undefined;
    }
    if (entry && "reply" in entry) {
      const reply: StoredReply = { content: entry.reply.content, toolCalls: entry.reply.toolCalls };
      if (entry.reply.usage) reply.usage = entry.reply.usage;
      return { hit: "reply", reply };
    }
    // A recorded failure is reproduced in replay; read-write gives the request another chance.
    if (entry && this.mode === "replay") return { hit: "failure", error: new LlmError(entry.failure.message, entry.failure.kind, entry.failure.status) };
    if (this.mode === "replay") throw new ReplayMissError(key);
    return { hit: "none" };
  }

  async putReply(key: string, request: CacheableRequest, reply: StoredReply): Promise<void> {
    await this.write(key, { key, request: keyedRequest(request), reply });
  }

  async putFailure(key: string, request: CacheableRequest, error: LlmError): Promise<void> {
    if (error.kind === "replay-miss") return;
    await this.write(key, { key, request: keyedRequest(request), failure: { kind: error.kind, message: error.message, ...(error.status !== undefined ? { status: error.status } : {}) } });
  }

  /** Atomic: written to a temporary file and renamed, so a crash never leaves half an entry. */
  private async write(key: string, entry: unknown): Promise<void> {
    if (this.mode !== "read-write") return;
    const file = this.file(key);
    const folder = join(this.dir, key.slice(0, 2));
    if (!this.folders.has(folder)) {
      await io.mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    const temporary = `${file}.${process.pid}.${++temporaryCounter}.tmp`;
    const text = redactExact(JSON.stringify(entry), this.secrets) + "\n";
    try {
      await io.writeFile(temporary, text);
      await io.rename(temporary, file);
    } catch (error) {
      await io.rm(temporary, { force: true });
      throw error;
    }
  }
}
