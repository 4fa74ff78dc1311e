import { InvalidArgumentError } from "commander";
import { didYouMean } from "../diagnostics/did-you-mean.js";

/**
 * The argument parsers of every `ubc` command's numeric and enumerated flags, as commander
 * argParsers: a value that does not fit is a usage error (exit 2) whose message says what is
 * allowed, and a number is stored as a number. One set for all commands, so that `--trials x`,
 * `--gamma x` and `--port x` are refused alike. Light (commander and the did-you-mean helper
 * only): the registrations import it, and `ubc --help` must stay cheap.
 */

function numberOf(text: string): number {
  return text.trim() === "" ? NaN : Number(text);
}

/** An integer of at least `min` (and at most `max`). */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = numberOf(text);
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `expected a whole number of at least ${min}` : `expected a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

/** A finite number in [low, high] (`(low, high]` with openLow, `[low, high)` with openHigh). */
export function numberIn(low: number, high: number, { openLow = false, openHigh = false } = {}) {
  return (text: string): number => {
    const value = numberOf(text);
    const aboveLow = openLow ? value > low : value >= low;
    const belowHigh = openHigh ? value < high : value <= high;
    if (!Number.isFinite(value) || !aboveLow || !belowHigh) throw new InvalidArgumentError(`expected a number in ${openLow ? "(" : "["}${low}, ${high}${openHigh ? ")" : "]"}`);
    return value;
  };
}

/** Any finite number. */
export function anyNumber(text: string): number {
  const value = numberOf(text);
  if (!Number.isFinite(value)) throw new InvalidArgumentError("expected a number");
  return value;
}

/** One of `choices`, with a did-you-mean hint (or `hint`'s, when it has one for the text). */
export function oneOf<T extends string>(choices: readonly T[], hint?: (text: string) => string | undefined) {
  return (text: string): T => {
    if ((choices as readonly string[]).includes(text)) return text as T;
    const extra = hint?.(text) ?? didYouMean(text, choices);
    throw new InvalidArgumentError(`expected one of ${choices.join(", ")}${extra ? `; ${extra}` : ""}`);
  };
}

/** An http(s) URL, without trailing slashes. */
export function httpUrl(text: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(text)) throw new InvalidArgumentError("expected an http(s) URL");
  return text.replace(/\/+$/, "");
}
