import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Scenario } from "../../src/compiler/ir.js";
import { createLlmIntentionSimulator } from "../../src/runtime/gyms/intention/llm-simulator.js";
import { JUDGE_PROMPT_START as INTENTION_JUDGE_START, PERSONA_PROMPT_START as INTENTION_PERSONA_START } from "../../src/runtime/gyms/intention/prompts.js";
import { createLlmPersuadeSimulator } from "../../src/runtime/gyms/persuade/llm-simulator.js";
import { PERSONA_PROMPT_START as PERSUADE_PERSONA_START } from "../../src/runtime/gyms/persuade/prompts.js";
import { createLlmTravelSimulator } from "../../src/runtime/gyms/travel/llm-simulator.js";
import type { LlmClient } from "../../src/runtime/llm/client.js";
import { createLlmClient } from "../../src/runtime/llm/config.js";
import { messagesOf, startFakeOpenAI, type FakeReply, type FakeServer } from "./fake-openai.js";

/**
 * A golden-trace case's LLM user simulator, scripted at the network edge: `llm.json` in the case
 * folder says how the local fake OpenAI-compatible server answers each kind of request the gym's
 * LLM simulator makes (travel: the search judge, the utterance judge, the persona; persuade: the
 * persona; intention: the judge and the persona), by call index within that kind. Every request
 * is classified from its prompt; a request the script has no reply for, or one that is not
 * recognised, is answered with a 500 and reported as a problem, and every scripted reply must be
 * used, so a case's llm.json is exactly the calls its episode makes.
 */

/** One scripted reply: an HTTP error (no retries are configured, so it is final) or a completion's text. */
const LlmReply = z.union([
  z.object({ status: z.number().int().min(400).max(599), message: z.string().optional() }).strict(),
  z.object({ text: z.string() }).strict(),
]);
export type LlmReply = z.infer<typeof LlmReply>;

export type LlmKind = "search" | "utterance" | "judge" | "persona";

/** How a kind of request is recognised: its system message (a persona) or its lone user message (a judge) starts so. */
type PromptStart = { system: string } | { lone: string };

/** Each gym's kinds of request, in the order llm.json lists them, and how each is recognised. */
const REQUESTS: Record<Scenario["gym"], Partial<Record<LlmKind, PromptStart>>> = {
  travel: { search: { lone: "You check a search request" }, utterance: { lone: "You classify one message" }, persona: { system: "You are playing a traveller" } },
  persuade: { persona: { system: PERSUADE_PERSONA_START } },
  intention: { judge: { lone: INTENTION_JUDGE_START }, persona: { system: INTENTION_PERSONA_START } },
};

function kindsOf(gym: Scenario["gym"]): LlmKind[] {
  return Object.keys(REQUESTS[gym]) as LlmKind[];
}

/** llm.json: one list of replies per kind of request the gym makes (an absent list is empty). */
export type LlmScript = Partial<Record<LlmKind, LlmReply[]>>;

export function readLlmScript(gym: Scenario["gym"], file: string): LlmScript {
  const lists = Object.fromEntries(kindsOf(gym).map((kind) => [kind, z.array(LlmReply).default([])]));
  return z
    .object({ about: z.string().optional(), ...lists })
    .strict()
    .parse(JSON.parse(readFileSync(file, "utf8"))) as LlmScript;
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

/** Which of the gym's LLM prompts a request carries, from its messages. */
export function requestKind(gym: Scenario["gym"], body: Record<string, unknown>): LlmKind | undefined {
  const messages = messagesOf(body);
  const first = messages[0];
  const system = first?.role === "system" ? (first.content ?? "") : undefined;
  const lone = messages.length === 1 && first?.role === "user" ? (first.content ?? "") : undefined;
  return kindsOf(gym).find((kind) => {
    const start = REQUESTS[gym][kind]!;
    return "system" in start ? system?.startsWith(start.system) : lone?.startsWith(start.lone);
  });
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

export async function startScriptedLlm(gym: Scenario["gym"], script: LlmScript): Promise<ScriptedLlm> {
  const calls: LlmCall[] = [];
  const problems: string[] = [];
  const used: Record<LlmKind, number> = { search: 0, utterance: 0, judge: 0, persona: 0 };
  const server: FakeServer = await startFakeOpenAI((body, index) => {
    const kind = requestKind(gym, body);
    if (kind === undefined) {
      problems.push(`request #${index} is not a ${gym} simulator request (${kindsOf(gym).join(", ")})`);
      return { kind: "status", status: 500 };
    }
    const call = used[kind]++;
    const reply = script[kind]?.[call];
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
    unused: () => kindsOf(gym).flatMap((kind) => (script[kind] ?? []).slice(used[kind]).map((_, i) => `${kind}[${used[kind] + i}]`)),
    close: () => server.close(),
  };
}

function toFake(reply: LlmReply): FakeReply {
  if ("text" in reply) return { kind: "text", content: reply.text };
  const message = reply.message ?? `fake error ${reply.status}`;
  return { kind: "status", status: reply.status, body: JSON.stringify({ error: { message, type: "fake" } }) };
}

const LLM_USERS = { travel: createLlmTravelSimulator, persuade: createLlmPersuadeSimulator, intention: createLlmIntentionSimulator };

/** The gym's LLM user simulator against the scripted fake server: no retries, no cache, nothing from the environment. */
export function scriptedUser(gym: Scenario["gym"], llm: ScriptedLlm): { simulator: { spec: string }; client: LlmClient } {
  const client = createLlmClient("user", { baseURL: llm.url, apiKey: "sk-golden-fake-key", cache: "off", maxRetries: 0, timeoutMs: 10_000 }, {});
  return { simulator: LLM_USERS[gym]({ model: "golden-user", client }), client };
}
