import { z } from "zod";
import type { TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import type { ChatMessage, LlmClient } from "../../llm/client.js";
import { parseJsonReply } from "../../llm/json-reply.js";
import type { Judgement, TurnRecord } from "../../types.js";
import { chatInstruction, revealInstruction, searchJudgePrompt, userPersonaPrompt, utteranceJudgePrompt } from "./prompts.js";
import type { ChatInput, RevealInput, SearchInput, SimulatorText, TravelSimulator, UtteranceInput } from "./simulator.js";

/**
 * The user and judges played by an LLM (spec `openai:<model>`). When a call fails after its
 * retries, or its reply cannot be read, the seed's neutral outcome is used instead (search: no
 * match; utterance: unrelated; replies: a fixed text) and marked as a fallback with its reason,
 * so failures are counted in the results and never pass silently.
 */

const SearchReply = z.object({ aspect: z.string().nullable() });
const UtteranceReply = z.object({
  type: z.enum(["unrelated", "targeted", "absent", "vague"]),
  preference: z.string().optional(),
});

const NEUTRAL_REPLY = "Okay.";

export interface LlmSimulatorOptions {
  model: string;
  client: LlmClient;
  temperature?: number;
  maxTokens?: number;
}

export function createLlmTravelSimulator(options: LlmSimulatorOptions): TravelSimulator {
  return new LlmTravelSimulator(options);
}

class LlmTravelSimulator implements TravelSimulator {
  readonly spec: string;

  constructor(private readonly options: LlmSimulatorOptions) {
    this.spec = `openai:${options.model}`;
  }

  async judgeSearch(input: SearchInput): Promise<Judgement> {
    const reply = await this.ask([{ role: "user", content: searchJudgePrompt(input.scenario, input.request) }]);
    if (!reply.ok) return fallback("search", { aspect: null }, reply.reason);
    const parsed = parseJsonReply(reply.text, SearchReply);
    if (!parsed.ok) return fallback("search", { aspect: null }, parsed.reason);
    const aspect = parsed.value.aspect;
    if (aspect !== null && !input.scenario.aspects.some((a) => a.id === aspect)) return fallback("search", { aspect: null }, `unknown aspect '${aspect}'`);
    return { kind: "search", source: "llm", value: { aspect } };
  }

  async judgeUtterance(input: UtteranceInput): Promise<Judgement> {
    const reply = await this.ask([{ role: "user", content: utteranceJudgePrompt(input.scenario, input.utterance, input.remaining) }]);
    if (!reply.ok) return fallback("utterance", { type: "unrelated" }, reply.reason);
    const parsed = parseJsonReply(reply.text, UtteranceReply);
    if (!parsed.ok) return fallback("utterance", { type: "unrelated" }, parsed.reason);
    const { type, preference } = parsed.value;
    if (type === "targeted") {
      if (!preference || !input.remaining.some((p) => p.id === preference)) {
        return fallback("utterance", { type: "unrelated" }, `targeted preference '${preference ?? ""}' is not among the remaining ones`);
      }
      return { kind: "utterance", source: "llm", value: { type, preference } };
    }
    return { kind: "utterance", source: "llm", value: { type } };
  }

  async reveal(input: RevealInput): Promise<SimulatorText> {
    const reply = await this.ask(this.persona(input.scenario, input.history, revealInstruction(input.preference, input.utterance)));
    if (!reply.ok || !reply.text.trim()) return { text: input.preference.hints[0]!, source: "fallback", fallbackReason: reply.ok ? "empty reply" : reply.reason };
    return { text: reply.text.trim(), source: "llm" };
  }

  async chat(input: ChatInput): Promise<SimulatorText> {
    const reply = await this.ask(this.persona(input.scenario, input.history, chatInstruction(input.utterance)));
    if (!reply.ok || !reply.text.trim()) return { text: NEUTRAL_REPLY, source: "fallback", fallbackReason: reply.ok ? "empty reply" : reply.reason };
    return { text: reply.text.trim(), source: "llm" };
  }

  /** The persona sees the conversation so far: the agent's messages as the user's counterpart. */
  private persona(scenario: TravelScenario, history: readonly TurnRecord[], instruction: string): ChatMessage[] {
    const messages: ChatMessage[] = [{ role: "system", content: userPersonaPrompt(scenario) }];
    for (const turn of history.filter((t) => t.action.choice === "action").slice(-8)) {
      messages.push({ role: "user", content: turn.action.content }, { role: "assistant", content: turn.feedback });
    }
    messages.push({ role: "user", content: instruction });
    return messages;
  }

  private async ask(messages: ChatMessage[]): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
    try {
      const reply = await this.options.client.chat({
        model: this.options.model,
        messages,
        temperature: this.options.temperature ?? 0,
        max_tokens: this.options.maxTokens ?? 300,
      });
      return { ok: true, text: reply.content ?? "" };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }
}

function fallback(kind: string, value: Record<string, unknown>, reason: string): Judgement {
  return { kind, source: "fallback", value, fallbackReason: reason };
}
