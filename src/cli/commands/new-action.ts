import { existsSync, writeFileSync } from "node:fs";
import { IDENTIFIER } from "../../compiler/checks/scenario-id.js";
import { starters } from "../../compiler/starters.js";
import { didYouMean } from "../../diagnostics/did-you-mean.js";
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE } from "../output.js";
import type { NewOptions } from "./new.js";

/** `ubc new`: exit 0 with the file written, 1 when it exists (without --force), 2 for an unknown gym or a bad id. */
export function newAction(gym: string, name: string, opts: NewOptions): void {
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
}
