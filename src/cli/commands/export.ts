import type { Command } from "commander";
import { anyNumber, httpUrl, numberIn, wholeNumber } from "../flags.js";

export interface VerlFlags {
  out: string;
  testFraction: number;
  seed: number;
  serverUrl: string;
}

export interface SftFlags {
  out: string;
  minScore: number;
  scenarios?: string[];
}

export function registerExport(program: Command): void {
  const exp = program.command("export").description("export scenarios and runs for external trainers (verl, SFT)");
  exp
    .command("verl")
    .description("write DIR/train.parquet, DIR/test.parquet and DIR/tool_config.yaml for verl multi-turn training")
    .argument("<scenarios...>", ".ubench files or folders, or compiled bundles")
    .requiredOption("-o, --out <dir>", "output folder")
    .option("--test-fraction <f>", "share of scenarios in test.parquet (default 0.1)", numberIn(0, 1, { openHigh: true }), 0.1)
    .option("--seed <s>", "seed of the split and of each row's episode seed (default 0)", wholeNumber(0), 0)
    .option("--server-url <url>", "the `ubc serve` URL written into tool_config.yaml", httpUrl, "http://127.0.0.1:8765")
    .addHelpText("after", "\nExample:\n  ubc export verl scenarios/ -o data/ubench --test-fraction 0.1 --seed 0\n  (then: ubc serve scenarios/ --port 8765; see integrations/verl/README.md)")
    .action(async (paths: string[], flags: VerlFlags) => {
      const { exportVerlAction } = await import("./export-action.js");
      await exportVerlAction(paths, flags);
    });
  exp
    .command("sft")
    .description("write the successful episodes of eval runs as OpenAI-format chat transcripts with tool calls (JSONL)")
    .argument("<runs...>", "ubc eval output folders (run.json, episodes.jsonl)")
    .requiredOption("-o, --out <file>", "output .jsonl file")
    .option("--min-score <x>", "keep episodes with score >= x (default 1)", anyNumber, 1)
    .option("--scenarios <paths...>", "scenario sources to use instead of those recorded in run.json")
    .addHelpText("after", "\nExample:\n  ubc eval scenarios/ --agent scripted:oracle --out runs/oracle\n  ubc export sft runs/oracle -o sft.jsonl --min-score 1")
    .action(async (runs: string[], flags: SftFlags) => {
      const { exportSftAction } = await import("./export-action.js");
      exportSftAction(runs, flags);
    });
}
