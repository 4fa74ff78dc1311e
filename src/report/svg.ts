import { escapeHtml } from "./escape.js";

/**
 * Tiny inline-SVG charts, drawn at build time: no scripts, no fonts, fixed sizes and fixed number
 * formatting, so the same data gives the same bytes. Each chart is an <svg> with role="img", its
 * title both as <title> and printed above the plot, and a data-chart attribute naming its kind.
 */

const W = 420;
const H = 220;
const M = { left: 44, right: 12, top: 30, bottom: 40 };
const PALETTE = ["#3867d6", "#e67e22", "#20bf6b", "#8854d0", "#eb3b5a", "#0fb9b1", "#a5b1c2"];

const f = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

export function color(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

function frame(kind: string, title: string, body: string, yMax: number, yLabel: (v: number) => string): string {
  const ticks = [0, 0.5, 1].map((r) => {
    const y = M.top + (H - M.top - M.bottom) * (1 - r);
    return `<line x1="${M.left}" x2="${W - M.right}" y1="${f(y)}" y2="${f(y)}" stroke="#ddd"/><text x="${M.left - 4}" y="${f(y + 3)}" text-anchor="end" font-size="10">${escapeHtml(yLabel(yMax * r))}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${kind}" role="img" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><title>${escapeHtml(title)}</title><text class="chart-title" x="${W / 2}" y="16" text-anchor="middle" font-size="12" font-weight="bold">${escapeHtml(title)}</text>${ticks.join("")}${body}</svg>`;
}

export interface Bar {
  label: string;
  value: number;
  /** Shown above the bar; defaults to the value. */
  text?: string;
}

/** Vertical bars from 0 to yMax (default: the largest value, at least 1). */
export function barChart(title: string, bars: readonly Bar[], options: { yMax?: number; yLabel?: (v: number) => string } = {}): string {
  const yMax = options.yMax ?? Math.max(1, ...bars.map((b) => b.value));
  const yLabel = options.yLabel ?? ((v: number) => String(Math.round(v * 100) / 100));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / Math.max(1, bars.length);
  const body = bars.map((b, i) => {
    const h = yMax > 0 ? (Math.max(0, b.value) / yMax) * plotH : 0;
    const x = M.left + i * slot + slot * 0.15;
    const y = M.top + plotH - h;
    return `<rect class="bar" x="${f(x)}" y="${f(y)}" width="${f(slot * 0.7)}" height="${f(h)}" fill="${color(i)}"><title>${escapeHtml(`${b.label}: ${b.text ?? String(b.value)}`)}</title></rect>` +
      `<text x="${f(x + slot * 0.35)}" y="${f(y - 2)}" text-anchor="middle" font-size="10">${escapeHtml(b.text ?? String(b.value))}</text>` +
      `<text x="${f(x + slot * 0.35)}" y="${H - M.bottom + 14}" text-anchor="middle" font-size="10">${escapeHtml(b.label)}</text>`;
  });
  return frame("bar", title, body.join(""), yMax, yLabel);
}

export interface Series {
  name: string;
  /** One value per x position (index), null for a gap. */
  values: readonly (number | null)[];
}

/** Lines over x = 1..n (or the given x labels), y from 0 to yMax (default 1), with a legend. */
export function lineChart(title: string, series: readonly Series[], options: { yMax?: number; xLabels?: readonly number[]; xTitle?: string } = {}): string {
  const yMax = options.yMax ?? 1;
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (i: number) => M.left + (n === 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number) => M.top + plotH - (Math.min(Math.max(v, 0), yMax) / yMax) * plotH;
  const lines = series.map((s, si) => {
    const points = s.values.map((v, i) => (v === null ? null : `${f(x(i))},${f(y(v))}`)).filter((p): p is string => p !== null);
    const legend = `<rect x="${M.left + si * 90}" y="${H - 14}" width="10" height="10" fill="${color(si)}"/><text x="${M.left + si * 90 + 14}" y="${H - 5}" font-size="10">${escapeHtml(s.name)}</text>`;
    return `<polyline class="series" data-series="${escapeHtml(s.name)}" fill="none" stroke="${color(si)}" stroke-width="2" points="${points.join(" ")}"/>${legend}`;
  });
  const labels = options.xLabels ?? Array.from({ length: n }, (_, i) => i + 1);
  const xTicks = [0, n - 1].filter((v, i, a) => a.indexOf(v) === i).map((i) => `<text x="${f(x(i))}" y="${H - M.bottom + 14}" text-anchor="middle" font-size="10">${escapeHtml(String(labels[i] ?? i + 1))}</text>`);
  const xTitle = options.xTitle ? `<text x="${W / 2}" y="${H - M.bottom + 14}" text-anchor="middle" font-size="10">${escapeHtml(options.xTitle)}</text>` : "";
  return frame("line", title, lines.join("") + xTicks.join("") + xTitle, yMax, (v) => String(Math.round(v * 100) / 100));
}

/** A scatter of (x, y) points, y from 0 to 1; `good` points are drawn filled. */
export function scatterChart(title: string, points: readonly { x: number; y: number; good: boolean }[], xTitle: string): string {
  const xMax = Math.max(1, ...points.map((p) => p.x));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const dots = points.map((p) => {
    const cx = M.left + (p.x / xMax) * plotW;
    const cy = M.top + plotH - Math.min(Math.max(p.y, 0), 1) * plotH;
    return `<circle class="dot" cx="${f(cx)}" cy="${f(cy)}" r="3" fill="${p.good ? color(0) : "none"}" stroke="${color(0)}"/>`;
  });
  const axis = `<text x="${M.left}" y="${H - M.bottom + 14}" font-size="10">0</text><text x="${W - M.right}" y="${H - M.bottom + 14}" text-anchor="end" font-size="10">${xMax}</text><text x="${W / 2}" y="${H - M.bottom + 14}" text-anchor="middle" font-size="10">${escapeHtml(xTitle)}</text>`;
  return frame("scatter", title, dots.join("") + axis, 1, (v) => String(v));
}

/** Bars grouped per label, one bar per series (coloured, with a legend), from 0 to yMax (default 1). */
export function groupedBarChart(title: string, groups: readonly { label: string; values: readonly (number | null)[] }[], seriesNames: readonly string[], options: { yMax?: number; text?: (v: number | null) => string } = {}): string {
  const yMax = options.yMax ?? 1;
  const text = options.text ?? ((v: number | null) => (v === null ? "–" : String(Math.round(v * 100) / 100)));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / Math.max(1, groups.length);
  const barW = (slot * 0.8) / Math.max(1, seriesNames.length);
  const bars = groups.flatMap((g, gi) => g.values.map((v, si) => {
    const h = yMax > 0 ? (Math.min(Math.max(v ?? 0, 0), yMax) / yMax) * plotH : 0;
    const x = M.left + gi * slot + slot * 0.1 + si * barW;
    const y = M.top + plotH - h;
    const name = seriesNames[si] ?? String(si);
    return `<rect class="bar" data-series="${escapeHtml(name)}" x="${f(x)}" y="${f(y)}" width="${f(barW * 0.9)}" height="${f(h)}" fill="${color(si)}"><title>${escapeHtml(`${g.label}, ${name}: ${text(v)}`)}</title></rect>` +
      `<text x="${f(x + barW * 0.45)}" y="${f(y - 2)}" text-anchor="middle" font-size="9">${escapeHtml(text(v))}</text>`;
  }).join("") + `<text x="${f(M.left + gi * slot + slot / 2)}" y="${H - M.bottom + 14}" text-anchor="middle" font-size="10">${escapeHtml(g.label)}</text>`);
  const legend = seriesNames.map((s, si) => `<rect x="${M.left + si * 110}" y="${H - 14}" width="10" height="10" fill="${color(si)}"/><text x="${M.left + si * 110 + 14}" y="${H - 5}" font-size="10">${escapeHtml(s)}</text>`);
  return frame("grouped-bar", title, bars.join("") + legend.join(""), yMax, (v) => String(Math.round(v * 100) / 100));
}
