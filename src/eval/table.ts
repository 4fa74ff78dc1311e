import type { LlmStats } from "../runtime/llm/stats.js";
import type { MetricSpec } from "../runtime/gyms/gym-runtime.js";
import { gymNames, gymRuntime } from "../runtime/gyms/registry.js";
import type { GroupMetrics, Summary } from "../runs/metrics.js";

/**
 * The end-of-run tables: the common metrics overall, then one table per gym (the gym's row and
 * its shapes' rows) with the common metrics and that gym's own (GymRuntime.metrics).
 */

interface Column {
  title: string;
  value: (m: GroupMetrics) => string;
}

const COMMON: Column[] = [
  { title: "episodes", value: (m) => String(m.episodes) },
  { title: "score", value: (m) => num(m.meanScore) },
  { title: "return", value: (m) => num(m.meanReturn) },
  { title: "turns", value: (m) => num(m.meanTurns, 1) },
  { title: "pass@1", value: (m) => num(m.passAt["1"] ?? null) },
  { title: "errors", value: (m) => String(m.agentErrors) },
  { title: "fallbacks", value: (m) => String(m.simulatorFallbacks) },
];

function num(value: unknown, digits = 3): string {
  return typeof value === "number" ? value.toFixed(digits) : "-";
}

function pct(value: unknown): string {
  return typeof value === "number" ? `${(value * 100).toFixed(1)}%` : "-";
}

/** A gym metric's column: ratios and shares as percentages, means as numbers. */
function gymColumn(spec: MetricSpec): Column {
  return { title: spec.name, value: (m) => (spec.kind === "mean" ? num(m[spec.name], 1) : pct(m[spec.name])) };
}

function renderTable(rows: [string, GroupMetrics][], columns: Column[]): string[] {
  const table = [["group", ...columns.map((c) => c.title)], ...rows.map(([name, m]) => [name, ...columns.map((c) => c.value(m))])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines = table.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return lines;
}

export function formatSummaryTable(summary: Summary): string {
  const lines = renderTable([["overall", summary.overall]], COMMON);
  for (const [gym, m] of Object.entries(summary.byGym)) {
    const rows: [string, GroupMetrics][] = [[`gym ${gym}`, m]];
    for (const shape of summary.shapesByGym[gym] ?? []) {
      const shapeMetrics = summary.byShape[shape];
      if (shapeMetrics) rows.push([`  shape ${shape}`, shapeMetrics]);
    }
    const specs = gymNames().includes(gym) ? gymRuntime(gym).metrics : [];
    lines.push("", ...renderTable(rows, [...COMMON, ...specs.map(gymColumn)]));
  }
  if (summary.trials > 1) {
    const o = summary.overall;
    lines.push("", `pass@k  ${Object.entries(o.passAt).map(([i, v]) => `k=${i}: ${v.toFixed(3)}`).join("  ")}`);
    lines.push(`pass^k  ${Object.entries(o.passHat).map(([i, v]) => `k=${i}: ${v.toFixed(3)}`).join("  ")}`);
  }
  return lines.join("\n");
}

/** One line per LLM-backed role ("agent: 120 requests, 40 cached, ..."); empty when nothing used an LLM. */
export function formatLlmStats(llm: { agent?: LlmStats; user?: LlmStats }): string {
  const line = (role: string, s: LlmStats) =>
    `LLM ${role}: ${s.requests} requests, ${s.cacheHits} from cache, ${s.retries} retries, ${s.failures} failed, ${s.promptTokens}+${s.completionTokens} tokens` +
    (s.truncatedReplies > 0 ? `, ${s.truncatedReplies} replies truncated` : "");
  return [llm.agent && line("agent", llm.agent), llm.user && line("user", llm.user)].filter(Boolean).join("\n");
}
