import { UsageError } from "../user-error.js";
/**
 * The text of run-time overrides (`--set key=value`): split here, typed against the scenario by
 * src/runtime/overrides.ts. Apart from overrides.ts, which loads the compiler's IR and the gym
 * runtimes, so that `ubc eval` can check each --set as commander reads it while --help loads
 * nothing but commander: keep this file free of imports.
 */

export class OverrideError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "OverrideError";
  }
}

/** `key=value` → [key, value]; the value is still text (typed against the scenario later). */
export function parseOverride(text: string): [string, string] {
  const at = text.indexOf("=");
  if (at <= 0) throw new OverrideError(`--set '${text}': expected key=value, e.g. rewards.elicit=0.6 or knobs.max_turns=16`);
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

/** Parses every `--set` item into one map (a later key wins). */
export function parseOverrides(items: readonly string[]): Record<string, string> {
  return Object.fromEntries(items.map(parseOverride));
}
