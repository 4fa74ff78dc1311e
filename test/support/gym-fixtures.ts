import { createHash } from "node:crypto";
import type { IntentionScenario } from "../../src/compiler/gyms/intention/ir.js";
import type { PersuadeScenario } from "../../src/compiler/gyms/persuade/ir.js";
import { Scenario } from "../../src/compiler/ir.js";
import { applyOverrides, type OverrideValue } from "../../src/runtime/overrides.js";
import { compileScenario } from "./compile-text.js";

/**
 * Fixtures of the persuade and intention runtime tests (not a test file itself): one small
 * scenario per gym, as .ubench text (docs/language.md, "Persuade and intention") compiled by the
 * real compiler. Each also comes as the IR literal the runtime was built against (validated with
 * the IR's zod schema); the unit tests check that the compiler still lowers the text to exactly
 * that, so a change on either side of the contract shows up as one failing test.
 *
 * maxReturn in the literals is written out by hand from the rules (persuade: the oracle's gains
 * with the built-in persona; intention: one question per detail), not computed with the code under
 * test. A persuade step pays the rounded value of the best stance after it less that before it,
 * so the steps add up to the value of the best stance: a full ladder in three steps returns 1.
 */

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A bundle's hash as the runtime checks it: SHA-256 of its JSON without the hash field. */
function withHash<T extends { hash: string }>(bundle: T): T {
  const { hash: _hash, ...rest } = bundle;
  return { ...bundle, hash: sha256(JSON.stringify(rest)) };
}

function validated<S extends Scenario>(ir: S): S {
  return Scenario.parse(withHash(ir)) as S;
}

// ── persuade ─────────────────────────────────────────────────────────────────────────────────

export const PERSUADE_SOURCE = `scenario remote_work {
  gym persuade
  title "Remote work by default"
  claim "Working from home should be the default for office jobs."
  believes """
    Commuting wastes hours every day, and people focus better at their own desk than in an open-plan office.
  """
  opening "I'm convinced working from home should be the default for office jobs. Go ahead, change my mind."
        | "Offices are a relic. Remote should be the default for anyone with a laptop job. Convince me otherwise."
  stance "strongly agree" -> "strongly disagree"

  yields mentoring {
    about "how junior staff learn the job"
    cues "mentoring", "junior", "apprentice"
    replies "Hm. I did pick up most of what I know by overhearing senior people."
          | "Fair point about the new hires; nobody learns much from a muted call."
  }
  yields isolation {
    about "loneliness and mental health"
    cues "lonely", "isolation", "mental health"
    replies "I'll admit some weeks I barely talk to anyone."
  }
  yields serendipity {
    about "chance encounters that spark ideas"
    cues "hallway", "whiteboard", "spontaneous"
    replies "True, our best product idea came out of a coffee-machine chat."
  }
}
`;

const REMOTE_WORK: PersuadeScenario = {
  irVersion: 1,
  id: "remote_work",
  gym: "persuade",
  title: "Remote work by default",
  source: { file: "remote_work.ubench", line: 1, column: 1, sha256: sha256(PERSUADE_SOURCE) },
  hash: "0".repeat(64),
  shape: "L6-R3",
  // three reasons of 2 levels on a 7-label ladder: 3 x round(2/6)
  maxReturn: 1,
  context: null,
  claim: ["Working from home should be the default for office jobs."],
  believes: ["Commuting wastes hours every day, and people focus better at their own desk than in an open-plan office."],
  opening: [
    "I'm convinced working from home should be the default for office jobs. Go ahead, change my mind.",
    "Offices are a relic. Remote should be the default for anyone with a laptop job. Convince me otherwise.",
  ],
  ladder: ["strongly agree", "agree", "partly agree", "neutral", "partly disagree", "disagree", "strongly disagree"],
  start: 0,
  goal: 6,
  reasons: [
    {
      id: "R1",
      name: "mentoring",
      about: "how junior staff learn the job",
      cues: ["mentoring", "junior", "apprentice"],
      replies: ["Hm. I did pick up most of what I know by overhearing senior people.", "Fair point about the new hires; nobody learns much from a muted call."],
      levels: 2,
    },
    {
      id: "R2",
      name: "isolation",
      about: "loneliness and mental health",
      cues: ["lonely", "isolation", "mental health"],
      replies: ["I'll admit some weeks I barely talk to anyone."],
      levels: 2,
    },
    {
      id: "R3",
      name: "serendipity",
      about: "chance encounters that spark ideas",
      cues: ["hallway", "whiteboard", "spontaneous"],
      replies: ["True, our best product idea came out of a coffee-machine chat."],
      levels: 2,
    },
  ],
  rewards: { progress: 1, step: 0 },
  knobs: { max_turns: 20, repeat_decay: 1, clip: null },
};

/** The persuade IR the runtime expects from PERSUADE_SOURCE (source and hash aside). */
export const PERSUADE_EXPECTED: PersuadeScenario = validated(REMOTE_WORK);

export const PERSUADE_IR: PersuadeScenario = compileScenario(PERSUADE_SOURCE, "remote_work.ubench");

