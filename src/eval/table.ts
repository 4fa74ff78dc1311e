import type { LlmStats } from "../runtime/llm/stats.js";
import type { GroupMetrics, Summary } from "./metrics.js";

/** The end-of-run table: one row per group (overall, then each gym and shape). */

const COLUMNS: { title: string; value: (m: GroupMetrics) => string }[] = [
  { title: "episodes", value: (m) => String(m.episodes) },
  { title: "score", value: (m) => num(m.meanScore) },
  { title: "return", value: (m) => num(m.meanReturn) },
  { title: "best", value: (m) => pct(m.bestRate) },
  { title: "correct", value: (m) => pct(m.correctRate) },
  { title: "active", value: (m) => pct(m.activeElicitation) },
  { title: "passive", value: (m) => pct(m.passiveElicitation) },
  { title: "search ok", value: (m) => pct(m.validSearchRate) },
  { title: "ask ok", value: (m) => pct(m.validActionRate) },
  { title: "turns", value: (m) => num(m.meanTurns, 1) },
  { title: "pass@1", value: (m) => num(m.passAt["1"] ?? null) },
  { title: "errors", value: (m) => String(m.agentErrors) },
  { title: "fallbacks", value: (m) => String(m.simulatorFallbacks) },
];

function num(value: number | null, digits = 3): string {
  return value === null ? "-" : value.toFixed(digits);
}

function pct(value: number | null): string {
  return value === null ? "-" : `${(value * 100).toFixed(1)}%`;
}

export function formatSummaryTable(summary: Summary): string {
  const rows: [string, GroupMetrics][] = [["overall", summary.overall]];
  for (const [gym, m] of Object.entries(summary.byGym)) rows.push([`gym ${gym}`, m]);
  for (const [shape, m] of Object.entries(summary.byShape)) rows.push([`shape ${shape}`, m]);
  const table = [["group", ...COLUMNS.map((c) => c.title)], ...rows.map(([name, m]) => [name, ...COLUMNS.map((c) => c.value(m))])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines = table.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  const k = summary.trials;
  if (k > 1) {
    const o = summary.overall;
    lines.push("", `pass@k  ${Object.entries(o.passAt).map(([i, v]) => `k=${i}: ${v.toFixed(3)}`).join("  ")}`);
    lines.push(`pass^k  ${Object.entries(o.passHat).map(([i, v]) => `k=${i}: ${v.toFixed(3)}`).join("  ")}`);
  }
  return lines.join("\n");
}

/** One line per LLM-backed role ("agent: 120 requests, 40 cached, ..."); empty when nothing used an LLM. */
export function formatLlmStats(llm: { agent?: LlmStats; user?: LlmStats }): string {
  const line = (role: string, s: LlmStats) =>
    `LLM ${role}: ${s.requests} requests, ${s.cacheHits} from cache, ${s.retries} retries, ${s.failures} failed, ${s.promptTokens}+${s.completionTokens} tokens`;
  return [llm.agent && line("agent", llm.agent), llm.user && line("user", llm.user)].filter(Boolean).join("\n");
}
