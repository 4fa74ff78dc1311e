import type { z } from "zod";
import {
  CreateModelRequest, CreateModelResponse, ErrorResponse, ForwardBackwardRequest, ForwardBackwardResponse, OptimStepRequest, OptimStepResponse,
  SampleRequest, SampleResponse, SaveWeightsRequest, SaveWeightsResponse, TINKER_PATHS, type AdamParams, type Datum, type LossFn,
} from "./wire.js";

/** A thin client of a Tinker-style training server (wire format: ./wire.ts). Every reply is validated; a non-2xx status or an invalid body throws TinkerError. */

export class TinkerError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = "TinkerError";
  }
}

export interface TinkerClientOptions {
  /** The server's base URL (paths of wire.ts are appended). */
  baseUrl: string;
  /** Per-request deadline (default 600 s: a forward_backward can be slow). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface SampleResult {
  tokens: number[];
  logprobs: number[];
  stopReason: "stop" | "length";
}

export interface SampleOptions {
  maxTokens: number;
  temperature: number;
  topP?: number;
  seed?: number;
  stopTokenIds?: number[];
}

export class TinkerClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: TinkerClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  private async post<Req extends z.ZodType, Res extends z.ZodType>(path: string, requestSchema: Req, responseSchema: Res, body: z.input<Req>): Promise<z.output<Res>> {
    const request = requestSchema.parse(body);
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new TinkerError(`${path}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new TinkerError(`${path}: HTTP ${response.status}, the body is not JSON`, response.status);
    }
    if (!response.ok) {
      const error = ErrorResponse.safeParse(data);
      throw new TinkerError(`${path}: HTTP ${response.status}${error.success ? `: ${error.data.error.message}` : ""}`, response.status);
    }
    const parsed = responseSchema.safeParse(data);
    if (!parsed.success) throw new TinkerError(`${path}: unexpected reply: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`, response.status);
    return parsed.data;
  }

  async createModel(baseModel: string, loraRank: number): Promise<string> {
    const reply = await this.post(TINKER_PATHS.createModel, CreateModelRequest, CreateModelResponse, { base_model: baseModel, lora_config: { rank: loraRank } });
    return reply.model_id;
  }

  async sample(modelId: string, prompt: readonly number[], options: SampleOptions): Promise<SampleResult> {
    const params: z.input<typeof SampleRequest>["sampling_params"] = { max_tokens: options.maxTokens, temperature: options.temperature };
    if (options.topP !== undefined) params.top_p = options.topP;
    if (options.seed !== undefined) params.seed = options.seed;
    if (options.stopTokenIds !== undefined) params.stop_token_ids = options.stopTokenIds;
    const reply = await this.post(TINKER_PATHS.sample, SampleRequest, SampleResponse, { model_id: modelId, prompt: { tokens: [...prompt] }, sampling_params: params, num_samples: 1 });
    const first = reply.sequences[0]!;
    return { tokens: first.tokens, logprobs: first.logprobs, stopReason: first.stop_reason };
  }

  async forwardBackward(modelId: string, data: Datum[], lossFn: LossFn): Promise<Record<string, number>> {
    return (await this.post(TINKER_PATHS.forwardBackward, ForwardBackwardRequest, ForwardBackwardResponse, { model_id: modelId, data, loss_fn: lossFn })).metrics;
  }

  async optimStep(modelId: string, adam: AdamParams): Promise<Record<string, number>> {
    return (await this.post(TINKER_PATHS.optimStep, OptimStepRequest, OptimStepResponse, { model_id: modelId, adam_params: adam })).metrics;
  }

  async saveWeights(modelId: string, name: string): Promise<string> {
    return (await this.post(TINKER_PATHS.saveWeights, SaveWeightsRequest, SaveWeightsResponse, { model_id: modelId, name })).path;
  }
}
