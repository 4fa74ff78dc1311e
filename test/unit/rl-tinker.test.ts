import { afterEach, describe, expect, test } from "vitest";
import { loadScenarios } from "../../src/eval/scenarios.js";
import { assignGroupCredit } from "../../src/rl/advantages.js";
import { completionText, qwen3Tokenizer, renderObservation, TokenTranscript } from "../../src/rl/tinker/chat.js";
import { TinkerClient, TinkerError } from "../../src/rl/tinker/client.js";
import { datumOf, DEFAULT_TINKER_TRAIN, trainTinker, type TinkerBatchItem, type TinkerTrainSettings } from "../../src/rl/tinker/train.js";
import { Datum, ForwardBackwardRequest, TINKER_PATHS } from "../../src/rl/tinker/wire.js";
import { startFakeTinker, type FakeTinker, type SampleRequestBody, type ScriptedCompletion } from "../support/fake-tinker.js";

const tokenizer = qwen3Tokenizer();
const austin = loadScenarios(["scenarios/travel/austin_family.ubench"]).scenarios[0]!;

const toolCall = (args: Record<string, unknown>) => `<tool_call>\n${JSON.stringify({ name: "interact_with_env", arguments: args })}\n</tool_call>`;

/** Plans by episode, in order of first appearance (the first follows the oracle's first moves, so the group's rewards differ): tool calls, bracketed text, an invalid turn cut at max_tokens. */
const PLANS: ScriptedCompletion[][] = [
  [{ text: toolCall({ choice: "search", content: "apartment city: Austin, check_in: 2025-11-10, check_out: 2025-11-15, guests: 4" }) }, { text: "[answer] A4" }, { text: "[finish]" }],
  [{ text: "<think>\ncheap first\n</think>\n\n[answer] A5" }, { text: toolCall({ choice: "finish", content: "" }) }],
  [{ text: "let me think about this for a while", stop: "length" }, { text: "[search] a cheap car" }, { text: "[finish]" }],
];

function scripted() {
  const plans = new Map<number, number>();
  return (request: SampleRequestBody): ScriptedCompletion => {
    const prompt = tokenizer.decode(request.prompt.tokens);
    const turn = prompt.split("<|im_start|>assistant").length - 2;
    const episode = request.sampling_params.seed! - turn;
    if (!plans.has(episode)) plans.set(episode, plans.size % PLANS.length);
    const plan = PLANS[plans.get(episode)!]!;
    return plan[Math.min(turn, plan.length - 1)]!;
  };
}

let server: FakeTinker | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function settings(overrides: Partial<TinkerTrainSettings> = {}): TinkerTrainSettings {
  return {
    ...DEFAULT_TINKER_TRAIN,
    scenarios: [austin],
    baseModel: "Qwen/Qwen3-4B",
    group: 3,
    iterations: 2,
    credit: { turnCredit: "equalized", trajectoryScore: "sum" },
    checkpointEvery: 2,
    seed: 0,
    concurrency: 1,
    ...overrides,
  };
}

/** Runs of consecutive positions where weights is 1. */
function runs(weights: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] !== 1) continue;
    const start = i;
    while (i + 1 < weights.length && weights[i + 1] === 1) i++;
    out.push([start, i + 1]);
  }
  return out;
}

