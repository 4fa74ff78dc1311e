/**
 * Word-level text tools for the leak lints (and the built-in simulator's cue matching, which
 * reads the same words from the IR): tokenising, a light stemmer, and content-word extraction.
 */

const STOPWORDS = new Set(
  `a about above after again all also an and any are as at be been before being below between both but by can
  could did do does doing done down during each either else even every few for from further had has have having
  he her here hers him his how i if in into is it its itself just least less like make many may me more most
  much must my need needs no nor not now of off on once one only or other our out over own per please prefer
  preferred preference rather really same she should so some such than that the their them then there these
  they this those through to too under until up upon us very want wants was we were what when where which while
  who whom why will with within without would you your yours option options something thing things`.split(/\s+/),
);

export function words(text: string): string[] {
  return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").match(/[a-z0-9]+(?:[.'][a-z0-9]+)*/g) ?? [];
}

/** Folds common English endings so "reviews", "reviewed" and "review" meet. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/'s$/, "");
  for (const suffix of ["ingly", "edly", "ing", "ies", "ied", "es", "ed", "ly", "s"]) {
    if (w.length - suffix.length >= 4 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length) + (suffix === "ies" || suffix === "ied" ? "y" : "");
      break;
    }
  }
  return w;
}

/** Words that carry meaning: 4+ letters (or any number), not a stopword. */
export function contentWords(text: string): string[] {
  return [...new Set(words(text).filter((w) => !STOPWORDS.has(w) && (w.length >= 4 || /\d/.test(w))))];
}

/** Whether `text` contains `phrase` as whole words (case-insensitive, stems compared). */
export function containsPhrase(text: string, phrase: string): boolean {
  const haystack = words(text).map(stem);
  const needle = words(phrase).map(stem);
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * What `text` gives away of a hidden item: its literal values, then the key words of its
 * statement. Words in `common` (e.g. the aspect's own name: "a nonstop flight") give nothing away.
 */
export function findLeak(text: string, values: readonly (string | number)[], statement: string, common: Iterable<string> = []): string | undefined {
  for (const value of values) {
    if (containsPhrase(text, String(value))) return String(value);
  }
  const textStems = new Set(words(text).map(stem));
  const commonStems = new Set([...common].flatMap((c) => words(c)).map(stem));
  return contentWords(statement).find((w) => textStems.has(stem(w)) && !commonStems.has(stem(w)));
}
