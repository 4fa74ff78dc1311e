import { z } from "zod";
import { JsonValue, scenarioCommon, scenarioHead, Text } from "../../ir-common.js";

/** The travel gym's part of the IR (UserBench's TravelGym, with its defects fixed). */

export const FieldType: z.ZodType<FieldType> = z
  .lazy(() =>
    z.union([
      z.object({ kind: z.enum(["string", "number", "bool"]) }),
      z.object({ kind: z.literal("list"), of: FieldType }),
      z.object({ kind: z.literal("record"), fields: z.array(Field) }),
    ]),
  )
  .meta({ id: "FieldType" });
export type FieldType =
  | { kind: "string" | "number" | "bool" }
  | { kind: "list"; of: FieldType }
  | { kind: "record"; fields: Field[] };

export const Field: z.ZodType<Field> = z
  .lazy(() => z.object({ name: z.string(), type: FieldType, aka: z.array(z.string()) }))
  .meta({ id: "Field" });
export interface Field {
  name: string;
  type: FieldType;
  aka: string[];
}

export type Predicate =
  | { op: "and" | "or"; args: Predicate[] }
  | { op: "not"; arg: Predicate }
  | { op: "<" | "<=" | ">" | ">=" | "==" | "!="; path: string[]; value: z.infer<typeof JsonValue> }
  | { op: "has"; path: string[]; value: string }
  | { op: "in"; path: string[]; values: (string | number | boolean)[] }
  | { op: "between"; path: string[]; low: number; high: number }
  | { op: "is"; path: string[] };

const Path = z.array(z.string()).min(1);
export const Predicate: z.ZodType<Predicate> = z
  .lazy(() =>
    z.union([
      z.object({ op: z.enum(["and", "or"]), args: z.array(Predicate).min(2) }),
      z.object({ op: z.literal("not"), arg: Predicate }),
      z.object({ op: z.enum(["<", "<=", ">", ">=", "==", "!="]), path: Path, value: JsonValue }),
      z.object({ op: z.literal("has"), path: Path, value: z.string() }),
      z.object({ op: z.literal("in"), path: Path, values: z.array(z.union([z.string(), z.number(), z.boolean()])) }),
      z.object({ op: z.literal("between"), path: Path, low: z.number(), high: z.number() }),
      z.object({ op: z.literal("is"), path: Path }),
    ]),
  )
  .meta({ id: "Predicate" });

export const TravelPreference = z
  .object({
    id: z.string().regex(/^P\d+$/).describe("P1..Pn in declaration order across aspects."),
    name: z.string(),
    aspect: z.string(),
    about: z.string().describe("Subcategory, e.g. 'laundry'."),
    says: Text.describe("The explicit statement of the preference (never shown to the agent)."),
    hints: Text.describe("Implicit phrasings the simulated user reveals it with."),
    cues: z.array(z.string()).describe("Cue words: the attribute's name and synonyms, the predicate's values, declared cues."),
    predicate: Predicate,
    attributes: z.array(z.string()).describe("Dotted attribute paths the predicate reads."),
  })
  .meta({ id: "TravelPreference" });

export const TravelOption = z
  .object({
    id: z.string(),
    attributes: z.record(z.string(), JsonValue),
    role: z.enum(["correct", "wrong"]),
    violates: z.array(z.string()).describe("Ids of the preferences this option fails."),
  })
  .meta({ id: "TravelOption" });

export const TravelAspect = z
  .object({
    id: z.string(),
    prefix: z.string().regex(/^[A-Z]$/),
    aka: z.array(z.string()),
    fields: z.array(Field),
    search: z.record(z.string(), JsonValue).describe("Ground-truth search arguments."),
    preferences: z.array(TravelPreference),
    options: z.array(TravelOption),
    correct: z.array(z.string()),
    best: z.string(),
  })
  .meta({ id: "TravelAspect" });

export const TravelRewards = z
  .object({
    search: z.number(),
    elicit: z.number(),
    best: z.number(),
    correct: z.number(),
    wrong: z.number(),
    step: z.number().max(0),
  })
  .meta({ id: "TravelRewards" });

export const TravelKnobs = z
  .object({
    max_turns: z.number().int().min(1),
    one_choice: z.boolean(),
    reveal_after: z.number().int().min(0),
    search_fail_every: z.number().int().min(0),
    clip: z.object({ low: z.number(), high: z.number() }).nullable(),
  })
  .meta({ id: "TravelKnobs" });

export const TravelScenario = z
  .object({
    ...scenarioHead,
    gym: z.literal("travel"),
    ...scenarioCommon,
    context: Text.nullable(),
    opening: Text,
    choose: z.object({ order: z.enum(["lowest", "highest"]), by: z.array(z.string()).min(1) }),
    rewards: TravelRewards,
    knobs: TravelKnobs,
    aspects: z.array(TravelAspect).min(1),
  })
  .meta({ id: "TravelScenario" });
export type TravelScenario = z.infer<typeof TravelScenario>;
export type TravelAspect = z.infer<typeof TravelAspect>;
export type TravelPreference = z.infer<typeof TravelPreference>;
export type TravelOption = z.infer<typeof TravelOption>;
export type TravelRewards = z.infer<typeof TravelRewards>;
export type TravelKnobs = z.infer<typeof TravelKnobs>;
