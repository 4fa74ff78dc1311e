import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { assignGroupCredit } from "../../src/rl/advantages.js";
import { qwen3Tokenizer, renderObservation } from "../../src/runtime/chat-template.js";
import { completionText, TokenTranscript } from "../../src/rl/tinker/transcript.js";
import { combineMetrics, TinkerClient, TinkerError } from "../../src/rl/tinker/client.js";
import { datumOf, DEFAULT_TINKER_TRAIN, trainTinker, type TinkerBatchItem, type TinkerTrainSettings } from "../../src/rl/tinker/train.js";
import { Datum, ForwardBackwardRequest, inputTokens, modelInput, OptimStepRequest, SaveWeightsForSamplerRequest, tensor, TINKER_PATHS } from "../../src/rl/tinker/wire.js";
import { promptTokens, startFakeTinker, type FakeTinker, type FakeTinkerOptions, type SampleRequestBody, type ScriptedCompletion } from "../support/fake-tinker.js";

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
    const prompt = tokenizer.decode(promptTokens(request));
    const turn = prompt.split("<|im_start|>assistant").length - 2;
    const episode = request.sampling_params.seed! - turn;
    if (!plans.has(episode)) plans.set(episode, plans.size % PLANS.length);
    const plan = PLANS[plans.get(episode)!]!;
    return plan[Math.min(turn, plan.length - 1)]!;
  };
}

let server: FakeTinker | undefined;
/** Servers started besides `server` in one test. */
const others: FakeTinker[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  await Promise.all(others.splice(0).map((s) => s.close()));
});

/** A client for the fake server: quick polls, no heartbeat unless asked. */
function clientOf(fake: FakeTinker, options: Partial<ConstructorParameters<typeof TinkerClient>[0]> = {}): TinkerClient {
  return new TinkerClient({ baseUrl: fake.url, pollIntervalMs: 1, heartbeatMs: 0, ...options });
}

async function fake(options: Partial<FakeTinkerOptions> = {}): Promise<FakeTinker> {
  const started = await startFakeTinker({ tokenizer, sample: scripted(), ...options });
  if (server) others.push(started);
  else server = started;
  return started;
}

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

/** Runs of consecutive positions where the mask is 1. */
function runs(mask: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    const start = i;
    while (i + 1 < mask.length && mask[i + 1] === 1) i++;
    out.push([start, i + 1]);
  }
  return out;
}

const bodies = (fakeServer: FakeTinker, path: string) => fakeServer.requests.filter((r) => r.path === path).map((r) => r.body);

