import pc from "picocolors";
import type { Judgement } from "../runtime/types.js";
import type { HiddenItem, Probe } from "./lens.js";
import type { PlayedTurn, PlaySession } from "./session.js";

/**
 * What `ubc play` prints: turns, the hidden state, probe tables, the transcript. Every function
 * takes the colours to use; the transcript and non-TTY output get none (picocolors' identity
 * functions), so the text is the same with and without colour.
 */

export type Colors = ReturnType<typeof pc.createColors>;

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

function indent(text: string, prefix = "  "): string {
  return text
    .split("\n")
    .map((line) => `${prefix}${line}`)
    .join("\n");
}

function signed(value: number): string {
  return value >= 0 ? `+${value}` : String(value);
}

/** Payload keys that hold what the user said, which the turn already shows as the reply. */
const SAID = new Set(["text", "reply"]);

/** One recorded judgement in a line: its kind, where it came from, and its payload without the user's words. */
export function judgementLine(j: Judgement): string {
  const payload = Object.entries(j.value)
    .filter(([k, v]) => v !== undefined && !SAID.has(k))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  const fallback = j.fallbackReason !== undefined ? ` (fallback: ${j.fallbackReason})` : "";
  return `${j.kind} [${j.source}]${payload ? ` ${payload}` : ""}${fallback}`;
}

export function probeLines(probe: Probe, c: Colors, only: "all" | "interesting" = "all"): string[] {
  const rows = only === "interesting" && probe.rows.some((r) => r.targeted) ? probe.rows.filter((r) => r.targeted) : probe.rows;
  return [
    `${c.bold("built-in reading:")} ${probe.verdict}`,
    ...rows.map((r) => `  ${r.targeted ? c.green("hit ") : c.dim("miss")} ${r.item}: ${r.why}`),
  ];
}

export function renderTurn(session: PlaySession, turn: PlayedTurn, c: Colors): string {
  const { step } = turn;
  const { turn: number, maxTurns, feedback } = step.observation;
  const lines = [
    `${c.bold(`turn ${number}/${maxTurns}`)}  reward ${step.reward > 0 ? c.green(signed(step.reward)) : signed(step.reward)}  return ${turn.total} of max ${session.scenario.maxReturn}`,
  ];
  if (step.info.invalid !== undefined) lines.push(c.red(`invalid turn: ${step.info.invalid}`));
  lines.push(c.cyan("user:"), indent(feedback));
  for (const j of step.info.judgements) lines.push(`${c.dim("judged:")} ${judgementLine(j)}`);
  // With the built-in user the "why" of a question comes from the same rules the judge applied.
  if (turn.probe) lines.push(...probeLines(turn.probe, c, "interesting"));
  if (turn.revealedNow.length > 0) lines.push(`${c.yellow("revealed now:")} ${turn.revealedNow.join(", ")}`);
  const status = session.lens.status?.(session.scenario, step.info.counters);
  if (status) lines.push(status);
  if (step.terminated || step.truncated) {
    const how = step.terminated ? "ended" : "hit the turn limit";
    lines.push(c.bold(`the episode ${how}: return ${turn.total} of max ${session.scenario.maxReturn}`));
  } else lines.push(`turns left: ${maxTurns - number}`);
  return lines.join("\n");
}

export function renderHidden(items: readonly HiddenItem[], c: Colors): string {
  return items
    .map((i) => `${i.revealed === null ? c.dim("hidden  ") : c.yellow("revealed")} ${c.bold(i.item)} (${i.about}): ${i.holds}${i.revealed === null ? "" : ` [${i.revealed}]`}`)
    .join("\n");
}

export function renderOpening(session: PlaySession, c: Colors): string {
  const { scenario, options } = session;
  return [
    c.bold(`${scenario.id}: ${scenario.title}`),
    `gym ${scenario.gym}, seed ${options.seed}, user ${options.user}, max ${scenario.knobs.max_turns} turns, maxReturn ${scenario.maxReturn}`,
    c.cyan("user:"),
    indent(session.opening),
  ].join("\n");
}

/** The episode as it stands (undone turns are gone), without colour: what `:save` writes. */
export function transcript(session: PlaySession): string {
  const c = colors(false);
  const parts = [renderOpening(session, c)];
  for (const turn of session.turns) parts.push(`> ${turn.input}\n${renderTurn(session, turn, c)}`);
  return `${parts.join("\n\n")}\n`;
}
