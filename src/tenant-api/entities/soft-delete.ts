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

/** Deletes for good what was soft-deleted before the retention period; the store throttles it per tenant. */
export function purgeExpired(ctx: EmulatorContext, contextIdentifier: string): void {
  const now = ctx.clock.now();
  ctx.store.softDeleteRetention.purgeDeletedBefore(contextIdentifier, toStoreDateTime(now - RETENTION_DAYS * 86_400_000), now);
}
