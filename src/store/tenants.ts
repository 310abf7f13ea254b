import type { Db } from "./database.js";
import { prepareOnUse } from "./prepare-on-use.js";
import { watchedCache } from "./watched-cache.js";
import type { TenantState } from "../shared/tenant-states.js";

export interface Tenant {
  contextIdentifier: string;
  companyName: string;
  serial: string;
  state: TenantState;
  timeZone: string;
  host: string | null;
  ownerContactId: number | null;
}

/** A row of `tenants`, as stored. */
export interface TenantRow {
  context_identifier: string;
  company_name: string;
  serial: string;
  state: TenantState;
  time_zone: string;
  host: string | null;
  owner_contact_id: number | null;
  created_at: string;
}

const toTenant = (r: TenantRow): Tenant => ({
  contextIdentifier: r.context_identifier,
  companyName: r.company_name,
  serial: r.serial,
  state: r.state,
  timeZone: r.time_zone,
  host: r.host,
  ownerContactId: r.owner_contact_id,
});

export function tenantRepository(db: Db) {
  const all = prepareOnUse<[], TenantRow>(db, "SELECT * FROM tenants ORDER BY context_identifier");
  // ContextIdentifiers arrive in any case from URLs (paths are case-insensitive on SOD).
  const one = prepareOnUse<[string], TenantRow>(db, "SELECT * FROM tenants WHERE context_identifier = ? COLLATE NOCASE");
  // The key's index is binary, so the NOCASE comparison above scans the table. Every stored key is 'Cust' and a
  // digit first (the table's CHECK); 'Cust' and digits alone, which every URL names, match one key exactly.
  const byKey = prepareOnUse<[string], TenantRow>(db, "SELECT * FROM tenants WHERE context_identifier = ?");
  // Every tenant API and sign-in call reads its tenant; building the row object costs more than the lookup.
  // Any write to tenants (state, host, name, delete, reset, restore) empties the cache, so a state change is
  // seen by the next request exactly as before. Misses are not kept: any page can make requests name a
  // million made-up CustN ids, and none of them may grow the emulator's memory.
  const cache = watchedCache<Tenant | undefined>(db, ["tenants"], { keepMisses: false });
  const setState = prepareOnUse<[TenantState, string]>(db, "UPDATE tenants SET state = ? WHERE context_identifier = ? COLLATE NOCASE");
  const setHost = prepareOnUse<[string | null, string]>(db, "UPDATE tenants SET host = ? WHERE context_identifier = ? COLLATE NOCASE");
  const removeTenant = prepareOnUse<[string]>(db, "DELETE FROM tenants WHERE context_identifier = ?");
  // Access tokens have no foreign keys (schema v23): they go here, in the same transaction as the tenant.
  const removeAccessTokens = prepareOnUse<[string]>(db, "DELETE FROM access_tokens WHERE context_identifier = ?");
  const remove = db.transaction((contextIdentifier: string): boolean => {
    removeAccessTokens.run(contextIdentifier);
    return removeTenant.run(contextIdentifier).changes === 1;
  });
  const rename = prepareOnUse<[string, string]>(db, "UPDATE tenants SET company_name = ? WHERE context_identifier = ? COLLATE NOCASE");
  return {
    list: (): Tenant[] => all.all().map(toTenant),
    get: (contextIdentifier: string): Tenant | undefined => {
      const digits = /^cust(\d+)$/i.exec(contextIdentifier)?.[1];
      if (digits === undefined) {
        const row = one.get(contextIdentifier);
        return row && toTenant(row);
      }
      const key = `Cust${digits}`;
      return cache.get(key, () => {
        const row = byKey.get(key);
        return row && toTenant(row);
      });
    },
    setState: (contextIdentifier: string, state: TenantState): boolean => setState.run(state, contextIdentifier).changes === 1,
    /** Host mode: move the tenant to another host (null: back to the default tenant host). */
    setHost: (contextIdentifier: string, host: string | null): boolean => setHost.run(host, contextIdentifier).changes === 1,
    /** The company name tokens carry as `company_name` (identity.md §6.3). */
    setCompanyName: (contextIdentifier: string, companyName: string): boolean => rename.run(companyName, contextIdentifier).changes === 1,
    /**
     * Deletes a tenant; its associates, lists and CRM rows go with it (ON DELETE CASCADE; access tokens by hand). Like resetting
     * it, this is administration of the tenant, not CRM writes, so nothing is published on the change feed.
     */
    remove: (contextIdentifier: string): boolean => remove(contextIdentifier),
  };
}
