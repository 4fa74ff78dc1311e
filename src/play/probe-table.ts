import type { Scenario } from "../compiler/ir.js";
import { emptyRevealed, type ProbeRow } from "./lens.js";
import { lensFor } from "./lenses/index.js";

/**
 * `ubc play --probe`: one question against many scenarios, as at the start of an episode with
 * the built-in user, so an author can test cue coverage in bulk: for every preference, detail or
 * reason, whether the question targets it, and why (not).
 */

export interface ProbeTableRow extends ProbeRow {
  scenario: string;
}

export function probeScenarios(scenarios: readonly Scenario[], question: string): ProbeTableRow[] {
  return scenarios.flatMap((s) => lensFor(s).probe(s, question, emptyRevealed()).rows.map((r) => ({ scenario: s.id, ...r })));
}

/** Aligned columns (scenario, item, targeted, why), the last one unpadded, then a count of the hits. */
export function formatProbeTable(rows: readonly ProbeTableRow[]): string {
  const table = [["scenario", "item", "targeted", "why"], ...rows.map((r) => [r.scenario, r.item, r.targeted ? "yes" : "no", r.why])];
  const widths = [0, 1, 2].map((col) => Math.max(...table.map((cells) => cells[col]!.length)));
  const lines = table.map((cells) => cells.map((cell, col) => (col < 3 ? cell.padEnd(widths[col]!) : cell)).join("  "));
  const hits = rows.filter((r) => r.targeted).length;
  const scenarios = new Set(rows.map((r) => r.scenario)).size;
  return `${lines.join("\n")}\n\n${hits} of ${rows.length} item${rows.length === 1 ? "" : "s"} targeted in ${scenarios} scenario${scenarios === 1 ? "" : "s"}`;
}
