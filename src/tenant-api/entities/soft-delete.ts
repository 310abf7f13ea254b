import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { badRequest, notFound } from "../../http/superoffice-error.js";
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
  app.post(`${API}/agents/contact/undelete`, async (c) => {
    const id = await idOf(c);
    if (!ctx.store.crm.undeleteContact(c.get("tenant").contextIdentifier, id, c.get("principal").associateId)) throw notFound("Contact", id);
    return c.body(null, 204);
  });
  app.post(`${API}/agents/person/undelete`, async (c) => {
    const id = await idOf(c);
    if (!ctx.store.crm.undeletePerson(c.get("tenant").contextIdentifier, id, c.get("principal").associateId)) throw notFound("Person", id);
    return c.body(null, 204);
  });
  return app;
}

/** Deletes for good what was soft-deleted before the retention period; the store throttles it per tenant. */
export function purgeExpired(ctx: EmulatorContext, contextIdentifier: string): void {
  const now = ctx.clock.now();
  ctx.store.softDeleteRetention.purgeDeletedBefore(contextIdentifier, now - RETENTION_DAYS * 86_400_000, now);
}
