import type { Field, TravelAspect, TravelOption, TravelScenario } from "../../compiler/gyms/travel/ir.js";
import { exactSearch } from "../gyms/travel/plans.js";
import { replies } from "../gyms/travel/replies.js";
import { aspectLabel, scenarioIndex } from "../gyms/travel/scenario-index.js";
import type { Observation } from "../types.js";
import { FEATURE_INDEX, FEATURE_NAMES, type ActCandidate, type ActSpaceEpisode } from "./features.js";

/**
 * The travel act space of the softmax policy. Acts come from the compiled scenario: search an
 * aspect with its exact arguments, ask about a field of an aspect (fields are what the search
 * results show), answer an option of a searched aspect, finish. The features describe only what
 * an agent can know: its own acts, the feedback it got, and the catalogues it was shown.
 *
 * Reading the user's replies: a reply that contains one of a preference's hint texts reveals that
 * preference, and a revealed preference is then applied to the catalogue the agent has seen (the
 * option's recorded `violates` list, i.e. the preference's predicate on the shown attributes).
 * This stands for an LLM that understands the hint; with the built-in simulator, whose replies are
 * the hints verbatim, it is exact. Unrevealed preferences are never looked at.
 */

/** Fields that label an option rather than describe it (asking about them is small talk). */
const LABEL_FIELDS = new Set(["name", "id", "title"]);

interface FieldRef {
  /** The attribute path in an option ("cost", "location.distance"). */
  path: string[];
  /** The words used to ask about it. */
  words: string;
}

function fieldRefs(fields: readonly Field[], prefix: string[] = []): FieldRef[] {
  return fields.flatMap((f) => {
    if (LABEL_FIELDS.has(f.name)) return [];
    const path = [...prefix, f.name];
    if (f.type.kind === "record") return fieldRefs(f.type.fields, path);
    return [{ path, words: f.name.replace(/_/g, " ") }];
  });
}

function valueAt(option: TravelOption, path: readonly string[]): string {
  let value: unknown = option.attributes;
  for (const key of path) value = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  return JSON.stringify(value ?? null);
}

/** The question the policy asks about one field. */
export function fieldQuestion(aspect: TravelAspect, field: FieldRef): string {
  return `For the ${aspectLabel(aspect)}, is there anything about ${field.words} that matters to you?`;
}

type TravelAct = { kind: "search"; aspect: TravelAspect } | { kind: "ask"; aspect: TravelAspect; field: FieldRef; key: string } | { kind: "answer"; aspect: TravelAspect; option: TravelOption } | { kind: "finish" };

/** The number of the choose-by value for ranking options (lower first when order is "lowest"). */
function rankValue(scenario: TravelScenario, option: TravelOption): number {
  let value: unknown = option.attributes;
  for (const key of scenario.choose.by) value = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  const n = typeof value === "number" ? value : Number.POSITIVE_INFINITY;
  return scenario.choose.order === "lowest" ? n : -n;
}

export class TravelActSpace implements ActSpaceEpisode {
  private readonly searched = new Set<string>();
  private readonly locked = new Set<string>();
  private readonly answered = new Set<string>();
  private readonly revealed = new Set<string>();
  /** Field keys asked, with whether the last ask revealed a preference (then it may reveal another). */
  private readonly asked = new Map<string, boolean>();
  private readonly fields = new Map<string, FieldRef[]>();
  private last: TravelAct | undefined;
  private turn = 0;
  private maxTurns: number;

  constructor(private readonly scenario: TravelScenario) {
    this.maxTurns = scenario.knobs.max_turns;
    for (const aspect of scenario.aspects) this.fields.set(aspect.id, fieldRefs(aspect.fields));
  }

  observe(observation: Observation): void {
    this.turn = observation.turn;
    this.maxTurns = observation.maxTurns;
    const feedback = observation.feedback;
    const before = this.revealed.size;
    for (const preference of scenarioIndex(this.scenario).preferences) {
      if (!this.revealed.has(preference.id) && preference.hints.some((h) => feedback.includes(h.trim()))) this.revealed.add(preference.id);
    }
    const act = this.last;
    this.last = undefined;
    if (!act) return;
    if (act.kind === "search") {
      const failed = [replies.searchBackendFailure, replies.searchFallback, replies.searchMismatch].some((r) => feedback.startsWith(r));
      if (!failed) this.searched.add(act.aspect.id);
    } else if (act.kind === "ask") {
      this.asked.set(act.key, this.revealed.size > before);
    } else if (act.kind === "answer") {
      this.answered.add(act.option.id);
      const a = act.aspect;
      const closes = [replies.oneChoice.final(a), replies.multiChoice.best(act.option.id, a), replies.answerLocked(a, "").split("(")[0]!, replies.answerBestFound(a)];
      if (closes.some((c) => feedback.includes(c))) this.locked.add(a.id);
    }
  }

