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
 * a small script for the transcript filter and pages; without it every transcript is shown
 * (collapsed, as they always start).
 */

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #eee}
details.transcript{border:1px solid #ccc;margin:4px 0;padding:2px 6px}details.transcript[data-failed="1"]>summary{color:#b00}
.turn{display:grid;grid-template-columns:1fr 1fr 16em;gap:6px;border-top:1px solid #eee;padding:3px 0}
.turn pre,.opening{white-space:pre-wrap;margin:0;font:12px/1.35 ui-monospace,monospace}.judge{font-size:12px;color:#444}
.turn>div>b{display:block}table.hidden{font-size:13px}table.hidden tr.never td:last-child{color:#b00}
.note{background:#fff4e5;border-left:3px solid #e90;padding:2px 8px;margin:4px 0}.note pre{white-space:pre-wrap;margin:0;font-size:12px}
#filter button{min-width:7em}
.invalid{color:#b00}.fallback{background:#fff4e5}.muted{color:#777}[hidden]{display:none!important}`;

/**
 * The filter and pager: reads the form, keeps the transcripts that match, shows one page of
 * them and hides the rest, counts them. A change of filter goes back to the first page.
 */
const SCRIPT = `(function(){var f=document.getElementById("filter");if(!f)return;f.hidden=false;
function $(i){return document.getElementById(i);}
var g=$("f-gym"),s=$("f-scenario"),x=$("f-failed"),z=$("f-size"),c=$("f-count"),p=$("f-page"),pv=$("f-prev"),nx=$("f-next");
var all=document.querySelectorAll("details.transcript"),page=0;
function apply(){var size=Number(z.value)||Infinity,m=[];for(var i=0;i<all.length;i++){var d=all[i];
if((!g.value||d.getAttribute("data-gym")===g.value)&&(!s.value||d.getAttribute("data-scenario")===s.value)&&(!x.checked||d.getAttribute("data-failed")==="1"))m.push(d);else d.hidden=true;}
var pages=Math.max(1,Math.ceil(m.length/size));if(page>pages-1)page=pages-1;if(page<0)page=0;
for(var j=0;j<m.length;j++)m[j].hidden=Math.floor(j/size)!==page;
var from=page===0?0:page*size;c.textContent=m.length+" of "+all.length+" match"+(m.length>0?", showing "+(from+1)+"\u2013"+Math.min(m.length,from+size):"");
p.textContent="page "+(page+1)+" of "+pages;pv.disabled=page===0;nx.disabled=page>=pages-1;}
function first(){page=0;apply();}
function turn(by){page+=by;apply();f.scrollIntoView();}
g.addEventListener("change",first);s.addEventListener("change",first);x.addEventListener("change",first);z.addEventListener("change",first);
pv.addEventListener("click",function(){turn(-1);});nx.addEventListener("click",function(){turn(1);});apply();})();`;

/** Transcripts per page unless the reader picks another size. */
export const PAGE_SIZES = [20, 50, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

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

function userrl(model: ReportModel): string {
  if (model.userrl === null) return "";
  if (model.userrl.length === 0) return `<section id="userrl"><h2>UserRL metrics</h2><p class="muted">No eval runs.</p></section>`;
  const rows = model.userrl.flatMap((t) => [
    ...t.gyms.map((g) => [e(t.label), e(g.gym) + (g.rule === "turns" ? ` <span class="muted">(per turn)</span>` : ""), String(g.items), String(g.episodes), num(g.microAvg, 4), num(g.microMax, 4), num(g.score, 4)]),
    [e(t.label), "<b>weighted average</b>", String(t.items), "", "", "", `<b>${num(t.weightedAverage, 4)}</b>`],
  ]);
  const intro = `<p>As UserRL reports them (defined in docs/report.md): micro_avg and micro_max per gym (eval.py: per item, the mean and max over trials of Σ turn rewards; travel: the mean and max turn reward of the last trial), the leaderboard score (analyze.py: micro_avg, but travel by the best answer reward per aspect over the aspect count) and its average weighted by items.</p>`;
  return `<section id="userrl"><h2>UserRL metrics</h2>${intro}${table(["run", "gym", "items", "episodes", "micro_avg", "micro_max", "leaderboard score"], rows, "userrl")}</section>`;
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

const revealedWord: Record<string, string> = { travel: "revealed", persuade: "touched", intention: "covered" };

/** The scenario's hidden items: one row each with its text and the turn it came out, or "never revealed". */
function hiddenHtml(t: Transcript): string {
  const h = t.hidden;
  const revealed = h.items.filter((i) => i.turn !== null).length;
  const word = revealedWord[t.gym] ?? "revealed";
  const head = `<p><b>Hidden ${e(h.noun)}s</b>${h.total !== null ? ` (${h.total}, ${revealed} ${word})` : ""}</p>`;
  const note = h.missing !== null ? `<p class="note">Texts unavailable, ${e(h.noun)}s shown by id only: ${e(h.missing)}</p>` : "";
  const facts = h.facts.length > 0 ? `<table class="facts">${h.facts.map((f) => `<tr><th>${e(f.label)}</th><td>${e(f.text)}</td></tr>`).join("")}</table>` : "";
  const when = (turn: number | null, how: string | null) => (turn === null ? "never revealed" : `turn ${turn}${how !== null ? ` (${e(how)})` : ""}`);
  const rows = h.items.map((i) => {
    const text = i.text === null ? `<span class="muted">–</span>` : `${e(i.text)}${i.answers && i.answers.length > 0 ? `<br><span class="muted">answers: ${i.answers.map(e).join(" | ")}</span>` : ""}`;
    return `<tr${i.turn === null ? ` class="never"` : ""}><td>${e(i.id)}</td><td>${i.label === null ? "–" : e(i.label)}</td><td>${text}</td><td>${when(i.turn, i.how)}</td></tr>`;
  });
  const unknown = h.missing !== null && h.total !== null ? h.total - h.items.length : 0;
  if (unknown > 0) rows.push(`<tr class="never"><td colspan="3" class="muted">${unknown} more, ids unknown</td><td>never revealed</td></tr>`);
  const items = rows.length > 0 ? `<table class="hidden"><thead><tr><th>id</th><th>${t.gym === "travel" ? "aspect / about" : t.gym === "intention" ? "importance: name" : "name"}</th><th>${t.gym === "travel" ? "says" : "about"}</th><th>revealed</th></tr></thead><tbody>${rows.join("")}</tbody></table>` : "";
  return `<div class="hidden-items">${head}${note}${facts}${items}</div>`;
}

function turnHtml(turn: Transcript["turns"][number]): string {
  const agent = `<div><b>${turn.turn}. agent${turn.choice ? ` [${e(turn.choice)}]` : ""}</b><pre>${e(turn.raw)}</pre>${turn.invalid !== undefined ? `<div class="invalid">invalid: ${e(turn.invalid)}</div>` : ""}</div>`;
  const judge = `<div class="judge">reward ${num(turn.reward)}${turn.judgements.map((j) => `<div>${e(j)}</div>`).join("")}</div>`;
  return `<div class="turn${turn.fallback ? " fallback" : ""}">${agent}<div><b>user / env</b><pre>${e(turn.feedback)}</pre></div>${judge}</div>`;
}

function transcriptHtml(t: Transcript): string {
  const failed = t.success ? "0" : "1";
  const revealed = t.hidden.total !== null ? ` · ${t.hidden.items.filter((i) => i.turn !== null).length}/${t.hidden.total} ${e(t.hidden.noun)}s` : "";
  const summary = `${e(t.key)} · ${e(t.gym)} · ${e(t.shape)} · ${t.success ? "success" : "failed"} · score ${num(t.score)} · return ${num(t.return)} · ${t.turns.length} turns${revealed} · ${e(t.status)}`;
  return `<details class="transcript" data-gym="${e(t.gym)}" data-scenario="${e(t.scenarioId)}" data-failed="${failed}"><summary>${summary}</summary>${t.error !== undefined ? `<p class="invalid">agent error: ${e(t.error)}</p>` : ""}<p><b>opening</b></p><pre class="opening">${e(t.opening)}</pre>${hiddenHtml(t)}${t.turns.map(turnHtml).join("")}</details>`;
}

function transcripts(model: ReportModel): string {
  const gyms = [...new Set(model.transcripts.map((t) => t.gym))].sort();
  const scenarios = [...new Set(model.transcripts.map((t) => t.scenarioId))].sort();
  const option = (v: string) => `<option value="${e(v)}">${e(v)}</option>`;
  const sizes = [...PAGE_SIZES.map((n) => `<option value="${n}"${n === DEFAULT_PAGE_SIZE ? " selected" : ""}>${n}</option>`), `<option value="">all</option>`].join("");
  const filter = `<form id="filter" hidden><label>gym <select id="f-gym"><option value="">all</option>${gyms.map(option).join("")}</select></label> <label>scenario <select id="f-scenario"><option value="">all</option>${scenarios.map(option).join("")}</select></label> <label><input type="checkbox" id="f-failed"> failed only</label> · <span id="f-count"></span><br><button type="button" id="f-prev">‹ previous</button> <span id="f-page"></span> <button type="button" id="f-next">next ›</button> <label>per page <select id="f-size">${sizes}</select></label></form>`;
  const problems = model.sourceProblems.length > 0
    ? `<div class="note" id="source-problems"><p>The hidden items' texts come from the scenario sources each run recorded; for some transcripts they could not be read, and those show item ids only:</p>${model.sourceProblems.map((p) => `<p><b>${e(p.run)}</b></p><pre>${e(p.problem)}</pre>`).join("")}</div>`
    : "";
  const intro = `<p class="muted">${model.transcripts.length} episodes; click one to open it. Each shows the scenario's hidden items with the turn each came out, then every turn with its reward and judgements.</p>`;
  return `<section id="transcripts"><h2>Transcripts</h2>${intro}${problems}${filter}\n${model.transcripts.map(transcriptHtml).join("\n")}</section>`;
}

export function renderHtml(model: ReportModel): string {
  const labels = [...model.evals.map((s) => s.label), ...model.trains.map((t) => t.label)];
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${SCRIPT_HASH}'`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ubench report: ${e(labels.join(", "))}</title><style>${STYLE}</style></head>
<body><h1>ubench report</h1><p>Runs: ${labels.map(e).join(", ")}</p>
<nav><a href="#overview">Overview</a> · ${model.userrl ? `<a href="#userrl">UserRL metrics</a> · ` : ""}<a href="#travel">Travel</a> · <a href="#dialogue">Persuade and intention</a> · <a href="#training">Training</a> · <a href="#errors">Errors</a> · <a href="#transcripts">Transcripts</a></nav>
${overview(model)}
${userrl(model)}${travel(model.evals, model.choice)}
${dialogues(model.evals)}
${training(model)}
${errors(model.evals)}
${transcripts(model)}
<script>${SCRIPT}</script>
</body></html>
`;
}
