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
import { registerPlay } from "./commands/play.js";
import { registerReport } from "./commands/report.js";
import { registerServe } from "./commands/serve.js";
import { registerTrain } from "./commands/train.js";
import { UserError } from "../user-error.js";
import { EXIT_USAGE } from "./output.js";

/**
 * `ubc`: each command is registered from its own file; this file only wires them up.
 *
 * Start-up loads only what the invoked command needs. Every command is split the same way:
 * commands/<name>.ts registers it (name, description, arguments, options, help text: what
 * `ubc <name> --help` prints) and imports only light modules; its action does
 * `await import("./<name>-action.js")`, the module that does the work with the compiler, the
 * runtimes, the server... So `ubc --version` and any --help load about 30 modules (commander,
 * picocolors, these files) instead of some 1250, and `ubc check` loads the compiler but not the
 * runtimes, openai, ws or hyparquet. One pattern for every command, light ones included, so the
 * rule needs no judgement: a registration file never imports a heavy module, an action file
 * imports what it needs. Defaults and choices that --help shows come from small import-free
 * modules next to their homes (rl/defaults.ts beside rl/train.ts, eval/defaults.ts beside
 * eval/settings.ts...), which the heavy homes re-export; test/e2e/cli-startup.test.ts checks
 * what start-up loads.
 */
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
  registerPlay(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * When the reader of our output goes away (`ubc eval --help | head -1`), the next write fails
 * with EPIPE, emitted as an 'error' event that nothing handles: Node prints a stack trace. Every
 * command writes through process.stdout and process.stderr, so one handler here serves them all:
 * nobody is left to read the rest, so stop quietly with the exit code the run had so far.
 */
export function exitQuietlyOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
      throw error;
    });
  }
}

/**
 * The words after `ubc` that start a user error's line: the command as typed (`eval`, `export
 * verl`). Import's subcommands name data-set kinds, and every line `ubc import` prints says
 * `ubc import:`, so its errors do too.
 */
function commandLabel(action: Command): string {
  const names: string[] = [];
  for (let command: Command | null = action; command?.parent; command = command.parent) names.unshift(command.name());
  return names[0] === "import" ? "import" : names.join(" ");
}

/** `ubc <command>: <message>` on stderr, no stack trace; a list of problems gets the prefix on each line. */
function printUserError(label: string, error: UserError): void {
  const lines = error.problemPerLine ? error.message.split("\n") : [error.message];
  for (const line of lines) process.stderr.write(`ubc${label ? ` ${label}` : ""}: ${line}\n`);
}

export async function main(argv: string[]): Promise<void> {
  exitQuietlyOnBrokenPipe();
  const program = buildProgram();
  let label = "";
  program.hook("preAction", (_program, action) => {
    label = commandLabel(action);
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    // Every error in what the user gave, from any layer, is handled here, once: its class carries the exit code.
    if (error instanceof UserError) {
      printUserError(label, error);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`ubc: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.stderr.write("this is a bug in ubench; please report it with the command you ran\n");
    process.exitCode = 70;
  }
}

await main(process.argv);
