import { createHash } from "node:crypto";
import type { Scenario } from "./ir.js";

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * The bundle's bytes: two-space JSON with a final newline, keys in the schema's order (the
 * lowering builds objects in that order; tests validate every emitted bundle against the zod
 * schema and the published JSON Schema, and the runtime validates bundles it loads). `hash`
 * covers everything else in the bundle, so two bundles with one hash behave the same.
 */
export function finalizeScenario(draft: Omit<Scenario, "hash">): { ir: Scenario; json: string } {
  const { irVersion, id, gym, title, source, ...body } = draft;
  const hash = sha256(JSON.stringify({ irVersion, id, gym, title, source, ...body }));
  const ir = { irVersion, id, gym, title, source, hash, ...body } as Scenario;
  return { ir, json: JSON.stringify(ir, null, 2) + "\n" };
}
