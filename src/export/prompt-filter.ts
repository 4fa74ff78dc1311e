import { qwen3Tokenizer, renderOpening } from "../runtime/chat-template.js";
import { ExportUsageError } from "./mix-spec.js";
import type { VerlRow } from "./verl.js";

/**
 * `ubc export verl --max-prompt-tokens N --tokenizer qwen3`: drops the rows whose prompt, rendered
 * by the model's chat template with the tool schema and the assistant header (as verl renders it
 * before the first turn), is N tokens or more. UserRL drops rows at 1152 Qwen3 tokens
 * (examples/data_preprocess/merge_customize.py:50-58 at SalesforceAIResearch/UserRL@cf55a30, with
 * `data.max_prompt_length=1152`), since verl would otherwise truncate or fail on them. The
 * template and tokenizer are the ones `ubc train --trainer tinker` uses (src/runtime/chat-template.ts).
 */

/** Tokenizers the filter knows: name → prompt token counter. */
const tokenizers: Record<string, () => (row: VerlRow, tools: readonly unknown[]) => number> = {
  qwen3: () => {
    const tokenizer = qwen3Tokenizer();
    return (row, tools) => tokenizer.encode(renderOpening(promptText(row, "system"), promptText(row, "user"), tools)).length;
  },
};

export const TOKENIZERS = Object.keys(tokenizers);

function promptText(row: VerlRow, role: string): string {
  const message = row.prompt.find((m) => m.role === role);
  if (!message) throw new Error(`internal error: a verl row of ${row.reward_model.ground_truth} has no ${role} message`);
  return message.content;
}

export interface DroppedRow {
  scenarioId: string;
  gym: string;
  split: string;
  tokens: number;
}

/** The rows under the limit, and the ones dropped with their token counts (in the rows' order). */
export function filterByPromptTokens(rows: readonly VerlRow[], tools: readonly unknown[], maxTokens: number, tokenizer: string): { kept: VerlRow[]; dropped: DroppedRow[] } {
  const make = Object.hasOwn(tokenizers, tokenizer) ? tokenizers[tokenizer] : undefined;
  if (!make) throw new ExportUsageError(`--tokenizer: unknown tokenizer '${tokenizer}' (known: ${TOKENIZERS.join(", ")})`);
  const count = make();
  const kept: VerlRow[] = [];
  const dropped: DroppedRow[] = [];
  for (const row of rows) {
    const tokens = count(row, tools);
    if (tokens >= maxTokens) {
      const kwargs = row.extra_info.tools_kwargs.interact_with_env.create_kwargs;
      dropped.push({ scenarioId: kwargs.scenario_id, gym: kwargs.gym, split: row.extra_info.split, tokens });
    } else {
      kept.push(row);
    }
  }
  return { kept, dropped };
}
