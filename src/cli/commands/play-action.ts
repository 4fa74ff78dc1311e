import { readFileSync } from "node:fs";
import type { Scenario } from "../../compiler/ir.js";
import { loadScenarios } from "../../runs/scenarios.js";
import { colorEnabled } from "../../eval/progress.js";
import { choicesText, ScenarioChoiceError, scenarioFromAnswer, scenarioFromFlags } from "../../play/choose.js";
import { PlayConsole } from "../../play/console.js";
import { openTerminal, runScript, runTerminal, scriptLines, type ScriptLine } from "../../play/drivers.js";
import { formatProbeTable, probeScenarios } from "../../play/probe-table.js";
import { userKeyRedactor } from "../../play/redact.js";
import { colors, renderOpening } from "../../play/render.js";
import { PlaySession } from "../../play/session.js";
import { InputError, UserError } from "../../user-error.js";
import { EXIT_BAD_INPUT, EXIT_OK } from "../output.js";
import type { PlayFlags } from "./play.js";

/** `ubc play`: exit 0 after the session (or the probe), 1 for input it cannot load or a script command that failed, 2 for usage errors. */
export async function playAction(paths: string[], flags: PlayFlags): Promise<void> {
  const redact = userKeyRedactor(flags.user, flags.userBaseUrl);
  const write = (text: string) => process.stdout.write(redact(text));
  try {
    const script = flags.script !== undefined ? readScript(flags.script) : undefined;
    const loaded = loadScenarios(paths, { color: colorEnabled(process.stderr) });
    if (loaded.warnings) process.stderr.write(`${loaded.warnings}\n`);
    if (flags.probe !== undefined) {
      const only = flags.scenario !== undefined ? [scenarioFromFlags(loaded.scenarios, flags.scenario)!] : loaded.scenarios;
      write(`${formatProbeTable(probeScenarios(only, flags.probe))}\n`);
      process.exitCode = EXIT_OK;
      return;
    }
    const io = { write, redact };
    process.exitCode = script ? await playScript(loaded.scenarios, flags, script, io) : await playTerminal(loaded.scenarios, flags, io);
  } catch (error) {
    // main.ts prints user errors; the message may quote the user simulator's key, so it is redacted first.
    if (error instanceof UserError) error.message = redact(error.message);
    throw error;
  }
}

class ScriptFileError extends InputError {}

/** Where a session's output goes, and what a saved transcript passes through. */
interface SessionIo {
  write(text: string): void;
  redact(text: string): string;
}

function readScript(file: string): ScriptLine[] {
  try {
    return scriptLines(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ScriptFileError(`cannot read the script ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function startSession(scenario: Scenario, flags: PlayFlags): Promise<PlaySession> {
  const userOptions = flags.userBaseUrl !== undefined ? { baseURL: flags.userBaseUrl } : undefined;
  return PlaySession.start({ scenario, seed: flags.seed, user: flags.user, ...(userOptions && { userOptions }) });
}

async function playScript(scenarios: readonly Scenario[], flags: PlayFlags, lines: readonly ScriptLine[], { write, redact }: SessionIo): Promise<number> {
  const scenario = scenarioFromFlags(scenarios, flags.scenario);
  // A script cannot answer the question, so the choice is the author's to make with --scenario.
  if (!scenario) throw new ScenarioChoiceError(`the paths hold ${scenarios.length} scenarios; choose one with --scenario:\n${choicesText(scenarios)}`);
  const c = colors(colorEnabled(process.stdout));
  const session = await startSession(scenario, flags);
  write(`${renderOpening(session, c)}\n`);
  return (await runScript(new PlayConsole(session, write, c, redact), lines, write)) ? EXIT_OK : EXIT_BAD_INPUT;
}

async function playTerminal(scenarios: readonly Scenario[], flags: PlayFlags, { write, redact }: SessionIo): Promise<number> {
  const c = colors(colorEnabled(process.stdout));
  const rl = openTerminal();
  const lines = rl[Symbol.asyncIterator]();
  let scenario = scenarioFromFlags(scenarios, flags.scenario);
  if (!scenario) write(`${scenarios.length} scenarios:\n${choicesText(scenarios)}\n`);
  while (!scenario) {
    rl.setPrompt("scenario (number or id)> ");
    rl.prompt();
    const answer = await lines.next();
    if (answer.done) {
      rl.close();
      return EXIT_OK;
    }
    scenario = scenarioFromAnswer(scenarios, answer.value);
    if (!scenario && answer.value.trim() !== "") write(`no scenario '${answer.value.trim()}'\n`);
  }
  const session = await startSession(scenario, flags);
  write(`${renderOpening(session, c)}\n${c.dim("type :help for the commands")}\n`);
  await runTerminal(new PlayConsole(session, write, c, redact), rl, lines);
  return EXIT_OK;
}
