import type { Command } from "commander";
import { wholeNumber } from "../flags.js";
import { DEFAULTS } from "../../eval/defaults.js";
import { SIMULATOR_SPECS, specChoices } from "../../runtime/specs.js";

export interface PlayFlags {
  scenario?: string;
  user: string;
  userBaseUrl?: string;
  seed: number;
  script?: string;
  probe?: string;
}

export function registerPlay(program: Command): void {
  program
    .command("play")
    .description("play a scenario as the agent, turn by turn, seeing the user's replies, rewards and the judgements behind them")
    .argument("<paths...>", ".ubench files or folders, or compiled bundles")
    .option("--scenario <id>", "the scenario to play (or to probe) when the paths hold several")
    .option("--user <spec>", `user simulator: ${specChoices(SIMULATOR_SPECS)}`, DEFAULTS.user)
    .option("--user-base-url <url>", "OpenAI-compatible endpoint of an openai:<model> user (else UBENCH_USER_BASE_URL, else OPENAI_BASE_URL)")
    .option("--seed <s>", "the episode's seed (openings, hints and replies are drawn from it)", wholeNumber(0), 0)
    .option("--script <file>", "play the actions and commands in FILE (one per line) instead of reading a terminal")
    .option("--probe <question>", "no session: print which items of every scenario the question targets with the built-in user, and why")
    .addHelpText(
      "after",
      "\nIn a session, type actions as the agent writes them ([search] ..., [action] ..., [answer] ..., [finish])\nor a command: :hidden, :probe <text>, :undo, :save <file>, :help, :quit.\n\nExamples:\n  ubc play scenarios/travel/austin_family.ubench\n  ubc play scenarios/intention --scenario used_car --seed 3\n  ubc play scenarios/persuade/end_tipping.ubench --script moves.txt\n  ubc play --probe \"Is noise a concern?\" scenarios\n",
    )
    .action(async (paths: string[], flags: PlayFlags) => {
      const { playAction } = await import("./play-action.js");
      await playAction(paths, flags);
    });
}
