/**
 * Errors in what the user gave (files, flags, endpoints), as opposed to bugs. Each carries the exit
 * code `ubc` ends with, so the CLI handles them in one place (src/cli/main.ts prints
 * `ubc <command>: <message>` and sets the code) instead of every command listing the error classes
 * it knows. A library caller can test `instanceof UserError` the same way. Import-free: every layer
 * (compiler, runtime, consumers) may extend these.
 */

/** Exit codes of every `ubc` command (src/cli/output.ts re-exports them). */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;

export abstract class UserError extends Error {
  /** 1: input it cannot use (a file, a folder, an endpoint); 2: a usage error (a flag, a spec, a setting). */
  abstract readonly exitCode: typeof EXIT_BAD_INPUT | typeof EXIT_USAGE;
  /** True when the message is a list of problems, one a line: the CLI then prefixes every line, not just the first. */
  readonly problemPerLine: boolean = false;
}

/** Input the command cannot use: exit 1. */
export class InputError extends UserError {
  readonly exitCode = EXIT_BAD_INPUT;
}

/** A usage error (a flag, a spec, a setting it does not accept): exit 2. */
export class UsageError extends UserError {
  readonly exitCode = EXIT_USAGE;
}
