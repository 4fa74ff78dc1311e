import type { GymDefinition, LintRule } from "../../gym.js";
import { emptyTexts } from "../../checks/empty-texts.js";
import { genericTexts } from "../../checks/generic-texts.js";
import { commonSettingsProblem } from "../../settings-problems.js";
import { importanceCheck } from "./checks/importance.js";
import { missingStatementsCheck } from "./checks/missing-statements.js";
import { uniqueDetails } from "./checks/unique-details.js";
import { duplicateDetails } from "./lints/duplicate-details.js";
import { soloQuestions } from "./lints/solo-questions.js";
import { taskLeak } from "./lints/task-leak.js";
import { turnBudget } from "./lints/turn-budget.js";
import { lowerIntention } from "./lower.js";
import { intentionKnobs, intentionRewards, intentionStatements } from "./settings.js";

/** UserRL's IntentionGym: the task is vague, and the agent must ask for the details it leaves out. */
export const intentionGym: GymDefinition = {
  name: "intention",
  description: "Intention: ask a user with a vague task for the details it leaves out, the most important first.",
  statements: intentionStatements,
  rewards: intentionRewards,
  knobs: intentionKnobs,
  settingsProblem: commonSettingsProblem,
  checks: [missingStatementsCheck, importanceCheck, uniqueDetails, emptyTexts({ detailBlock: "missing", cueHint: "a cue is a word or phrase a question contains" }), genericTexts({ detailBlock: "missing" })],
  lower: lowerIntention,
  lints: [soloQuestions, duplicateDetails, taskLeak, turnBudget] as LintRule[],
};
