import { badRequest } from "../../../http/superoffice-error.js";

/**
 * SuperOffice's dot syntax for the `dynamic` provider (docs: "The Dynamic Provider - the dot syntax"):
 *
 *   dotSyntax := table [join, ...] .field
 *   join      := .fk_field (outer join) | :fk_field (inner join) | .(table->fk_field) (right join)
 *   fk_field  := foreign_key | field_name[table_name]
 *
 * `contact.category_idx.name` follows contact's category_idx to the category table; `contact:category_idx.name`
 * keeps only contacts that have one; `category.(contact->category_idx).name` reaches the contacts of a category.
 */
export type DotStep =
  | { kind: "foreignKey"; column: string; table?: string; inner: boolean }
  | { kind: "reverse"; table: string; column: string };

export interface DotPath {
  table: string;
  steps: DotStep[];
  field: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Parses one `table.….field`; a malformed name is a 400 naming it (`where` says which parameter). */
export function parseDotSyntax(text: string, where: string): DotPath {
  const fail = (why: string): never => {
    throw badRequest(`${where}: ${JSON.stringify(text)} is not a dynamic column (${why}); expected table.column, e.g. contact.name or contact.category_idx.name`);
  };
  let rest = text.trim();
  const word = (): string => {
    const m = NAME.exec(rest);
    if (!m) fail("expected a name");
    rest = rest.slice(m![0].length);
    return m![0];
  };
  const table = word();
  const parts: { separator: string; step: DotStep | null; name?: string }[] = [];
  while (rest.length > 0) {
    const separator = rest[0]!;
    if (separator !== "." && separator !== ":") fail(`unexpected ${JSON.stringify(separator)}`);
    rest = rest.slice(1);
    if (rest.startsWith("(")) {
      rest = rest.slice(1);
      const child = word();
      if (!rest.startsWith("->")) fail("expected -> in a right join");
      rest = rest.slice(2);
      const column = word();
      if (!rest.startsWith(")")) fail("expected ) after a right join");
      rest = rest.slice(1);
      parts.push({ separator, step: { kind: "reverse", table: child, column } });
      continue;
    }
    const name = word();
    let target: string | undefined;
    if (rest.startsWith("[")) {
      rest = rest.slice(1);
      target = word();
      if (!rest.startsWith("]")) fail("expected ] after a table name");
      rest = rest.slice(1);
    }
    parts.push({ separator, step: { kind: "foreignKey", column: name, inner: separator === ":", ...(target ? { table: target } : {}) }, name });
  }
  const last = parts.pop();
  if (!last || last.step?.kind !== "foreignKey" || last.step.table || last.separator !== ".") return fail("it must end in .column");
  return { table, steps: parts.map((p) => p.step!), field: last.name! };
}
