import type { ConditionNode, FilterNode, Literal } from "./ast.js";
import { fail, Lexer, type Token } from "./lexer.js";
import { own } from "../../../shared/own.js";

/**
 * Parses a `$filter` (netserver.md §5.3) into the tree of ast.ts; the compiler later checks columns and
 * operators against the provider. Grammar:
 *   filter    := or
 *   or        := and ("or" and)*
 *   and       := primary ("and" primary)*
 *   primary   := "(" or ")" | function | condition
 *   condition := column [operator [value | "(" value ("," value)* ")"]]
 */

export const MAX_FILTER_LENGTH = 10_000;
/** Parenthesis depth allowed; recursion is bounded by it, so hostile input cannot exhaust the stack. */
export const MAX_FILTER_DEPTH = 64;

const COMPARISONS = new Set(["=", "<", ">", "<=", ">=", "<>", "!="]);
const COLUMN = /^[\p{L}_][\p{L}\p{M}\p{N}_./:]*$/u;
const OPERATOR_WORD = /^[a-z]+$/i;
// Word operators the spec lists with a value: without one they are an error rather than unary.
const NEEDS_VALUE = new Set(
  [
    "eq equals set ne unequals lt less le gt greater ge between in begins notbegins contains notcontains",
    "is isnot ends notends oneof notoneof associateisoneof associateisnotoneof before after date",
    "beforeorequal datebetween datetime beforetime aftertime",
  ].flatMap((line) => line.split(" ")),
);
// The spec's unary operators: never followed by a value, so `date thisWeek 5` is trailing garbage.
const UNARY = new Set(
  [
    "beforetoday today aftertoday lastweek thisweek nextweek lastmonth thismonth nextmonth",
    "lastquarter thisquarter nextquarter thishalf thisyear currentassociate",
  ].flatMap((line) => line.split(" ")),
);
/** Function → [canonical operator, arity, index of the column argument]. */
const FUNCTIONS: Record<string, [string, number, number]> = {
  startswith: ["begins", 2, 0],
  endswith: ["ends", 2, 0],
  substringof: ["contains", 2, 1],
  contains: ["contains", 2, 0],
  this: ["this", 2, 0],
  next: ["next", 3, 0],
  previous: ["previous", 3, 0],
  thisandnext: ["thisandnext", 3, 0],
  thisandprevious: ["thisandprevious", 3, 0],
  thisandpreviousandnext: ["thisandpreviousandnext", 2, 0],
};

const isWord = (t: Token, ...words: string[]) =>
  t.kind === "word" && words.includes(t.text.toLowerCase());
const isSymbol = (t: Token, symbol: string) => t.kind === "symbol" && t.text === symbol;
/** Where a condition stops: what may follow it is only `and`, `or`, `)` or the end. */
const endsCondition = (t: Token) => t.kind === "end" || isSymbol(t, ")") || isWord(t, "and", "or");
const isColumn = (t: Token) => t.kind === "word" && COLUMN.test(t.text) && !isWord(t, "and", "or", "true", "false");
const isLiteral = (t: Token) => t.kind === "string" || t.kind === "number" || t.kind === "word";
/** `true`/`false` in any case are booleans; other unquoted text stays a word for the compiler. */
const toLiteral = (t: Token): Literal =>
  isWord(t, "true", "false")
    ? { kind: "boolean", value: t.text.toLowerCase() === "true", position: t.position }
    : { kind: t.kind as Literal["kind"], value: t.value, ...(t.kind === "number" ? { text: t.text } : {}), position: t.position };

/** Null for an empty filter (all rows); a FilterError naming position and token for anything malformed. */
export function parseFilter(text: string): FilterNode | null {
  if (text.length > MAX_FILTER_LENGTH) {
    fail(`longer than ${MAX_FILTER_LENGTH} characters`, MAX_FILTER_LENGTH, "");
  }
  if (text.trim() === "") return null;
  return new Parser(text).parse();
}

class Parser {
  private readonly lexer: Lexer;
  private depth = 0;

  constructor(text: string) {
    this.lexer = new Lexer(text);
  }

  parse(): FilterNode {
    const node = this.or();
    const t = this.lexer.peek();
    if (isSymbol(t, ")")) fail("unbalanced ')'", t.position, t.text);
    if (t.kind !== "end") fail("expected 'and' or 'or'", t.position, t.text);
    return node;
  }

