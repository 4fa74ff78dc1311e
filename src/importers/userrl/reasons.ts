import { contentWords, stem, words } from "../../compiler/text/words.js";
import { cutAtWord, identifierFrom, UniqueNames } from "../source-text.js";

/**
 * The persona's reasons (`yields`) of an imported persuade scenario. UserRL's records hold only a
 * claim and the persona's argument for it, so the reasons are derived from the argument's text,
 * deterministically, with no model:
 *
 * 1. The argument is split into sentences; sentences with no key word are dropped.
 * 2. The sentences are cut, in order, into 2-4 contiguous parts of about equal weight (key words)
 *    — as many parts as there are sentences, at most 4 — each part one reason.
 * 3. A part's cues are its key words, most telling first: words found in fewer parts of the
 *    argument first, then words that are not -ly adverbs, then more frequent in the part, then
 *    longer, then earlier; at most 4, and no word (stem) is a cue of two reasons.
 * 4. A reason is named after its first two cues, is `about` its most telling sentence (cut to a
 *    readable length), and replies with a short concession.
 *
 * Key words are content words (4+ letters, not stopwords) that are not in the claim: a
 * counter-argument repeats the claim's words whatever it says, so they would touch every reason.
 */

export interface DerivedReason {
  name: string;
  about: string;
  cues: string[];
  replies: string;
}

const MAX_REASONS = 4;
const MAX_CUES = 4;
const ABOUT_MAX = 160;

/** Words of any argument that say nothing about which point it makes. */
const ARGUMENT_WORDS = new Set(
  `able absolutely across actually additionally already although always another anyone anything
  appear appears argue argued argues arguing argument arguments around aside based because
  become becomes believe believes benefit benefits better certain certainly clear clearly
  conclusion consider considered considering critical crucial despite enough especially
  essential ever everyone everything example fact factor factors finally first firstly furthermore given
  greater however important importantly including indeed instead issue issues itself keep know
  large largely lead leads less likely made make makes many matter means might moreover much
  must necessary never often overall particularly perhaps point points possible potential
  potentially provide provides rather really reason reasons regarding remain second secondly
  several should significant significantly simply since someone still strong strongly sure their
  there therefore these think third those though thus today truly ultimately undeniable unless
  used using various ways well where whether which while whilst whole widely would yet`.split(/\s+/),
);

const ABBREVIATIONS = /(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|vs|e\.g|i\.e|U\.S|U\.K|Ph\.D|Inc|Ltd|approx)\.$/i;

/** Sentences of a text, split after `.`, `!` or `?` (and closing quotes) before a new sentence. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    const pieces = paragraph.split(/(?<=[.!?]["'”’)\]]*)\s+(?=["'“‘([]?[A-Z0-9])/);
    let current = "";
    for (const piece of pieces) {
      current = current === "" ? piece : `${current} ${piece}`;
      if (!ABBREVIATIONS.test(current)) {
        out.push(current.trim());
        current = "";
      }
    }
    if (current.trim() !== "") out.push(current.trim());
  }
  return out.filter((s) => s !== "");
}

/** Clauses of a sentence, split at punctuation inside it and before a few joining words. */
export function clauses(sentence: string): string[] {
  return sentence
    .split(/[,;:\u2013\u2014]\s+|\s+(?=(?:but|and|because|while|so|yet)\s)/)
    .map((c) => c.trim())
    .filter((c) => c !== "");
}

interface Sentence {
  text: string;
  /** Key words in order of first appearance, one per stem, with their counts. */
  keys: Map<string, { word: string; count: number; first: number }>;
}

function keyWords(text: string, excluded: ReadonlySet<string>): Sentence["keys"] {
  const keys: Sentence["keys"] = new Map();
  let position = 0;
  for (const word of words(text)) {
    position++;
    if (!/^[a-z]{4,}$/.test(word) || ARGUMENT_WORDS.has(word) || contentWords(word).length === 0) continue;
    const s = stem(word);
    if (excluded.has(s)) continue;
    const entry = keys.get(s);
    if (entry) entry.count++;
    else keys.set(s, { word, count: 1, first: position });
  }
  return keys;
}

/** 1 for an adverb in -ly ("incredibly"), which names no point, else 0. */
function adverb(word: string): number {
  return word.endsWith("ly") ? 1 : 0;
}

/** Cuts `weights` (in order) into `parts` contiguous non-empty runs of about equal total weight. */
export function cut(weights: readonly number[], parts: number): number[][] {
  const total = weights.reduce((a, b) => a + b, 0);
  const groups: number[][] = Array.from({ length: parts }, () => []);
  let before = 0;
  weights.forEach((w, i) => {
    const g = Math.min(parts - 1, Math.floor(((before + w / 2) * parts) / total));
    groups[g]!.push(i);
    before += w;
  });
  if (groups.every((g) => g.length > 0)) return groups;
  // One heavy sentence left a part empty: fall back to equal counts.
  return Array.from({ length: parts }, (_, g) => weights.map((_, i) => i).filter((i) => Math.floor((i * parts) / weights.length) === g));
}

const CONCESSIONS = [
  "Fair point. I had not weighed that as carefully as I thought.",
  "Hm, you may be right there; that part of my view is weaker than I believed.",
  "I will grant you that. It does not settle it for me, but it gives me pause.",
  "That is a good counterpoint; I need to think about it more.",
];

/** The reasons of a persona holding `claim` for the reasons in `argument` (folded prose). */
export function deriveReasons(claim: string, argument: string): DerivedReason[] {
  const excluded = new Set(words(claim).map(stem));
  const withKeys = (texts: string[]): Sentence[] => texts.map((text) => ({ text, keys: keyWords(text, excluded) })).filter((s) => s.keys.size > 0);
  let found = withKeys(sentences(argument));
  // A one-sentence argument: its clauses are the units instead.
  if (found.length === 1) found = withKeys(clauses(found[0]!.text));
  if (found.length === 0) return [];
  const parts = cut(found.map((s) => s.keys.size), Math.min(MAX_REASONS, found.length));

  const partKeys = parts.map((indices) => keyWords(indices.map((i) => found[i]!.text).join(" "), excluded));
  const spread = new Map<string, number>();
  for (const keys of partKeys) for (const s of keys.keys()) spread.set(s, (spread.get(s) ?? 0) + 1);

  const used = new Set<string>();
  const names = new UniqueNames();
  const reasons: DerivedReason[] = [];
  parts.forEach((indices, p) => {
    const ranked = [...partKeys[p]!]
      .filter(([s]) => !used.has(s))
      .sort(([sa, a], [sb, b]) => spread.get(sa)! - spread.get(sb)! || adverb(a.word) - adverb(b.word) || b.count - a.count || b.word.length - a.word.length || a.first - b.first);
    const cues = ranked.slice(0, MAX_CUES).map(([s, entry]) => {
      used.add(s);
      return entry.word;
    });
    if (cues.length === 0) return;
    const cueStems = new Set(cues.map(stem));
    const score = (sentence: Sentence) => [...sentence.keys.keys()].filter((s) => cueStems.has(s)).length;
    // The sentence holding most of the cues, the shorter on a tie.
    const best = indices.map((i) => found[i]!).reduce((a, b) => (score(b) > score(a) || (score(b) === score(a) && b.text.length < a.text.length) ? b : a));
    reasons.push({
      name: names.claim(identifierFrom(cues.slice(0, 2), "reason", "r")),
      about: cutAtWord(best.text, ABOUT_MAX),
      cues,
      replies: CONCESSIONS[reasons.length % CONCESSIONS.length]!,
    });
  });
  return reasons;
}
