import { FilterError } from "./ast.js";

/**
 * Tokens of a `$filter` (netserver.md §5.3). Unquoted text is one `word` kind: the parser decides from
 * where it stands whether a word is a column, an operator, `and`/`or`, a boolean or a bare value.
 */
export interface Token {
  kind: "word" | "number" | "string" | "symbol" | "end";
  /** The source text exactly as written (quotes and escapes included), for error messages. */
  text: string;
  /** Decoded value: the unescaped string, the number, or the text for words and symbols. */
  value: string | number;
  position: number;
}

// Column names (`contact.name`, `contactUdef/SuperOffice:1`) and unquoted values such as dates
// (`2020-05-28`, `2020-05-28T15:00:01+02:00`) and negative numbers all lex as one run of these.
const WORD_CHAR = /[\p{L}\p{M}\p{N}_./:+-]/u;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const SYMBOLS = ["<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", ","];
const MAX_TOKEN_SHOWN = 40;

/** Raises a FilterError, shortening huge tokens so a 400 body never echoes kilobytes of input. */
export function fail(message: string, position: number, token: string): never {
  const shown = token.length > MAX_TOKEN_SHOWN ? `${token.slice(0, MAX_TOKEN_SHOWN)}…` : token;
  throw new FilterError(message, position, shown);
}

/**
 * Lexes lazily, on demand, so the error reported is always the first one in the text: in
 * `name eq 'x'; DROP …` the parser sees `name eq 'x'` before the lexer trips over the `;`.
 */
export class Lexer {
  private offset = 0;
  private readonly ahead: Token[] = [];

  constructor(private readonly text: string) {}

  /** The token `k` places ahead, without consuming it. */
  peek(k = 0): Token {
    while (this.ahead.length <= k) this.ahead.push(this.lex());
    return this.ahead[k]!;
  }

  next(): Token {
    const token = this.peek();
    this.ahead.shift();
    return token;
  }

  private lex(): Token {
    const { text } = this;
    while (this.offset < text.length && /\s/.test(text[this.offset]!)) this.offset++;
    const start = this.offset;
    if (start >= text.length) return { kind: "end", text: "", value: "", position: start };
    const ch = text[start]!;
    if (ch === "'") return this.string(start);
    if (WORD_CHAR.test(ch)) {
      let end = start + 1;
      while (end < text.length && WORD_CHAR.test(text[end]!)) end++;
      this.offset = end;
      const word = text.slice(start, end);
      return NUMBER.test(word)
        ? { kind: "number", text: word, value: Number(word), position: start }
        : { kind: "word", text: word, value: word, position: start };
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, start));
    if (!symbol) fail("unexpected character", start, ch);
    this.offset = start + symbol.length;
    return { kind: "symbol", text: symbol, value: symbol, position: start };
  }

  /** `'…'` where `''` and `\'` both mean a quote and `\\` a backslash; any other `\` stays as written. */
  private string(start: number): Token {
    const { text } = this;
    let value = "";
    let i = start + 1;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === "'") {
        if (text[i + 1] !== "'") {
          this.offset = i + 1;
          return { kind: "string", text: text.slice(start, i + 1), value, position: start };
        }
        value += "'";
        i += 2;
      } else if (ch === "\\" && (text[i + 1] === "'" || text[i + 1] === "\\")) {
        value += text[i + 1];
        i += 2;
      } else {
        value += ch;
        i++;
      }
    }
    return fail("unterminated string", start, text.slice(start));
  }
}
