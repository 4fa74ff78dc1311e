import { normalizeAction, parseAction, type ParsedAction } from "../actions.js";
import { LlmClient } from "../llm/client.js";
import { clientOptionsFrom, parseLlmOptions, samplingFrom, samplingParams, type Sampling } from "../llm/config.js";
import type { EnvVars } from "../llm/endpoint.js";
import type { LlmBacked } from "../llm/stats.js";
import type { ChatMessage, ChatReply, ChatRequest, ToolCall } from "../llm/types.js";
import type { Agent, AgentContext, AgentEpisode, AgentTurn, Choice, Observation, TurnRecord } from "../types.js";
import { ToolCallIds } from "./tool-call-id.js";

/**
 * An agent behind an OpenAI-compatible endpoint, using the single `interact_with_env` tool of
 * interfaces.md. The transcript is: the gym's system prompt, the opening as the first user
 * message, then per turn the assistant's tool call and the tool reply (the step's feedback).
 * A reply without a tool call is read as bracketed text (`[search] ...`); output that is neither
 * is an invalid turn, recorded with its reason (the env spends the turn and explains the format).
 * Requests ask for one tool call per reply (parallel_tool_calls: false); a model that still makes
 * several has the first executed, the rest counted on the turn (ignoredToolCalls) and named in
 * the next tool reply, so it learns that they did nothing. Each kept call gets a fresh seeded id
 * (tool-call-id.ts).
 * A failed LLM call (after the client's retries) throws: rollout records the episode as an agent
 * error, never as a silent no-op.
 */

export const TOOL_NAME = "interact_with_env";

export interface OpenAIAgentOptions {
  client: LlmClient;
  /** Default 0; null leaves it out of the request. */
  temperature?: number | null;
  /** Default 1024; null leaves it out. */
  maxTokens?: number | null;
  maxTokensField?: Sampling["maxTokensField"];
  topP?: number;
  /** Send the episode's seed with each request (default true). */
  seed?: boolean;
}

export type OpenAIAgent = Agent & LlmBacked;

/** The tool's JSON schema, with the gym's choices as the enum of `choice`. */
export function interactTool(choices: readonly Choice[]) {
  return {
    type: "function",
    function: {
      name: TOOL_NAME,
      description: "Act in the environment: search for options, talk to the user, give an answer, or finish.",
      parameters: {
        type: "object",
        properties: {
          choice: { type: "string", enum: [...choices], description: "What to do this turn." },
          content: { type: "string", description: "The search request, the message to the user, or the answer (one option id)." },
          thought: { type: "string", description: "Optional reasoning; recorded, not judged." },
        },
        required: ["choice", "content"],
      },
    },
  };
}

export function createOpenAIAgent(model: string, options: OpenAIAgentOptions): OpenAIAgent {
  const sampling: Sampling = {
    temperature: options.temperature === undefined ? 0 : options.temperature,
    maxTokens: options.maxTokens === undefined ? 1024 : options.maxTokens,
    maxTokensField: options.maxTokensField ?? "max_tokens",
  };
  if (options.topP !== undefined) sampling.topP = options.topP;
  return {
    spec: `openai:${model}`,
    llm: options.client,
    async begin(context: AgentContext): Promise<AgentEpisode> {
      return new OpenAIAgentEpisode(model, options.client, sampling, options.seed !== false, context);
    },
  };
}

/**
 * The agent for `--agent openai:<model>` from the run's agent options (baseURL, cache,
 * temperature, maxTokens, ...; see llm/config.ts) and the environment (UBENCH_AGENT_* or OPENAI_*).
 */
export function openAIAgentFromOptions(model: string, options: Record<string, unknown> = {}, env: EnvVars = process.env): OpenAIAgent {
  const parsed = parseLlmOptions(options, `agent 'openai:${model}'`);
  const sampling = samplingFrom(parsed, { temperature: 0, maxTokens: 1024 });
  const agentOptions: OpenAIAgentOptions = {
    client: new LlmClient(clientOptionsFrom("agent", parsed, env)),
    temperature: sampling.temperature,
    maxTokens: sampling.maxTokens,
    maxTokensField: sampling.maxTokensField,
    seed: parsed.seed ?? true,
  };
  if (sampling.topP !== undefined) agentOptions.topP = sampling.topP;
  return createOpenAIAgent(model, agentOptions);
}

