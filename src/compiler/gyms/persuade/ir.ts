import { z } from "zod";
import { scenarioCommon, scenarioHead, Text } from "../../ir-common.js";

/**
 * The persuade gym's part of the IR (UserRL's PersuadeGym, with its oscillation defect fixed):
 * the agent argues against a claim the persona holds, and the persona's stance moves along a
 * ladder of labels from `start` toward `goal`.
 */

export const PersuadeReason = z
  .object({
    id: z.string().regex(/^R\d+$/).describe("R1..Rn in declaration order."),
    name: z.string(),
    about: z.string().describe("What the reason is about, e.g. 'who can pay for it'."),
    cues: z.array(z.string()).describe("Lower-case words or phrases of an argument that touches this reason."),
    replies: Text.describe("How the persona answers an argument that touches this reason."),
    levels: z.number().int().min(1).describe("Ladder levels the first argument touching this reason moves the built-in persona (derived: the span shared out over the reasons)."),
  })
  .meta({ id: "PersuadeReason" });

export const PersuadeRewards = z
  .object({
    progress: z.number().min(0).describe("Reward for moving the whole ladder; each new level gained earns progress / (ladder length - 1)."),
    step: z.number().max(0),
  })
  .meta({ id: "PersuadeRewards" });

export const PersuadeKnobs = z
  .object({
    max_turns: z.number().int().min(1),
    repeat_decay: z.number().int().min(0).describe("Levels a reason loses each time it is argued again (built-in simulator)."),
    clip: z.object({ low: z.number(), high: z.number() }).nullable(),
  })
  .meta({ id: "PersuadeKnobs" });

export const PersuadeScenario = z
  .object({
    ...scenarioHead,
    gym: z.literal("persuade"),
    ...scenarioCommon,
    context: Text.nullable().describe("Background the persona simulator knows; null when not given."),
    claim: Text.describe("The statement the persona takes a stance on."),
    believes: Text.describe("The persona's own reasoning (never shown to the agent)."),
    opening: Text.describe("The persona's first message (default: the claim, as the persona states it)."),
    ladder: z.array(z.string()).min(3).describe("Stance labels in order."),
    start: z.number().int().min(0).describe("Index into ladder of the starting stance."),
    goal: z.number().int().min(0).describe("Index into ladder of the goal stance (reaching it ends the episode)."),
    reasons: z.array(PersuadeReason).min(1),
    rewards: PersuadeRewards,
    knobs: PersuadeKnobs,
  })
  .meta({ id: "PersuadeScenario" });

export type PersuadeScenario = z.infer<typeof PersuadeScenario>;
export type PersuadeReason = z.infer<typeof PersuadeReason>;
export type PersuadeRewards = z.infer<typeof PersuadeRewards>;
export type PersuadeKnobs = z.infer<typeof PersuadeKnobs>;

export { DEFAULT_LADDER } from "./ladder.js";
