import type { IToken, TokenType } from "chevrotain";

/**
 * Where each token type next occurs, for error recovery. After a syntax error chevrotain looks
 * for the next token that can follow one of the open rules (`findReSyncTokenType`) by testing
 * every token from the error on against the whole follow set, and gives up only at the end of the
 * file: in `[ | "a" | "a" ...` that is the rest of the file per error. This index answers the
 * same question with a binary search per follow type, so recovery costs no more than the tokens
 * it skips.
 */
export class ResyncIndex {
  /** Positions of the tokens of each token type index, ascending. */
  private readonly positions = new Map<number, number[]>();

  constructor(private readonly tokens: readonly IToken[]) {
    tokens.forEach((token, i) => {
      let list = this.positions.get(token.tokenTypeIdx);
      if (!list) this.positions.set(token.tokenTypeIdx, (list = []));
      list.push(i);
    });
  }

  /**
   * The first of `follows` that the first token at or after `from` matches, as chevrotain's
   * scan would return it; undefined when no token matches (chevrotain then resyncs to EOF).
   */
  firstMatch(follows: readonly TokenType[], from: number): { type: TokenType; at: number } | undefined {
    let at = Infinity;
    for (const type of follows) {
      for (const index of [type.tokenTypeIdx!, ...(type.categoryMatches ?? [])]) {
        const next = nextAtOrAfter(this.positions.get(index), from);
        if (next !== undefined && next < at) at = next;
      }
    }
    if (at === Infinity) return undefined;
    const token = this.tokens[at]!;
    const type = follows.find((t) => t.tokenTypeIdx === token.tokenTypeIdx || t.categoryMatchesMap?.[token.tokenTypeIdx] === true);
    return type && { type, at };
  }
}

function nextAtOrAfter(sorted: readonly number[] | undefined, from: number): number | undefined {
  if (!sorted) return undefined;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}
