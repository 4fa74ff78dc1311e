import { createHash } from "node:crypto";
import type { DialogueAnalysis } from "./dialogue.js";
import { escapeHtml as e, num, pct } from "./escape.js";
import type { EvalSection, ReportModel } from "./model.js";
import { gymsOf } from "./overview.js";
import { ablationCell, type AblationTable } from "./ablation.js";
import type { ChoiceComparison } from "./choice.js";
import { barChart, groupedBarChart, lineChart, scatterChart } from "./svg.js";
import type { Transcript } from "./transcripts.js";

/**
 * The HTML report: one self-contained file. No network (a CSP allows nothing external, and only
 * the one inline script, by hash), every text from the runs escaped, charts as inline SVG, and
 * a small script for the transcript filter; without it every transcript is simply shown.
 */

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #eee}
details.transcript{border:1px solid #ccc;margin:4px 0;padding:2px 6px}details.transcript[data-failed="1"]>summary{color:#b00}
.turn{display:grid;grid-template-columns:1fr 1fr 16em;gap:6px;border-top:1px solid #eee;padding:3px 0}
.turn pre,.opening{white-space:pre-wrap;margin:0;font:12px/1.35 ui-monospace,monospace}.judge{font-size:12px;color:#444}
.invalid{color:#b00}.fallback{background:#fff4e5}.muted{color:#777}[hidden]{display:none!important}`;

/** The filter: reads the form, hides the transcripts that do not match, counts the shown ones. */
const SCRIPT = `(function(){var f=document.getElementById("filter");if(!f)return;f.hidden=false;
var g=document.getElementById("f-gym"),s=document.getElementById("f-scenario"),x=document.getElementById("f-failed"),c=document.getElementById("f-count");
function apply(){var n=0,all=document.querySelectorAll("details.transcript");for(var i=0;i<all.length;i++){var d=all[i];
var ok=(!g.value||d.getAttribute("data-gym")===g.value)&&(!s.value||d.getAttribute("data-scenario")===s.value)&&(!x.checked||d.getAttribute("data-failed")==="1");
d.hidden=!ok;if(ok)n++;}c.textContent=n+" of "+all.length+" shown";}
g.addEventListener("change",apply);s.addEventListener("change",apply);x.addEventListener("change",apply);apply();})();`;

const SCRIPT_HASH = createHash("sha256").update(SCRIPT).digest("base64");

function table(head: readonly string[], rows: readonly (readonly string[])[], cls = ""): string {
  const th = head.map((h) => `<th>${h}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table${cls ? ` class="${cls}"` : ""}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function overview(model: ReportModel): string {
  const rows = model.evals.map((s) => s.overview);
  if (rows.length === 0) return `<section id="overview"><h2>Overview</h2><p class="muted">No eval runs.</p></section>`;
  const gyms = gymsOf(rows);
  const head = ["run", "agent", "user", "settings", "episodes", "score", ...gyms.flatMap((g) => [`${e(g)} score`, `${e(g)} pass@1`, `${e(g)} pass@k / pass^k`])];
  const body = rows.map((r) => [
    e(r.label), e(r.agent), e(r.user),
    e([`trials=${r.trials}`, `seed=${r.seed}`, ...(r.travelMode ? [r.travelMode] : []), ...r.overrides].join(" ")),
    `${r.episodes}${r.complete ? "" : " (incomplete)"}`, num(r.meanScore),
    ...gyms.flatMap((g) => {
      const c = r.byGym[g];
      return c ? [num(c.meanScore), pct(c.passAt1), `${pct(c.passAtK)} / ${pct(c.passHatK)} (k=${r.trials})`] : ["–", "–", "–"];
    }),
  ]);
  const chart = barChart("Mean score per run", rows.map((r) => ({ label: r.label, value: r.meanScore ?? 0, text: num(r.meanScore, 2) })), { yMax: 1 });
  return `<section id="overview"><h2>Overview</h2>${table(head, body)}<div class="charts">${chart}</div></section>`;
}

function choice(c: ChoiceComparison | null): string {
  if (c === null) return "";
  const rows = c.rows.map((r) => [e(r.shape), String(r.one.episodes), num(r.one.meanScore), pct(r.one.bestRate), String(r.multi.episodes), num(r.multi.meanScore), pct(r.multi.bestRate)]);
  const head = ["shape", "one-choice episodes", "one-choice mean score", "one-choice best rate", "multi-choice episodes", "multi-choice mean score", "multi-choice best rate"];
  const modes = ["one-choice", "multi-choice"];
  const charts = [
    groupedBarChart("One-choice vs multi-choice: mean score", c.rows.map((r) => ({ label: r.shape, values: [r.one.meanScore, r.multi.meanScore] })), modes, { text: (v) => num(v, 2) }),
    groupedBarChart("One-choice vs multi-choice: best rate", c.rows.map((r) => ({ label: r.shape, values: [r.one.bestRate, r.multi.bestRate] })), modes, { text: (v) => pct(v) }),
  ];
  return `<h3 id="choice">One-choice vs multi-choice</h3><p>Travel episodes of all runs by answer mode (knobs.one_choice); best rate = share of aspects whose best option was picked.</p>${table(head, rows, "choice")}<div class="charts">${charts.join("")}</div>`;
}

function travel(sections: readonly EvalSection[], choiceComparison: ChoiceComparison | null = null): string {
  const parts = sections.filter((s) => s.travel).map((s) => {
    const t = s.travel!;
    const shapes = table(["shape", "aspects", "preferences", "concentration", "episodes", "mean score"], t.byShape.map((r) => [e(r.shape), String(r.aspects), String(r.preferences), pct(r.concentration), String(r.episodes), num(r.meanScore)]));
    const charts = [
      barChart(`${s.label}: score by shape (most concentrated first)`, t.byShape.map((r) => ({ label: r.shape, value: r.meanScore ?? 0, text: num(r.meanScore, 2) })), { yMax: 1 }),
      barChart(`${s.label}: picks`, [{ label: "best", value: t.picks.best }, { label: "correct", value: t.picks.correct }, { label: "wrong", value: t.picks.wrong }, { label: "refused/other", value: t.picks.other }]),
      barChart(`${s.label}: preferences elicited`, [{ label: "active", value: t.elicitation.active ?? 0, text: pct(t.elicitation.active) }, { label: "passive", value: t.elicitation.passive ?? 0, text: pct(t.elicitation.passive) }, { label: "never", value: t.elicitation.hidden ?? 0, text: pct(t.elicitation.hidden) }], { yMax: 1, yLabel: (v) => pct(v) }),
      barChart(`${s.label}: valid search vs valid question rate`, [{ label: "search", value: t.validSearchRate ?? 0, text: pct(t.validSearchRate) }, { label: "question", value: t.validQuestionRate ?? 0, text: pct(t.validQuestionRate) }], { yMax: 1, yLabel: (v) => pct(v) }),
      barChart(`${s.label}: turn of the first best pick`, [...t.firstBest.turns.map((r) => ({ label: String(r.turn), value: r.episodes })), { label: "none", value: t.firstBest.none }]),
      scatterChart(`${s.label}: score against turns used`, t.scoreVsTurns.points.map((p) => ({ x: p.turns, y: p.score, good: p.success })), "turns used"),
    ];
    const facts = `<p>${t.episodes} episodes · picks: best ${t.picks.best}, correct ${t.picks.correct}, wrong ${t.picks.wrong}, refused/other ${t.picks.other} · elicited actively ${pct(t.elicitation.active)}, passively ${pct(t.elicitation.passive)} of ${t.elicitation.preferences} preferences · valid searches ${pct(t.validSearchRate)}, valid questions ${pct(t.validQuestionRate)} · first best pick at turn ${num(t.firstBest.mean, 1)} on average (${t.firstBest.none} episodes without one)</p>`;
    return `<h3>${e(s.label)}</h3>${facts}${shapes}<div class="charts">${charts.join("")}</div>`;
  });
  return `<section id="travel"><h2>Travel</h2>${parts.length > 0 ? parts.join("\n") : `<p class="muted">No travel episodes.</p>`}${choice(choiceComparison)}</section>`;
}

function dialogue(label: string, d: DialogueAnalysis): string {
  const what = d.gym === "persuade" ? "stance gained toward the goal" : "details covered";
  const rate = d.gym === "persuade" ? "arguments touching a reason" : "questions on task";
  const shapes = table(["shape", "episodes", "success", "mean score"], d.byShape.map((r) => [e(r.shape), String(r.episodes), pct(r.successRate), num(r.meanScore)]));
  const chart = lineChart(`${label}: ${d.gym}, mean ${what} after each turn`, [{ name: what, values: d.progress }], { xTitle: "turn" });
  return `<h3>${e(label)}: ${d.gym}</h3><p>${d.episodes} episodes · success ${pct(d.successRate)} · mean score ${num(d.meanScore)} · ${rate} ${pct(d.onTargetRate)}</p>${shapes}<div class="charts">${chart}</div>`;
}

function dialogues(sections: readonly EvalSection[]): string {
  const parts = sections.flatMap((s) => [s.persuade, s.intention].filter((d): d is DialogueAnalysis => d !== null).map((d) => dialogue(s.label, d)));
  return `<section id="dialogue"><h2>Persuade and intention</h2>${parts.length > 0 ? parts.join("\n") : `<p class="muted">No persuade or intention episodes.</p>`}</section>`;
}

function ablation(a: AblationTable): string {
  const rows = a.turnCredits.map((credit) => [e(credit), ...a.trajectoryScores.map((score) => {
    const c = ablationCell(a, credit, score);
    if (!c) return "–";
    const gyms = Object.entries(c.finalScoreByGym).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([g, v]) => `${e(g)} ${num(v)}`).join(", ");
    const mark = c === a.best ? " <b>(best)</b>" : "";
    return `${num(c.finalMeanScore)}${c.greedyMeanScore !== null ? ` (greedy ${num(c.greedyMeanScore)})` : ""}${mark}${gyms ? `<br><span class="muted">${gyms}</span>` : ""}`;
  })]);
  return `<h4>Ablation: final mean score per turn credit × trajectory score</h4><p class="muted">${e(a.settings.join(" "))}</p>${table(["turn credit \\ trajectory score", ...a.trajectoryScores.map(e)], rows, "ablation")}`;
}

function training(model: ReportModel): string {
  const parts = model.trains.map(({ label, curves, ablation: table }) => {
    if (curves.iterations.length === 0) return `<h3>${e(label)}</h3>${table ? ablation(table) : ""}`;
    const chart = lineChart(`${label}: learning curve`, curves.series, { xLabels: curves.iterations, xTitle: "iteration" });
    return `<h3>${e(label)}</h3><p>${curves.iterations.length} iterations · mean score ${num(curves.first)} → ${num(curves.last)}${curves.best ? ` (best ${num(curves.best.meanScore)} at iteration ${curves.best.iteration})` : ""}</p><div class="charts">${chart}</div>${table ? ablation(table) : ""}`;
  });
  return `<section id="training"><h2>Training</h2>${parts.length > 0 ? parts.join("\n") : `<p class="muted">No train runs.</p>`}</section>`;
}

function errors(sections: readonly EvalSection[]): string {
  const rows = sections.flatMap((s) => s.errors.byGym.map((g) => [e(s.label), e(g.gym), String(g.agentErrors), String(g.simulatorFallbacks), String(g.invalidTurns)]));
  const reasons = sections.flatMap((s) => [
    ...s.errors.fallbackReasons.map((r) => [e(s.label), "simulator fallback", e(r.reason), String(r.count)]),
    ...s.errors.agentErrorMessages.map((m) => [e(s.label), "agent error", e(m.message), String(m.count)]),
  ]);
  return `<section id="errors"><h2>Errors and fallbacks</h2>${table(["run", "gym", "agent errors", "simulator fallbacks", "invalid turns"], rows)}${reasons.length > 0 ? table(["run", "what", "reason", "count"], reasons) : `<p>No simulator fallbacks and no agent errors.</p>`}</section>`;
}

function transcriptHtml(t: Transcript): string {
  const failed = t.success ? "0" : "1";
  const hidden = t.hidden.revealed.map((h) => `<li>${e(h.id)}: turn ${h.turn} (${e(h.how)})</li>`);
  const left = t.hidden.total !== null ? t.hidden.total - t.hidden.revealed.length : null;
  const hiddenHtml = `<p>Hidden ${e(t.hidden.noun)}s${t.hidden.total !== null ? ` (${t.hidden.total})` : ""}:</p><ul class="hidden-items">${hidden.join("")}${left !== null && left > 0 ? `<li class="muted">${left} never ${t.gym === "travel" ? "revealed" : t.gym === "persuade" ? "touched" : "covered"}</li>` : ""}</ul>`;
  const turns = t.turns.map((turn) => `<div class="turn${turn.fallback ? " fallback" : ""}" data-turn="${turn.turn}"><div><b>${turn.turn}. agent</b>${turn.choice ? ` [${e(turn.choice)}]` : ""}<pre>${e(turn.raw)}</pre>${turn.invalid !== undefined ? `<div class="invalid">invalid: ${e(turn.invalid)}</div>` : ""}</div><div><b>user / env</b><pre>${e(turn.feedback)}</pre></div><div class="judge">reward ${num(turn.reward)}${turn.judgements.map((j) => `<div>${e(j)}</div>`).join("")}</div></div>`);
  const summary = `${e(t.key)} · ${e(t.gym)} · ${e(t.shape)} · ${t.success ? "success" : "failed"} · score ${num(t.score)} · return ${num(t.return)} · ${t.turns.length} turns · ${e(t.status)}`;
  return `<details class="transcript" data-gym="${e(t.gym)}" data-scenario="${e(t.scenarioId)}" data-failed="${failed}"><summary>${summary}</summary>${t.error !== undefined ? `<p class="invalid">agent error: ${e(t.error)}</p>` : ""}<p><b>opening</b></p><pre class="opening">${e(t.opening)}</pre>${hiddenHtml}${turns.join("")}</details>`;
}

function transcripts(model: ReportModel): string {
  const gyms = [...new Set(model.transcripts.map((t) => t.gym))].sort();
  const scenarios = [...new Set(model.transcripts.map((t) => t.scenarioId))].sort();
  const option = (v: string) => `<option value="${e(v)}">${e(v)}</option>`;
  const filter = `<form id="filter" hidden><label>gym <select id="f-gym"><option value="">all</option>${gyms.map(option).join("")}</select></label> <label>scenario <select id="f-scenario"><option value="">all</option>${scenarios.map(option).join("")}</select></label> <label><input type="checkbox" id="f-failed"> failed only</label> <span id="f-count"></span></form>`;
  return `<section id="transcripts"><h2>Transcripts</h2>${filter}\n${model.transcripts.map(transcriptHtml).join("\n")}</section>`;
}

export function renderHtml(model: ReportModel): string {
  const labels = [...model.evals.map((s) => s.label), ...model.trains.map((t) => t.label)];
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${SCRIPT_HASH}'`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ubench report: ${e(labels.join(", "))}</title><style>${STYLE}</style></head>
<body><h1>ubench report</h1><p>Runs: ${labels.map(e).join(", ")}</p>
<nav><a href="#overview">Overview</a> · <a href="#travel">Travel</a> · <a href="#dialogue">Persuade and intention</a> · <a href="#training">Training</a> · <a href="#errors">Errors</a> · <a href="#transcripts">Transcripts</a></nav>
${overview(model)}
${travel(model.evals, model.choice)}
${dialogues(model.evals)}
${training(model)}
${errors(model.evals)}
${transcripts(model)}
<script>${SCRIPT}</script>
</body></html>
`;
}
