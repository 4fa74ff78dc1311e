import { emptyTexts } from "../../checks/empty-texts.js";
import { genericTexts } from "../../checks/generic-texts.js";
import type { GymDefinition, LintRule } from "../../gym.js";
import { aspectPrefix } from "./checks/aspect-prefix.js";
import { aspectStatements } from "./checks/aspect-statements.js";
import { chooseRule } from "./checks/choose-rule.js";
import { fieldTypes } from "./checks/field-types.js";
import { optionAttributes } from "./checks/option-attributes.js";
import { predicateTypes } from "./checks/predicate-types.js";
import { uniqueNames } from "./checks/unique-names.js";
import { ambiguousCues } from "./lints/ambiguous-cues.js";
import { correctOptionExists } from "./lints/correct-option-exists.js";
import { decisionExists } from "./lints/decision-exists.js";
import { hintLeak } from "./lints/hint-leak.js";
import { openingLeak } from "./lints/opening-leak.js";
import { preferenceDecides } from "./lints/preference-decides.js";
import { turnBudget } from "./lints/turn-budget.js";
import { uniqueBest } from "./lints/unique-best.js";
import { lowerTravel } from "./lower.js";
import { travelKnobs, travelRewards, travelSettingsProblem, travelStatements } from "./settings.js";

/** UserBench's travel-planning gym: hidden preferences over options of several aspects. */
export const travelGym: GymDefinition = {
  name: "travel",
  description: "Travel planning: find each aspect's best option by eliciting the user's hidden preferences.",
  statements: travelStatements,
  rewards: travelRewards,
  knobs: travelKnobs,
  settingsProblem: travelSettingsProblem,
  checks: [aspectStatements, uniqueNames, aspectPrefix, fieldTypes, optionAttributes, predicateTypes, chooseRule, emptyTexts({ detailBlock: "prefer", cueHint: "a cue is a word or phrase a question contains" }), genericTexts({ detailBlock: "prefer" })],
  lower: lowerTravel,
  lints: [correctOptionExists, uniqueBest, preferenceDecides, decisionExists, hintLeak, openingLeak, ambiguousCues, turnBudget] as LintRule[],
};
