import { llmUserOptionsFrom, LlmUserSimulator, type LlmUserOptions } from "../../llm/llm-user.js";
import { z } from "zod";
import type { PersuadeScenario } from "../../../compiler/gyms/persuade/ir.js";
import type { EnvVars } from "../../llm/endpoint.js";
import { parseJsonReply } from "../../llm/json-reply.js";
import type { LlmBacked } from "../../llm/stats.js";
import type { ChatMessage } from "../../llm/types.js";
import type { Judgement } from "../../types.js";
import { cleanReply } from "../../llm/clean-reply.js";
import { argumentMessage, personaSystemPrompt } from "./prompts.js";
import type { ArgumentInput, PersuadeSimulator } from "./simulator.js";

/**
 * The persona played by an LLM (spec `openai:<model>`): one call per argument, returning JSON
 * {reply, stance, reasons}. A stance that is missing or not a label of the ladder is a judge
 * failure: the stance stays, and the judgement is a fallback with its reason (the persona's
 * reply, when there is one, is still shown). A failed call or a reply with no JSON or no text is
 * a fallback too, answered with the fixed neutral reply. A replay-cache miss stops the run
 * (ReplayMismatchError) instead of quietly changing an episode.
 */

const PersonaReply = z.object({
  reply: z.string().nullish(),
  stance: z.union([z.string(), z.number()]).nullish(),
  reasons: z.array(z.union([z.string(), z.number()])).nullish(),
});

export type LlmPersuadeSimulator = PersuadeSimulator & LlmBacked;

export function createLlmPersuadeSimulator(options: LlmUserOptions): LlmPersuadeSimulator {
  return new LlmPersona(options);
}

/** The simulator for `--user openai:<model>` from the run's user options and the environment (UBENCH_USER_* or OPENAI_*). */
export function llmPersuadeSimulatorFromOptions(model: string, options: Record<string, unknown> = {}, env: EnvVars = process.env): LlmPersuadeSimulator {
  return createLlmPersuadeSimulator(llmUserOptionsFrom(model, options, env));
}

/** Folds case, quotes, '_' / '-' and spacing, so "Strongly_Disagree" finds "strongly disagree". */
function labelKey(label: string): string {
  return label.toLowerCase().replace(/["'“”‘’.]/g, "").replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim();
}

/** The ladder label a model's stance names: an exact label, a label up to case and punctuation, or a 1-based position. */
export function ladderLabel(scenario: PersuadeScenario, stance: string | number): string | undefined {
  if (typeof stance === "number") return Number.isInteger(stance) && stance >= 1 ? scenario.ladder[stance - 1] : undefined;
  if (scenario.ladder.includes(stance)) return stance;
  const key = labelKey(stance);
  return scenario.ladder.find((label) => labelKey(label) === key);
}

class LlmPersona extends LlmUserSimulator implements PersuadeSimulator {
  async respond(input: ArgumentInput): Promise<Judgement> {
    const { scenario } = input;
    const messages: ChatMessage[] = [
      { role: "system", content: personaSystemPrompt(scenario, input.stance) },
      { role: "user", content: argumentMessage(input.history, input.argument) },
    ];
    const asked = await this.ask(messages, this.persona, input.rng);
    if (!asked.ok) return fallback({}, asked.reason);
    const text = asked.text;
    const parsed = parseJsonReply(text, PersonaReply);
    if (!parsed.ok) return fallback({}, parsed.reason);
    const reply = cleanReply(parsed.value.reply ?? "");
    if (reply === "") return fallback({ rejected: parsed.value }, "the persona's reply is empty");
    const raw = parsed.value.stance;
    const stance = raw === null || raw === undefined ? undefined : ladderLabel(scenario, raw);
    if (stance === undefined) {
      return fallback({ reply, rejected: { stance: raw ?? null } }, raw === null || raw === undefined ? "the reply gives no stance" : `stance ${JSON.stringify(raw)} is not a label of the ladder`);
    }
    const named = (parsed.value.reasons ?? []).map((id) => (typeof id === "number" ? `R${id}` : id.trim().toUpperCase()));
    const touched = scenario.reasons.map((r) => r.id).filter((id) => named.includes(id));
    return { kind: "stance", source: "llm", value: { stance, touched, reply } };
  }
}

function fallback(value: Record<string, unknown>, reason: string): Judgement {
  return { kind: "stance", source: "fallback", value, fallbackReason: reason };
}