describe("Tinker trainer against a recording fake server", () => {
  test("token ids, masks and advantages line up exactly with the turns", async () => {
    server = await startFakeTinker({ tokenizer, sample: scripted() });
    const client = new TinkerClient({ baseUrl: server.url });
    const batches: TinkerBatchItem[][] = [];
    const result = await trainTinker(client, tokenizer, settings(), { onBatch: (_, batch) => batches.push([...batch]) });

    // The operations, in order.
    const paths = server.requests.map((r) => r.path).filter((p) => p !== TINKER_PATHS.sample);
    expect(paths).toEqual([TINKER_PATHS.createModel, TINKER_PATHS.forwardBackward, TINKER_PATHS.optimStep, TINKER_PATHS.forwardBackward, TINKER_PATHS.optimStep, TINKER_PATHS.saveWeights]);
    expect(server.requests[0]!.body).toEqual({ base_model: "Qwen/Qwen3-4B", lora_config: { rank: DEFAULT_TINKER_TRAIN.loraRank } });
    expect(result.iterations.map((m) => m.checkpoint)).toEqual([undefined, "tinker://model-1/iteration-2"]);
    const optim = server.requests.filter((r) => r.path === TINKER_PATHS.optimStep);
    expect(optim[0]!.body).toEqual({ model_id: "model-1", adam_params: { ...DEFAULT_TINKER_TRAIN.adam } });

    const received = server.requests.filter((r) => r.path === TINKER_PATHS.forwardBackward).map((r) => ForwardBackwardRequest.parse(r.body));
    expect(received).toHaveLength(2);
    const sampleRequests = server.requests.filter((r) => r.path === TINKER_PATHS.sample).map((r) => r.body as SampleRequestBody);
    let sampleAt = 0;
    let nonZero = 0;
    for (const [iteration, request] of received.entries()) {
      expect(request.loss_fn).toBe(DEFAULT_TINKER_TRAIN.lossFn);
      const batch = batches[iteration]!;
      expect(request.data).toHaveLength(3);
      // The advantages the wire carries are those of advantages.ts for the group, recomputed here.
      const expected = assignGroupCredit(batch.map((b) => ({ rewards: b.trajectory.rewards, tokens: b.transcript.turnTokens })), { turnCredit: "equalized", trajectoryScore: "sum" });
      for (const [k, datum] of request.data.entries()) {
        const { model_input, loss_fn_inputs: l } = datum;
        const n = model_input.tokens.length;
        expect([l.target_tokens.length, l.weights.length, l.advantages.length, l.logprobs.length]).toEqual([n, n, n, n]);
        expect(model_input.tokens.slice(1)).toEqual(l.target_tokens.slice(0, -1));
        const full = [model_input.tokens[0]!, ...l.target_tokens];
        const turns = runs(l.weights);
        const rewards = batch[k]!.trajectory.rewards;
        expect(turns).toHaveLength(rewards.length);
        const turnAdvantages = expected[k]!.turnAdvantages;
        // Each trained run is exactly one sampled completion, sampled from exactly the tokens before it.
        for (const [t, [start, end]] of turns.entries()) {
          const sample = server.samples[sampleAt]!;
          const prompt = sampleRequests[sampleAt]!.prompt.tokens;
          sampleAt++;
          expect(l.target_tokens.slice(start, end)).toEqual(sample.tokens);
          expect(l.logprobs.slice(start, end)).toEqual(sample.logprobs);
          expect(full.slice(0, start + 1)).toEqual(prompt);
          for (let i = start; i < end; i++) expect(l.advantages[i]).toBe(turnAdvantages[t]);
          if (turnAdvantages[t] !== 0) nonZero++;
        }
        for (let i = 0; i < n; i++) {
          if (l.weights[i] === 1) continue;
          expect(l.weights[i]).toBe(0);
          expect(l.advantages[i]).toBe(0);
          expect(l.logprobs[i]).toBe(0);
        }
      }
    }
    expect(sampleAt).toBe(server.samples.length);
    expect(nonZero).toBeGreaterThan(0);
    expect(result.iterations.every((m) => m.errors === 0 && m.trajectories === 3)).toBe(true);
  }, 60_000);

  test("the transcript follows the Qwen3 template: tool replies after tool calls, the end-of-turn token closes a cut turn", async () => {
    server = await startFakeTinker({ tokenizer, sample: scripted() });
    const batches: TinkerBatchItem[][] = [];
    await trainTinker(new TinkerClient({ baseUrl: server.url }), tokenizer, settings({ iterations: 1 }), { onBatch: (_, batch) => batches.push([...batch]) });
    const texts = batches[0]!.map((b) => tokenizer.decode(b.transcript.tokens));
    expect(texts[0]).toMatch(/^<\|im_start\|>system\n[\s\S]*<tools>[\s\S]*interact_with_env[\s\S]*<\|im_start\|>user\n[\s\S]*<\|im_start\|>assistant\n<tool_call>/);
    expect(texts[0]).toContain("</tool_call><|im_end|>\n<|im_start|>user\n<tool_response>\n");
    expect(texts[2]).toContain("for a while<|im_end|>\n<|im_start|>user\n");
    // The cut turn's closing <|im_end|> is context, not trained.
    expect(batches[0]![2]!.transcript.turnTokens[0]).toBe(tokenizer.encode("let me think about this for a while").length);
    expect(batches[0]![2]!.trajectory.record.turns[0]!.invalid).toBeDefined();
    expect(batches[0]![1]!.trajectory.record.turns[0]!.action).toEqual({ choice: "answer", content: "A5" });
  }, 60_000);

  test("a failing operation surfaces as a TinkerError with the status", async () => {
    server = await startFakeTinker({ tokenizer, sample: scripted(), fail: { [TINKER_PATHS.forwardBackward]: 503 } });
    await expect(trainTinker(new TinkerClient({ baseUrl: server.url }), tokenizer, settings({ iterations: 1 }))).rejects.toThrow(TinkerError);
  }, 60_000);

  test("a failed sample ends that episode as an agent error, left out of the batch", async () => {
    server = await startFakeTinker({ tokenizer, sample: scripted(), fail: { [TINKER_PATHS.sample]: 500 } });
    const result = await trainTinker(new TinkerClient({ baseUrl: server.url }), tokenizer, settings({ iterations: 1 }));
    expect(result.iterations[0]!.errors).toBe(3);
    expect(server.requests.some((r) => r.path === TINKER_PATHS.forwardBackward)).toBe(false);
  }, 60_000);
});

describe("Tinker pieces", () => {
  test("datumOf shifts by one and spreads each turn's advantage over its tokens", () => {
    const t = new TokenTranscript();
    t.context([1, 2, 3]);
    t.agentTurn([10, 11], [-0.1, -0.2]);
    t.context([4]);
    t.agentTurn([12], [-0.3]);
    const d = datumOf(t, [0.5, -1]);
    expect(d).toEqual({
      model_input: { tokens: [1, 2, 3, 10, 11, 4] },
      loss_fn_inputs: { target_tokens: [2, 3, 10, 11, 4, 12], weights: [0, 0, 1, 1, 0, 1], advantages: [0, 0, 0.5, 0.5, 0, -1], logprobs: [0, 0, -0.1, -0.2, 0, -0.3] },
    });
    expect(Datum.safeParse(d).success).toBe(true);
    expect(Datum.safeParse({ ...d, loss_fn_inputs: { ...d.loss_fn_inputs, weights: [0] } }).success).toBe(false);
    expect(() => datumOf(t, [1])).toThrow(RangeError);
  });

  test("completionText reads Qwen tool calls and bracketed text", () => {
    expect(completionText(`${toolCall({ choice: "answer", content: "A1" })}<|im_end|>`)).toEqual({ text: '{"choice":"answer","content":"A1"}', toolCall: true });
    expect(completionText("<think>x</think>\n[search] cars<|im_end|>")).toEqual({ text: "[search] cars", toolCall: false });
    expect(renderObservation("ok", true, false)).toBe("\n<|im_start|>user\n<tool_response>\nok\n</tool_response><|im_end|>\n<|im_start|>assistant\n");
  });
});
