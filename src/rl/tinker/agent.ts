import { parseAction } from "../../runtime/actions.js";
import { interactTool } from "../../runtime/agents/openai-agent.js";
import type { Agent, AgentContext, AgentEpisode, AgentTurn, Observation } from "../../runtime/types.js";
import type { TinkerSampler } from "./client.js";
import { renderObservation, renderOpening, type ChatTokenizer } from "../../runtime/chat-template.js";
import { completionText, TokenTranscript } from "./transcript.js";

/**
 * An agent whose turns are sampled through a Tinker server, from the sampler (sampling session)
 * set by setSampler: the trainer points it at the current weights before each iteration. Each
 * episode keeps its conversation as a TokenTranscript (tokens, loss mask, sampler logprobs,
 * trained tokens per turn), found afterwards by scenario id and seed (transcriptOf). Completions
 * are read like the OpenAI agent's replies: a `<tool_call>` of interact_with_env, else bracketed
 * text.
 */

export interface TinkerAgentOptions {
  /** Names the agent (its spec is tinker:<modelId>). */
  modelId: string;
  tokenizer: ChatTokenizer;
  /** Default 1 (training samples). */
  temperature?: number;
  /** Default 512. */
  maxTokens?: number;
}

export interface TinkerAgent extends Agent {
  /** The transcript of the episode of this scenario and seed (undefined before it began). */
  transcriptOf(scenarioId: string, seed: number): TokenTranscript | undefined;
  /** Forgets the recorded transcripts (between iterations). */
  clear(): void;
  /** The sampler later turns are sampled from. */
  setSampler(sampler: TinkerSampler): void;
}

export function createTinkerAgent(options: TinkerAgentOptions): TinkerAgent {
  const transcripts = new Map<string, TokenTranscript>();
  const key = (scenarioId: string, seed: number) => `${scenarioId}\u0000${seed}`;
  let sampler: TinkerSampler | undefined;
  const currentSampler = (): TinkerSampler => {
    if (!sampler) throw new Error("the Tinker agent has no sampler yet (setSampler)");
    return sampler;
  };
  return {
    spec: `tinker:${options.modelId}`,
    async begin(context: AgentContext): Promise<AgentEpisode> {
      const transcript = new TokenTranscript();
      const k = key(context.scenario.id, context.seed);
      if (transcripts.has(k)) throw new Error(`two episodes of scenario '${context.scenario.id}' with seed ${context.seed}`);
      transcripts.set(k, transcript);
      return new TinkerEpisode(options, currentSampler(), context, transcript);
    },
    transcriptOf: (scenarioId, seed) => transcripts.get(key(scenarioId, seed)),
    clear: () => transcripts.clear(),
    setSampler: (next) => {
      sampler = next;
    },
  };
}

class TinkerEpisode implements AgentEpisode {
  private turns = 0;
  private lastWasToolCall = false;
  private lastClosed = true;

  constructor(
    private readonly options: TinkerAgentOptions,
    /** Fixed for the episode: an episode is sampled from one set of weights. */
    private readonly sampler: TinkerSampler,
    private readonly context: AgentContext,
    private readonly transcript: TokenTranscript,
  ) {}

  async act(observation: Observation): Promise<AgentTurn> {
    const { tokenizer } = this.options;
    const text = this.turns === 0
      ? renderOpening(this.context.systemPrompt, observation.feedback, [interactTool(this.context.choices)])
      : renderObservation(observation.feedback, this.lastWasToolCall, !this.lastClosed);
    this.transcript.context(tokenizer.encode(text));
    const promptTokens = this.transcript.tokens.length;
    const sample = await this.sampler.sample(this.transcript.tokens, {
      maxTokens: this.options.maxTokens ?? 512,
      temperature: this.options.temperature ?? 1,
      // Non-negative and below 2^31 (SkyRL draws its own seeds from that range).
      seed: (this.context.seed + this.turns) % 2 ** 31,
      stop: [tokenizer.endOfTurn],
    });
    this.turns++;
    this.transcript.agentTurn(sample.tokens, sample.logprobs);
    this.lastClosed = sample.tokens.at(-1) === tokenizer.endOfTurn;
    const raw = tokenizer.decode(sample.tokens);
    const completion = completionText(raw);
    this.lastWasToolCall = completion.toolCall;
    const parsed = parseAction(completion.text);
    const counts = { outputTokens: sample.tokens.length, promptTokens };
    return parsed.ok ? { action: parsed.action, raw, ...counts } : { action: null, raw, invalid: parsed.reason, ...counts };
  }
}
