import { escapeMd as m, num, pct } from "./escape.js";
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
  const dialogues = model.evals.flatMap((s) => [s.persuade, s.intention].filter((d) => d !== null).map((d) => [m(s.label), d.gym, String(d.episodes), pct(d.successRate), num(d.meanScore), pct(d.onTargetRate)]));
  if (dialogues.length > 0) out.push("### Persuade and intention", "", table(["run", "gym", "episodes", "success", "mean score", "on target"], dialogues), "");
  if (model.trains.length > 0) {
    out.push("### Training", "", table(["run", "iterations", "first → last mean score", "best"], model.trains.map(({ label, curves }) => [m(label), String(curves.iterations.length), `${num(curves.first)} → ${num(curves.last)}`, curves.best ? `${num(curves.best.meanScore)} (iteration ${curves.best.iteration})` : "–"])), "");
  }
  if (model.evals.length > 0) {
    out.push("### Errors", "", table(["run", "agent errors", "simulator fallbacks", "invalid turns"], model.evals.map((s) => [m(s.label), String(s.errors.agentErrors), String(s.errors.simulatorFallbacks), String(s.errors.invalidTurns)])), "");
  }
  return out.join("\n");
}