class OpenAIAgentEpisode implements AgentEpisode {
  private readonly messages: ChatMessage[];
  /** The tool call the next observation answers, if the last turn was one. */
  private pendingCall: ToolCall | undefined;
  /** Tool calls of the last reply that were not executed, to be named in the next tool reply. */
  private ignoredCalls = 0;
  private readonly tool;
  private readonly callIds: ToolCallIds;

  constructor(
    private readonly model: string,
    private readonly client: LlmClient,
    private readonly sampling: Sampling,
    private readonly sendSeed: boolean,
    private readonly context: AgentContext,
  ) {
    this.messages = [{ role: "system", content: context.systemPrompt }];
    this.tool = interactTool(context.choices);
    this.callIds = new ToolCallIds(context.rng);
  }

  async act(observation: Observation, _history: readonly TurnRecord[]): Promise<AgentTurn> {
    // The first observation is the opening (a user message); later ones answer the last tool call.
    const note = this.ignoredCalls > 0 ? `\n\n(Only the first tool call is executed; ${this.ignoredCalls} more ${this.ignoredCalls === 1 ? "was" : "were"} ignored. Make one tool call per turn.)` : "";
    if (this.pendingCall) this.messages.push({ role: "tool", tool_call_id: this.pendingCall.id, content: observation.feedback + note });
    else this.messages.push({ role: "user", content: observation.feedback + note });
    this.pendingCall = undefined;
    this.ignoredCalls = 0;

    const request: ChatRequest = { model: this.model, messages: [...this.messages], tools: [this.tool], tool_choice: "auto", parallel_tool_calls: false, ...samplingParams(this.sampling) };
    if (this.sendSeed) request.seed = this.context.seed;
    const reply = await this.client.chat(request);
    const usage = reply.usage ? { outputTokens: reply.usage.completionTokens, promptTokens: reply.usage.promptTokens } : {};
    const turn = this.read(reply);
    this.ignoredCalls = Math.max(0, reply.toolCalls.length - 1);
    return { ...turn, ...usage, ...(this.ignoredCalls > 0 && { ignoredToolCalls: this.ignoredCalls }) };
  }

  private read(reply: ChatReply): AgentTurn {
    const chosen = reply.toolCalls.find((c) => c.function.name === TOOL_NAME) ?? reply.toolCalls[0];
    const call = chosen && { ...chosen, id: this.callIds.next() };
    if (!call) {
      const text = reply.content ?? "";
      this.messages.push({ role: "assistant", content: text });
      return turnOf(parseAction(text), text, "no tool call, and ");
    }
    const raw = call.function.arguments;
    const args = parseArguments(raw);
    if (args === undefined) {
      // Not replayed as a tool call: some servers' chat templates reject arguments that are not JSON.
      this.messages.push({ role: "assistant", content: [reply.content, raw].filter((t) => t).join("\n") });
      return { action: null, raw, invalid: "the tool call's arguments are not a JSON object" };
    }
    // Keep only the call acted on, so the transcript pairs each call with exactly one tool reply.
    this.messages.push({ role: "assistant", content: reply.content, tool_calls: [call] });
    this.pendingCall = call;
    if (call.function.name !== TOOL_NAME) return { action: null, raw, invalid: `unknown tool '${call.function.name}' (use ${TOOL_NAME})` };
    const { choice, content, thought } = args;
    if (typeof choice !== "string") return { action: null, raw, invalid: "the tool call has no 'choice'" };
    const text = typeof content === "string" ? content : content === undefined || content === null ? "" : JSON.stringify(content);
    const parsed = normalizeAction({ choice: choice as Choice, content: text, ...(typeof thought === "string" ? { thought } : {}) });
    return turnOf(parsed, raw);
  }
}

function parseArguments(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw === "" ? "{}" : raw);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function turnOf(parsed: ParsedAction, raw: string, prefix = ""): AgentTurn {
  return parsed.ok ? { action: parsed.action, raw } : { action: null, raw, invalid: `${prefix}${parsed.reason}` };
}