/** The persuade fixture, with run-time overrides applied (as `--set` would). */
export function persuadeScenario(overrides: Record<string, OverrideValue> = {}): PersuadeScenario {
  return applyOverrides(PERSUADE_IR, overrides);
}

/**
 * A variant moving toward agreement and stopping short of the ladder's end (start "disagree",
 * goal "partly agree": 3 levels, 1 per reason), for the other direction.
 */
export const PERSUADE_REVERSED_SOURCE = PERSUADE_SOURCE.replace("scenario remote_work {", "scenario remote_work_reversed {")
  .replace('claim "Working from home should be the default for office jobs."', 'claim "Office jobs should go back to five days a week on site."')
  .replace('stance "strongly agree" -> "strongly disagree"', 'stance "disagree" -> "partly agree"');

export const PERSUADE_REVERSED_EXPECTED: PersuadeScenario = validated<PersuadeScenario>({
  ...REMOTE_WORK,
  id: "remote_work_reversed",
  source: { ...REMOTE_WORK.source, file: "remote_work_reversed.ubench", sha256: sha256(PERSUADE_REVERSED_SOURCE) },
  claim: ["Office jobs should go back to five days a week on site."],
  start: 5,
  goal: 2,
  shape: "L3-R3",
  // three reasons of 1 level: half the ladder
  maxReturn: 0.5,
  reasons: REMOTE_WORK.reasons.map((r) => ({ ...r, levels: 1 })),
});

const PERSUADE_REVERSED_IR: PersuadeScenario = compileScenario(PERSUADE_REVERSED_SOURCE, "remote_work_reversed.ubench");

export function persuadeReversedScenario(overrides: Record<string, OverrideValue> = {}): PersuadeScenario {
  return applyOverrides(PERSUADE_REVERSED_IR, overrides);
}

// ── intention ────────────────────────────────────────────────────────────────────────────────

export const INTENTION_SOURCE = `scenario paris_trip {
  gym intention
  title "A trip to Paris"
  context "A museum lover who has never been to France."
  category "Travel planning"
  task "I would like to plan a trip to Paris next month." | "Help me plan a Paris trip for next month."

  missing duration {
    importance high
    about "How long the trip lasts"
    asks "How long will you stay in Paris?"
    answers "four days", "a week"
    cues "how long", "nights"
  }
  missing budget {
    importance medium
    about "The overall budget"
    asks "What is your budget for the trip?"
    answers "around 2000 euros", "mid-range, nothing fancy"
    cues "budget", "spend"
  }
  missing interests {
    importance high
    about "What the traveller wants to see"
    asks "Which sights or activities interest you most?"
    answers "museums and art", "food markets and cafés"
    cues "sights", "activities", "interests"
  }
  missing lodging {
    importance low
    about "The kind of accommodation"
    asks "Would you rather book a hotel or an apartment?"
    cues "hotel", "apartment", "accommodation"
  }
}
`;

const PARIS_TRIP: IntentionScenario = {
  irVersion: 1,
  id: "paris_trip",
  gym: "intention",
  title: "A trip to Paris",
  source: { file: "paris_trip.ubench", line: 1, column: 1, sha256: sha256(INTENTION_SOURCE) },
  hash: "0".repeat(64),
  shape: "H2-M1-L1",
  // high 1.0 + high 1.0 + medium 0.7 + low 0.4, one question each
  maxReturn: 3.1,
  context: ["A museum lover who has never been to France."],
  category: "Travel planning",
  task: ["I would like to plan a trip to Paris next month.", "Help me plan a Paris trip for next month."],
  details: [
    {
      id: "D1",
      name: "duration",
      importance: "high",
      about: "How long the trip lasts",
      asks: ["How long will you stay in Paris?"],
      answers: ["four days", "a week"],
      cues: ["how long", "nights"],
    },
    {
      id: "D2",
      name: "budget",
      importance: "medium",
      about: "The overall budget",
      asks: ["What is your budget for the trip?"],
      answers: ["around 2000 euros", "mid-range, nothing fancy"],
      cues: ["budget", "spend"],
    },
    {
      id: "D3",
      name: "interests",
      importance: "high",
      about: "What the traveller wants to see",
      asks: ["Which sights or activities interest you most?"],
      answers: ["museums and art", "food markets and cafés"],
      cues: ["sights", "activities", "interests"],
    },
    {
      id: "D4",
      name: "lodging",
      importance: "low",
      about: "The kind of accommodation",
      asks: ["Would you rather book a hotel or an apartment?"],
      answers: [],
      cues: ["hotel", "apartment", "accommodation"],
    },
  ],
  rewards: { high: 1, medium: 0.7, low: 0.4, extra: 0.2, step: 0 },
  knobs: { max_turns: 20, clip: null },
};

/** The intention IR the runtime expects from INTENTION_SOURCE (source and hash aside). */
export const INTENTION_EXPECTED: IntentionScenario = validated(PARIS_TRIP);

export const INTENTION_IR: IntentionScenario = compileScenario(INTENTION_SOURCE, "paris_trip.ubench");

/** The intention fixture, with run-time overrides applied. */
export function intentionScenario(overrides: Record<string, OverrideValue> = {}): IntentionScenario {
  return applyOverrides(INTENTION_IR, overrides);
}
