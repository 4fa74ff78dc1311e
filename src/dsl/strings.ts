/**
 * String literal semantics.
 * - `"..."` stays on one line. Escapes: \" \\ \n \t \u{hex} \uXXXX.
 * - `"""..."""` holds prose across lines, like a Markdown paragraph: the indentation common to its
 *   lines is removed, single line breaks fold into spaces (so text can be wrapped freely), and a
 *   blank line stands for a line break. No escapes are processed inside it.
 */

export interface StringProblem {
  /** Offset of the problem inside the literal's raw text (quotes included). */
  offset: number;
  length: number;
  message: string;
}

export interface DecodedString {
  value: string;
  problems: readonly StringProblem[];
}

const NO_PROBLEMS: readonly StringProblem[] = Object.freeze([]);

export function decodeQuoted(raw: string): DecodedString {
  const body = raw.slice(1, raw.length > 1 && raw.endsWith('"') ? -1 : undefined);
  // Most strings hold no escape: their text is the literal's (no copy, character by character).
  if (!body.includes("\\")) return { value: body, problems: NO_PROBLEMS };
  const problems: StringProblem[] = [];
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    const at = i + 1; // +1 for the opening quote
    switch (next) {
      case '"': out += '"'; i++; break;
      case "\\": out += "\\"; i++; break;
      case "n": out += "\n"; i++; break;
      case "t": out += "\t"; i++; break;
      case "u": {
        const match = matchAt(BRACED_ESCAPE, body, i + 1) ?? matchAt(PLAIN_ESCAPE, body, i + 1);
        const code = match ? parseInt(match[1]!, 16) : NaN;
        if (match && isSurrogate(code)) {
          // A surrogate is half of a UTF-16 pair, not a character: only a high one directly
          // followed by a low one (\uD83D\uDE00, as JSON writes it) makes one.
          const low = matchAt(LOW_SURROGATE_ESCAPE, body, i + 1 + match[0].length);
          if (code <= 0xdbff && low) {
            out += String.fromCharCode(code, parseInt(low[1]!, 16));
            i += match[0].length + low[0].length;
          } else {
            problems.push({ offset: at, length: 1 + match[0].length, message: `\\${match[0]} is half of a UTF-16 surrogate pair, not a character; write the character itself, or \\u{1F600}` });
            i += match[0].length;
          }
        } else if (match && code <= 0x10ffff) {
          out += String.fromCodePoint(code);
          i += match[0].length;
        } else {
          problems.push({ offset: at, length: 2, message: "invalid unicode escape; write \\u{1F600} or \\u00e9" });
          i++;
        }
        break;
      }
      default:
        problems.push({ offset: at, length: 2, message: `unknown escape '\\${next ?? ""}'` });
        i++;
    }
  }
  return { value: out, problems };
}

// Sticky patterns, matched in place: slicing the rest of the string per escape was quadratic.
const BRACED_ESCAPE = /u\{([0-9a-fA-F]{1,6})\}/y;
const PLAIN_ESCAPE = /u([0-9a-fA-F]{4})/y;
const LOW_SURROGATE_ESCAPE = /\\u([dD][c-fC-F][0-9a-fA-F]{2})/y;

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

export function decodeBlock(raw: string): string {
  const body = raw.slice(3, -3);
  const paragraphs = body
    // A blank line: a line break (\r\n taken whole, never as \r then \n), blanks, a line break.
    .split(/(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)/)
    .map((p) => p.split(/\r\n?|\n/).map((line) => line.trim()).filter((line) => line !== "").join(" "))
    .filter((p) => p !== "");
  return paragraphs.join("\n");
}

/** A value as a one-line `"..."` literal that decodes back to the same value. */
export function quote(value: string): string {
  let out = '"';
  for (const ch of value) {
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\u{d}";
    else out += ch;
  }
  return out + '"';
}
