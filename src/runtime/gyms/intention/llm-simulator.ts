import { llmUserOptionsFrom, LlmUserSimulator, spoken, type LlmUserOptions } from "../../llm/llm-user.js";
import { z } from "zod";
import type { EnvVars } from "../../llm/endpoint.js";
import { parseJsonReply } from "../../llm/json-reply.js";
import type { LlmBacked } from "../../llm/stats.js";
import type { ChatMessage } from "../../llm/types.js";
import type { SimulatorText } from "../../simulator-text.js";
import type { Judgement } from "../../types.js";
import { coverageJudgePrompt, replyInstruction, userPersonaPrompt } from "./prompts.js";
import type { IntentionSimulator, QuestionInput, ReplyInput } from "./simulator.js";

/**
 * The intention user and judge played by an LLM (spec `openai:<model>`): per question, a judge
 * call returning JSON {on_task, covered} (at temperature 0), then a persona call for the reply,
 * told which details the question asks for. Covered ids are deduplicated, and ids that are not
 * among the remaining details are dropped (kept in the judgement as `ignored`); only a failed
 * call or a reply that cannot be read is a fallback (nothing covered, the fixed neutral reply).
 * A replay-cache miss stops the run (ReplayMismatchError).
 */

const flag = z.union([z.boolean(), z.enum(["true", "false", "yes", "no"]).transform((v) => v === "true" || v === "yes")]);
const JudgeReply = z.object({
  on_task: flag.optional(),
  onTask: flag.optional(),
  covered: z.array(z.union([z.string(), z.number()])).nullish(),
});

export type LlmIntentionSimulator = IntentionSimulator & LlmBacked;

export function createLlmIntentionSimulator(options: LlmUserOptions): LlmIntentionSimulator {
  return new LlmUser(options);
}

/** The simulator for `--user openai:<model>` from the run's user options and the environment (UBENCH_USER_* or OPENAI_*). */
export function llmIntentionSimulatorFromOptions(model: string, options: Record<string, unknown> = {}, env: EnvVars = process.env): LlmIntentionSimulator {
  return createLlmIntentionSimulator(llmUserOptionsFrom(model, options, env));
}

/** "d2", " D2 " and 2 all name D2. */
function detailId(raw: string | number): string {
  return typeof raw === "number" ? `D${raw}` : raw.trim().toUpperCase();
}

class LlmUser extends LlmUserSimulator implements IntentionSimulator {
  async judgeQuestion(input: QuestionInput): Promise<Judgement> {
    const reply = await this.ask([{ role: "user", content: coverageJudgePrompt(input.scenario, input.question, input.remaining) }], this.judge);
    if (!reply.ok) return fallback(reply.reason);
    const parsed = parseJsonReply(reply.text, JudgeReply);
    if (!parsed.ok) return fallback(parsed.reason);
    const named = [...new Set((parsed.value.covered ?? []).map(detailId))];
    const remaining = new Set(input.remaining.map((d) => d.id));
    const covered = input.remaining.map((d) => d.id).filter((id) => named.includes(id));
    const ignored = named.filter((id) => !remaining.has(id));
    const onTask = parsed.value.on_task ?? parsed.value.onTask ?? covered.length > 0;
    const value: Record<string, unknown> = { onTask, covered };
    if (ignored.length > 0) value.ignored = ignored;
    return { kind: "coverage", source: "llm", value };
  }

  async reply(input: ReplyInput): Promise<SimulatorText> {
    const messages: ChatMessage[] = [
      { role: "system", content: userPersonaPrompt(input.scenario, input.intent) },
      { role: "user", content: replyInstruction(input.history, input.question, input.covered, input.onTask, input.intent) },
    ];
    // A failed reply says nothing (the mechanics answer with the neutral reply), so record no text.
    return spoken(await this.ask(messages, this.persona, input.rng), "");
  }
}

function fallback(reason: string): Judgement {
  return { kind: "coverage", source: "fallback", value: { onTask: false, covered: [] }, fallbackReason: reason };
}
