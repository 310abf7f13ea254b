/**
 * The syntax tree of an OData-like `$filter` (netserver.md §5.3). The parser produces it; the compiler
 * turns it into parameterised SQL against an archive provider's columns. Positions are 0-based offsets
 * into the filter text, for error messages.
 */
export type FilterNode = LogicNode | ConditionNode;

export interface LogicNode {
  kind: "and" | "or";
  left: FilterNode;
  right: FilterNode;
}

/**
 * `column operator [value | (value, ...)]`, and every function form normalised to it:
 * `startswith(col,'x')` → begins, `endswith(col,'x')` → ends, `substringof('x',col)` and
 * `contains(col,'x')` → contains, `this(col,'week')` → this ['week'], `next(col,2,'weeks')` → next
 * [2,'weeks'], likewise previous, thisAndNext, thisAndPrevious, thisAndPreviousAndNext.
 * Unary operators (`today`, `thisWeek`, `currentAssociate`, …) have no values.
 */
export interface ConditionNode {
  kind: "condition";
  /** As written (matched case-insensitively against the provider's columns). */
  column: string;
  /** Lower-cased as written: symbols (`=`, `<`, …), words (`begins`, `oneof`, …) or a function's canonical name. */
  operator: string;
  values: Literal[];
  /** Where the column starts, and where the operator starts. */
  position: number;
  operatorPosition: number;
}

export interface Literal {
  /** `string`: quoted; `word`: unquoted text such as `Su` in `name begins Su`; `number`; `boolean`. */
  kind: "string" | "word" | "number" | "boolean";
  value: string | number | boolean;
  /** The literal as written (a number's digits, leading zeros included), for string columns. */
  text?: string;
  position: number;
}

/** A filter that cannot be parsed or compiled: the API answers 400 naming the position and the token. */
export class FilterError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly token: string,
  ) {
    super(`$filter: ${message} at position ${position}${token ? ` ('${token}')` : ""}`);
  }
}
