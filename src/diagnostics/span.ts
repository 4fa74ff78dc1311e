/** A position in a source text: 0-based offset, 1-based line and column. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** A half-open range of source text [start, end). */
export interface Span {
  start: Position;
  end: Position;
}

export function spanOf(start: Position, end: Position): Span {
  return { start, end };
}

/** The smallest span covering both. */
export function joinSpans(a: Span, b: Span): Span {
  return {
    start: a.start.offset <= b.start.offset ? a.start : b.start,
    end: a.end.offset >= b.end.offset ? a.end : b.end,
  };
}

/** A line ends at `\r\n` (Windows), `\n` (Unix) or a lone `\r` (classic Mac OS). */
const LINE_BREAK = /\r\n?|\n/g;

/** Maps offsets to line/column in one text; lines are found once, lookups are binary searches. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    LINE_BREAK.lastIndex = 0;
    for (let m = LINE_BREAK.exec(text); m; m = LINE_BREAK.exec(text)) this.lineStarts.push(m.index + m[0].length);
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { offset: clamped, line: lo + 1, column: clamped - this.lineStarts[lo]! + 1 };
  }

  /**
   * A span whose line/column positions are computed only when read: parsing creates one per AST
   * node, and most are never shown, so this keeps the parser's allocation and time down.
   */
  span(startOffset: number, endOffset: number): Span {
    return new LazySpan(this, startOffset, endOffset);
  }

  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next;
    return this.text.slice(start, end).replace(/(?:\r\n?|\n)$/, "");
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

class LazySpan implements Span {
  private startPosition: Position | undefined;
  private endPosition: Position | undefined;

  constructor(
    private readonly index: LineIndex,
    private readonly startOffset: number,
    private readonly endOffset: number,
  ) {}

  get start(): Position {
    return (this.startPosition ??= this.index.position(this.startOffset));
  }

  get end(): Position {
    return (this.endPosition ??= this.index.position(this.endOffset));
  }

  toJSON(): Span {
    return { start: this.start, end: this.end };
  }
}

/** A plain-data copy of a span (for diagnostics, which are serialised and compared as data). */
export function plainSpan(span: Span): Span {
  return { start: { ...span.start }, end: { ...span.end } };
}
