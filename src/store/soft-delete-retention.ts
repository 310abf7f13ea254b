import type { Db } from "./database.js";

/** How often one tenant's soft-deleted rows are looked at: the tenant API asks on every request. */
const PURGE_INTERVAL_MS = 60_000;

/**
 * Deletes for good the contacts and persons a tenant soft-deleted before a cutoff (netserver.md §10), with
 * appointments' and sales' references to them cleared. When each tenant was last purged belongs to this
 * store, so two emulators in one process (two stores) purge independently.
 */
export function softDeleteRetention(db: Db) {
  const lastPurge = new Map<string, number>();
  const countContacts = db.prepare<[string, string]>("SELECT count(*) FROM contacts WHERE context_identifier = ? AND deleted_date < ?").pluck();
  const countPersons = db.prepare<[string, string]>("SELECT count(*) FROM persons WHERE context_identifier = ? AND deleted_date < ?").pluck();
  const persons = `SELECT person_id FROM persons WHERE context_identifier = @ctx AND (deleted_date < @cutoff OR contact_id IN (SELECT contact_id FROM contacts WHERE context_identifier = @ctx AND deleted_date < @cutoff))`;
  const contacts = `SELECT contact_id FROM contacts WHERE context_identifier = @ctx AND deleted_date < @cutoff`;
  const steps = [
    ...["appointments", "sales"].flatMap((table) => [
      db.prepare(`UPDATE ${table} SET person_id = NULL WHERE context_identifier = @ctx AND person_id IN (${persons})`),
      db.prepare(`UPDATE ${table} SET contact_id = NULL WHERE context_identifier = @ctx AND contact_id IN (${contacts})`),
    ]),
    db.prepare(`DELETE FROM persons WHERE context_identifier = @ctx AND person_id IN (${persons})`),
    db.prepare(`DELETE FROM contacts WHERE context_identifier = @ctx AND contact_id IN (${contacts})`),
  ];
  const purgeTx = db.transaction((p: { ctx: string; cutoff: string }) => {
    for (const step of steps) step.run(p);
  });
  return {
    /**
     * Purges what `contextIdentifier` deleted before `cutoff` (a store date-time), at most once a minute
     * per tenant by `now` (the emulator's clock; moving it back purges again at once).
     */
    purgeDeletedBefore(contextIdentifier: string, cutoff: string, now: number): void {
      const last = lastPurge.get(contextIdentifier) ?? 0;
      if (last > now - PURGE_INTERVAL_MS && last <= now) return;
      lastPurge.set(contextIdentifier, now);
      if ((countContacts.get(contextIdentifier, cutoff) as number) === 0 && (countPersons.get(contextIdentifier, cutoff) as number) === 0) return;
      purgeTx({ ctx: contextIdentifier, cutoff });
    },
  };
}
