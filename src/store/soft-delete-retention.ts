import type { CrmRepository } from "./crm.js";
import type { Db } from "./database.js";
import { prepareOnUse } from "./prepare-on-use.js";
import { toStoreDateTime } from "../shared/time-zone.js";

/** How often one tenant's soft-deleted rows are looked at: the tenant API asks on every request. */
const PURGE_INTERVAL_MS = 60_000;

/**
 * Deletes for good the contacts and persons a tenant soft-deleted before a cutoff (netserver.md §10), with
 * appointments' and sales' references to them cleared. It goes through the CRM repository, so each purged
 * row is a `deleted` on the change feed and each cleared reference a `changed` (webhooks' `*.deleted` are
 * exactly these purges). When each tenant was last purged belongs to this store, so two emulators in one
 * process (two stores) purge independently.
 */
export function softDeleteRetention(db: Db, crm: CrmRepository, transaction: <T>(fn: () => T) => T) {
  const lastPurge = new Map<string, number>();
  const contacts = prepareOnUse<[string, string], number>(db, "SELECT contact_id FROM contacts WHERE context_identifier = ? AND deleted_date < ? ORDER BY contact_id").pluck();
  const persons = prepareOnUse<{ ctx: string; cutoff: string }, number>(
    db,
    "SELECT person_id FROM persons WHERE context_identifier = @ctx AND (deleted_date < @cutoff OR contact_id IN (SELECT contact_id FROM contacts WHERE context_identifier = @ctx AND deleted_date < @cutoff)) ORDER BY person_id",
  ).pluck();
  return {
    /**
     * Purges what `contextIdentifier` deleted before `cutoffMs` (emulator time), at most once a minute
     * per tenant by `now` (the emulator's clock; moving it back purges again at once). The cutoff is taken
     * as a number and formatted as a store date-time only when a purge runs: every tenant API call asks.
     */
    purgeDeletedBefore(contextIdentifier: string, cutoffMs: number, now: number): void {
      const last = lastPurge.get(contextIdentifier) ?? 0;
      if (last > now - PURGE_INTERVAL_MS && last <= now) return;
      lastPurge.set(contextIdentifier, now);
      const cutoff = toStoreDateTime(cutoffMs);
      const personIds = persons.all({ ctx: contextIdentifier, cutoff });
      const contactIds = contacts.all(contextIdentifier, cutoff);
      if (personIds.length === 0 && contactIds.length === 0) return;
      transaction(() => {
        for (const table of ["appointments", "sales"] as const) {
          for (const id of personIds) crm.clearReferences(table, "person_id", contextIdentifier, id);
          for (const id of contactIds) crm.clearReferences(table, "contact_id", contextIdentifier, id);
        }
        for (const id of personIds) crm.remove("persons", "person_id", contextIdentifier, id);
        for (const id of contactIds) crm.remove("contacts", "contact_id", contextIdentifier, id);
      });
    },
  };
}
