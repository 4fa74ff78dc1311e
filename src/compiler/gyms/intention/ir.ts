import { z } from "zod";
import { scenarioCommon, scenarioHead, Text } from "../../ir-common.js";
import { IMPORTANCES } from "./importances.js";

/**
 * The intention gym's part of the IR (UserRL's IntentionGym, with its double-counting defect
 * fixed): the task is vague, and the agent must ask for the details it leaves out.
 */

export { IMPORTANCES };
export const Importance = z.enum(IMPORTANCES);
export type Importance = z.infer<typeof Importance>;

export const IntentionDetail = z
  .object({
    id: z.string().regex(/^D\d+$/).describe("D1..Dn in declaration order."),
    name: z.string(),
    importance: Importance,
    about: z.string().describe("What the detail is, e.g. 'How long the trip lasts'."),
    asks: Text.describe("Example questions that ask for this detail."),
    answers: z.array(z.string()).describe("The user's plausible answers (one is chosen per episode by seed)."),
    cues: z.array(z.string()).describe("Lower-case words or phrases of a question that targets this detail."),
  })
  .meta({ id: "IntentionDetail" });

export const IntentionRewards = z
  .object({
    high: z.number().min(0).describe("Reward for a question whose most important new detail is high."),
    medium: z.number().min(0),
    low: z.number().min(0),
    extra: z.number().min(0).describe("Subtracted for each further detail the same question covers (floored at 0)."),
    step: z.number().max(0),
  })
  .meta({ id: "IntentionRewards" });

export const IntentionKnobs = z
  .object({
    max_turns: z.number().int().min(1),
    clip: z.object({ low: z.number(), high: z.number() }).nullable(),
  })
  .meta({ id: "IntentionKnobs" });

export const IntentionScenario = z
  .object({
    ...scenarioHead,
    gym: z.literal("intention"),
    ...scenarioCommon,
    context: Text.nullable().describe("Background the user simulator knows; null when not given."),
    category: z.string(),
    task: Text.describe("The vague request the user opens with."),
    details: z.array(IntentionDetail).min(1),
    rewards: IntentionRewards,
    knobs: IntentionKnobs,
  })
  .meta({ id: "IntentionScenario" });

export type IntentionScenario = z.infer<typeof IntentionScenario>;
export type IntentionDetail = z.infer<typeof IntentionDetail>;
export type IntentionRewards = z.infer<typeof IntentionRewards>;
export type IntentionKnobs = z.infer<typeof IntentionKnobs>;
