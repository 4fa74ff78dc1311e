import { parseAction, normalizeAction } from "../actions.js";
import type { ChatMessage, LlmClient, ToolCall } from "../llm/client.js";
import type { Agent, AgentContext, AgentEpisode, AgentTurn, Choice, Observation, TurnRecord } from "../types.js";

/**
 * An agent behind an OpenAI-compatible endpoint, using the single `interact_with_env` tool of
 * interfaces.md. A reply without a tool call is read as bracketed text (`[search] ...`); output
 * that is neither is an invalid turn, recorded with its reason.
 */

export interface OpenAIAgentOptions {
  client: LlmClient;
  temperature?: number;
  maxTokens?: number;
}

export function interactTool(choices: readonly Choice[]) {
  return {
    type: "function",
    function: {
      name: "interact_with_env",
      description: "Act in the environment: search, talk to the user, answer, or finish.",
      parameters: {
        type: "object",
        properties: {
          choice: { type: "string", enum: [...choices], description: "What to do." },
          content: { type: "string", description: "The search request, the message to the user, or the answer." },
          thought: { type: "string", description: "Optional reasoning; recorded, not judged." },
        },
        required: ["choice", "content"],
      },
    },
  };
}

export function createOpenAIAgent(model: string, options: OpenAIAgentOptions): Agent {
  return {
    spec: `openai:${model}`,
    async begin(context: AgentContext): Promise<AgentEpisode> {
      return new OpenAIAgentEpisode(model, options, context);
    },
  };
}

class OpenAIAgentEpisode implements AgentEpisode {
  private readonly messages: ChatMessage[];
  private pendingCall: ToolCall | undefined;
  private readonly tool;

  constructor(
    private readonly model: string,
    private readonly options: OpenAIAgentOptions,
    private readonly context: AgentContext,
  ) {
    this.messages = [{ role: "system", content: context.systemPrompt }];
    this.tool = interactTool(context.choices);
  }

  async act(observation: Observation, _history: readonly TurnRecord[]): Promise<AgentTurn> {
    // The previous tool call is answered by this observation; the first observation is the opening.
    if (this.pendingCall) this.messages.push({ role: "tool", tool_call_id: this.pendingCall.id, content: observation.feedback });
    else this.messages.push({ role: "user", content: observation.feedback });
    this.pendingCall = undefined;

    const reply = await this.options.client.chat({
      model: this.model,
      messages: this.messages,
      tools: [this.tool],
      tool_choice: "auto",
      temperature: this.options.temperature ?? 0,
      max_tokens: this.options.maxTokens ?? 1024,
    });
    const usage = reply.usage ? { outputTokens: reply.usage.completionTokens, promptTokens: reply.usage.promptTokens } : {};
    const call = reply.toolCalls.find((c) => c.function.name === "interact_with_env") ?? reply.toolCalls[0];
    if (call) {
      // Keep only the call we act on, so the transcript pairs each call with one tool reply.
      this.messages.push({ role: "assistant", content: reply.content, tool_calls: [call] });
      this.pendingCall = call;
      const raw = call.function.arguments;
      if (call.function.name !== "interact_with_env") return { action: null, raw, invalid: `unknown tool '${call.function.name}'`, ...usage };
      let args: unknown;
      try {
        args = JSON.parse(raw);
      } catch {
        return { action: null, raw, invalid: "the tool call's arguments are not valid JSON", ...usage };
      }
      const { choice, content, thought } = (args ?? {}) as Record<string, unknown>;
      if (typeof choice !== "string") return { action: null, raw, invalid: "the tool call has no 'choice'", ...usage };
      const parsed = normalizeAction({ choice: choice as Choice, content: typeof content === "string" ? content : "", ...(typeof thought === "string" ? { thought } : {}) });
      return parsed.ok ? { action: parsed.action, raw, ...usage } : { action: null, raw, invalid: parsed.reason, ...usage };
    }
    const text = reply.content ?? "";
    this.messages.push({ role: "assistant", content: text });
    const parsed = parseAction(text);
    return parsed.ok ? { action: parsed.action, raw: text, ...usage } : { action: null, raw: text, invalid: `no tool call, and ${parsed.reason}`, ...usage };
  }
}
