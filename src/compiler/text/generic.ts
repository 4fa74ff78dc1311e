import { stem, STOPWORDS, words } from "./words.js";

/**
 * Generic words: what a question can say without asking about anything in particular ("Could you
 * tell me more about it?", "Anything else you'd like?"). The built-in user of every gym gives a
 * targeted reward only to a match that has at least one word outside this list, and lint UB3016
 * warns at a cue or `asks` text made only of these words, so neither can be gamed by asking
 * generically. The list is the stop words plus the verbs and nouns of asking in general; a word
 * that could name a topic on its own ("price", "time", "type", "share" a room) stays out of it.
 */
const ASKING_WORDS = `tell more anything else everything preferences preference prefer details detail about want like
  know think say give explain describe elaborate information info question questions ask help thoughts
  clarify wish wishes requirements requirement need needs sure okay hello thanks thank`.split(/\s+/);

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
