import type { ScenarioItem } from "../dsl/ast.js";
import type { Scenario } from "./ir.js";
import type { Reporter } from "./context.js";
import type { ScenarioView } from "./scenario-view.js";
import type { SettingsCheck } from "./settings-problems.js";
import type { CheckRule } from "./walk.js";

/** How one setting (`rewards { x .. }` or `knobs { x .. }`) is typed and defaulted. */
export type SettingSpec =
  | { kind: "number"; default: number; min?: number; max?: number; doc: string }
  | { kind: "integer"; default: number; min?: number; doc: string }
  | { kind: "bool"; default: boolean; doc: string }
  | { kind: "range"; default: { low: number; high: number } | null; doc: string };

export type SettingValue = number | boolean | { low: number; high: number } | null;

/** Where a statement may stand, and how often. */
export interface StatementRule {
  once: boolean;
  required?: boolean;
}

/** A lint: a static proof about a compiled scenario, reported against its source. */
export interface LintRule<S extends Scenario = Scenario> {
  name: string;
  run(ir: S, view: ScenarioView, reporter: Reporter): void;
}

/**
 * What the compiler knows of a gym: the statements its scenarios use, its settings with
 * defaults, its checks, how to lower a checked scenario to IR, and its lints. The runtime has its
 * own half of each gym; they meet only in the IR.
 */
export interface GymDefinition {
  name: string;
  description: string;
  /** Scenario-level statements this gym accepts, by keyword. */
  statements: Record<string, StatementRule>;
  rewards: Record<string, SettingSpec>;
  knobs: Record<string, SettingSpec>;
  /** Settings that cannot run together; the runtime checks `--set` overrides with the same function. */
  settingsProblem: SettingsCheck;
  checks: CheckRule[];
  lower(view: ScenarioView, settings: ResolvedSettings, reporter: Reporter): Scenario | undefined;
  lints: LintRule[];
}

export interface ResolvedSettings {
  rewards: Record<string, SettingValue>;
  knobs: Record<string, SettingValue>;
}

/** The keyword a scenario item is introduced by, used for placement and repetition checks. */
export function itemKeyword(item: ScenarioItem): string {
  switch (item.kind) {
    case "NameStatement":
    case "TextStatement":
    case "ListStatement":
    case "Settings":
    case "DetailBlock":
      return item.keyword.name;
    case "Choose":
      return "choose";
    case "Stance":
      return "stance";
    case "Aspect":
      return "aspect";
  }
}
