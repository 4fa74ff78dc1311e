import { readFileSync } from "node:fs";
import type { Scenario } from "../compiler/ir.js";
import { loadScenarios } from "../runs/scenarios.js";
import { InputError, UserError } from "../user-error.js";
import { choicesText, ScenarioChoiceError, scenarioFromAnswer, scenarioFromFlags } from "./choose.js";
import { PlayConsole } from "./console.js";
import { openTerminal, runScript, runTerminal, scriptLines, type ScriptLine } from "./drivers.js";
import { formatProbeTable, probeScenarios } from "./probe-table.js";
import { userKeyRedactor } from "./redact.js";
import { colors, renderOpening } from "./render.js";
import { PlaySession } from "./session.js";

/** What `ubc play` was asked for (its flags), and whether its output streams take colour. */
export interface PlayOptions {
  scenario?: string;
  user: string;
  userBaseUrl?: string;
  seed: number;
  script?: string;
  probe?: string;
  color: { stdout: boolean; stderr: boolean };
}

/** The outcome of a play: a script with a failed command is bad input; anything else is fine. */
export type PlayOutcome = "ok" | "script-failed";

class ScriptFileError extends InputError {}

/** Where a session's output goes, and what a saved transcript passes through. */
interface SessionIo {
  write(text: string): void;
  redact(text: string): string;
}

/** `ubc play`: the probe table, a scripted session, or a session at the terminal. */
export async function runPlay(paths: readonly string[], options: PlayOptions): Promise<PlayOutcome> {
  const redact = userKeyRedactor(options.user, options.userBaseUrl);
  const write = (text: string) => process.stdout.write(redact(text));
  try {
    const script = options.script !== undefined ? readScript(options.script) : undefined;
    const loaded = loadScenarios([...paths], { color: options.color.stderr });
    if (loaded.warnings) process.stderr.write(`${loaded.warnings}\n`);
    if (options.probe !== undefined) {
      const only = options.scenario !== undefined ? [scenarioFromFlags(loaded.scenarios, options.scenario)!] : loaded.scenarios;
      write(`${formatProbeTable(probeScenarios(only, options.probe))}\n`);
      return "ok";
    }
    const io = { write, redact };
    return script ? await playScript(loaded.scenarios, options, script, io) : await playTerminal(loaded.scenarios, options, io);
  } catch (error) {
    // The CLI prints user errors; the message may quote the user simulator's key, so it is redacted first.
    if (error instanceof UserError) error.message = redact(error.message);
    throw error;
  }
}

function readScript(file: string): ScriptLine[] {
  try {
    return scriptLines(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ScriptFileError(`cannot read the script ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function startSession(scenario: Scenario, options: PlayOptions): Promise<PlaySession> {
  const userOptions = options.userBaseUrl !== undefined ? { baseURL: options.userBaseUrl } : undefined;
  return PlaySession.start({ scenario, seed: options.seed, user: options.user, ...(userOptions && { userOptions }) });
}

async function playScript(scenarios: readonly Scenario[], options: PlayOptions, lines: readonly ScriptLine[], { write, redact }: SessionIo): Promise<PlayOutcome> {
  const scenario = scenarioFromFlags(scenarios, options.scenario);
  // A script cannot answer the question, so the choice is the author's to make with --scenario.
  if (!scenario) throw new ScenarioChoiceError(`the paths hold ${scenarios.length} scenarios; choose one with --scenario:\n${choicesText(scenarios)}`);
  const c = colors(options.color.stdout);
  const session = await startSession(scenario, options);
  write(`${renderOpening(session, c)}\n`);
  return (await runScript(new PlayConsole(session, write, c, redact), lines, write)) ? "ok" : "script-failed";
}

async function playTerminal(scenarios: readonly Scenario[], options: PlayOptions, { write, redact }: SessionIo): Promise<PlayOutcome> {
  const c = colors(options.color.stdout);
  const rl = openTerminal();
  const lines = rl[Symbol.asyncIterator]();
  let scenario = scenarioFromFlags(scenarios, options.scenario);
  if (!scenario) write(`${scenarios.length} scenarios:\n${choicesText(scenarios)}\n`);
  while (!scenario) {
    rl.setPrompt("scenario (number or id)> ");
    rl.prompt();
    const answer = await lines.next();
    if (answer.done) {
      rl.close();
      return "ok";
    }
    scenario = scenarioFromAnswer(scenarios, answer.value);
    if (!scenario && answer.value.trim() !== "") write(`no scenario '${answer.value.trim()}'\n`);
  }
  const session = await startSession(scenario, options);
  write(`${renderOpening(session, c)}\n${c.dim("type :help for the commands")}\n`);
  await runTerminal(new PlayConsole(session, write, c, redact), rl, lines);
  return "ok";
}
