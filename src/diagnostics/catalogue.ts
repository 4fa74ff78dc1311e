/**
 * Every diagnostic the toolchain can report. Codes are stable: a code is never reused for another
 * problem. UB0xxx inputs (files and folders), UB1xxx syntax, UB2xxx semantics, UB3xxx lints
 * (static proofs about the scenario: solvable, decisive, not leaking its answer).
 *
 * docs/diagnostics.md is generated from this table plus the examples under
 * test/diagnostics/<code>/, and a test checks that every code here has an example that triggers it.
 */
export interface CatalogueEntry {
  severity: "error" | "warning";
  title: string;
  /** Why this matters, in a sentence or two: the docs show it above the example. */
  why: string;
}

function entries<T extends Record<string, CatalogueEntry>>(table: T): T {
  return table;
}

export const catalogue = entries({
  // ── inputs ────────────────────────────────────────────────────────────────────────────────
  UB0001: { severity: "error", title: "path not found", why: "A file or folder named on the command line does not exist." },
  UB0002: { severity: "error", title: "no scenario files", why: "A folder was named but holds no `.ubench` files, so nothing would be compiled." },
  UB0003: { severity: "error", title: "unreadable file", why: "The file is binary, not valid UTF-8, or too large to be a scenario file." },
  UB0004: { severity: "error", title: "empty file", why: "The file holds no scenario; an empty file is almost always a mistake." },

  // ── syntax ────────────────────────────────────────────────────────────────────────────────
  UB1001: { severity: "error", title: "unexpected character", why: "The character cannot start any token of the language." },
  UB1002: { severity: "error", title: "unterminated string", why: "A string was opened but its closing quote never came." },
  UB1003: { severity: "error", title: "unexpected token", why: "The parser expected something else here; it skips ahead and keeps reporting." },
  UB1004: { severity: "error", title: "unknown keyword", why: "A word stands where a statement keyword belongs, and it is not one; usually a typo." },
  UB1005: { severity: "error", title: "unclosed block", why: "The file ended before a `{` was closed." },
  UB1006: { severity: "error", title: "invalid escape", why: "A backslash in a string is followed by a character that is not a known escape." },
  UB1007: { severity: "error", title: "nesting too deep", why: "Values, types or predicates nest deeper than any scenario needs (brackets, `list<...>`, `not` and parentheses each count a level); the limit keeps the compiler's stack safe." },
  UB1008: { severity: "error", title: "number too large", why: "The number is beyond the largest a double can hold (about 1.8e308): it would be infinite, and a bundle cannot store it." },

  // ── semantics ─────────────────────────────────────────────────────────────────────────────
  UB2001: { severity: "error", title: "unknown gym", why: "Every scenario runs in a gym; the name must be one the toolkit provides." },
  UB2002: { severity: "error", title: "duplicate scenario id", why: "Scenario ids name the emitted bundles and the results; two with one id would overwrite each other." },
  UB2003: { severity: "error", title: "missing statement", why: "A statement the gym needs (such as `opening`) is absent." },
  UB2004: { severity: "error", title: "statement not allowed here", why: "The statement belongs to another gym, or to another kind of block." },
  UB2005: { severity: "error", title: "repeated statement", why: "A statement that takes one value was given twice; the second would silently win." },
  UB2006: { severity: "error", title: "duplicate name", why: "Two aspects, preferences, options, fields or details share a name, so references to them are ambiguous; or a record or settings block gives one key twice, and the last value would silently win." },
  UB2007: { severity: "error", title: "unknown type", why: "A field's type is not one of `string`, `number`, `bool`, `list<T>` or a record `{ ... }`." },
  UB2008: { severity: "error", title: "unknown attribute", why: "An option names an attribute its aspect does not declare in `fields` (search arguments are free-form and not checked)." },
  UB2009: { severity: "error", title: "missing attribute", why: "An option leaves out a declared field, so predicates over it could not be decided." },
  UB2010: { severity: "error", title: "type mismatch", why: "A value does not have the type its field declares." },
  UB2011: { severity: "error", title: "unknown attribute in predicate", why: "A preference's `when` names an attribute the aspect does not declare." },
  UB2012: { severity: "error", title: "operator does not fit the type", why: "The comparison cannot apply to the attribute's type (e.g. `has` on a number)." },
  UB2013: { severity: "error", title: "unknown setting", why: "A `rewards` or `knobs` entry is not one the gym defines." },
  UB2014: { severity: "error", title: "invalid setting value", why: "A reward or knob value is out of its range or of the wrong kind." },
  UB2015: { severity: "error", title: "invalid choose rule", why: "`choose` takes `lowest` or `highest` and a numeric attribute that every aspect declares." },
  UB2016: { severity: "error", title: "aspect needs a prefix", why: "Option ids start with a letter per aspect; only the five standard aspects have a default." },
  UB2017: { severity: "error", title: "option id does not match its aspect", why: "Option ids start with their aspect's prefix (A1, A2 for apartments), so answers name their aspect." },
  UB2018: { severity: "error", title: "invalid stance", why: "`stance \"start\" -> \"goal\"` names two different labels of the scenario's ladder." },
  UB2019: { severity: "error", title: "invalid importance", why: "A missing detail's importance is `high`, `medium` or `low`." },
  UB2020: { severity: "error", title: "invalid identifier", why: "Ids appear in file names and answers; they use letters, digits and `_`, and start with a letter." },
  UB2021: { severity: "error", title: "invalid ladder", why: "A persuade ladder lists at least three different stance labels, in order, so that the persona has somewhere to move." },
  UB2022: { severity: "error", title: "empty text", why: "A text or list entry has no words: an empty reply, question or answer says nothing, and a cue without words can never match." },

  // ── lints ─────────────────────────────────────────────────────────────────────────────────
  UB3001: { severity: "error", title: "no correct option", why: "No option satisfies every preference of the aspect, so no agent can succeed." },
  UB3002: { severity: "error", title: "best option is not unique", why: "Two correct options tie under the `choose` rule, so 'best' would depend on ordering." },
  UB3003: { severity: "warning", title: "preference never decides", why: "No option is rejected by this preference alone, so eliciting it cannot change the right answer." },
  UB3004: { severity: "warning", title: "hint leaks its preference", why: "A hint contains the value or key words of what it hints at; the user would be stating the preference, not hinting." },
  UB3005: { severity: "warning", title: "opening leaks a preference", why: "The opening or context gives a hidden preference away before the agent asks." },
  UB3006: { severity: "warning", title: "turn budget too small", why: "Even a perfect agent needs more turns than `max_turns` allows to reach the maximum return." },
  UB3007: { severity: "warning", title: "no decision to make", why: "Every option of the aspect is correct, so the preferences do not matter." },
  UB3008: { severity: "warning", title: "ambiguous cue", why: "Two preferences of one aspect share a declared cue word, so a question using it cannot target one of them." },
  UB3009: { severity: "warning", title: "duplicate detail", why: "Two missing details say the same thing; a question covering one would cover both." },
  UB3010: { severity: "error", title: "goal unreachable", why: "The compiler plays the built-in persona one reason per turn, each argued with a cue that touches that reason alone; if that play cannot reach the goal stance, no score can be checked against maxReturn." },
  UB3011: { severity: "warning", title: "ambiguous reason cue", why: "A cue of one reason also touches another, so an argument using it moves the persona on two reasons at once and cannot target one of them." },
  UB3012: { severity: "warning", title: "opening leaks a reason", why: "The opening or context uses a cue of one of the persona's private reasons, telling the agent what would move the persona before it argues." },
  UB3013: { severity: "warning", title: "task leaks a detail", why: "The task, title or context already gives a missing detail away (one of its answers, or the key words of what it is about), so there is nothing left to ask." },
  UB3014: { severity: "error", title: "detail cannot be asked for", why: "None of the detail's example questions covers it under the built-in judge, so no play can cover every detail." },
  UB3015: { severity: "warning", title: "detail cannot be asked alone", why: "Every example question of the detail also covers another detail, so a perfect agent must ask the other first or both together, and maxReturn may fall below the sum of the details' rewards." },
  UB3016: { severity: "warning", title: "cue targets nothing", why: "A cue or example question made only of generic words (\"Could you tell me more?\") fits any question: the built-in user never rewards it, and a user that did would reward asking generically." },
});

export type DiagnosticCode = keyof typeof catalogue;

export const allCodes = Object.keys(catalogue).sort() as DiagnosticCode[];
