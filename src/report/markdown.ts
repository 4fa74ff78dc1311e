import { escapeMd as m, num, pct } from "./escape.js";
import { ablationCell } from "./ablation.js";
import type { ReportModel } from "./model.js";
import { gymsOf } from "./overview.js";

/** The Markdown summary for a pull request: overview, travel, persuade/intention, training, errors (no transcripts). */

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

export function renderMarkdown(model: ReportModel): string {
  const out: string[] = ["## ubench report", ""];
  const rows = model.evals.map((s) => s.overview);
  if (rows.length > 0) {
    const gyms = gymsOf(rows);
    out.push("### Overview", "", table(
      ["run", "agent", "user", "settings", "episodes", "score", ...gyms.map((g) => `${m(g)} score · pass@1 · pass^k`)],
      rows.map((r) => [
        m(r.label), m(r.agent), m(r.user),
        m([`trials=${r.trials}`, `seed=${r.seed}`, ...(r.travelMode ? [r.travelMode] : []), ...r.overrides].join(" ")),
        `${r.episodes}${r.complete ? "" : " (incomplete)"}`, num(r.meanScore),
        ...gyms.map((g) => {
          const c = r.byGym[g];
          return c ? `${num(c.meanScore)} · ${pct(c.passAt1)} · ${pct(c.passHatK)}` : "–";
        }),
      ]),
    ), "");
  }
  if (model.userrl && model.userrl.length > 0) {
    out.push("### UserRL metrics", "", table(
      ["run", "gym", "items", "episodes", "micro_avg", "micro_max", "leaderboard score"],
      model.userrl.flatMap((t) => [
        ...t.gyms.map((g) => [m(t.label), m(g.gym) + (g.rule === "turns" ? " (per turn)" : ""), String(g.items), String(g.episodes), num(g.microAvg, 4), num(g.microMax, 4), num(g.score, 4)]),
        [m(t.label), "**weighted average**", String(t.items), "", "", "", `**${num(t.weightedAverage, 4)}**`],
      ]),
    ), "", "Defined in docs/report.md (`ubc report --userrl`): micro_avg / micro_max as UserRL's eval.py, the leaderboard score and its item-weighted average as its analyze.py.", "");
  }
  const travel = model.evals.filter((s) => s.travel);
  if (travel.length > 0) {
    out.push("### Travel", "", table(
      ["run", "best / correct / wrong picks", "active / passive elicitation", "valid search / question", "first best turn", "score by shape (concentrated first)"],
      travel.map((s) => {
        const t = s.travel!;
        return [m(s.label), `${t.picks.best} / ${t.picks.correct} / ${t.picks.wrong}`, `${pct(t.elicitation.active)} / ${pct(t.elicitation.passive)}`, `${pct(t.validSearchRate)} / ${pct(t.validQuestionRate)}`, num(t.firstBest.mean, 1), t.byShape.map((r) => `${m(r.shape)}: ${num(r.meanScore, 2)}`).join(", ")];
      }),
    ), "");
  }
  if (model.choice) {
    out.push("### One-choice vs multi-choice (travel)", "", table(
      ["shape", "one-choice episodes", "one-choice mean score", "one-choice best rate", "multi-choice episodes", "multi-choice mean score", "multi-choice best rate"],
      model.choice.rows.map((r) => [m(r.shape), String(r.one.episodes), num(r.one.meanScore), pct(r.one.bestRate), String(r.multi.episodes), num(r.multi.meanScore), pct(r.multi.bestRate)]),
    ), "", "Best rate: share of aspects whose best option was picked.", "");
  }
  const dialogues = model.evals.flatMap((s) => [s.persuade, s.intention].filter((d) => d !== null).map((d) => [m(s.label), d.gym, String(d.episodes), pct(d.successRate), num(d.meanScore), pct(d.onTargetRate)]));
  if (dialogues.length > 0) out.push("### Persuade and intention", "", table(["run", "gym", "episodes", "success", "mean score", "on target"], dialogues), "");
  if (model.trains.length > 0) {
    out.push("### Training", "");
    const withCurves = model.trains.filter((t) => t.curves.iterations.length > 0);
    if (withCurves.length > 0) out.push(table(["run", "iterations", "first → last mean score", "best"], withCurves.map(({ label, curves }) => [m(label), String(curves.iterations.length), `${num(curves.first)} → ${num(curves.last)}`, curves.best ? `${num(curves.best.meanScore)} (iteration ${curves.best.iteration})` : "–"])), "");
    for (const { label, ablation } of model.trains) {
      if (!ablation) continue;
      out.push(`Ablation of ${m(label)}: final mean score (greedy) per turn credit × trajectory score`, "", table(
        ["turn credit \\ trajectory score", ...ablation.trajectoryScores.map(m)],
        ablation.turnCredits.map((credit) => [m(credit), ...ablation.trajectoryScores.map((score) => {
          const c = ablationCell(ablation, credit, score);
          return c ? `${num(c.finalMeanScore)}${c.greedyMeanScore !== null ? ` (${num(c.greedyMeanScore)})` : ""}${c === ablation.best ? " **best**" : ""}` : "–";
        })]),
      ), "");
    }
  }
  if (model.evals.length > 0) {
    out.push("### Errors", "", table(["run", "agent errors", "simulator fallbacks", "invalid turns"], model.evals.map((s) => [m(s.label), String(s.errors.agentErrors), String(s.errors.simulatorFallbacks), String(s.errors.invalidTurns)])), "");
  }
  return out.join("\n");
}
