import { z } from "zod";
import { IR_VERSION } from "./ir-version.js";

/**
 * The parts of the IR every gym shares. The IR is the contract between the compiler and
 * everything after it (runtime, eval, RL, server): plain JSON, versioned, validated on load.
 */

export { IR_VERSION };

/** Alternative phrasings of one prompt text; the runtime picks one with the episode's seed. */
export const Text = z.array(z.string()).min(1).meta({ id: "Text", description: "Alternative phrasings; one is chosen per episode by seed." });
export type Text = z.infer<typeof Text>;

export const JsonValue = z.json().meta({ id: "JsonValue" });

export const SourceRef = z
  .object({
    file: z.string().describe("Source file path as given to the compiler, with '/' separators."),
    line: z.number().int().min(1),
    column: z.number().int().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).describe("SHA-256 of the whole source file's text."),
  })
  .meta({ id: "SourceRef" });

/** The first fields of every compiled scenario (then `gym`, then `scenarioCommon`). */
export const scenarioHead = {
  irVersion: z.literal(IR_VERSION),
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
};

/** Fields every compiled scenario carries after its `gym`. */
export const scenarioCommon = {
  title: z.string(),
  source: SourceRef,
  hash: z.string().regex(/^[0-9a-f]{64}$/).describe("SHA-256 of this bundle's canonical JSON without this field."),
  shape: z.string().describe("A short signature of the scenario's difficulty, e.g. 2-3-3 preferences per aspect."),
  maxReturn: z.number().describe("The largest episode return a perfect agent can reach."),
};

export const CompilerInfo = z.object({ name: z.literal("ubench"), version: z.string() });
