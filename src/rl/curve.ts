/**
 * curve.svg: the mean score per iteration, one line per gym, as a small hand-written SVG (no
 * dependency, deterministic text).
 */

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * series: gym → mean score per iteration (the first iteration at index 0). The axis counts
 * iterations from 1, as the console's "iteration 1/30" does.
 */
export function curveSvg(series: ReadonlyMap<string, readonly number[]>, title = "mean score per iteration"): string {
  const width = 640;
  const height = 360;
  const left = 50;
  const right = 120;
  const top = 30;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const longest = Math.max(1, ...[...series.values()].map((s) => s.length));
  const x = (i: number) => left + (longest <= 1 ? plotW / 2 : (i / (longest - 1)) * plotW);
  const y = (v: number) => top + (1 - Math.min(1, Math.max(0, v))) * plotH;
  const f = (n: number) => n.toFixed(1);
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="18" font-size="14">${esc(title)}</text>`,
  ];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    lines.push(`<line x1="${left}" y1="${f(y(tick))}" x2="${left + plotW}" y2="${f(y(tick))}" stroke="#ddd"/>`);
    lines.push(`<text x="${left - 8}" y="${f(y(tick) + 4)}" text-anchor="end">${tick.toFixed(2)}</text>`);
  }
  lines.push(`<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#333"/>`);
  lines.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333"/>`);
  for (const i of new Set([0, longest - 1])) lines.push(`<text x="${f(x(i))}" y="${top + plotH + 16}" text-anchor="middle">${i + 1}</text>`);
  lines.push(`<text x="${left + plotW / 2}" y="${height - 8}" text-anchor="middle">iteration (1 … ${longest})</text>`);
  [...series.entries()].forEach(([gym, values], k) => {
    const color = COLORS[k % COLORS.length]!;
    const points = values.map((v, i) => `${f(x(i))},${f(y(v))}`).join(" ");
    lines.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>`);
    lines.push(`<text x="${left + plotW + 10}" y="${top + 14 + 16 * k}" fill="${color}">${esc(gym)}</text>`);
  });
  lines.push("</svg>");
  return lines.join("\n") + "\n";
}
