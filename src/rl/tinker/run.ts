import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { writeJsonAtomic } from "../../io/atomic-file.js";
import { join } from "node:path";
import { qwen3Tokenizer } from "../../runtime/chat-template.js";
import { TinkerClient } from "./client.js";
import { trainTinker, type TinkerIteration, type TinkerTrainHooks, type TinkerTrainSettings } from "./train.js";

/**
 * `ubc train --trainer tinker`'s files: DIR/metrics.jsonl (one line per iteration) and DIR/run.json
 * (settings, model id, checkpoints). The API key, when the server wants one, comes from
 * TINKER_API_KEY (as for the Tinker SDK) and is written nowhere; the URL is recorded without any
 * user name, password or query.
 */

export const TINKER_METRICS_FILE = "metrics.jsonl";
export const TINKER_RUN_FILE = "run.json";

export async function runTinkerTraining(url: string, settings: TinkerTrainSettings, outDir: string, hooks: TinkerTrainHooks = {}, env: NodeJS.ProcessEnv = process.env): Promise<{ modelId: string; iterations: TinkerIteration[] }> {
  mkdirSync(outDir, { recursive: true });
  const metricsFile = join(outDir, TINKER_METRICS_FILE);
  writeFileSync(metricsFile, "");
  const meta = {
    trainer: "tinker",
    url: redactUrl(url),
    baseModel: settings.baseModel,
    loraRank: settings.loraRank,
    lossFn: settings.lossFn,
    adam: settings.adam,
    group: settings.group,
    iterations: settings.iterations,
    seed: settings.seed,
    credit: settings.credit,
    scenarios: settings.scenarios.map((s) => ({ id: s.id, gym: s.gym, hash: s.hash })),
  };
  const apiKey = env.TINKER_API_KEY;
  const client = new TinkerClient({ baseUrl: url, ...(apiKey && { apiKey }), onNotice: (message) => process.stderr.write(`tinker: ${message}\n`) });
  const result = await trainTinker(client, qwen3Tokenizer(), settings, {
    onSession(messages) {
      for (const message of messages) process.stderr.write(`tinker server: ${message}\n`);
    },
    ...hooks,
    onIteration(m) {
      appendFileSync(metricsFile, JSON.stringify(m) + "\n");
      hooks.onIteration?.(m);
    },
  });
  const checkpoints = result.iterations.flatMap((m) => (m.checkpoint === undefined ? [] : [{ iteration: m.iteration + 1, path: m.checkpoint }]));
  writeJsonAtomic(join(outDir, TINKER_RUN_FILE), { ...meta, modelId: result.modelId, checkpoints });
  return result;
}

/** The URL without credentials or query (for files and messages). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    parsed.hash = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "(not a URL)";
  }
}
