import type { Scenario } from "../../compiler/ir.js";
import { deriveSeed } from "../../runtime/rng.js";
import { assignGroupCredit, tokenAdvantages, type CreditSettings } from "../advantages.js";
import { rolloutGroups, type Trajectory } from "../rollout-groups.js";
import { createTinkerAgent } from "./agent.js";
import type { ChatTokenizer } from "../../runtime/chat-template.js";
import type { TokenTranscript } from "./transcript.js";
import type { TinkerClient, TinkerSampler } from "./client.js";
import { modelInput, tensor, type AdamParams, type Datum, type LossFn } from "./wire.js";

/**
 * `ubc train --trainer tinker`: the rollout loop, credit and advantages stay here; the server
 * samples and trains. A session and a LoRA model first; then per iteration: a sampler on the
 * current weights (an ephemeral save_weights_for_sampler, or a sampling session on the checkpoint
 * just saved), for each scenario a group of n episodes sampled from it with the built-in
 * simulator, credit and group-relative advantages (advantages.ts, with each turn's sampled token
 * count), one Datum per trajectory whose advantages are turn t's a_t on every token of turn t and
 * 0 on masked tokens, then forward_backward, optim_step, and a named save_weights_for_sampler every
 * `checkpointEvery` iterations and after the last one. Trajectories that ended in an agent error
 * (e.g. a failed sample call) are left out of the batch and counted.
 */

export interface TinkerTrainSettings {
  scenarios: readonly Scenario[];
  baseModel: string;
  loraRank: number;
  group: number;
  iterations: number;
  credit: Partial<CreditSettings>;
  lossFn: LossFn;
  adam: AdamParams;
  checkpointEvery: number;
  seed: number;
  concurrency: number;
  temperature: number;
  maxTokens: number;
}

export { DEFAULT_TINKER_TRAIN } from "./defaults.js";

export interface TinkerIteration {
  iteration: number;
  trajectories: number;
  /** Trajectories left out (agent errors). */
  errors: number;
  meanReturn: number;
  meanScore: number;
  successRate: number;
  /** Tokens trained (mask 1) in the batch. */
  trainedTokens: number;
  forwardBackward: Record<string, number>;
  optimStep: Record<string, number>;
  /** The tinker:// path save_weights_for_sampler returned, on checkpoint iterations. */
  checkpoint?: string;
  wallMs: number;
}

/**
 * The Datum of one trajectory: model_input is the sequence without its last token, the targets
 * are the sequence shifted by one, and weights, advantages and logprobs are those of each target
 * position (turn t's a_t on its sampled tokens, 0 elsewhere).
 */
export function datumOf(transcript: TokenTranscript, turnAdvantages: readonly number[]): Datum {
  const flat = tokenAdvantages(turnAdvantages, transcript.turnTokens);
  const advantages = new Array<number>(transcript.tokens.length).fill(0);
  let k = 0;
  for (let i = 0; i < transcript.tokens.length; i++) if (transcript.mask[i] === 1) advantages[i] = flat[k++]!;
  if (k !== flat.length) throw new Error(`the mask has ${k} trained tokens, the turns ${flat.length}`);
  if (transcript.mask[0] === 1) throw new Error("a transcript must start with prompt tokens");
  return {
    model_input: modelInput(transcript.tokens.slice(0, -1)),
    loss_fn_inputs: {
      target_tokens: tensor(transcript.tokens.slice(1), "int64"),
      weights: tensor(transcript.mask.slice(1), "float32"),
      advantages: tensor(advantages.slice(1), "float32"),
      logprobs: tensor(transcript.logprobs.slice(1), "float32"),
    },
  };
}

/** One trained trajectory of a batch, with its transcript and credit. */
export interface TinkerBatchItem {
  trajectory: Trajectory;
  transcript: TokenTranscript;
  turnAdvantages: number[];
  datum: Datum;
}

export interface TinkerTrainHooks {
  /** The server's messages on create_session (info, warning, error), if any. */
  onSession?(messages: readonly string[]): void;
  onIteration?(m: TinkerIteration): void;
  /** The batch of each iteration, before forward_backward (in scenario and member order). */
  onBatch?(iteration: number, batch: readonly TinkerBatchItem[]): void;
  signal?: AbortSignal;
}

