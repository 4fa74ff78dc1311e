import { llmUserOptionsFrom, LlmUserSimulator, spoken, type LlmUserOptions } from "../../llm/llm-user.js";
import { z } from "zod";
import type { TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import type { EnvVars } from "../../llm/endpoint.js";
import { parseJsonReply } from "../../llm/json-reply.js";
import type { LlmBacked } from "../../llm/stats.js";
import type { ChatMessage } from "../../llm/types.js";
import type { SimulatorText } from "../../simulator-text.js";
import type { Judgement, TurnRecord } from "../../types.js";
import { chatInstruction, revealInstruction, searchJudgePrompt, userPersonaPrompt, utteranceJudgePrompt } from "./prompts.js";
import type { ChatInput, RevealInput, SearchInput, TravelSimulator, UtteranceInput } from "./simulator.js";

/**
 * The user and judges played by an LLM (spec `openai:<model>`). When a call fails after its
 * retries, or its reply cannot be read, the seed's neutral outcome is used instead (search: no
 * match; utterance: unrelated; reveal: nothing said, the preference stays hidden; chat: a fixed
 * sentence) and marked as a fallback with its reason, so failures are counted in the results and
 * never pass silently. The one exception is a replay-cache miss: the run is not reproducing what was
 * recorded, which is the caller's mistake and not the model's, so it stops the run instead of
 * quietly changing an episode. Judges always sample at temperature 0 (they must be repeatable);
 * the persona uses the configured temperature.
 */

const SearchReply = z.object({ aspect: z.string().nullable() });
const UtteranceReply = z.object({
  type: z.enum(["unrelated", "targeted", "absent", "vague"]),
  preference: z.string().nullish(),
});

export const NEUTRAL_CHAT_REPLY = "Okay, sounds good.";
/** How many earlier exchanges with the user the persona sees (enough context, bounded prompt). */
const PERSONA_MEMORY = 8;

export type LlmTravelSimulator = TravelSimulator & LlmBacked;

export function createLlmTravelSimulator(options: LlmUserOptions): LlmTravelSimulator {
  return new LlmSimulator(options);
}

/**
 * The simulator for `--user openai:<model>` from the run's user options (baseURL, cache,
 * temperature, ...; see llm/config.ts) and the environment (UBENCH_USER_* or OPENAI_*).
 */
export function llmTravelSimulatorFromOptions(model: string, options: Record<string, unknown> = {}, env: EnvVars = process.env): LlmTravelSimulator {
  return createLlmTravelSimulator(llmUserOptionsFrom(model, options, env));
}

class LlmSimulator extends LlmUserSimulator implements TravelSimulator {
  async judgeSearch(input: SearchInput): Promise<Judgement> {
    const reply = await this.ask([{ role: "user", content: searchJudgePrompt(input.scenario, input.request) }], this.judge);
    if (!reply.ok) return fallback("search", { aspect: null }, reply.reason);
    const parsed = parseJsonReply(reply.text, SearchReply);
    if (!parsed.ok) return fallback("search", { aspect: null }, parsed.reason);
    const aspect = parsed.value.aspect;
    if (aspect !== null && !input.scenario.aspects.some((a) => a.id === aspect)) return fallback("search", { aspect: null }, `unknown aspect '${aspect}'`);
    return { kind: "search", source: "llm", value: { aspect } };
  }

  async judgeUtterance(input: UtteranceInput): Promise<Judgement> {
    const reply = await this.ask([{ role: "user", content: utteranceJudgePrompt(input.scenario, input.utterance, input.remaining) }], this.judge);
    if (!reply.ok) return fallback("utterance", { type: "unrelated" }, reply.reason);
    const parsed = parseJsonReply(reply.text, UtteranceReply);
    if (!parsed.ok) return fallback("utterance", { type: "unrelated" }, parsed.reason);
    const { type, preference } = parsed.value;
    if (type !== "targeted") return { kind: "utterance", source: "llm", value: { type } };
    if (!preference || !input.remaining.some((p) => p.id === preference)) {
      return fallback("utterance", { type: "unrelated" }, `targeted preference '${preference ?? ""}' is not among the remaining ones`);
    }
    return { kind: "utterance", source: "llm", value: { type, preference } };
  }

  async reveal(input: RevealInput): Promise<SimulatorText> {
    const reply = await this.ask(this.conversation(input.scenario, input.history, revealInstruction(input.preference, input.utterance)), this.persona, input.rng);
    // A failed reveal says nothing (the mechanics answer "didn't catch that"), so record no text.
    return spoken(reply, "");
  }

  async chat(input: ChatInput): Promise<SimulatorText> {
    const reply = await this.ask(this.conversation(input.scenario, input.history, chatInstruction(input.utterance)), this.persona, input.rng);
    return spoken(reply, NEUTRAL_CHAT_REPLY);
  }

  /** The persona sees its recent exchanges with the assistant: the agent's messages as its counterpart's. */
  private conversation(scenario: TravelScenario, history: readonly TurnRecord[], instruction: string): ChatMessage[] {
    const messages: ChatMessage[] = [{ role: "system", content: userPersonaPrompt(scenario) }];
    for (const turn of history.filter((t) => t.action.choice === "action").slice(-PERSONA_MEMORY)) {
      messages.push({ role: "user", content: turn.action.content }, { role: "assistant", content: turn.feedback });
    }
    messages.push({ role: "user", content: instruction });
    return messages;
  }
}

function fallback(kind: string, value: Record<string, unknown>, reason: string): Judgement {
  return { kind, source: "fallback", value, fallbackReason: reason };
}
