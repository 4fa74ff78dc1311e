import { Command, CommanderError } from "commander";
import { toolVersion } from "../version.js";
import { registerAdvantages } from "./commands/advantages.js";
import { registerCheck } from "./commands/check.js";
import { registerCompile } from "./commands/compile.js";
import { registerEval } from "./commands/eval.js";
import { registerExport } from "./commands/export.js";
import { registerFmt } from "./commands/fmt.js";
import { registerImport } from "./commands/import.js";
import { registerNew } from "./commands/new.js";
import { registerReport } from "./commands/report.js";
import { registerServe } from "./commands/serve.js";
import { registerTrain } from "./commands/train.js";
import { EXIT_USAGE } from "./output.js";

/** `ubc`: each command is registered from its own file; this file only wires them up. */
export function buildProgram(): Command {
  const program = new Command("ubc")
    .description("ubench compiler and runner: user-centric agent scenarios as a language")
    .version(toolVersion)
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ outputError: (text, write) => write(text) })
    .exitOverride();
  registerCompile(program);
  registerCheck(program);
  registerEval(program);
  registerFmt(program);
  registerImport(program);
  registerNew(program);
  registerAdvantages(program);
  registerTrain(program);
  registerReport(program);
  registerServe(program);
  registerExport(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    process.stderr.write(`ubc: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.stderr.write("this is a bug in ubench; please report it with the command you ran\n");
    process.exitCode = 70;
  }
}

await main(process.argv);
