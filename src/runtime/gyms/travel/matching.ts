import { isGenericWord } from "../../../compiler/text/generic.js";
import { stem as baseStem, words } from "../../../compiler/text/words.js";

/**
 * Text matching for the built-in simulator: whole-word phrases compared by stems (the same
 * tokeniser and stemmer the compiler's lints use, so authors and the simulator agree on what a
 * cue "names"), numbers as numbers, and dates in their common written forms.
 */

/**
 * The lints' stemmer, plus a final silent "e" dropped, so "preference" meets "preferences" and
 * "feature" meets "features" (the base stemmer strips "-es" but leaves a bare "-e").
 */
export function stem(word: string): string {
  const s = baseStem(word);
  return s.length > 3 && s.endsWith("e") ? s.slice(0, -1) : s;
}

/** A text tokenised once, so many phrases can be looked up cheaply. */
export class StemText {
  readonly stems: string[];
  private readonly set: Set<string>;
  private readonly words: string[];

  constructor(text: string) {
    this.words = words(text);
    this.stems = this.words.map(stem);
    this.set = new Set(this.stems);
  }

  /**
   * Like has, but only where the text's matched words include a non-generic one
   * (compiler/text/generic.ts): a cue match, so "tell me more" or "even" (which stems like
   * "evening") targets nothing.
   */
  hasSpecific(phrase: readonly string[]): boolean {
    if (!this.has(phrase)) return false;
    const hay = this.stems;
    outer: for (let i = 0; i + phrase.length <= hay.length; i++) {
      let anySpecific = false;
      for (let j = 0; j < phrase.length; j++) {
        if (hay[i + j] !== phrase[j]) continue outer;
        anySpecific ||= !isGenericWord(this.words[i + j]!);
      }
      if (anySpecific) return true;
    }
    return false;
  }

  /** Whether the phrase (already tokenised with phraseStems) occurs as consecutive whole words. */
  has(phrase: readonly string[]): boolean {
    if (phrase.length === 0) return false;
    if (!this.set.has(phrase[0]!)) return false;
    if (phrase.length === 1) return true;
    const hay = this.stems;
    outer: for (let i = 0; i + phrase.length <= hay.length; i++) {
      for (let j = 0; j < phrase.length; j++) if (hay[i + j] !== phrase[j]) continue outer;
      return true;
    }
    return false;
  }
}

export function phraseStems(phrase: string): string[] {
  return words(phrase.replace(/_/g, " ")).map(stem);
}

// ── numbers and dates ─────────────────────────────────────────────────────────────────────────

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
const YEAR = "(?:,?\\s+(\\d{4}))?";
// "Nov 10-15" / "November 10th to 15th": the second day shares the month (but not "Nov 10 - 11/15").
const RANGE_END = `(?:\\s*(?:-|–|to|through|thru|until|till)\\s*${DAY}\\b(?![/.-]\\d)(?!\\s+${MONTH}))?`;

const DATE_PATTERNS: { re: RegExp; read: (m: RegExpMatchArray) => CalendarDate[] }[] = [
  { re: /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g, read: (m) => [date(m[1], m[2], m[3])] },
  { re: /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b/g, read: (m) => [date(m[3], m[1], m[2])] },
  {
    re: new RegExp(`\\b${MONTH}\\.?\\s+${DAY}\\b${RANGE_END}${YEAR}`, "gi"),
    read: (m) => [date(m[5], m[1], m[2]), ...(m[3] ? [date(m[5], m[1], m[3])] : [])],
  },
  { re: new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH}\\b\\.?${YEAR}`, "gi"), read: (m) => [date(m[3], m[2], m[1])] },
];

export interface CalendarDate {
  year: number | null;
  month: number;
  day: number;
}

function date(year: string | undefined, month: string | undefined, day: string | undefined): CalendarDate {
  const m = month && /^\d+$/.test(month) ? Number(month) : MONTHS.indexOf((month ?? "").slice(0, 3).toLowerCase()) + 1;
  let y = year ? Number(year) : null;
  if (y !== null && y < 100) y += 2000;
  return { year: y, month: m, day: Number(day) };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The numbers and dates written in a request; date parts are not also counted as numbers. */
export class RequestFacts {
  readonly lower: string;
  readonly numbers: Set<number>;
  readonly dates: CalendarDate[];

  constructor(text: string) {
    this.lower = text.toLowerCase();
    let rest = text.replace(/(\d),(\d{3})\b/g, "$1$2");
    this.dates = [];
    for (const { re, read } of DATE_PATTERNS) {
      rest = rest.replace(re, (...args) => {
        const match = args.slice(0, -2) as unknown as RegExpMatchArray;
        for (const d of read(match)) if (d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31) this.dates.push(d);
        return " ";
      });
    }
    this.numbers = new Set((rest.match(/\d+(?:\.\d+)?/g) ?? []).map(Number));
  }

  /** Strings case-insensitively as substrings (ISO dates also in other written forms), numbers as numbers. */
  mentions(value: unknown): boolean {
    if (typeof value === "number") return this.numbers.has(value);
    if (typeof value === "string") {
      if (this.lower.includes(value.toLowerCase())) return true;
      const iso = ISO_DATE.exec(value);
      if (!iso) return false;
      const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
      return this.dates.some((x) => x.month === m && x.day === d && (x.year === null || x.year === y));
    }
    if (typeof value === "boolean" || value === null) return true; // flags are implied by asking for the thing at all
    if (Array.isArray(value)) return value.every((v) => this.mentions(v));
    return Object.values(value as Record<string, unknown>).every((v) => this.mentions(v));
  }
}
