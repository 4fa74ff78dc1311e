/**
 * Word-level text tools for the leak lints (and the built-in simulator's cue matching, which
 * reads the same words from the IR): tokenising, a light stemmer, and content-word extraction.
 */

/** Function words and filler: what no key word, cue or leak is made of (generic.ts builds on it). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again all also an and any are as at be been before being below between both but by can
  could did do does doing done down during each either else even every few for from further had has have having
  he her here hers him his how i if in into is it its itself just least less like make many may me more most
  much must my need needs no nor not now of off on once one only or other our out over own per please prefer
  preferred preference rather really same she should so some such than that the their them then there these
  they this those through to too under until up upon us very want wants was we were what when where which while
  who whom why will with within without would you your yours option options something thing things`.split(/\s+/),
);

const NON_ASCII = /[^\x00-\x7f]/;

export function words(text: string): string[] {
  const lower = text.toLowerCase();
  // Accents are folded away only where there can be any (most texts are ASCII).
  const folded = NON_ASCII.test(lower) ? lower.normalize("NFKD").replace(/[\u0300-\u036f]/g, "") : lower;
  return folded.match(/[a-z0-9]+(?:[.'][a-z0-9]+)*/g) ?? [];
}

/**
 * The stems of a text's words. The leak lints ask for the same hint or opening once per
 * preference and per value, so recent answers are kept (a bounded cache: texts repeat within a
 * scenario, rarely across a corpus).
 */
const stemCache = new Map<string, readonly string[]>();
const STEM_CACHE_SIZE = 4096;

export function stemmedWords(text: string): readonly string[] {
  let stems = stemCache.get(text);
  if (!stems) {
    if (stemCache.size >= STEM_CACHE_SIZE) stemCache.clear();
    stems = words(text).map(stem);
    stemCache.set(text, stems);
  }
  return stems;
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
  const haystack = stemmedWords(text);
  const needle = stemmedWords(phrase);
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
  const textStems = stemmedWords(text);
  const commonStems = [...common].flatMap((c) => stemmedWords(c));
  return contentWords(statement).find((w) => {
    const wordStem = stem(w);
    return textStems.includes(wordStem) && !commonStems.includes(wordStem);
  });
}
