import { ablationTable, type AblationTable } from "./ablation.js";
import { choiceComparison, type ChoiceComparison } from "./choice.js";
import { dialogueAnalysis, type DialogueAnalysis } from "./dialogue.js";
import { errorCounts, type ErrorCounts } from "./errors.js";
import type { LoadedRun } from "./load.js";
import { overviewRow, type OverviewRow } from "./overview.js";
import { trainingCurves, type TrainingCurves } from "./training.js";
import { scenarioOf } from "./scenarios.js";
import { transcript, type Transcript } from "./transcripts.js";
import { travelAnalysis, type TravelAnalysis } from "./travel.js";
import { userRlTable, type UserRlTable } from "./userrl.js";

/** Everything a report shows, computed from the loaded runs alone (no clock, no environment): the renderers only lay it out. */
export interface EvalSection {
  label: string;
  overview: OverviewRow;
  travel: TravelAnalysis | null;
  persuade: DialogueAnalysis | null;
  intention: DialogueAnalysis | null;
  errors: ErrorCounts;
}

export interface ReportModel {
  evals: EvalSection[];
  /** Per train run: the learning curves (empty for a compare-only folder) and the ablation table of compare.json. */
  trains: { label: string; curves: TrainingCurves; ablation: AblationTable | null }[];
  /** One-choice vs multi-choice travel, when the eval runs hold both. */
  choice: ChoiceComparison | null;
  transcripts: Transcript[];
  /** Per eval run, why some of its scenarios could not be rebuilt from their sources (their transcripts show item ids only). */
  sourceProblems: { run: string; problem: string }[];
  /** Per eval run, UserRL's metrics (`--userrl`; null when not asked for). */
  userrl: UserRlTable[] | null;
}

export interface ReportOptions {
  /** Add UserRL's micro_avg / micro_max and leaderboard average (src/report/userrl.ts). */
  userrl?: boolean;
}

export function buildReport(runs: readonly LoadedRun[], options: ReportOptions = {}): ReportModel {
  const model: ReportModel = { evals: [], trains: [], choice: null, transcripts: [], sourceProblems: [], userrl: options.userrl ? [] : null };
  for (const run of runs) {
    if (run.kind === "train") {
      model.trains.push({ label: run.label, curves: trainingCurves(run.iterations), ablation: run.compare ? ablationTable(run.compare.settings, run.compare.cells) : null });
      continue;
    }
    const has = (gym: string) => run.episodes.some((e) => e.gym === gym);
    model.evals.push({
      label: run.label,
      overview: overviewRow(run),
      travel: has("travel") ? travelAnalysis(run.episodes) : null,
      persuade: has("persuade") ? dialogueAnalysis(run.episodes, "persuade") : null,
      intention: has("intention") ? dialogueAnalysis(run.episodes, "intention") : null,
      errors: errorCounts(run.episodes),
    });
    model.transcripts.push(...run.episodes.map((e) => transcript(run.label, e, scenarioOf(run.scenarios, e))));
    model.userrl?.push(userRlTable(run.label, run.episodes));
    model.sourceProblems.push(...(run.scenarios?.problems ?? []).map((problem) => ({ run: run.label, problem })));
  }
  model.choice = choiceComparison(runs.filter((r) => r.kind === "eval"));
  return model;
}
