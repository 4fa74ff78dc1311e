import { buildSft, type SftOptions } from "./sft.js";
import { toShareGpt } from "./sharegpt.js";

/**
 * The text `ubc export sft` writes: one example per line (JSON Lines, which TRL and LLaMA-Factory
 * both read), in the OpenAI `messages` + `tools` format or LLaMA-Factory's ShareGPT format.
 */

export type SftFormat = "openai" | "sharegpt";

export interface SftFileOptions extends SftOptions {
  format: SftFormat;
}

export interface SftFile {
  text: string;
  /** Episodes of the runs, and the examples written per gym. */
  total: number;
  byGym: Record<string, number>;
  /** Examples left out because ShareGPT needs at least one assistant turn and they had none. */
  empty: number;
}

export function buildSftFile(runDirs: readonly string[], options: SftFileOptions): SftFile {
  const { episodes, total } = buildSft(runDirs, options);
  const lines: string[] = [];
  const byGym: Record<string, number> = {};
  let empty = 0;
  for (const { gym, example } of episodes) {
    const converted = options.format === "sharegpt" ? toShareGpt(example) : example;
    if ("conversations" in converted && converted.conversations.length < 2) {
      empty++;
      continue;
    }
    lines.push(JSON.stringify(converted));
    byGym[gym] = (byGym[gym] ?? 0) + 1;
  }
  return { text: lines.map((l) => l + "\n").join(""), total, byGym, empty };
}

/** The line `ubc export sft` prints on stderr. */
export function sftReport(out: string, minScore: number, file: SftFile): string {
  const written = Object.values(file.byGym).reduce((a, b) => a + b, 0);
  const perGym = Object.keys(file.byGym).sort().map((g) => `${g} ${file.byGym[g]}`).join(", ");
  const empty = file.empty > 0 ? `; ${file.empty} without an agent turn left out` : "";
  return `wrote ${out} (${written} of ${file.total} episodes with score >= ${minScore}${perGym ? `: ${perGym}` : ""}${empty})\n`;
}
