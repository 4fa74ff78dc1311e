import { createInterface, type Interface } from "node:readline";
import type { PlayConsole } from "./console.js";

/**
 * The two ways lines reach the console: a script file (one action or command per line, echoed
 * after the prompt so the output reads like a session) and a terminal (readline, with history).
 */

export interface ScriptLine {
  /** 1-based line number in the script. */
  line: number;
  text: string;
}

/** The lines a script plays: blank lines and `#` comments are skipped. */
export function scriptLines(text: string): ScriptLine[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter((l) => l.text !== "" && !l.text.startsWith("#"));
}

/** Plays a script; resolves to whether every command in it worked. */
export async function runScript(console: PlayConsole, lines: readonly ScriptLine[], write: (text: string) => void): Promise<boolean> {
  let ok = true;
  for (const { text } of lines) {
    write(`${console.prompt()}${text}\n`);
    const result = await console.handle(text);
    if (result.failed) ok = false;
    if (result.quit) break;
  }
  return ok;
}

/** Opens readline on the process's terminal (or pipe); history is kept for the session. */
export function openTerminal(): Interface {
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal, historySize: 500 });
  // Ctrl-C leaves, as Ctrl-D does, instead of readline's default of pausing the input.
  rl.on("SIGINT", () => rl.close());
  return rl;
}

/**
 * Reads lines from readline until `:quit` or the end of input. Lines are taken from readline's
 * async iterator, which buffers them, so piped input is not lost while a turn is being played.
 */
export async function runTerminal(console: PlayConsole, rl: Interface, lines: AsyncIterator<string>): Promise<void> {
  for (;;) {
    rl.setPrompt(console.prompt());
    rl.prompt();
    const next = await lines.next();
    if (next.done) {
      // End of input (Ctrl-D): end the prompt's line, so the shell's prompt starts on its own.
      process.stdout.write("\n");
      break;
    }
    const result = await console.handle(next.value);
    if (result.quit) break;
  }
  rl.close();
}
