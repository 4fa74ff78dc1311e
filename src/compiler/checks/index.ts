import type { CheckRule } from "../walk.js";
import { knownGym } from "./known-gym.js";
import { knownSettings } from "./known-settings.js";
import { repeatedKeys } from "./repeated-keys.js";
import { repeatedStatements } from "./repeated-statements.js";
import { requiredStatements } from "./required-statements.js";
import { scenarioId } from "./scenario-id.js";
import { settingValues } from "./setting-values.js";
import { statementPlacement } from "./statement-placement.js";

/** Checks every gym shares; each gym adds its own (gyms/<gym>/checks). */
export const commonChecks: CheckRule[] = [
  knownGym,
  scenarioId,
  statementPlacement,
  repeatedStatements,
  repeatedKeys,
  requiredStatements,
  knownSettings,
  settingValues,
];