describe("Tinker trainer against a fake server that answers with futures", () => {
  test("token ids, masks and advantages line up exactly with the turns", async () => {
    const fakeServer = await fake();
    const batches: TinkerBatchItem[][] = [];
    const result = await trainTinker(clientOf(fakeServer), tokenizer, settings(), { onBatch: (_, batch) => batches.push([...batch]) });

    // The operations, in order: a session, a model, then per iteration a sampler on the current weights (ephemeral save), forward_backward, optim_step; a named save after the last.
    const paths = fakeServer.requests.map((r) => r.path).filter((p) => p !== TINKER_PATHS.asample);
    expect(paths).toEqual([
      TINKER_PATHS.createSession, TINKER_PATHS.createModel,
      TINKER_PATHS.saveWeightsForSampler, TINKER_PATHS.forwardBackward, TINKER_PATHS.optimStep,
      TINKER_PATHS.saveWeightsForSampler, TINKER_PATHS.forwardBackward, TINKER_PATHS.optimStep,
      TINKER_PATHS.saveWeightsForSampler,
    ]);
    expect(fakeServer.requests[1]!.body).toEqual({ session_id: "session_1", model_seq_id: 0, base_model: "Qwen/Qwen3-4B", lora_config: { rank: DEFAULT_TINKER_TRAIN.loraRank }, type: "create_model" });
    expect(result.modelId).toBe("model_1");
    // Training requests carry seq_id 1, 2, ... in submission order.
    const training = fakeServer.requests.filter((r) => [TINKER_PATHS.forwardBackward, TINKER_PATHS.optimStep, TINKER_PATHS.saveWeightsForSampler].includes(r.path as never));
    expect(training.map((r) => (r.body as { seq_id: number }).seq_id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const saves = bodies(fakeServer, TINKER_PATHS.saveWeightsForSampler).map((b) => SaveWeightsForSamplerRequest.parse(b));
    expect(saves.map((b) => b.path ?? `ephemeral#${b.sampling_session_seq_id}`)).toEqual(["ephemeral#0", "ephemeral#1", "iteration-2"]);
    expect(result.iterations.map((m) => m.checkpoint)).toEqual([undefined, "tinker://model_1/iteration-2"]);
    expect(OptimStepRequest.parse(bodies(fakeServer, TINKER_PATHS.optimStep)[0])).toEqual({ model_id: "model_1", seq_id: 3, adam_params: { ...DEFAULT_TINKER_TRAIN.adam }, type: "optim_step" });
    // Every result came through retrieve_future after the server said "pending" (a 408, then a try_again).
    const polled = new Map<string, number>();
    for (const id of fakeServer.polls) polled.set(id, (polled.get(id) ?? 0) + 1);
    expect(polled.size).toBe(1 + 7 + fakeServer.samples.length);
    expect([...polled.values()].every((n) => n === 3)).toBe(true);
    // The metrics are the results' numbers (a non-number is dropped).
    expect(result.iterations[0]!.forwardBackward).toEqual({ "loss:sum": 1.5, "ratio:mean": 1 });
    expect(result.iterations[0]!.optimStep).toEqual({ "grad_norm:mean": 1 });

    const received = bodies(fakeServer, TINKER_PATHS.forwardBackward).map((b) => ForwardBackwardRequest.parse(b));
    expect(received).toHaveLength(2);
    const sampleRequests = bodies(fakeServer, TINKER_PATHS.asample) as SampleRequestBody[];
    let sampleAt = 0;
    let nonZero = 0;
    for (const [iteration, request] of received.entries()) {
      expect(request.forward_backward_input.loss_fn).toBe(DEFAULT_TINKER_TRAIN.lossFn);
      const batch = batches[iteration]!;
      const data = request.forward_backward_input.data;
      expect(data).toHaveLength(3);
      // The advantages the wire carries are those of advantages.ts for the group, recomputed here.
      const expected = assignGroupCredit(batch.map((b) => ({ rewards: b.trajectory.rewards, tokens: b.transcript.turnTokens })), { turnCredit: "equalized", trajectoryScore: "sum" });
      for (const [k, datum] of data.entries()) {
        const { loss_fn_inputs: l } = datum;
        const input = inputTokens(datum.model_input);
        const n = input.length;
        expect([l.target_tokens, l.weights, l.advantages, l.logprobs].map((t) => [t.dtype, t.shape, t.data.length])).toEqual([
          ["int64", [n], n], ["float32", [n], n], ["float32", [n], n], ["float32", [n], n],
        ]);
        const targets = l.target_tokens.data;
        const weights = l.weights.data;
        const advantages = l.advantages.data;
        const logprobs = l.logprobs.data;
        expect(input.slice(1)).toEqual(targets.slice(0, -1));
        const full = [input[0]!, ...targets];
        expect(full).toEqual(batch[k]!.transcript.tokens);
        // The weights are the transcript's loss mask, shifted like the targets.
        expect(weights).toEqual(batch[k]!.transcript.mask.slice(1));
        const turns = runs(weights);
        const rewards = batch[k]!.trajectory.rewards;
        expect(turns).toHaveLength(rewards.length);
        const turnAdvantages = expected[k]!.turnAdvantages;
        // Each trained run is exactly one sampled completion, sampled from exactly the tokens before it, with the weights of this iteration.
        for (const [t, [start, end]] of turns.entries()) {
          const sample = fakeServer.samples[sampleAt]!;
          const prompt = promptTokens(sampleRequests[sampleAt]!);
          sampleAt++;
          expect(sample.weightsVersion).toBe(iteration);
          expect(targets.slice(start, end)).toEqual(sample.tokens);
          expect(logprobs.slice(start, end)).toEqual(sample.logprobs);
          expect(full.slice(0, start + 1)).toEqual(prompt);
          for (let i = start; i < end; i++) expect(advantages[i]).toBe(turnAdvantages[t]);
          if (turnAdvantages[t] !== 0) nonZero++;
        }
        for (let i = 0; i < n; i++) {
          if (weights[i] === 1) continue;
          expect(weights[i]).toBe(0);
          expect(advantages[i]).toBe(0);
          expect(logprobs[i]).toBe(0);
        }
      }
    }
    expect(sampleAt).toBe(fakeServer.samples.length);
    expect(nonZero).toBeGreaterThan(0);
    // Samples: one sampling session per iteration, seq_id 0, 1, ... within each, the end-of-turn token as the stop.
    const bySession = new Map<string, number[]>();
    for (const r of sampleRequests) bySession.set(r.sampling_session_id, [...(bySession.get(r.sampling_session_id) ?? []), r.seq_id]);
    expect([...bySession.keys()]).toEqual(["sampling_1", "sampling_2"]);
    for (const seqs of bySession.values()) expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(sampleRequests.every((r) => r.num_samples === 1 && r.type === "sample" && r.sampling_params.stop?.[0] === tokenizer.endOfTurn)).toBe(true);
    expect(result.iterations.every((m) => m.errors === 0 && m.trajectories === 3)).toBe(true);
  }, 60_000);

  test("a checkpoint saved before the next iteration is the sampler of that iteration (no second save)", async () => {
    const fakeServer = await fake();
    const result = await trainTinker(clientOf(fakeServer), tokenizer, settings({ iterations: 3, checkpointEvery: 1, group: 2 }));
    const saves = bodies(fakeServer, TINKER_PATHS.saveWeightsForSampler).map((b) => SaveWeightsForSamplerRequest.parse(b));
    expect(saves.map((b) => b.path ?? "ephemeral")).toEqual(["ephemeral", "iteration-1", "iteration-2", "iteration-3"]);
    expect(bodies(fakeServer, TINKER_PATHS.createSamplingSession)).toEqual([
      { session_id: "session_1", sampling_session_seq_id: 1, model_path: "tinker://model_1/iteration-1", type: "create_sampling_session" },
      { session_id: "session_1", sampling_session_seq_id: 2, model_path: "tinker://model_1/iteration-2", type: "create_sampling_session" },
    ]);
    expect(result.iterations.map((m) => m.checkpoint)).toEqual(["tinker://model_1/iteration-1", "tinker://model_1/iteration-2", "tinker://model_1/iteration-3"]);
    // Iteration i samples from the weights after i optimizer steps.
    expect([...new Set(fakeServer.samples.map((s) => s.weightsVersion))]).toEqual([0, 1, 2]);
  }, 60_000);

  test("the transcript follows the Qwen3 template: tool replies after tool calls, the end-of-turn token closes a cut turn", async () => {
    const fakeServer = await fake();
    const batches: TinkerBatchItem[][] = [];
    await trainTinker(clientOf(fakeServer), tokenizer, settings({ iterations: 1 }), { onBatch: (_, batch) => batches.push([...batch]) });
    const texts = batches[0]!.map((b) => tokenizer.decode(b.transcript.tokens));
    expect(texts[0]).toMatch(/^<\|im_start\|>system\n[\s\S]*<tools>[\s\S]*interact_with_env[\s\S]*<\|im_start\|>user\n[\s\S]*<\|im_start\|>assistant\n<tool_call>/);
    expect(texts[0]).toContain("</tool_call><|im_end|>\n<|im_start|>user\n<tool_response>\n");
    expect(texts[2]).toContain("for a while<|im_end|>\n<|im_start|>user\n");
    // The cut turn's closing <|im_end|> is context, not trained.
    expect(batches[0]![2]!.transcript.turnTokens[0]).toBe(tokenizer.encode("let me think about this for a while").length);
    expect(batches[0]![2]!.trajectory.record.turns[0]!.invalid).toBeDefined();
    expect(batches[0]![1]!.trajectory.record.turns[0]!.action).toEqual({ choice: "answer", content: "A5" });
  }, 60_000);

  test("a failing submission surfaces as a TinkerError with the status and the server's message", async () => {
    const fakeServer = await fake({ fail: { [TINKER_PATHS.forwardBackward]: 503 } });
    const run = trainTinker(clientOf(fakeServer), tokenizer, settings({ iterations: 1 }));
    await expect(run).rejects.toThrow(TinkerError);
    await expect(run).rejects.toThrow("forward_backward (POST /api/v1/forward_backward): HTTP 503: injected failure");
  }, 60_000);

  test.each(["skyrl", "tinker"] as const)("a request that fails on the server (%s style) surfaces with its message", async (failureStyle) => {
    const fakeServer = await fake({ failFuture: { [TINKER_PATHS.optimStep]: "optimizer exploded" }, failureStyle });
    await expect(trainTinker(clientOf(fakeServer), tokenizer, settings({ iterations: 1 }))).rejects.toThrow(/optim_step \(request \d+\) failed.*optimizer exploded/);
  }, 60_000);

  test("a failed sample ends that episode as an agent error, left out of the batch", async () => {
    const fakeServer = await fake({ failFuture: { [TINKER_PATHS.asample]: "prompt too long" } });
    const result = await trainTinker(clientOf(fakeServer), tokenizer, settings({ iterations: 1 }));
    expect(result.iterations[0]!.errors).toBe(3);
    expect(fakeServer.requests.some((r) => r.path === TINKER_PATHS.forwardBackward)).toBe(false);
  }, 60_000);
});

describe("Tinker client: the future protocol", () => {
  test("polls through 503s, 408s and try_again until the result", async () => {
    const fakeServer = await fake({ unavailablePolls: 3, pending: 4 });
    const session = await clientOf(fakeServer).createSession();
    const model = await session.createLoraModel("Qwen/Qwen3-4B", 8);
    expect(model.id).toBe("model_1");
    expect(fakeServer.polls).toEqual(["1", "1", "1", "1", "1", "1", "1", "1"]);
  });

  /** A client that records its waits instead of waiting, and the notices it gives. */
  function recordingClient(fakeServer: FakeTinker, options: Partial<ConstructorParameters<typeof TinkerClient>[0]> = {}) {
    const waits: number[] = [];
    const notices: string[] = [];
    const client = clientOf(fakeServer, { sleep: async (ms) => void waits.push(ms), onNotice: (m) => notices.push(m), ...options });
    return { client, waits, notices };
  }

  test("a bare 400 while polling is asked again up to 3 times, as the SDK does", async () => {
    const fakeServer = await fake({ pending: 0, pollErrors: [{ status: 400 }, { status: 400 }, { status: 400 }] });
    const session = await clientOf(fakeServer).createSession();
    expect((await session.createLoraModel("Qwen/Qwen3-4B", 8)).id).toBe("model_1");
    expect(fakeServer.polls).toHaveLength(4);
    const failing = await fake({ pending: 0, pollErrors: [{ status: 400 }, { status: 400 }, { status: 400 }, { status: 400, detail: "bad request" }] });
    const again = await clientOf(failing).createSession();
    await expect(again.createLoraModel("Qwen/Qwen3-4B", 8)).rejects.toThrow("create_model (request 1) failed: HTTP 400: bad request (after 3 retries)");
  });

  test("a 429 while polling backs off 1 s, 2 s, ... or as long as Retry-After says", async () => {
    const fakeServer = await fake({ pending: 0, pollErrors: [{ status: 429 }, { status: 429 }, { status: 429, retryAfter: "7" }, { status: 429 }] });
    const { client, waits } = recordingClient(fakeServer);
    const session = await client.createSession();
    expect((await session.createLoraModel("Qwen/Qwen3-4B", 8)).id).toBe("model_1");
    expect(waits).toEqual([1000, 2000, 7000, 8000]);
  });

  test("a 402 while polling pauses the job (5 s a time, said once) and resumes; past the limit it fails saying why", async () => {
    const fakeServer = await fake({ pending: 0, pollErrors: [{ status: 402, detail: "billing: no credits" }, { status: 402, detail: "billing: no credits" }] });
    const { client, waits, notices } = recordingClient(fakeServer);
    const session = await client.createSession();
    expect((await session.createLoraModel("Qwen/Qwen3-4B", 8)).id).toBe("model_1");
    expect(waits).toEqual([5000, 5000]);
    expect(notices).toEqual(["create_model (request 1): paused: the server refuses requests for billing reasons (HTTP 402); asking again every 5 s: billing: no credits"]);
    const stopped = await fake({ pending: 0, pollErrors: [{ status: 402 }, { status: 402 }, { status: 402 }] });
    const limited = recordingClient(stopped, { billingMaxPauseMs: 10_000 });
    const again = await limited.client.createSession();
    await expect(again.createLoraModel("Qwen/Qwen3-4B", 8)).rejects.toThrow("create_model (request 1) failed: HTTP 402: injected 402 (refused for billing reasons after pausing 10 s; check the account's billing status)");
  });

  test("a submission refused with 429 or 402 is sent again after the same backoff; 10 429s in a row fail", async () => {
    const fakeServer = await fake({ pending: 0, submitErrors: { [TINKER_PATHS.createModel]: [{ status: 429 }, { status: 429, retryAfter: "3" }, { status: 402 }] } });
    const { client, waits, notices } = recordingClient(fakeServer);
    const session = await client.createSession();
    expect((await session.createLoraModel("Qwen/Qwen3-4B", 8)).id).toBe("model_1");
    expect(waits).toEqual([1000, 3000, 5000]);
    expect(notices).toHaveLength(1);
    expect(bodies(fakeServer, TINKER_PATHS.createModel)).toHaveLength(4);
    const limited = await fake({ submitErrors: { [TINKER_PATHS.createModel]: Array.from({ length: 11 }, () => ({ status: 429 })) } });
    const again = await recordingClient(limited).client.createSession();
    await expect(again.createLoraModel("Qwen/Qwen3-4B", 8)).rejects.toThrow("create_model (POST /api/v1/create_model): HTTP 429: injected 429 (rate limited 10 times in a row)");
  });

  test("billing pauses do not count against the future's deadline", async () => {
    const fakeServer = await fake({ pending: 0, pollErrors: [{ status: 402 }, { status: 402 }, { status: 402 }] });
    const session = await clientOf(fakeServer, { billingPauseMs: 60, futureTimeoutMs: 100 }).createSession();
    expect((await session.createLoraModel("Qwen/Qwen3-4B", 8)).id).toBe("model_1");
  });

  test("a sample whose future expired (410) is sent again with the next seq_id; a training future that expired fails", async () => {
    const fakeServer = await fake({ pending: 0, expire: { [TINKER_PATHS.asample]: 1 }, sample: () => ({ text: "[finish]" }) });
    const session = await clientOf(fakeServer).createSession();
    const model = await session.createLoraModel("Qwen/Qwen3-4B", 8);
    const sampler = await model.saveWeightsAndGetSampler();
    const sampled = await sampler.sample([1, 2, 3], { maxTokens: 4, temperature: 1 });
    expect(sampled.tokens.length).toBeGreaterThan(0);
    expect(bodies(fakeServer, TINKER_PATHS.asample).map((b) => (b as { seq_id: number }).seq_id)).toEqual([0, 1]);
    const gone = await fake({ pending: 0, expire: { [TINKER_PATHS.optimStep]: 1 } });
    const other = await clientOf(gone).createSession();
    const trained = await other.createLoraModel("Qwen/Qwen3-4B", 8);
    await expect(trained.optimStep({ learning_rate: 1e-4, beta1: 0.9, beta2: 0.95, eps: 1e-8 })).rejects.toThrow(/optim_step \(request \d+\) failed: HTTP 410: Future expired \(the server no longer has this future\)/);
    expect(bodies(gone, TINKER_PATHS.optimStep)).toHaveLength(1);
  });

  test("gives up on a future that stays pending, with a clear message", async () => {
    const fakeServer = await fake({ pending: Number.POSITIVE_INFINITY });
    const session = await clientOf(fakeServer, { futureTimeoutMs: 150 }).createSession();
    await expect(session.createLoraModel("Qwen/Qwen3-4B", 8)).rejects.toThrow(/create_model \(request 1\): no result after \d+ s \(the server still reports it pending/);
  });

  test("a future the server does not know is an error (404)", async () => {
    const fakeServer = await fake();
    await expect(clientOf(fakeServer).retrieve("optim_step", "99", OptimStepRequest)).rejects.toThrow("optim_step (request 99) failed: HTTP 404: Future not found");
  });

  test("an unreachable server is a TinkerError naming the operation", async () => {
    const fakeServer = await fake();
    const url = fakeServer.url;
    await fakeServer.close();
    server = undefined;
    await expect(new TinkerClient({ baseUrl: url, heartbeatMs: 0 }).createSession()).rejects.toThrow(/^create_session \(POST \/api\/v1\/create_session\): fetch failed/);
  });

  test("sends the API key as X-API-Key and never puts it in a message", async () => {
    const key = "tml-secret-key-123";
    const fakeServer = await fake({ apiKey: key });
    const session = await clientOf(fakeServer, { apiKey: key }).createSession();
    expect(session.id).toBe("session_1");
    const refused = await clientOf(fakeServer, { apiKey: "wrong-key" }).createSession().catch((e: unknown) => e as TinkerError);
    expect(refused).toBeInstanceOf(TinkerError);
    expect((refused as TinkerError).message).toBe("create_session (POST /api/v1/create_session): HTTP 401: Invalid API key");
    expect((refused as TinkerError).message).not.toContain("wrong-key");
  });

  test("the server's errors read FastAPI's detail, a message or a validation list (422)", async () => {
    const fakeServer = await fake();
    const client = clientOf(fakeServer);
    const session = await client.createSession();
    const model = await session.createLoraModel("Qwen/Qwen3-4B", 8);
    // A sampling session on weights that were never saved: the server refuses to sample from them.
    const sampler = await session.createSampler(`tinker://${model.id}/never-saved`);
    await expect(sampler.sample([1, 2, 3], { maxTokens: 4, temperature: 1 })).rejects.toThrow("sample (POST /api/v1/asample): HTTP 404: Checkpoint not found: model_1/never-saved");
    await expect(client.call("create_model", TINKER_PATHS.createModel, z.unknown(), z.unknown(), { base_model: "Qwen/Qwen3-4B" })).rejects.toThrow(/^create_model \(POST \/api\/v1\/create_model\): HTTP 422: body\.session_id: /);
  });

  test("sends a heartbeat while the session is open", async () => {
    const fakeServer = await fake();
    const session = await clientOf(fakeServer, { heartbeatMs: 10 }).createSession();
    await new Promise((resolve) => setTimeout(resolve, 80));
    session.close();
    // A heartbeat sent just before close may still arrive: let it land before counting.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const beats = fakeServer.heartbeats;
    expect(beats).toBeGreaterThan(0);
    expect(session.missedHeartbeats).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(fakeServer.heartbeats).toBe(beats);
  });

  test("a large batch goes as several forward_backward requests in order, their metrics combined", async () => {
    const fakeServer = await fake();
    const session = await clientOf(fakeServer).createSession();
    const model = await session.createLoraModel("Qwen/Qwen3-4B", 8);
    const t = new TokenTranscript();
    t.context([1, 2]);
    t.agentTurn([3], [-0.5]);
    const data = Array.from({ length: 130 }, () => datumOf(t, [1]));
    const metrics = await model.forwardBackward(data, "ppo");
    const requests = bodies(fakeServer, TINKER_PATHS.forwardBackward).map((b) => ForwardBackwardRequest.parse(b));
    expect(requests.map((r) => [r.seq_id, r.forward_backward_input.data.length])).toEqual([[1, 128], [2, 2]]);
    expect(metrics).toEqual({ "loss:sum": 65, "ratio:mean": 1 });
    expect(combineMetrics([{ "a:mean": 1, "b:max": 2, "c:min": 5 }, { "a:mean": 4, "b:max": 3, "c:min": 1 }], [2, 1])).toEqual({ "a:mean": 2, "b:max": 3, "c:min": 1 });
  });
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
      model_input: modelInput([1, 2, 3, 10, 11, 4]),
      loss_fn_inputs: {
        target_tokens: tensor([2, 3, 10, 11, 4, 12], "int64"),
        weights: tensor([0, 0, 1, 1, 0, 1], "float32"),
        advantages: tensor([0, 0, 0.5, 0.5, 0, -1], "float32"),
        logprobs: tensor([0, 0, -0.1, -0.2, 0, -0.3], "float32"),
      },
    });
    expect(d.model_input).toEqual({ chunks: [{ type: "encoded_text", tokens: [1, 2, 3, 10, 11, 4] }] });
    expect(d.loss_fn_inputs.weights).toEqual({ data: [0, 0, 1, 1, 0, 1], dtype: "float32", shape: [6] });
    expect(Datum.safeParse(d).success).toBe(true);
    expect(Datum.safeParse({ ...d, loss_fn_inputs: { ...d.loss_fn_inputs, weights: tensor([0], "float32") } }).success).toBe(false);
    expect(() => datumOf(t, [1])).toThrow(RangeError);
  });

  test("completionText reads Qwen tool calls and bracketed text", () => {
    expect(completionText(`${toolCall({ choice: "answer", content: "A1" })}<|im_end|>`)).toEqual({ text: '{"choice":"answer","content":"A1"}', toolCall: true });
    expect(completionText("<think>x</think>\n[search] cars<|im_end|>")).toEqual({ text: "[search] cars", toolCall: false });
    expect(renderObservation("ok", true, false)).toBe("\n<|im_start|>user\n<tool_response>\nok\n</tool_response><|im_end|>\n<|im_start|>assistant\n");
  });
});