  /** Options of the aspect that fit every revealed preference, best first by the scenario's order. */
  private candidates(aspect: TravelAspect): TravelOption[] {
    return aspect.options.filter((o) => !o.violates.some((p) => this.revealed.has(p))).sort((x, y) => rankValue(this.scenario, x) - rankValue(this.scenario, y));
  }

  private openField(aspect: TravelAspect, field: FieldRef, candidates: readonly TravelOption[]): boolean {
    const key = `${aspect.id}:${field.path.join(".")}`;
    const asked = this.asked.get(key);
    if (asked === false) return false;
    if (!this.searched.has(aspect.id)) return true;
    return new Set(candidates.map((o) => valueAt(o, field.path))).size > 1;
  }

  candidatesWithFeatures(): ActCandidate[] {
    const out: ActCandidate[] = [];
    const scenario = this.scenario;
    const turnFrac = this.maxTurns > 0 ? this.turn / this.maxTurns : 0;
    const turnsLeft = this.maxTurns - this.turn;
    const openAspects = scenario.aspects.filter((a) => !this.locked.has(a.id));
    const unsearched = scenario.aspects.filter((a) => !this.searched.has(a.id)).length;
    const urgent = turnsLeft <= openAspects.length + 1 ? 1 : 0;
    const f = () => new Float64Array(FEATURE_NAMES.length);
    const set = (v: Float64Array, name: string, value: number) => {
      v[FEATURE_INDEX.get(name)!] = value;
    };
    const push = (act: TravelAct, v: Float64Array, text: { choice: "search" | "action" | "answer" | "finish"; content: string }) => out.push({ action: text, features: v, commit: () => (this.last = act) });

    for (const aspect of scenario.aspects) {
      if (this.searched.has(aspect.id)) continue;
      const v = f();
      set(v, "type.search", 1);
      set(v, "turn.search", turnFrac);
      set(v, "search.first_pending", unsearched === scenario.aspects.length ? 1 : 0);
      push({ kind: "search", aspect }, v, { choice: "search", content: exactSearch(scenario, aspect) });
    }
    for (const aspect of openAspects) {
      const candidates = this.searched.has(aspect.id) ? this.candidates(aspect) : aspect.options;
      const fields = this.fields.get(aspect.id)!;
      const open = fields.filter((fr) => this.openField(aspect, fr, candidates));
      for (const field of fields) {
        const key = `${aspect.id}:${field.path.join(".")}`;
        if (this.asked.get(key) === false) continue;
        const v = f();
        set(v, "type.ask", 1);
        set(v, "turn.ask", turnFrac);
        set(v, "ask.aspect_searched", this.searched.has(aspect.id) ? 1 : 0);
        set(v, "ask.field_open", open.includes(field) ? 1 : 0);
        set(v, "ask.field_closed", open.includes(field) ? 0 : 1);
        set(v, "ask.repeat_after_reveal", this.asked.get(key) === true ? 1 : 0);
        set(v, "ask.ranking_field", field.path.join(".") === scenario.choose.by.join(".") ? 1 : 0);
        set(v, "ask.urgent", urgent);
        push({ kind: "ask", aspect, field, key }, v, { choice: "action", content: fieldQuestion(aspect, field) });
      }
      if (!this.searched.has(aspect.id)) continue;
      const best = candidates[0];
      const settled = open.length === 0 ? 1 : 0;
      for (const option of aspect.options) {
        if (this.answered.has(option.id)) continue;
        const fits = candidates.includes(option);
        const isBest = option === best;
        const v = f();
        set(v, "type.answer", 1);
        set(v, "turn.answer", turnFrac);
        set(v, "answer.best_known", isBest ? 1 : 0);
        set(v, "answer.best_known_settled", isBest ? settled : 0);
        set(v, "answer.best_known_open_fields", isBest ? Math.min(open.length, 5) / 5 : 0);
        set(v, "answer.fits_not_best", fits && !isBest ? 1 : 0);
        set(v, "answer.violates_known", fits ? 0 : 1);
        set(v, "answer.best_known_urgent", isBest ? urgent : 0);
        push({ kind: "answer", aspect, option }, v, { choice: "answer", content: option.id });
      }
    }
    const v = f();
    set(v, "type.finish", 1);
    set(v, "turn.finish", turnFrac);
    set(v, "finish.all_answered", openAspects.length === 0 ? 1 : 0);
    push({ kind: "finish" }, v, { choice: "finish", content: "" });
    return out;
  }
}
