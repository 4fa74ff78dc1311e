import { stem, stemmedWords, STOPWORDS, words } from "./words.js";

/**
 * Generic words: what a question can say without asking about anything in particular ("Could you
 * tell me more about it?", "Anything else you'd like?"). The built-in user of every gym gives a
 * targeted reward only to a match whose words in the question include one outside this list
 * (a stem can fall on a stop word: "even" must not match the cue "evening"), and lint UB3016
 * warns at a cue or `asks` text made only of these words, so neither can be gamed by asking
 * generically. The list is the stop words plus the verbs and nouns of asking in general; a word
 * that could name a topic on its own ("price", "time", "type", "share" a room) stays out of it.
 */
const ASKING_WORDS = `tell more anything else everything preferences preference prefer details detail about want like
  know think say give explain describe elaborate information info question questions ask help thoughts
  clarify wish wishes requirements requirement need needs sure okay hello thanks thank`.split(/\s+/);

/** Every generic word as written (tests build generic questions from it). */
export const GENERIC_WORDS: readonly string[] = [...new Set([...STOPWORDS, ...ASKING_WORDS])];

/**
 * Stop words are compared as written, asking words also by stem: a stem can fall on a stop word
 * ("evening" -> "even"), and an evening is a topic.
 */
const ASKING_STEMS: ReadonlySet<string> = new Set(ASKING_WORDS.map(stem));

/**
 * Whether a single word (any case) is generic, itself or by its stem ("tells", "details"); a
 * contraction by the word it contracts ("you'd", "what's").
 */
export function isGenericWord(word: string): boolean {
  const lower = word.toLowerCase().split("'")[0]!;
  return STOPWORDS.has(lower) || ASKING_STEMS.has(stem(lower));
}

/** Whether a text has at least one word that is not generic: only such a text can target something. */
export function hasSpecificWord(text: string): boolean {
  return words(text.replace(/_/g, " ")).some((w) => !isGenericWord(w));
}

/** Which words of a text are not generic, position by position (aligned with words(text)). */
export function specificFlags(text: string): boolean[] {
  return words(text).map((w) => !isGenericWord(w));
}

/**
 * Whether `text` contains `phrase` as whole words (stems compared, like containsPhrase) at a place
 * where at least one of the text's matched words is not generic: the built-in judges' cue match.
 */
export function containsSpecificPhrase(text: string, phrase: string): boolean {
  const haystack = stemmedWords(text);
  const needle = stemmedWords(phrase);
  if (needle.length === 0) return false;
  let specific: boolean[] | undefined; // worked out only once the stems match somewhere (most cues miss)
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    specific ??= specificFlags(text);
    if (specific.slice(i, i + needle.length).some(Boolean)) return true;
  }
  return false;
}