  private or(): FilterNode {
    let left = this.and();
    while (isWord(this.lexer.peek(), "or")) {
      this.lexer.next();
      left = { kind: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.primary();
    while (isWord(this.lexer.peek(), "and")) {
      this.lexer.next();
      left = { kind: "and", left, right: this.primary() };
    }
    return left;
  }

  private primary(): FilterNode {
    const t = this.lexer.peek();
    if (!isSymbol(t, "(")) return this.condition();
    if (++this.depth > MAX_FILTER_DEPTH) fail(`nested deeper than ${MAX_FILTER_DEPTH} levels`, t.position, t.text);
    this.lexer.next();
    const node = this.or();
    const close = this.lexer.next();
    if (close.kind === "end") fail("unclosed '('", t.position, t.text);
    if (!isSymbol(close, ")")) fail("expected 'and', 'or' or ')'", close.position, close.text);
    this.depth--;
    return node;
  }

  private condition(): ConditionNode {
    const column = this.lexer.peek();
    if (column.kind === "word" && isSymbol(this.lexer.peek(1), "(")) return this.call();
    if (column.kind === "end") fail("expected a condition, found the end of the filter", column.position, "");
    if (!isColumn(column)) fail("expected a column name", column.position, column.text);
    this.lexer.next();
    const op = this.lexer.peek();
    const condition = (operator: string, values: Literal[], operatorPosition: number): ConditionNode => ({
      kind: "condition",
      column: column.text,
      operator,
      values,
      position: column.position,
      operatorPosition,
    });
    // A lone column (`getNoRows`, or a boolean such as `hasInterests`) means `column set true`.
    if (endsCondition(op)) {
      return condition("set", [{ kind: "boolean", value: true, position: column.position }], column.position);
    }
    const symbolic = op.kind === "symbol" && COMPARISONS.has(op.text);
    if (!symbolic && !(op.kind === "word" && OPERATOR_WORD.test(op.text) && !isWord(op, "and", "or", "true", "false"))) {
      fail("expected an operator", op.position, op.text);
    }
    this.lexer.next();
    const operator = symbolic ? op.text : op.text.toLowerCase();
    const next = this.lexer.peek();
    if (UNARY.has(operator)) return condition(operator, [], op.position);
    if (endsCondition(next)) {
      // Unknown word operators may be unary ones the spec does not list; the compiler decides.
      if (symbolic || NEEDS_VALUE.has(operator)) fail(`'${op.text}' needs a value`, next.position, next.text);
      return condition(operator, [], op.position);
    }
    // Lists only follow word operators (`in (1,2)`, `between ('A','S')`), never `=` and friends.
    const values = !symbolic && isSymbol(next, "(") ? this.list() : [this.literal()];
    return condition(operator, values, op.position);
  }

  /** `(value, value, …)`: flat, at least one value. */
  private list(): Literal[] {
    const open = this.lexer.next();
    if (isSymbol(this.lexer.peek(), ")")) fail("empty list", this.lexer.peek().position, ")");
    const values = [this.literal()];
    for (;;) {
      const t = this.lexer.next();
      if (isSymbol(t, ")")) return values;
      if (t.kind === "end") fail("unclosed '('", open.position, open.text);
      if (!isSymbol(t, ",")) fail("expected ',' or ')'", t.position, t.text);
      values.push(this.literal());
    }
  }

  private literal(): Literal {
    const t = this.lexer.next();
    const position = t.position;
    if (t.kind === "end") fail("expected a value, found the end of the filter", position, "");
    if (!isLiteral(t) || isWord(t, "and", "or")) fail("expected a value", position, t.text);
    return toLiteral(t);
  }

  /** `name(arg, …)` normalised to a condition: the column argument becomes the condition's column. */
  private call(): ConditionNode {
    const name = this.lexer.next();
    const spec = own(FUNCTIONS, name.text.toLowerCase());
    if (!spec) fail("unknown function", name.position, name.text);
    const [operator, arity, columnIndex] = spec;
    this.lexer.next(); // "("
    const args: Token[] = [];
    for (;;) {
      const t = this.lexer.next();
      if (t.kind === "end") fail("expected a value, found the end of the filter", t.position, "");
      if (args.length === 0 && isSymbol(t, ")")) break;
      if (!isLiteral(t)) fail("expected a function argument", t.position, t.text);
      args.push(t);
      const sep = this.lexer.next();
      if (isSymbol(sep, ")")) break;
      if (sep.kind === "end") fail("expected ')', found the end of the filter", sep.position, "");
      if (!isSymbol(sep, ",")) fail("expected ',' or ')'", sep.position, sep.text);
    }
    if (args.length !== arity) {
      fail(`${name.text} takes ${arity} arguments, not ${args.length}`, name.position, name.text);
    }
    const column = args[columnIndex]!;
    if (!isColumn(column)) fail("expected a column name", column.position, column.text);
    const values = args.filter((_, i) => i !== columnIndex).map(toLiteral);
    const position = column.position;
    return { kind: "condition", column: column.text, operator, values, position, operatorPosition: name.position };
  }
}