export async function trainTinker(client: TinkerClient, tokenizer: ChatTokenizer, settings: TinkerTrainSettings, hooks: TinkerTrainHooks = {}): Promise<{ modelId: string; iterations: TinkerIteration[] }> {
  if (!Number.isInteger(settings.checkpointEvery) || settings.checkpointEvery < 1) throw new RangeError(`checkpoint interval must be a whole number of at least 1, got ${settings.checkpointEvery}`);
  const session = await client.createSession();
  try {
    hooks.onSession?.(session.messages);
    const model = await session.createLoraModel(settings.baseModel, settings.loraRank);
    const agent = createTinkerAgent({ modelId: model.id, tokenizer, temperature: settings.temperature, maxTokens: settings.maxTokens });
    const iterations: TinkerIteration[] = [];
    // The sampler of the next iteration: on the current weights, made when they change.
    let sampler: TinkerSampler | undefined;
    for (let iteration = 0; iteration < settings.iterations; iteration++) {
      if (hooks.signal?.aborted) break;
      const started = performance.now();
      sampler ??= await model.saveWeightsAndGetSampler();
      agent.setSampler(sampler);
      agent.clear();
      const rollouts = await rolloutGroups({
        scenarios: settings.scenarios,
        agent,
        n: settings.group,
        concurrency: settings.concurrency,
        seedOf: (scenario, member) => deriveSeed("tinker", settings.seed, iteration, scenario.id, member),
        ...(hooks.signal && { signal: hooks.signal }),
      });
      const batch: TinkerBatchItem[] = [];
      const all: Trajectory[] = [];
      let errors = 0;
      let trainedTokens = 0;
      for (const group of rollouts.groups) {
        const kept: { trajectory: Trajectory; transcript: TokenTranscript }[] = [];
        for (const trajectory of group.trajectories) {
          all.push(trajectory);
          const transcript = agent.transcriptOf(trajectory.scenarioId, trajectory.seed);
          if (trajectory.status === "error" || !transcript) {
            errors++;
            continue;
          }
          if (transcript.turnTokens.length !== trajectory.rewards.length) throw new Error(`trajectory ${trajectory.scenarioId}#${trajectory.member}: ${trajectory.rewards.length} turns but ${transcript.turnTokens.length} sampled`);
          kept.push({ trajectory, transcript });
        }
        const credit = assignGroupCredit(kept.map(({ trajectory, transcript }) => ({ rewards: trajectory.rewards, tokens: transcript.turnTokens })), settings.credit);
        kept.forEach(({ trajectory, transcript }, i) => {
          const turnAdvantages = credit[i]!.turnAdvantages;
          batch.push({ trajectory, transcript, turnAdvantages, datum: datumOf(transcript, turnAdvantages) });
          trainedTokens += transcript.turnTokens.reduce((a, b) => a + b, 0);
        });
      }
      hooks.onBatch?.(iteration, batch);
      const data = batch.map((b) => b.datum);
      let forwardBackward: Record<string, number> = {};
      let optimStep: Record<string, number> = {};
      if (data.length > 0) {
        forwardBackward = await model.forwardBackward(data, settings.lossFn);
        optimStep = await model.optimStep(settings.adam);
        sampler = undefined;
      }
      const mean = (f: (t: Trajectory) => number) => (all.length === 0 ? 0 : all.reduce((s, t) => s + f(t), 0) / all.length);
      const metrics: TinkerIteration = {
        iteration,
        trajectories: all.length,
        errors,
        meanReturn: mean((t) => t.return),
        meanScore: mean((t) => t.score),
        successRate: mean((t) => (t.success ? 1 : 0)),
        trainedTokens,
        forwardBackward,
        optimStep,
        wallMs: 0,
      };
      const last = iteration === settings.iterations - 1 || hooks.signal?.aborted === true;
      if ((iteration + 1) % settings.checkpointEvery === 0 || last) {
        metrics.checkpoint = await model.saveWeightsForSampler(`iteration-${iteration + 1}`);
        // The checkpoint holds the weights the next iteration samples from: no second save.
        if (!last) sampler = await session.createSampler(metrics.checkpoint);
      }
      metrics.wallMs = performance.now() - started;
      iterations.push(metrics);
      hooks.onIteration?.(metrics);
    }
    return { modelId: model.id, iterations };
  } finally {
    session.close();
  }
}
