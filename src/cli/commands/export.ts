import { InvalidArgumentError, type Command } from "commander";
import { parseChoiceList } from "../../export/choice-list.js";
import { ExportUsageError, parseGymList, parseMix, type MixSpec } from "../../export/mix-spec.js";
import type { Choice } from "../../runtime/types.js";
import { anyNumber, httpUrl, numberIn, oneOf, wholeNumber } from "../flags.js";

function choiceList(text: string): Choice[] {
  try {
    return parseChoiceList(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** A flag parsed by one of src/export/mix-spec.ts's parsers, its errors as commander's. */
function parsedWith<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      if (error instanceof ExportUsageError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

export interface VerlFlags {
  out: string;
  testFraction: number;
  seed: number;
  serverUrl: string;
  choices?: Choice[];
  splitFrom?: string;
  mix?: MixSpec;
  testMix?: MixSpec;
  holdout?: string[];
  maxPromptTokens?: number;
  tokenizer: string;
}

const SFT_FORMATS = ["openai", "sharegpt"] as const;

export interface SftFlags {
  out: string;
  minScore: number;
  scenarios?: string[];
  format: "openai" | "sharegpt";
  perGym?: number;
  seed: number;
}

export function registerExport(program: Command): void {
  const exp = program.command("export").description("export scenarios and runs for external trainers (verl, SFT)");
  exp
    .command("verl")
    .description("write DIR/train.parquet, DIR/test.parquet, DIR/tool_config.yaml and DIR/agent_loop.yaml for verl multi-turn training")
    .argument("<scenarios...>", ".ubench files or folders, or compiled bundles")
    .requiredOption("-o, --out <dir>", "output folder")
    .option("--test-fraction <f>", "share of scenarios in test.parquet (default 0.1)", numberIn(0, 1, { openHigh: true }), 0.1)
    .option("--seed <s>", "seed of the split and of each row's episode seed (default 0)", wholeNumber(0), 0)
    .option("--server-url <url>", "the `ubc serve` URL written into tool_config.yaml", httpUrl, "http://127.0.0.1:8765")
    .option("--choices <list>", "the tool's choice enum for every gym, exactly (UserRL's seed: action,answer,search); default: each gym's own choices", choiceList)
    .option("--split-from <ids.txt>", "put exactly the scenarios listed (one id a line) in test, the rest in train; replaces --test-fraction")
    .option("--mix <quotas>", "per-gym quota of train rows after a seeded shuffle: gym=count|fraction|max(a,b)|min(a,b), comma-separated, * for the others (travel=0.35,function=200)", parsedWith(parseMix))
    .option("--test-mix <quotas>", "the same for test rows (travel=0.5,*=max(50,0.5))", parsedWith(parseMix))
    .option("--holdout <gyms>", "gyms whose scenarios are all test-only (telepathy,intention,search)", parsedWith(parseGymList))
    .option("--max-prompt-tokens <n>", "drop rows whose chat-templated prompt (tool schema included) has n tokens or more", wholeNumber(1))
    .option("--tokenizer <name>", "tokenizer and chat template of --max-prompt-tokens: qwen3", "qwen3")
    .addHelpText("after", "\nExamples:\n  ubc export verl scenarios/ -o data/ubench --test-fraction 0.1 --seed 0\n  ubc export verl scenarios/ -o data/mix --seed 42 --mix travel=0.35 --test-mix 'travel=0.5,*=max(50,0.5)' --holdout intention --max-prompt-tokens 1152\n  (then: ubc serve scenarios/ --port 8765; see integrations/verl/README.md; the recipe: docs/export.md)")
    .action(async (paths: string[], flags: VerlFlags, command: Command) => {
      if (flags.splitFrom !== undefined && command.getOptionValueSource("testFraction") === "cli") command.error("error: --split-from and --test-fraction exclude each other (the list decides the test set)");
      const { exportVerlAction } = await import("./export-action.js");
      await exportVerlAction(paths, flags);
    });
  exp
    .command("sft")
    .description("write the successful episodes of eval runs as chat transcripts with tool calls (JSONL; OpenAI or LLaMA-Factory ShareGPT format)")
    .argument("<runs...>", "ubc eval output folders (run.json, episodes.jsonl)")
    .requiredOption("-o, --out <file>", "output .jsonl file")
    .option("--min-score <x>", "keep episodes with score >= x (default 1)", anyNumber, 1)
    .option("--scenarios <paths...>", "scenario sources to use instead of those recorded in run.json")
    .option("--format <format>", "openai (default: messages + tools) | sharegpt (LLaMA-Factory: conversations, system, tools; prints its dataset_info.json entry)", oneOf(SFT_FORMATS), "openai")
    .option("--per-gym <n>", "keep at most n episodes per gym, chosen by a shuffle seeded with --seed", wholeNumber(1))
    .option("--seed <s>", "seed of --per-gym (default 0)", wholeNumber(0), 0)
    .addHelpText("after", "\nExamples:\n  ubc eval scenarios/ --agent scripted:oracle --out runs/oracle\n  ubc export sft runs/oracle -o sft.jsonl --min-score 1\n  ubc export sft runs/oracle -o ubench_sft.jsonl --format sharegpt --per-gym 200 --seed 42")
    .action(async (runs: string[], flags: SftFlags) => {
      const { exportSftAction } = await import("./export-action.js");
      exportSftAction(runs, flags);
    });
}
