import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { generateTenantCrm } from "../../seed/crm-data.js";
import { generateTenantUdefs } from "../../seed/udef-data.js";
import { derivedSerial } from "../../seed/identifiers.js";
import type { Row, SeedTable } from "../../seed/seed-data.js";
import { readSeedFile, type SeedFile } from "../../seed/seed-file.js";
import { toStoreDateTime } from "../../shared/time-zone.js";
import type { TenantState } from "../../shared/tenant-states.js";
import { own } from "../../shared/own.js";

/**
 * New tenants from a seed profile, for test suites that want one tenant per test file. Generating fake data
 * takes faker a while, so each profile's rows are generated once per process and then stamped with the new
 * ContextIdentifier: the store keeps them as a template and copies it with one statement per table.
 */
export interface NewTenant {
  contextIdentifier?: string;
  companyName?: string;
  profile?: string;
  state?: TenantState;
  timeZone?: string;
}

const TEMPLATE_CTX = "Cust0";
const templates = new Map<string, Partial<Record<SeedTable, Row[]>>>();
let seedCache: { file: string; seed: SeedFile } | undefined;

export function seedOf(ctx: EmulatorContext): SeedFile {
  if (seedCache?.file !== ctx.config.seedFile) seedCache = { file: ctx.config.seedFile, seed: readSeedFile(ctx.config.seedFile).seed };
  return seedCache.seed;
}

export class TenantInputError extends Error {}

export function createTenant(ctx: EmulatorContext, input: NewTenant): string {
  const seed = seedOf(ctx);
  const profile = input.profile ?? "standard";
  const counts = own(seed.profiles, profile);
  if (!counts) throw new TenantInputError(`profile: expected one of ${Object.keys(seed.profiles).join(", ")}`);
  const contextIdentifier = input.contextIdentifier ?? nextContextIdentifier(ctx);
  if (!/^Cust\d{1,9}$/.test(contextIdentifier)) throw new TenantInputError("contextIdentifier: expected Cust followed by digits, such as Cust12345");
  if (ctx.store.tenants.get(contextIdentifier)) throw new TenantInputError(`contextIdentifier: ${contextIdentifier} already exists`);
  const timeZone = input.timeZone ?? "Europe/Oslo";
  // Everything generation depends on: two emulators in one process may run different seed files.
  const key = JSON.stringify([seed.seed, seed.referenceDate, counts, timeZone]);
  let rows = templates.get(key);
  if (!rows) {
    const crm = generateTenantCrm({ seed: seed.seed, referenceMs: Date.parse(seed.referenceDate), contextIdentifier: TEMPLATE_CTX, companyName: "Template", timeZone, counts, members: [] });
    // The seed's user-defined fields, published, with values, as every seeded tenant has them.
    const udefs = generateTenantUdefs({ seed: seed.seed, referenceMs: Date.parse(seed.referenceDate), contextIdentifier: TEMPLATE_CTX, fields: seed.userDefinedFields, rows: crm });
    rows = Object.assign(crm, udefs);
    templates.set(key, rows);
  }
  const companyName = input.companyName ?? `${contextIdentifier} Testing AS`;
  // The store stamps the template's rows with the ContextIdentifier and names the owner contact (1) after the company.
  ctx.store.provisioning.provision(
    { context_identifier: contextIdentifier, company_name: companyName, serial: derivedSerial(seed.seed, contextIdentifier), state: input.state ?? "Running", time_zone: timeZone, host: null, owner_contact_id: 1, created_at: toStoreDateTime(ctx.clock.now()) },
    { key, rows },
  );
  return contextIdentifier;
}

/** The next free `Cust` number above every existing one. */
export function nextContextIdentifier(ctx: EmulatorContext): string {
  const taken = new Set(ctx.store.tenants.list().map((t) => Number(t.contextIdentifier.slice(4))));
  const highest = Math.max(10000, ...taken);
  if (highest < 999_999_999) return `Cust${highest + 1}`;
  // Someone took the last 9-digit number: the lowest free one above 10000 will do.
  let n = 10001;
  while (taken.has(n)) n++;
  return `Cust${n}`;
}
