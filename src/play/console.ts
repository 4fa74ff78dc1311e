import { resolve } from "node:path";
import { writeFileAtomic } from "../io/atomic-file.js";
import { probeLines, renderHidden, renderTurn, transcript, type Colors } from "./render.js";
import type { PlaySession } from "./session.js";

/**
 * The line interpreter of `ubc play`, shared by the terminal and `--script`: a line is an action
 * in the agent's syntax, or a `:` command. It writes what a line does and never throws for bad
 * input: an unreadable action is an invalid turn (as for any agent), a bad command a message.
 */

export const HELP = `Type the agent's actions in its tool syntax:
  [search] <request>     travel: search for one aspect with the user's details
  [action] <message>     travel, intention: say something to the user (a question)
  [answer] <content>     travel: one option id; persuade: your argument
  [finish]               end the episode
Commands:
  :hidden          the hidden state: every preference, detail or reason, and which are revealed
  :probe <text>    what the built-in user makes of a question, without spending a turn
  :undo            step back one turn (a replay from reset: same seed, the user's recorded answers)
  :save <file>     write the transcript of the episode so far
  :help            this text
  :quit            leave (so does Ctrl-D)`;

export interface LineResult {
  quit: boolean;
  /** A command that failed (an unknown command, a file that could not be written): `--script` exits 1 after such a line. */
  failed: boolean;
}

const OK: LineResult = { quit: false, failed: false };

export class PlayConsole {
  /**
   * @param write where the console's output goes (already redacted by the caller)
   * @param redact applied to the transcript `:save` writes
   */
  constructor(
    private readonly session: PlaySession,
    private readonly write: (text: string) => void,
    private readonly c: Colors,
    private readonly redact: (text: string) => string = (text) => text,
  ) {}

  /** The prompt, with the turn the next action plays. */
  prompt(): string {
    const { session } = this;
    const where = session.over ? "over" : `${session.turns.length + 1}/${session.scenario.knobs.max_turns}`;
    return this.c.cyan(`${session.scenario.id} ${where}> `);
  }

  async handle(line: string): Promise<LineResult> {
    const text = line.trim();
    if (text === "") return OK;
    if (text.startsWith(":")) return this.command(text);
    if (this.session.over) {
      this.say(this.c.yellow("the episode is over: :undo steps back, :save <file> keeps the transcript, :quit leaves"));
      return OK;
    }
    const turn = await this.session.act(text);
    this.say(renderTurn(this.session, turn, this.c));
    return OK;
  }

  private async command(text: string): Promise<LineResult> {
    const name = text.slice(1).split(/\s+/)[0] ?? "";
    const argument = text.slice(1 + name.length).trim();
    switch (name.toLowerCase()) {
      case "help":
        this.say(HELP);
        return OK;
      case "quit":
      case "q":
      case "exit":
        return { quit: true, failed: false };
      case "hidden":
        this.say(renderHidden(this.session.hidden(), this.c));
        return OK;
      case "probe":
        if (argument === "") return this.fail("usage: :probe <question or argument>");
        this.say(probeLines(this.session.probe(argument), this.c).join("\n"));
        return OK;
      case "undo":
        return this.undo();
      case "save":
        if (argument === "") return this.fail("usage: :save <file>");
        return this.save(argument);
      default:
        return this.fail(`unknown command ':${name}' (:help lists them)`);
    }
  }

  private async undo(): Promise<LineResult> {
    if (!(await this.session.undo())) {
      this.say("nothing to undo: no turn has been played");
      return OK;
    }
    const { session } = this;
    this.say(`undone: back after turn ${session.turns.length}, return ${session.total}, ${session.turnsLeft} turns left`);
    return OK;
  }

  private save(file: string): LineResult {
    const path = resolve(file);
    try {
      writeFileAtomic(path, this.redact(transcript(this.session)));
    } catch (error) {
      return this.fail(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    this.say(`wrote the transcript to ${file}`);
    return OK;
  }

  private say(text: string): void {
    this.write(`${text}\n`);
  }

  private fail(message: string): LineResult {
    this.say(this.c.red(message));
    return { quit: false, failed: true };
  }
}
