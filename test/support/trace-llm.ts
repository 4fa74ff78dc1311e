import { readFileSync } from "node:fs";
import { z } from "zod";
import { messagesOf, startFakeOpenAI, type FakeReply, type FakeServer } from "./fake-openai.js";

/**
 * A golden-trace case's LLM user simulator, scripted at the network edge: `llm.json` in the case
 * folder says how the local fake OpenAI-compatible server answers each kind of request the travel
 * LLM simulator makes (the search judge, the utterance judge, the persona), by call index within
 * that kind. Every request is classified from its prompt; a request the script has no reply for,
 * or one that is not recognised, is answered with a 500 and reported as a problem, and every
 * scripted reply must be used, so a case's llm.json is exactly the calls its episode makes.
 */

/** One scripted reply: an HTTP error (no retries are configured, so it is final) or a completion's text. */
const LlmReply = z.union([
  z.object({ status: z.number().int().min(400).max(599), message: z.string().optional() }).strict(),
  z.object({ text: z.string() }).strict(),
]);
export type LlmReply = z.infer<typeof LlmReply>;

export const LLM_KINDS = ["search", "utterance", "persona"] as const;
export type LlmKind = (typeof LLM_KINDS)[number];

const LlmScript = z
  .object({
    about: z.string().optional(),
    search: z.array(LlmReply).default([]),
    utterance: z.array(LlmReply).default([]),
    persona: z.array(LlmReply).default([]),
  })
  .strict();
export type LlmScript = z.infer<typeof LlmScript>;

export function readLlmScript(file: string): LlmScript {
  return LlmScript.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** What one request was classified as, and the reply it got (as written in llm.json). */
export interface LlmCall {
  kind: LlmKind;
  /** The call's index within its kind (the index into llm.json's list). */
  call: number;
  reply: LlmReply;
}

/** The base URL traces show instead of the fake server's (its port changes from run to run). */
export const FAKE_BASE_URL = "http://fake-openai.invalid/v1";

const SEARCH_JUDGE = "You check a search request";
const UTTERANCE_JUDGE = "You classify one message";
const PERSONA = "You are playing a traveller";

/** Which of the simulator's prompts a request carries, from its messages. */
export function requestKind(body: Record<string, unknown>): LlmKind | undefined {
  const messages = messagesOf(body);
  const first = messages[0];
  if (first?.role === "system" && first.content?.startsWith(PERSONA)) return "persona";
  if (messages.length === 1 && first?.role === "user") {
    if (first.content?.startsWith(SEARCH_JUDGE)) return "search";
    if (first.content?.startsWith(UTTERANCE_JUDGE)) return "utterance";
  }
  return undefined;
}

export interface ScriptedLlm {
  /** The base URL for the simulator's client. */
  url: string;
  /** Every call so far, in order. */
  calls: LlmCall[];
  /** Requests the script could not answer (unrecognised, or past the end of their kind's list). */
  problems: string[];
  /** Scripted replies that were never asked for, e.g. "persona[2]". */
  unused(): string[];
  close(): Promise<void>;
}

export async function startScriptedLlm(script: LlmScript): Promise<ScriptedLlm> {
  const calls: LlmCall[] = [];
  const problems: string[] = [];
  const used: Record<LlmKind, number> = { search: 0, utterance: 0, persona: 0 };
  const server: FakeServer = await startFakeOpenAI((body, index) => {
    const kind = requestKind(body);
    if (kind === undefined) {
      problems.push(`request #${index} is not a search judge, utterance judge or persona request`);
      return { kind: "status", status: 500 };
    }
    const call = used[kind]++;
    const reply = script[kind][call];
    if (reply === undefined) {
      problems.push(`llm.json has no reply for ${kind}[${call}]`);
      return { kind: "status", status: 500 };
    }
    calls.push({ kind, call, reply });
    return toFake(reply);
  });
  return {
    url: server.url,
    calls,
    problems,
    unused: () => LLM_KINDS.flatMap((kind) => script[kind].slice(used[kind]).map((_, i) => `${kind}[${used[kind] + i}]`)),
    close: () => server.close(),
  };
}

function toFake(reply: LlmReply): FakeReply {
  if ("text" in reply) return { kind: "text", content: reply.text };
  const message = reply.message ?? `fake error ${reply.status}`;
  return { kind: "status", status: reply.status, body: JSON.stringify({ error: { message, type: "fake" } }) };
}
