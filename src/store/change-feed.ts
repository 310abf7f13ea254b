import type { Db } from "./database.js";

/**
 * The change feed: every committed write of a CRM row, published once, after its transaction commits, as
 * one typed event. Webhooks, the activity log and the workshop page listen here instead of hooking into
 * request handlers, so no write path can forget them. A rolled-back write publishes nothing.
 *
 * Two kinds of listener:
 * - `phase: "commit"` (the default) runs after COMMIT, with the events of that transaction in order. Its
 *   errors are reported and swallowed: a listener never fails the write that caused the event.
 * - `phase: "transaction"` runs inside the transaction, just before COMMIT. Its writes commit with the
 *   change or not at all; that is how a durable queue (webhook deliveries) is fed without a gap in which a
 *   kill could lose an event. It must not throw for a change it merely ignores.
 */

/**
 * The CRM entities whose rows the feed reports, named as webhooks name them (appointments are `activity`).
 * `list` is a list item written by an app (issue #15); `CrmChange.list` says which list.
 */
export type CrmEntity = "contact" | "person" | "appointment" | "sale" | "project" | "projectmember" | "document" | "list";

/** `edited`: a document's content (its bytes) was written or removed, as against its properties (`changed`). */
export type ChangeKind = "created" | "changed" | "softdeleted" | "undeleted" | "deleted" | "edited";

export interface CrmChange {
  contextIdentifier: string;
  entity: CrmEntity;
  id: number;
  kind: ChangeKind;
  /**
   * The root table's columns that changed, named as SuperOffice's database names them (`department`,
   * `category_idx`); `created` lists every column the row has, `deleted` none.
   */
  changes: string[];
  /** For `list` items: the list as webhooks name it (`category`, `probability`, a user-defined list's id). */
  list?: string | undefined;
  /** A sale's status change (Open, Sold, Lost, Stalled), when this write made one. */
  status?: { from: string; to: string } | undefined;
  /** The associate who caused it; 0 for the system (the retention purge, an administrator's tooling). */
  associateId: number;
  /** When, on the emulator's clock (ms since the epoch). */
  at: number;
  /**
   * The row as stored, by the emulator's column names: after the write, or for `deleted` as it was. For
   * FieldValues and Values; listeners must not change it.
   */
  row: Readonly<Record<string, string | number | null>>;
}

export type ChangeListener = (changes: readonly CrmChange[]) => void;

export interface ChangeFeed {
  subscribe(listener: ChangeListener, options?: { phase?: "commit" | "transaction" }): () => void;
}

export interface ChangeRecorder extends ChangeFeed {
  /** Records a change of the current transaction (or publishes it at once when none is open). */
  record(change: CrmChange): void;
  /**
   * Runs fn in a transaction. Nested calls are savepoints: a nested failure caught by its caller drops
   * only that part's events. Events are published after the outermost COMMIT.
   */
  transaction<T>(fn: () => T): T;
  /**
   * Runs fn inside the open transaction, or in a new one when none is open. Unlike a nested transaction()
   * it sets no savepoint, so fn must be all-or-nothing by itself: one SQL statement (with the triggers it
   * fires), then the events it records, so a failing statement leaves nothing to undo.
   */
  atomic<T>(fn: () => T): T;
}

export function changeFeed(db: Db, onListenerError: (err: unknown) => void = (err) => console.error("sod-emulator: change listener failed:", err)): ChangeRecorder {
  const afterCommit = new Set<ChangeListener>();
  const beforeCommit = new Set<ChangeListener>();
  let pending: CrmChange[] | undefined;
  // One wrapper for every transaction: better-sqlite3's transaction() builds four wrapped functions and their
  // properties each time it is called (about 10 µs of every write, issue #19), and its wrapper already
  // chooses BEGIN or a savepoint by whether one is open when it runs.
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  const run = <T>(fn: () => T): T => inTransaction(fn) as T;

  const publish = (events: CrmChange[]) => {
    if (events.length === 0) return;
    for (const listener of afterCommit) {
      try {
        listener(events);
      } catch (err) {
        onListenerError(err);
      }
    }
  };

  const transaction = <T>(fn: () => T): T => {
    if (pending) {
      const mark = pending.length;
      try {
        return run(fn);
      } catch (err) {
        pending.length = mark;
        throw err;
      }
    }
    const events: CrmChange[] = [];
    pending = events;
    let result: T;
    try {
      result = run(() => {
        const value = fn();
        // Inside the transaction, so what these listeners write commits with the change.
        if (events.length > 0) for (const listener of beforeCommit) listener(events);
        return value;
      });
    } finally {
      pending = undefined;
    }
    publish(events);
    return result;
  };

  return {
    subscribe(listener, options = {}) {
      const set = options.phase === "transaction" ? beforeCommit : afterCommit;
      set.add(listener);
      return () => set.delete(listener);
    },
    record(change) {
      if (pending) pending.push(change);
      else transaction(() => pending!.push(change));
    },
    transaction,
    atomic: (fn) => (pending ? fn() : transaction(fn)),
  };
}
