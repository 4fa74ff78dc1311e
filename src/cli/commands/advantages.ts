import type { Command } from "commander";
import { DEFAULT_CREDIT_SETTINGS } from "../../rl/advantages.js";
import { TURN_CREDITS, type TurnCredit } from "../../rl/credit.js";
import { TRAJECTORY_SCORES, type TrajectoryScore } from "../../rl/score.js";
import { numberIn, oneOf } from "../flags.js";

const userRlSum = (text: string) => (text.toLowerCase() === "sum" ? "UserRL's \"Sum\" is 'mean' here (the mean of the turn rewards); 'sum' is a true sum" : undefined);

const EXAMPLE = `
Input (stdin): {"gamma": 0.8, "turnCredit": "r2g", "trajectoryScore": "mean",
                "groups": [[{"rewards": [0, 0.2, 0, 1], "tokens": [10, 20, 15, 5]}, {"rewards": [1], "tokens": [25]}]]}
  gamma, turnCredit and trajectoryScore are optional (defaults: ${DEFAULT_CREDIT_SETTINGS.gamma}, ${DEFAULT_CREDIT_SETTINGS.turnCredit}, ${DEFAULT_CREDIT_SETTINGS.trajectoryScore});
  tokens (agent tokens per turn) are optional: each turn then counts as one token.
Output (stdout): {"gamma": .., "turnCredit": .., "trajectoryScore": .., "groups": [[{"score": S, "advantage": Â,
                 "credits": [c_t..], "turnAdvantages": [a_t..]}, ..], ..]}   (a_t: the advantage of each token of turn t)

Example:
  echo '{"groups": [[{"rewards": [0, 0.2, 0, 1]}, {"rewards": [1]}]]}' | ubc advantages --turn-credit r2g

Formulas and a worked example: docs/rl.md
`;

export interface AdvantagesFlags {
  gamma?: number;
  turnCredit?: TurnCredit;
  trajectoryScore?: TrajectoryScore;
}

export function registerAdvantages(program: Command): void {
  program
    .command("advantages")
    .description("turn credits, trajectory scores and group-relative advantages of reward groups (JSON on stdin, JSON on stdout)")
    .option("--gamma <γ>", `discount γ in [0, 1], for r2g credit and score (overrides the input's; default ${DEFAULT_CREDIT_SETTINGS.gamma})`, numberIn(0, 1))
    .option("--turn-credit <mode>", `${TURN_CREDITS.join(" | ")} (overrides the input's; default ${DEFAULT_CREDIT_SETTINGS.turnCredit})`, oneOf(TURN_CREDITS))
    .option(
      "--trajectory-score <mode>",
      `${TRAJECTORY_SCORES.join(" | ")}; mean is UserRL's "Sum" (overrides the input's; default ${DEFAULT_CREDIT_SETTINGS.trajectoryScore})`,
      oneOf(TRAJECTORY_SCORES, userRlSum),
    )
    .addHelpText("after", EXAMPLE)
    .action(async (flags: AdvantagesFlags) => {
      const { advantagesAction } = await import("./advantages-action.js");
      await advantagesAction(flags);
    });
}
