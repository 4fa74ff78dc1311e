/**
 * The ablation table of a `ubc train --compare --out DIR` run (DIR/compare.json): final mean
 * score per turn credit × trajectory score, with the greedy score of the final policy when given.
 */

export interface AblationCell {
  turnCredit: string;
  trajectoryScore: string;
  finalMeanScore: number;
  finalScoreByGym: Record<string, number>;
  greedyMeanScore: number | null;
}

export interface AblationTable {
  /** Row and column keys in the order of the file. */
  turnCredits: string[];
  trajectoryScores: string[];
  cells: AblationCell[];
  /** The cell with the highest final mean score (first in file order on ties). */
  best: AblationCell | null;
  /** Shared settings, as "key=value" (scenarios as their ids). */
  settings: string[];
}

function settingsText(settings: Record<string, unknown>): string[] {
  return Object.entries(settings).map(([k, v]) => {
    if (k === "scenarios" && Array.isArray(v)) return `scenarios=${v.map((s) => (typeof s === "object" && s !== null && "id" in s ? String(s.id) : String(s))).join(",")}`;
    return `${k}=${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`;
  });
}

export function ablationTable(settings: Record<string, unknown>, cells: readonly AblationCell[]): AblationTable {
  let best: AblationCell | null = null;
  for (const c of cells) if (best === null || c.finalMeanScore > best.finalMeanScore) best = c;
  return {
    turnCredits: [...new Set(cells.map((c) => c.turnCredit))],
    trajectoryScores: [...new Set(cells.map((c) => c.trajectoryScore))],
    cells: [...cells],
    best,
    settings: settingsText(settings),
  };
}

export function ablationCell(table: AblationTable, turnCredit: string, trajectoryScore: string): AblationCell | undefined {
  return table.cells.find((c) => c.turnCredit === turnCredit && c.trajectoryScore === trajectoryScore);
}
