/**
 * A Tinker rollout as tokens: the transcript with its loss mask, and reading a completion's action
 * (the chat template and tokenizer it is built from are in src/runtime/chat-template.ts, shared
 * with the export's prompt filter).
 */

/** A conversation as tokens with its loss mask, built segment by segment. */
export class TokenTranscript {
  readonly tokens: number[] = [];
  readonly mask: number[] = [];
  /** The sampler's log-probability of each token (0 on masked tokens). */
  readonly logprobs: number[] = [];
  /** Trained (sampled) tokens of each agent turn. */
  readonly turnTokens: number[] = [];

  /** Appends tokens that are not trained. */
  context(tokens: readonly number[]): void {
    for (const t of tokens) {
      this.tokens.push(t);
      this.mask.push(0);
      this.logprobs.push(0);
    }
  }

  /** Appends one agent turn's sampled tokens. */
  agentTurn(tokens: readonly number[], logprobs: readonly number[]): void {
    if (tokens.length !== logprobs.length) throw new RangeError(`a turn of ${tokens.length} tokens with ${logprobs.length} logprobs`);
    for (let i = 0; i < tokens.length; i++) {
      this.tokens.push(tokens[i]!);
      this.mask.push(1);
      this.logprobs.push(logprobs[i]!);
    }
    this.turnTokens.push(tokens.length);
  }
}

const TOOL_CALL = /<tool_call>\s*([\s\S]*?)\s*<\/tool_call>/;

/**
 * A completion's action text: the arguments of its first `<tool_call>` (Qwen's format, as a JSON
 * string parseAction reads as the interact_with_env call), else the text itself without a leading
 * `<think>` block and the end-of-turn token (bracketed text).
 */
export function completionText(text: string): { text: string; toolCall: boolean } {
  const cleaned = text.replace(/<\|im_end\|>\s*$/, "").replace(/^\s*<think>[\s\S]*?<\/think>/, "").trim();
  const call = TOOL_CALL.exec(cleaned);
  if (call) {
    try {
      const data = JSON.parse(call[1]!) as unknown;
      if (data !== null && typeof data === "object" && "arguments" in data) {
        const args = (data as { arguments: unknown }).arguments;
        return { text: typeof args === "string" ? args : JSON.stringify(args), toolCall: true };
      }
    } catch {
      /* not JSON: read as text below */
    }
    return { text: call[1]!, toolCall: true };
  }
  return { text: cleaned, toolCall: false };
}
