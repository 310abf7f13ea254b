import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../emulator-context.js";
import { badRequest, notFound } from "../../server/superoffice-error.js";
import { toStoreDateTime } from "../../shared/time-zone.js";
import { asInt, member } from "../json/lenient.js";
import { readJsonBody } from "../json/read-body.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { queryParam } from "./entity-env.js";

/**
 * SOD's soft delete (netserver.md §10): deleted contacts and persons vanish from every GET and list,
 * `Agents/{Contact|Person}/Undelete` brings them back (a contact with the persons its deletion took
 * along), and after the retention period they are deleted for good, with appointments' and sales'
 * references to them cleared.
 */
export const RETENTION_DAYS = 14;

export function undeleteRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const idOf = async (c: Context<TenantEnv>) => {
    const q = queryParam(c, "id") ?? queryParam(c, "contactId") ?? queryParam(c, "personId");
    const raw = q ?? member(await readJsonBody(c), "Id");
    if (raw === undefined || raw === null) throw badRequest("Id is required");
    return asInt(raw, "Id");
  };
  const db = ctx.store.db;
  app.post(`${API}/agents/contact/undelete`, async (c) => {
    const id = await idOf(c);
    const ctxId = c.get("tenant").contextIdentifier;
    const row = db.prepare("SELECT deleted_date FROM contacts WHERE context_identifier = ? AND contact_id = ?").get(ctxId, id) as { deleted_date: string | null } | undefined;
    if (!row) throw notFound("Contact", id);
    if (row.deleted_date !== null) {
      db.transaction(() => {
        // The persons the contact's deletion took along come back with it; persons deleted on their own stay.
        db.prepare("UPDATE persons SET deleted_date = NULL, deleted_with_contact = 0 WHERE context_identifier = ? AND contact_id = ? AND deleted_with_contact = 1").run(ctxId, id);
        db.prepare("UPDATE contacts SET deleted_date = NULL WHERE context_identifier = ? AND contact_id = ?").run(ctxId, id);
      })();
    }
    return c.body(null, 204);
  });
  app.post(`${API}/agents/person/undelete`, async (c) => {
    const id = await idOf(c);
    const changed = db.prepare("UPDATE persons SET deleted_date = NULL, deleted_with_contact = 0 WHERE context_identifier = ? AND person_id = ?").run(c.get("tenant").contextIdentifier, id).changes;
    if (changed === 0) throw notFound("Person", id);
    return c.body(null, 204);
  });
  return app;
}

const lastPurge = new Map<string, number>();

/** Deletes for good what was soft-deleted before the retention period; at most once a minute per tenant. */
export function purgeExpired(ctx: EmulatorContext, contextIdentifier: string): void {
  const now = ctx.clock.now();
  const key = `${contextIdentifier}`;
  if ((lastPurge.get(key) ?? 0) > now - 60_000 && (lastPurge.get(key) ?? 0) <= now) return;
  lastPurge.set(key, now);
  const cutoff = toStoreDateTime(now - RETENTION_DAYS * 86_400_000);
  const db = ctx.store.db;
  const expired = db.prepare("SELECT count(*) FROM contacts WHERE context_identifier = ? AND deleted_date < ?").pluck().get(contextIdentifier, cutoff) as number;
  const expiredPersons = db.prepare("SELECT count(*) FROM persons WHERE context_identifier = ? AND deleted_date < ?").pluck().get(contextIdentifier, cutoff) as number;
  if (expired === 0 && expiredPersons === 0) return;
  db.transaction(() => {
    const persons = `SELECT person_id FROM persons WHERE context_identifier = @ctx AND (deleted_date < @cutoff OR contact_id IN (SELECT contact_id FROM contacts WHERE context_identifier = @ctx AND deleted_date < @cutoff))`;
    const contacts = `SELECT contact_id FROM contacts WHERE context_identifier = @ctx AND deleted_date < @cutoff`;
    const p = { ctx: contextIdentifier, cutoff };
    for (const table of ["appointments", "sales"]) {
      db.prepare(`UPDATE ${table} SET person_id = NULL WHERE context_identifier = @ctx AND person_id IN (${persons})`).run(p);
      db.prepare(`UPDATE ${table} SET contact_id = NULL WHERE context_identifier = @ctx AND contact_id IN (${contacts})`).run(p);
    }
    db.prepare(`DELETE FROM persons WHERE context_identifier = @ctx AND person_id IN (${persons})`).run(p);
    db.prepare(`DELETE FROM contacts WHERE context_identifier = @ctx AND contact_id IN (${contacts})`).run(p);
  })();
}
