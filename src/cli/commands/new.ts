import type { Command } from "commander";
import { starters } from "../../compiler/starters.js";

export interface NewOptions {
  out?: string;
  force?: boolean;
}

export function registerNew(program: Command): void {
  program
    .command("new")
    .description("write a commented starter scenario that compiles")
    .argument("<gym>", `the gym (${Object.keys(starters).join(", ")})`)
    .argument("<name>", "the scenario id; the file is <name>.ubench")
    .option("-o, --out <file>", "where to write (default: <name>.ubench)")
    .option("--force", "overwrite an existing file")
    .addHelpText("after", "\nExample:\n  ubc new travel lisbon_weekend && ubc compile lisbon_weekend.ubench\n")
    .action(async (gym: string, name: string, opts: NewOptions) => {
      const { newAction } = await import("./new-action.js");
      newAction(gym, name, opts);
    });
}
