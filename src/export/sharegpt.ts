import { basename, extname } from "node:path";
import type { SftExample } from "./sft.js";

/**
 * `ubc export sft --format sharegpt`: the transcripts in LLaMA-Factory's ShareGPT format, the one
 * UserRL's SFT cold start reads (sft/merged_gym_sft.json with sft/qwen3_customized.yaml at
 * SalesforceAIResearch/UserRL@cf55a30). Checked against hiyouga/LLaMA-Factory@ff6d4d12
 * (src/llamafactory/data/converter.py SharegptDatasetConverter, data/README.md):
 * - `conversations`: `{from, value}` turns alternating human/observation (odd places) and
 *   gpt/function_call (even places), an even number of them, ending with the assistant; a turn
 *   breaking this makes LLaMA-Factory skip the whole example. So the env's reply to the last
 *   tool call is left out: nothing is learned from it, and it would end on an observation.
 * - a tool call is a `function_call` whose value is the JSON `{"name", "arguments": {...}}`
 *   (formatter.py FunctionFormatter reads `arguments` as an object); its reply an `observation`;
 *   an assistant message without a tool call a `gpt` turn.
 * - `system`: the system prompt; `tools`: the tool list as a JSON string (tool_utils.py accepts
 *   the OpenAI `{"type": "function", "function": {...}}` form).
 */

export interface ShareGptTurn {
  from: "human" | "gpt" | "function_call" | "observation";
  value: string;
}

export interface ShareGptExample {
  conversations: ShareGptTurn[];
  system: string;
  tools: string;
}

export function toShareGpt(example: SftExample): ShareGptExample {
  let system = "";
  const conversations: ShareGptTurn[] = [];
  for (const message of example.messages) {
    if (message.role === "tool") conversations.push({ from: "observation", value: message.content });
    else if (message.role !== "assistant") {
      if (message.role === "system") system = message.content;
      else conversations.push({ from: "human", value: message.content });
    } else if (message.tool_calls.length === 0) conversations.push({ from: "gpt", value: message.content });
    else {
      const calls = message.tool_calls.map((c) => ({ name: c.function.name, arguments: JSON.parse(c.function.arguments) as unknown }));
      conversations.push({ from: "function_call", value: JSON.stringify(calls.length === 1 ? calls[0] : calls) });
    }
  }
  if (conversations.at(-1)?.from === "observation") conversations.pop();
  return { conversations, system, tools: JSON.stringify(example.tools) };
}

/** The `dataset_info.json` entry that registers the written file with LLaMA-Factory, named after it. */
export function datasetInfoEntry(file: string): Record<string, unknown> {
  const name = basename(file, extname(file));
  return {
    [name]: {
      file_name: basename(file),
      formatting: "sharegpt",
      columns: { messages: "conversations", system: "system", tools: "tools" },
    },
  };
}
