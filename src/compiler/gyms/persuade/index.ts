import type { GymDefinition, LintRule } from "../../gym.js";
import { emptyTexts } from "../../checks/empty-texts.js";
import { genericTexts } from "../../checks/generic-texts.js";
import { commonSettingsProblem } from "../../settings-problems.js";
import { ladderCheck } from "./checks/ladder.js";
import { stanceCheck } from "./checks/stance.js";
import { uniqueReasons } from "./checks/unique-reasons.js";
import { yieldsStatementsCheck } from "./checks/yields-statements.js";
import { ambiguousCues } from "./lints/ambiguous-cues.js";
import { goalReachable } from "./lints/goal-reachable.js";
import { openingLeak } from "./lints/opening-leak.js";
import { turnBudget } from "./lints/turn-budget.js";
import { lowerPersuade } from "./lower.js";
import { persuadeKnobs, persuadeRewards, persuadeStatements } from "./settings.js";

/** UserRL's PersuadeGym: argue a persona from one stance on a claim to another. */
export const persuadeGym: GymDefinition = {
  name: "persuade",
  description: "Persuasion: move a persona's stance on a claim, one ladder level at a time, by touching the reasons that can move it.",
  statements: persuadeStatements,
  rewards: persuadeRewards,
  knobs: persuadeKnobs,
  settingsProblem: commonSettingsProblem,
  checks: [yieldsStatementsCheck, uniqueReasons, ladderCheck, stanceCheck, emptyTexts({ detailBlock: "yields", skipLists: ["ladder"], cueHint: "a cue is a word or phrase an argument contains" }), genericTexts({ detailBlock: "yields" })],
  lower: lowerPersuade,
  lints: [goalReachable, ambiguousCues, openingLeak, turnBudget] as LintRule[],
};
