import { decodeBlock, quote } from "../dsl/strings.js";

/**
 * Helpers for writing .ubench source from foreign data: string literals that decode back to the
 * exact value, identifiers, and short titles. Nothing here knows about any particular data set.
 */

/** The formatter's line limit for a statement with its text (src/dsl/format.ts keeps one-line strings whole). */
const LINE_LIMIT = 100;

/** Line endings to LF and the ends trimmed: the only change made to a one-line text value. */
export function cleanText(value: string): string {
  return value.replace(/\r\n?/g, "\n").trim();
}

/**
 * Prose as a `"""` block would fold it: paragraphs (separated by a blank line) with all white
 * space inside each collapsed to single spaces, joined by one line break.
 */
export function foldProse(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .split(/\n[^\S\n]*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p !== "")
    .join("\n");
}

function asBlock(value: string): string {
  return `"""\n${value.split("\n").join("\n\n")}\n"""`;
}

/**
 * A string literal whose decoded value is exactly `value`: a `"""` block for prose that would not
 * fit on its statement's line (`lead` columns go to the indentation and keyword) and survives
 * folding unchanged — the formatter then wraps it; otherwise a `"..."` string with escapes for
 * quotes, backslashes and line breaks.
 */
export function literal(value: string, lead = 0): string {
  const quoted = quote(value);
  if ((lead + quoted.length > LINE_LIMIT || value.includes("\n")) && !value.includes('"""') && !/[^\S\n ]| {2}| \n|\n /.test(value)) {
    const block = asBlock(value);
    if (decodeBlock(block) === value) return block;
  }
  return quoted;
}

/** A text statement, `keyword "value"`, at `indent` spaces. */
export function textStatement(indent: number, keyword: string, value: string): string {
  return `${" ".repeat(indent)}${keyword} ${literal(value, indent + keyword.length + 1)}`;
}

/** A list of one-line string literals, for `answers` and `cues`. */
export function literalList(values: readonly string[]): string {
  return values.map(quote).join(", ");
}

/** Lower-case ASCII word pieces of a text (accents removed), for names. */
export function nameWords(text: string): string[] {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** Record ids become the tail of scenario ids: letters, digits and '_' only, at most this long. */
const ID_TAIL_MAX = 48;

/** `prefix` + the record id with every run of other characters turned into one '_'. */
export function scenarioIdFrom(prefix: string, recordId: string | undefined, fallback: string): string {
  const tail = (recordId ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, ID_TAIL_MAX)
    .replace(/_+$/, "");
  return `${prefix}${tail === "" ? fallback : tail}`;
}

/** Hands out names that are unique among those it has given: `name`, then `name_2`, `name_3`, ... */
export class UniqueNames {
  private readonly taken = new Set<string>();

  claim(name: string): string {
    let candidate = name;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${name}_${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

/** An identifier from a few words: joined by '_', led by `lead` when it would start with a digit. */
export function identifierFrom(words: readonly string[], fallback: string, lead: string): string {
  const joined = words.join("_");
  if (joined === "") return fallback;
  return /^[a-z]/.test(joined) ? joined : `${lead}_${joined}`;
}

const TITLE_MAX = 60;

/** A short title: the first sentence of the text, its white space collapsed, cut at a word. */
export function shortTitle(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const sentence = (/^.+?[.!?](?=\s|$)/.exec(flat)?.[0] ?? flat).replace(/[\s.!?:;,]+$/, "");
  return cutAtWord(sentence === "" ? flat : sentence, TITLE_MAX);
}

/** `text` when it is at most `max` characters, else cut at a word (if one ends past half) and marked with `…`. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, "")}…`;
}

/** A `//` comment line holding `text` with its line breaks escaped. */
export function commentLine(text: string): string {
  return `// ${text.replace(/\r\n?|\n/g, " ")}`;
}
