import { asObject, type Fields, RecordProblem, requiredText } from "../records.js";
import { cleanText, identifierFrom, literalList, nameWords, shortTitle, textStatement, UniqueNames } from "../source-text.js";

/**
 * UserRL IntentionGym records as `gym intention` scenarios.
 *
 *   {id, category, task, missing_details: [{description, importance, inquiry, options: [..]}]}
 *
 * task → task, category → category, each missing detail → `missing <name> { importance, about,
 * asks, answers }`. Nothing is added that the record does not say: no cues are invented, and
 * duplicate or leaking details are kept for the compiler's lints to report.
 */

const IMPORTANCE: Record<string, "high" | "medium" | "low"> = {
  "3": "high", "2": "medium", "1": "low",
  high: "high", medium: "medium", low: "low",
};

/** Words left out of detail names: they say nothing about which detail it is. */
const NAME_STOPWORDS = new Set(
  `an and any are as at be by do does for from how if in into is it its of on or the their them this to
  user users what when where which who whom whose why with your you`.split(/\s+/),
);

const NAME_WORDS = 3;

export function importance(value: unknown, what: string): "high" | "medium" | "low" {
  const key = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim().toLowerCase() : undefined;
  const level = key === undefined ? undefined : IMPORTANCE[key];
  if (!level) {
    const shown = value === undefined ? "none" : JSON.stringify(value);
    throw new RecordProblem(`${what} has importance ${shown}; expected high, medium or low (or 3, 2, 1)`);
  }
  return level;
}

/** A detail's name from its description: its first few telling words, e.g. `duration_trip`. */
export function detailName(description: string): string {
  const words = nameWords(description).filter((w) => w.length > 1 && !NAME_STOPWORDS.has(w)).slice(0, NAME_WORDS);
  return identifierFrom(words, "detail", "d");
}

function answers(detail: Fields, what: string): string[] {
  const options = detail.options;
  if (options === undefined || options === null) return [];
  if (!Array.isArray(options)) throw new RecordProblem(`'options' of ${what} is not a list`);
  return options.map((option, i) => {
    if (typeof option !== "string") throw new RecordProblem(`option ${i + 1} of ${what} is ${option === null ? "null" : `a ${typeof option}`}, not text`);
    const text = cleanText(option);
    if (text === "") throw new RecordProblem(`option ${i + 1} of ${what} is empty`);
    return text;
  });
}

/** The scenario text of one record (not yet formatted); throws RecordProblem when it cannot be one. */
export function intentionScenario(id: string, raw: unknown): string {
  const record = asObject(raw, "the record");
  const task = cleanText(requiredText(record, "task"));
  const category = cleanText(requiredText(record, "category"));
  const details = record.missing_details;
  if (details === undefined || details === null) throw new RecordProblem("has no 'missing_details'");
  if (!Array.isArray(details)) throw new RecordProblem("'missing_details' is not a list");
  if (details.length === 0) throw new RecordProblem("'missing_details' is empty: a task with nothing missing is not an intention scenario");

  const names = new UniqueNames();
  const blocks = details.map((rawDetail, i) => {
    const what = `missing detail ${i + 1}`;
    const detail = asObject(rawDetail, what);
    const about = cleanText(requiredText(detail, "description", what));
    const level = importance(detail.importance, what);
    const asks = cleanText(requiredText(detail, "inquiry", what));
    const options = answers(detail, what);
    return [
      `  missing ${names.claim(detailName(about))} {`,
      `    importance ${level}`,
      textStatement(4, "about", about),
      textStatement(4, "asks", asks),
      ...(options.length > 0 ? [`    answers ${literalList(options)}`] : []),
      "  }",
    ].join("\n");
  });

  return [
    `scenario ${id} {`,
    "  gym intention",
    textStatement(2, "title", shortTitle(task)),
    textStatement(2, "category", category),
    textStatement(2, "task", task),
    "",
    blocks.join("\n"),
    "}",
  ].join("\n");
}
