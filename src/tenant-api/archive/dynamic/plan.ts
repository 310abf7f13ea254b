import { badRequest } from "../../../http/superoffice-error.js";
import type { ArchiveColumn, ArchiveProvider } from "../providers/provider.js";
import { parseDotSyntax, type DotStep } from "./dot-syntax.js";
import { dynamicColumn, type DynamicTable } from "./tables.js";

/**
 * The FROM clause a set of dot-syntax columns needs, built as they are resolved: the base table (the first
 * column's) aliased t0, and one LEFT JOIN per distinct path (`contact.category_idx` once, however many
 * category columns follow it). Every join matches the tenant of the row it hangs off and keeps only the
 * target's live rows, so a soft-deleted contact, or another tenant's row, is never reached.
 *
 * A column on another table than the base (`contact.name, person.firstname`) joins along the one foreign
 * key between them: the other table's rows of this base row (person.contact_id → contact) or the row this
 * base row refers to (person: contact.name follows person.contact_id).
 */
export class DynamicPlan {
  readonly base: DynamicTable;
  private readonly joins = new Map<string, { alias: string; table: DynamicTable; sql: string }>();
  private readonly columns = new Map<string, ArchiveColumn>();
  /** Whether a one-to-many (reverse) join is in the plan: then a base row can appear more than once. */
  repeatsRows = false;

  constructor(
    private readonly tables: ReadonlyMap<string, DynamicTable>,
    firstColumn: string,
    where: string,
  ) {
    this.base = this.table(parseDotSyntax(firstColumn, where).table, where, firstColumn);
  }

  /** The column a dot-syntax name means (400 naming an unknown table or column); its SQL over the plan's joins. */
  resolve(given: string, where: string): ArchiveColumn {
    const known = this.columns.get(given.toLowerCase());
    if (known) return known;
    const path = parseDotSyntax(given, where);
    let steps = path.steps;
    if (path.table.toLowerCase() !== this.base.name.toLowerCase()) steps = [this.bridge(this.table(path.table, where, given), where, given), ...steps];
    let at = { alias: "t0", table: this.base, key: "" };
    for (const step of steps) at = this.join(at, step, where, given);
    const field = dynamicColumn(at.table, path.field);
    if (!field) throw badRequest(`${where}: unknown column ${path.field} in table ${at.table.name} (${given})`);
    const column: ArchiveColumn = { name: given, type: field.type, sql: `${at.alias}.${field.column}` };
    this.columns.set(given.toLowerCase(), column);
    return column;
  }

  /** An archive provider over the resolved columns, for the shared query builder and filter compiler. */
  provider(): ArchiveProvider {
    const t0 = this.base;
    return {
      name: "dynamic",
      entityName: t0.entityName,
      from: [`${t0.table} t0`, ...[...this.joins.values()].map((j) => j.sql)].join("\n"),
      where: `t0.context_identifier = @ctx AND ${t0.condition("t0")}`,
      primaryKey: `t0.${t0.key}`,
      columns: [...this.columns.values()],
      defaultSelect: [],
      defaultOrder: `t0.${t0.key} ASC`,
    };
  }

  private table(name: string, where: string, given: string): DynamicTable {
    const table = this.tables.get(name.toLowerCase());
    if (!table) throw badRequest(`${where}: unknown table ${name} (${given})`);
    return table;
  }

  /** The step from the base to another table named first in a column. */
  private bridge(other: DynamicTable, where: string, given: string): DotStep {
    const down = other.columns.find((c) => c.references === this.base.name);
    if (down) return { kind: "reverse", table: other.name, column: down.name };
    const up = this.base.columns.find((c) => c.references === other.name);
    if (up) return { kind: "foreignKey", column: up.name, inner: false };
    throw badRequest(`${where}: no foreign key joins ${other.name} to ${this.base.name} (${given}); columns must start on the same table or one its keys reach`);
  }

  private join(from: { alias: string; table: DynamicTable }, step: DotStep, where: string, given: string): { alias: string; table: DynamicTable; key: string } {
    let target: DynamicTable;
    let on: (alias: string) => string;
    if (step.kind === "foreignKey") {
      const fk = dynamicColumn(from.table, step.column);
      if (!fk) throw badRequest(`${where}: unknown column ${step.column} in table ${from.table.name} (${given})`);
      const targetName = step.table ?? fk.references;
      if (!targetName) throw badRequest(`${where}: ${from.table.name}.${fk.name} is not a foreign key (${given}); name its table as ${fk.name}[table]`);
      target = this.table(targetName, where, given);
      if (fk.type !== "int") throw badRequest(`${where}: ${from.table.name}.${fk.name} is not an integer key (${given})`);
      on = (alias) => `${alias}.${target.key} = ${from.alias}.${fk.column}`;
    } else {
      target = this.table(step.table, where, given);
      const fk = dynamicColumn(target, step.column);
      if (!fk) throw badRequest(`${where}: unknown column ${step.column} in table ${target.name} (${given})`);
      on = (alias) => `${alias}.${fk.column} = ${from.alias}.${from.table.key}`;
      this.repeatsRows = true;
    }
    const path = `${from.alias}|${step.kind}|${target.name}|${step.column.toLowerCase()}|${step.kind === "foreignKey" && step.inner}`;
    let join = this.joins.get(path);
    if (!join) {
      const alias = `t${this.joins.size + 1}`;
      const inner = step.kind === "foreignKey" && step.inner;
      const sql = `${inner ? "JOIN" : "LEFT JOIN"} ${target.table} ${alias} ON ${alias}.context_identifier = ${from.alias}.context_identifier AND ${on(alias)} AND ${target.condition(alias)}`;
      this.joins.set(path, (join = { alias, table: target, sql }));
    }
    return { alias: join.alias, table: join.table, key: join.table.key };
  }
}
