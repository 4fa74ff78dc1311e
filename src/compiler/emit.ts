import { createHash } from "node:crypto";
import { Scenario } from "./ir.js";

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * The bundle's bytes: validated by the zod schema (which also fixes key order to the schema's),
 * two-space JSON with a final newline. The `hash` covers everything else in the bundle, so two
 * bundles with one hash behave the same.
 */
export function finalizeScenario(draft: Omit<Scenario, "hash">): { ir: Scenario; json: string } {
  const unhashed = Scenario.parse({ ...draft, hash: "0".repeat(64) });
  const { hash: _placeholder, ...rest } = unhashed;
  const hash = sha256(JSON.stringify(rest));
  const ir = Scenario.parse({ ...rest, hash });
  return { ir, json: JSON.stringify(ir, null, 2) + "\n" };
}
