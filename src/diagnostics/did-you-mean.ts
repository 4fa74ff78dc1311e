/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment), since
 * swapped letters ("hotle") are the commonest typo; exits early once it exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidates close enough to `input` to be what the author meant, best first.
 * Close enough: within a third of the input's length in edits (at least 1), as graphql-js does,
 * or differing only in case.
 */
export function suggestionsFor(input: string, candidates: Iterable<string>): string[] {
  const threshold = Math.max(1, Math.floor(input.length / 3));
  const lower = input.toLowerCase();
  const scored: { name: string; distance: number }[] = [];
  for (const name of new Set(candidates)) {
    if (name === input) continue;
    const distance = name.toLowerCase() === lower ? 0 : editDistance(lower, name.toLowerCase(), threshold);
    if (distance <= threshold) scored.push({ name, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.map((s) => s.name);
}

/** A hint like `did you mean 'opening'?`, or undefined when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const [best, second] = suggestionsFor(input, candidates);
  if (best === undefined) return undefined;
  if (second === undefined) return `did you mean '${best}'?`;
  return `did you mean '${best}' or '${second}'?`;
}
