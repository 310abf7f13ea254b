import type { RunResult, Statement } from "better-sqlite3";
import type { Db } from "./database.js";

/**
 * A statement that is prepared when it is first run, not when its repository is made. A start makes the
 * repositories the first request or CRM write needs (store.ts), and their some 90 statements were all
 * prepared then, while a start runs a handful: in fresh processes that was 3-4 ms of startEmulator()
 * (paired runs, issue #19). The SQL, the parameters and the rows are as with `db.prepare`; SQL that does not
 * compile throws on first use instead of at start.
 */
export interface StatementOnUse<P extends unknown[], R> {
  run(...params: P): RunResult;
  get(...params: P): R | undefined;
  all(...params: P): R[];
  /** Rows as the first column's value, as `Statement.pluck()`; only before the first run (chained on the call). */
  pluck(): this;
  /** Rows as arrays, as `Statement.raw()`; only before the first run. */
  raw(): this;
}

type Params<P> = P extends unknown[] ? P : [P];

/** `db.prepare<P, R>(sql)`, prepared on first use. */
export function prepareOnUse<P extends unknown[] | {} = unknown[], R = unknown>(db: Db, sql: string): StatementOnUse<Params<P>, R> {
  return new OnUse<Params<P>, R>(db, sql);
}

class OnUse<P extends unknown[], R> implements StatementOnUse<P, R> {
  #statement: Statement<P, R> | undefined;
  #shape: "rows" | "pluck" | "raw" = "rows";

  constructor(
    private readonly db: Db,
    private readonly sql: string,
  ) {}

  run(...params: P): RunResult {
    return (this.#statement ?? this.#prepare()).run(...params);
  }

  get(...params: P): R | undefined {
    return (this.#statement ?? this.#prepare()).get(...params);
  }

  all(...params: P): R[] {
    return (this.#statement ?? this.#prepare()).all(...params);
  }

  pluck(): this {
    return this.#shaped("pluck");
  }

  raw(): this {
    return this.#shaped("raw");
  }

  #shaped(shape: "pluck" | "raw"): this {
    if (this.#statement) throw new Error("pluck() and raw() are for a statement's definition, before its first run");
    this.#shape = shape;
    return this;
  }

  #prepare(): Statement<P, R> {
    // db.prepare's return type is conditional on P, which TypeScript leaves unresolved for a generic P.
    const statement = this.db.prepare<P, R>(this.sql) as Statement<P, R>;
    if (this.#shape === "pluck") statement.pluck();
    if (this.#shape === "raw") statement.raw();
    this.#statement = statement;
    return statement;
  }
}
