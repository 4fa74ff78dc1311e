import { existsSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { IDENTIFIER } from "../../compiler/checks/scenario-id.js";
import { starters } from "../../compiler/starters.js";
import { didYouMean } from "../../diagnostics/did-you-mean.js";
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE } from "../output.js";

export function registerNew(program: Command): void {
  program
    .command("new")
    .description("write a commented starter scenario that compiles")
    .argument("<gym>", `the gym (${Object.keys(starters).join(", ")})`)
    .argument("<name>", "the scenario id; the file is <name>.ubench")
    .option("-o, --out <file>", "where to write (default: <name>.ubench)")
    .option("--force", "overwrite an existing file")
    .addHelpText("after", "\nExample:\n  ubc new travel lisbon_weekend && ubc compile lisbon_weekend.ubench\n")
    .action((gym: string, name: string, opts: { out?: string; force?: boolean }) => {
      const starter = starters[gym];
      if (!starter) {
        const hint = didYouMean(gym, Object.keys(starters));
        process.stderr.write(`ubc new: unknown gym '${gym}'${hint ? `; ${hint}` : ""} (gyms: ${Object.keys(starters).join(", ")})\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      if (!IDENTIFIER.test(name)) {
        process.stderr.write(`ubc new: '${name}' is not a valid scenario id: use letters, digits and '_', starting with a letter\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      const file = opts.out ?? `${name}.ubench`;
      if (existsSync(file) && !opts.force) {
        process.stderr.write(`ubc new: ${file} already exists (use --force to overwrite)\n`);
        process.exitCode = EXIT_BAD_INPUT;
        return;
      }
      writeFileSync(file, starter(name));
      process.stdout.write(`wrote ${file}\n`);
      process.exitCode = EXIT_OK;
    });
}
