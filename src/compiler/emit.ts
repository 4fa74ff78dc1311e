import { createHash } from "node:crypto";
import type { Scenario } from "./ir.js";

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * The bundle's bytes: compact JSON with a final newline, keys in the schema's order (the lowering
 * builds objects in that order; tests validate every emitted bundle against the zod schema and
 * the published JSON Schema, and the runtime validates bundles it loads). `hash` is the SHA-256
 * of the bundle's compact JSON without it, so two bundles with one hash behave the same.
 *
 * The body is stringified once: the hashed text and the bundle differ only by the `hash` entry,
 * which is spliced in after `source`. (Indented JSON was 2.4 times the bytes and a tenth of the
 * compile time; `jq .` shows a bundle indented.)
 */
export function finalizeScenario(draft: Omit<Scenario, "hash">): { ir: Scenario; json: string } {
  const { irVersion, id, gym, title, source, ...body } = draft;
  const head = JSON.stringify({ irVersion, id, gym, title, source });
  const rest = JSON.stringify(body);
  const hashed = rest === "{}" ? head : `${head.slice(0, -1)},${rest.slice(1)}`;
  const hash = sha256(hashed);
  const json = `${head.slice(0, -1)},"hash":${JSON.stringify(hash)}${rest === "{}" ? "}" : `,${rest.slice(1)}`}\n`;
  const ir = { irVersion, id, gym, title, source, hash, ...body } as Scenario;
  return { ir, json };
}
