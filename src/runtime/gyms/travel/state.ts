import { round6 } from "../../../round6.js";
import type { TravelPreference, TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import type { EpisodeOutcome, Rng, TurnRecord } from "../../types.js";
import { scenarioIndex } from "./scenario-index.js";

/** What an answer hit: the aspect's best option, another correct one, or an option that fails a preference. */
export type AnswerCategory = "best" | "correct" | "wrong";

const RANK: Record<AnswerCategory, number> = { best: 3, correct: 2, wrong: 1 };

/** The mutable state of one travel episode; the handlers (search/utterance/answer) change it. */
export class TravelState {
  turn = 0;
  over = false;
  searches = 0;
  searchFailures = 0;
  validSearches = 0;
  /** Searches and utterances the simulator could not judge: left out of the valid-rate denominators. */
  searchFallbacks = 0;
  actionFallbacks = 0;
  readonly searched = new Set<string>();
  actions = 0;
  targetedActions = 0;
  offTargetStreak = 0;
  readonly revealed = new Map<string, "active" | "passive">();
  readonly dropped = new Set<string>();
  answers = 0;
  refusedAnswers = 0;
  /** Option ids already answered (multi-choice: each is rewarded at most once). */
  readonly answeredOptions = new Set<string>();
  /** Per aspect, the best category answered so far. */
  readonly aspectResult = new Map<string, AnswerCategory>();
  /** Aspects that take no more answers (one-choice: answered; multi-choice: best found), with the option that closed them. */
  readonly locked = new Map<string, string>();
  firstBestTurn: number | null = null;
  invalidTurns = 0;
  fallbacks = 0;
  /** The understood turns so far, for the simulator's view of the conversation. */
  readonly history: TurnRecord[] = [];

  constructor(
    readonly scenario: TravelScenario,
    /** Mechanics' own draws (the proactive reveal's pick). */
    readonly rng: Rng,
    /** Handed to the simulator for its reply texts: a separate stream, so replays stay aligned. */
    readonly userRng: Rng,
  ) {}

  /** Preferences not yet revealed and not dropped, in id order. */
  remaining(): TravelPreference[] {
    return scenarioIndex(this.scenario).preferences.filter((p) => !this.revealed.has(p.id) && !this.dropped.has(p.id));
  }

  recordAnswer(aspect: string, category: AnswerCategory): void {
    const before = this.aspectResult.get(aspect);
    if (!before || RANK[category] > RANK[before]) this.aspectResult.set(aspect, category);
    if (category === "best" && this.firstBestTurn === null) this.firstBestTurn = this.turn;
  }

  /** No more answers for the aspect, and its unrevealed preferences are no longer on offer. */
  lock(aspect: string, option: string): void {
    this.locked.set(aspect, option);
    for (const p of scenarioIndex(this.scenario).aspectById.get(aspect)!.preferences) if (!this.revealed.has(p.id)) this.dropped.add(p.id);
  }

  allLocked(): boolean {
    return this.locked.size === this.scenario.aspects.length;
  }

  counters(): Record<string, number> {
    let active = 0;
    for (const how of this.revealed.values()) if (how === "active") active++;
    const results = [...this.aspectResult.values()];
    return {
      turn: this.turn,
      searches: this.searches,
      searchFailures: this.searchFailures,
      validSearches: this.validSearches,
      searchedAspects: this.searched.size,
      actions: this.actions,
      targetedActions: this.targetedActions,
      offTargetStreak: this.offTargetStreak,
      elicitedActive: active,
      elicitedPassive: this.revealed.size - active,
      droppedPreferences: this.dropped.size,
      answers: this.answers,
      refusedAnswers: this.refusedAnswers,
      bestAspects: results.filter((r) => r === "best").length,
      correctAspects: results.filter((r) => r !== "wrong").length,
      invalidTurns: this.invalidTurns,
      simulatorFallbacks: this.fallbacks,
    };
  }

  /**
   * Score: per aspect the reward of its answer divided by rewards.best (an aspect without an
   * answer counts 0; in multi-choice mode the aspect's best answer counts), averaged over aspects.
   */
  outcome(): EpisodeOutcome {
    const { rewards } = this.scenario;
    const value = (category: AnswerCategory | undefined): number => {
      if (category === undefined) return 0;
      if (category === "best") return 1;
      // A non-positive best reward leaves no scale to divide by: only the best counts then.
      if (rewards.best <= 0) return 0;
      // Clamped, so a score stays in [0, 1] whatever the reward values (a penalty is not a negative score).
      return Math.min(1, Math.max(0, (category === "correct" ? rewards.correct : rewards.wrong) / rewards.best));
    };
    const aspects = this.scenario.aspects;
    const score = aspects.reduce((sum, a) => sum + value(this.aspectResult.get(a.id)), 0) / aspects.length;
    const c = this.counters();
    return {
      score: round6(score),
      metrics: {
        aspects: aspects.length,
        bestAspects: c.bestAspects!,
        correctAspects: c.correctAspects!,
        preferences: scenarioIndex(this.scenario).preferences.length,
        elicitedActive: c.elicitedActive!,
        elicitedPassive: c.elicitedPassive!,
        searches: this.searches - this.searchFailures - this.searchFallbacks,
        validSearches: this.validSearches,
        actions: this.actions - this.actionFallbacks,
        targetedActions: this.targetedActions,
        firstBestTurn: this.firstBestTurn,
      },
    };
  }
}
