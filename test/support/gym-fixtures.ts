import { createHash } from "node:crypto";
import { z } from "zod";
import { compileText } from "../../src/compiler/compile.js";
import type { IntentionScenario } from "../../src/compiler/gyms/intention/ir.js";
import type { PersuadeScenario } from "../../src/compiler/gyms/persuade/ir.js";
import { Scenario } from "../../src/compiler/ir.js";
import { createEnv } from "../../src/runtime/environment.js";
import { applyOverrides, type OverrideValue } from "../../src/runtime/overrides.js";
import type { Env, StepResult } from "../../src/runtime/types.js";
import { JUDGE_PROMPT_START as INTENTION_JUDGE_START, PERSONA_PROMPT_START as INTENTION_PERSONA_START } from "../../src/runtime/gyms/intention/prompts.js";
import { PERSONA_PROMPT_START as PERSUADE_PERSONA_START } from "../../src/runtime/gyms/persuade/prompts.js";
import { messagesOf, startFakeOpenAI, type FakeServer } from "./fake-openai.js";

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

/** Compiles one scenario's text, refusing any error diagnostic. */
export function compileScenario<S extends Scenario>(text: string, file: string): S {
  const { scenarios, diagnostics } = compileText(text, file);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || scenarios.length !== 1) throw new Error(`${file} does not compile: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return scenarios[0]!.ir as S;
}

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

// ── helpers ──────────────────────────────────────────────────────────────────────────────────

/** A reset env over a scenario, with the built-in simulator unless one is given. */
export async function resetEnv(scenario: Scenario, simulator?: unknown, seed = 1): Promise<Env> {
  const env = createEnv(scenario, simulator ? { simulator } : {});
  await env.reset({ seed });
  return env;
}

export async function playSteps(env: Env, actions: readonly string[]): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const action of actions) results.push(await env.step(action));
  return results;
}

// ── a scripted LLM for golden traces ────────────────────────────────────────────────────────

/**
 * A golden case's LLM user simulator for the persuade or intention gym, scripted at the network
 * edge: `llm.json` says how the local fake OpenAI-compatible server answers each kind of request
 * (persuade: "persona"; intention: "judge" and "persona"), by call index within the kind. A
 * request that is not recognised, or one the script has no reply for, gets a 500 and is reported
 * as a problem; `unused()` lists scripted replies nobody asked for. (test/support/trace-llm.ts does
 * the same for the travel gym.)
 */
export const GymLlmReply = z.union([z.object({ status: z.number().int().min(400).max(599), message: z.string().optional() }).strict(), z.object({ text: z.string() }).strict()]);
export type GymLlmReply = z.infer<typeof GymLlmReply>;

export const GymLlmScript = z.object({ about: z.string().optional(), judge: z.array(GymLlmReply).default([]), persona: z.array(GymLlmReply).default([]) }).strict();
export type GymLlmScript = z.infer<typeof GymLlmScript>;

export type GymLlmKind = "judge" | "persona";

export interface GymLlmCall {
  kind: GymLlmKind;
  call: number;
  reply: GymLlmReply;
}

/** Which prompt of the gym's LLM simulator a request carries. */
export function gymRequestKind(gym: "persuade" | "intention", body: Record<string, unknown>): GymLlmKind | undefined {
  const [first, ...rest] = messagesOf(body);
  if (gym === "persuade") return first?.role === "system" && first.content?.startsWith(PERSUADE_PERSONA_START) ? "persona" : undefined;
  if (first?.role === "system" && first.content?.startsWith(INTENTION_PERSONA_START)) return "persona";
  if (rest.length === 0 && first?.role === "user" && first.content?.startsWith(INTENTION_JUDGE_START)) return "judge";
  return undefined;
}

export interface GymScriptedLlm {
  url: string;
  calls: GymLlmCall[];
  problems: string[];
  unused(): string[];
  close(): Promise<void>;
}

export async function startGymScriptedLlm(gym: "persuade" | "intention", script: GymLlmScript): Promise<GymScriptedLlm> {
  const calls: GymLlmCall[] = [];
  const problems: string[] = [];
  const used: Record<GymLlmKind, number> = { judge: 0, persona: 0 };
  const server: FakeServer = await startFakeOpenAI((body, index) => {
    const kind = gymRequestKind(gym, body);
    if (kind === undefined) {
      problems.push(`request #${index} is not a ${gym} simulator request`);
      return { kind: "status", status: 500 };
    }
    const call = used[kind]++;
    const reply = script[kind][call];
    if (reply === undefined) {
      problems.push(`llm.json has no reply for ${kind}[${call}]`);
      return { kind: "status", status: 500 };
    }
    calls.push({ kind, call, reply });
    if ("text" in reply) return { kind: "text", content: reply.text };
    return { kind: "status", status: reply.status, body: JSON.stringify({ error: { message: reply.message ?? `fake error ${reply.status}`, type: "fake" } }) };
  });
  return {
    url: server.url,
    calls,
    problems,
    unused: () => (["judge", "persona"] as const).flatMap((kind) => script[kind].slice(used[kind]).map((_, i) => `${kind}[${used[kind] + i}]`)),
    close: () => server.close(),
  };
}
