import { z } from "zod";
import { IntentionScenario } from "./gyms/intention/ir.js";
import { PersuadeScenario } from "./gyms/persuade/ir.js";
import { TravelScenario } from "./gyms/travel/ir.js";

export { IR_VERSION } from "./ir-common.js";

/**
 * A compiled scenario: one gym's section of the schema, chosen by `gym`. A new gym adds its
 * section here (one line) and a folder under gyms/.
 */
export const Scenario = z.discriminatedUnion("gym", [TravelScenario, PersuadeScenario, IntentionScenario]).meta({ id: "Scenario", title: "ubench compiled scenario" });
export type Scenario = z.infer<typeof Scenario>;

export const ManifestEntry = z.object({
  id: z.string(),
  gym: z.string(),
  source: z.string(),
  hash: z.string(),
  shape: z.string(),
  maxReturn: z.number(),
});
export type ManifestEntry = z.infer<typeof ManifestEntry>;

export const Manifest = z
  .object({ irVersion: z.number().int(), compiler: z.string(), scenarios: z.array(ManifestEntry) })
  .meta({ id: "Manifest" });
export type Manifest = z.infer<typeof Manifest>;

/** The JSON Schema published in schema/ubench-ir.schema.json (a test keeps the file in sync). */
export function irJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Scenario, { target: "draft-2020-12" }) as Record<string, unknown>;
}
