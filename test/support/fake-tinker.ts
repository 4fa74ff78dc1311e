import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";
import type { ChatTokenizer } from "../../src/rl/tinker/chat.js";
import {
  CreateModelRequest, ForwardBackwardRequest, OptimStepRequest, SampleRequest, SaveWeightsRequest, TINKER_PATHS,
} from "../../src/rl/tinker/wire.js";

/**
 * A local Tinker-style server for tests (the network edge): it validates every request against
 * the wire schemas (400 with the issues when one does not fit), records what it receives, samples
 * from a script (text the test chooses, tokenised with the real tokenizer, with made-up
 * logprobs), and can fail an operation with an HTTP status. Loopback only, random port.
 */

export type SampleRequestBody = z.infer<typeof SampleRequest>;

export interface ScriptedCompletion {
  text: string;
  /** "stop" (default) appends the end-of-turn token; "length" leaves it off. */
  stop?: "stop" | "length";
}

export interface FakeTinkerOptions {
  tokenizer: ChatTokenizer;
  sample(request: SampleRequestBody, index: number): ScriptedCompletion;
  /** Paths answered with this HTTP status instead. */
  fail?: Partial<Record<string, number>>;
}

export interface Recorded {
  path: string;
  body: unknown;
}

export interface FakeTinker {
  url: string;
  requests: Recorded[];
  /** The sampled tokens and logprobs of every sample reply, in order. */
  samples: { tokens: number[]; logprobs: number[] }[];
  close(): Promise<void>;
}

const SCHEMAS: Record<string, z.ZodType> = {
  [TINKER_PATHS.createModel]: CreateModelRequest,
  [TINKER_PATHS.sample]: SampleRequest,
  [TINKER_PATHS.forwardBackward]: ForwardBackwardRequest,
  [TINKER_PATHS.optimStep]: OptimStepRequest,
  [TINKER_PATHS.saveWeights]: SaveWeightsRequest,
};

export async function startFakeTinker(options: FakeTinkerOptions): Promise<FakeTinker> {
  const requests: Recorded[] = [];
  const samples: FakeTinker["samples"] = [];
  let sampleIndex = 0;
  const send = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        send(res, 400, { error: { message: "the body is not JSON" } });
        return;
      }
      requests.push({ path, body });
      const schema = SCHEMAS[path];
      if (req.method !== "POST" || !schema) return send(res, 404, { error: { message: `no such operation ${path}` } });
      const parsed = schema.safeParse(body);
      if (!parsed.success) return send(res, 400, { error: { message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") } });
      const status = options.fail?.[path];
      if (status !== undefined) return send(res, status, { error: { message: "injected failure" } });
      switch (path) {
        case TINKER_PATHS.createModel:
          return send(res, 200, { model_id: "model-1" });
        case TINKER_PATHS.sample: {
          const completion = options.sample(parsed.data as SampleRequestBody, sampleIndex++);
          const tokens = options.tokenizer.encode(completion.text);
          if (completion.stop !== "length") tokens.push(options.tokenizer.endOfTurn);
          const logprobs = tokens.map((_, i) => -0.01 * (i + 1));
          samples.push({ tokens, logprobs });
          return send(res, 200, { sequences: [{ tokens, logprobs, stop_reason: completion.stop ?? "stop" }] });
        }
        case TINKER_PATHS.forwardBackward:
          return send(res, 200, { metrics: { loss: 0.5 } });
        case TINKER_PATHS.optimStep:
          return send(res, 200, { metrics: { grad_norm: 1 } });
        default:
          return send(res, 200, { path: `tinker://model-1/${(parsed.data as { name: string }).name}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    samples,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
