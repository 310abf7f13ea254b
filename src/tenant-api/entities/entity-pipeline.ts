import type { CrmTable, CrmTableRows, Stamped } from "../../store/crm.js";
import { notFound, SoError, soError } from "../../http/superoffice-error.js";
import type { Json } from "../json/lenient.js";
import type { EntityDescription, EntityEnv } from "./entity-description.js";

/**
 * The life of every entity, whatever its kind: load (404 when missing or deleted), create with the next
 * id and the current user as creator, update with the current user as updater, delete (soft or hard,
 * with its cascades). Every write is one store transaction: a 400 from reading the input leaves nothing
 * behind and publishes nothing on the change feed.
 */
export function loadEntity<T extends CrmTable>(d: EntityDescription<T>, env: EntityEnv, id: number): CrmTableRows[T] {
  const row = env.crm.get(d.table, d.idColumn, env.tenant.contextIdentifier, id);
  if (!row) throw notFound(d.name, id);
  return row;
}

export function findEntity<T extends CrmTable>(d: EntityDescription<T>, env: EntityEnv, id: number): CrmTableRows[T] | undefined {
  return id > 0 ? env.crm.get(d.table, d.idColumn, env.tenant.contextIdentifier, id) : undefined;
}

/**
 * The stamps of a row not saved yet, for a description's defaults: the current user as creator, no
 * dates (an empty created_date shows as SuperOffice's empty date, as null would).
 */
export function unsavedStamps(env: EntityEnv): Stamped {
  return { context_identifier: env.tenant.contextIdentifier, created_date: "", created_by: env.principal.associateId, updated_date: null, updated_by: null };
}

/** The unsaved entity `GET v1/{E}/default` and `CreateDefault{E}Entity` show: id 0, the current user as creator. */
export function defaultRow<T extends CrmTable>(d: EntityDescription<T>, env: EntityEnv): CrmTableRows[T] {
  return d.defaults(env, 0);
}

export function createEntity<T extends CrmTable>(d: EntityDescription<T>, env: EntityEnv, input: Json): CrmTableRows[T] {
  const ctx = env.tenant.contextIdentifier;
  return env.emulator.store.transaction(() => {
    // The client's values are read before the id is taken: a 400 takes no id (the transaction rolls back anyway).
    const values = d.read(input, env, undefined);
    const id = env.crm.nextId(ctx, d.sequence);
    // d.defaults answers a new object each time, so it takes the values in place (see README, "object spreads").
    let row: CrmTableRows[T] = Object.assign(d.defaults(env, id), values, { created_date: env.now, created_by: env.principal.associateId, updated_date: null, updated_by: null });
    if (d.afterCreate) row = d.afterCreate(row, env);
    // The row as stored answers the request: children (members, user-defined values) live in other tables.
    const stored = env.crm.insert(d.table, row, env.principal.associateId);
    d.saveChildren?.(id, input, env);
    return stored;
  });
}

export function updateEntity<T extends CrmTable>(d: EntityDescription<T>, env: EntityEnv, id: number, input: Json): CrmTableRows[T] {
  return env.emulator.store.transaction(() => {
    const existing = loadEntity(d, env, id);
    const changes = d.read(input, env, existing);
    env.crm.update(d.table, d.idColumn, env.tenant.contextIdentifier, id, Object.assign(changes, { updated_date: env.now, updated_by: env.principal.associateId }), env.principal.associateId);
    d.saveChildren?.(id, input, env);
    return loadEntity(d, env, id);
  });
}

export function deleteEntity<T extends CrmTable>(d: EntityDescription<T>, env: EntityEnv, id: number): void {
  env.emulator.store.transaction(() => {
    const row = loadEntity(d, env, id);
    d.cascadeDelete?.(row, env);
    const table: CrmTable = d.table;
    if (d.softDelete && (table === "contacts" || table === "persons")) env.crm.softDelete(table, env.tenant.contextIdentifier, id, env.now, env.principal.associateId);
    else env.crm.remove(d.table, d.idColumn, env.tenant.contextIdentifier, id, env.principal.associateId);
  });
}

/** When the entity last changed, for Last-Modified and the conditional headers. */
export function lastModified(row: Stamped): string {
  return row.updated_date ?? row.created_date;
}

/** An id from a path or query: a positive whole number, else 400 (never a 500 or a lookup of NaN). */
/**
 * `{ "<Member>": "<problem>" }` for an entity that would not save, `{}` for one that would: the checks a save
 * makes, without saving (REST `{E}/Validate` and `Validate{E}Entity`).
 */
export function validateEntity<T extends CrmTable>(d: EntityDescription<T>, env: EntityEnv, input: Json): Record<string, string> {
  try {
    d.read(input, env, undefined);
    return {};
  } catch (err) {
    if (!(err instanceof SoError) || err.status !== 400) throw err;
    const member = /^([\w.[\]]+):/.exec(err.message)?.[1] ?? d.name;
    return { [member]: err.message };
  }
}

export function parseId(raw: string | undefined, what: string): number {
  // Any Int32 binds, as in ASP.NET; ids of 0 or below simply find nothing.
  if (raw === undefined || !/^-?\d{1,10}$/.test(raw.trim())) throw soError("ArgumentException", `${what}: expected a whole number, got ${JSON.stringify(raw ?? "")}`);
  const id = Number(raw);
  if (id > 2_147_483_647 || id < -2_147_483_648) throw soError("ArgumentException", `${what}: ${raw} is out of range`);
  return id;
}
