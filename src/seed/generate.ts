import { hashPassword } from "../shared/password.js";
import { toStoreDateTime } from "../shared/time-zone.js";
import { generateTenantCrm } from "./crm-data.js";
import { generateTenantUdefs } from "./udef-data.js";
import { derivedHex32, derivedSerial, derivedSystemToken } from "./identifiers.js";
import { derivedPartnerKey } from "./partner-keys.js";
import { emptyTables, type Row, type SeedData, type SeedTable } from "./seed-data.js";
import type { SeedFile } from "./seed-file.js";
import { GENERATOR_VERSION } from "./generator-version.js";
import { own } from "../shared/own.js";


/** Turns a checked seed file into rows for every table. Pure: no clock, no randomness but the seed. */
export function generateSeedData(seed: SeedFile): SeedData {
  const tables = emptyTables();
  const referenceMs = Date.parse(seed.referenceDate);
  const stamp = toStoreDateTime(referenceMs);
  const add = (rows: Partial<Record<SeedTable, Row[]>>) => {
    // Row by row: a spread of a large tenant's rows (100,000 contacts' user-defined values) passes V8's argument limit.
    for (const [table, list] of Object.entries(rows)) for (const row of list ?? []) tables[table as SeedTable].push(row);
  };

  seed.users.forEach((u, i) => {
    tables.users.push({
      user_id: i + 1,
      username: u.username,
      email: u.email ?? u.username,
      first_name: u.firstName,
      last_name: u.lastName,
      initials: u.initials,
      password: u.password ? hashPassword(u.username, u.password) : null,
    });
  });

  for (const t of seed.tenants) {
    tables.tenants.push({
      context_identifier: t.contextIdentifier,
      company_name: t.companyName,
      serial: t.serial ?? derivedSerial(seed.seed, t.contextIdentifier),
      state: t.state,
      time_zone: t.timeZone,
      host: null,
      owner_contact_id: 1,
      created_at: stamp,
    });
    const members = seed.users.flatMap((u, i) =>
      u.tenants
        .filter((m) => m.contextIdentifier === t.contextIdentifier)
        .map((m) => ({ userId: i + 1, firstName: u.firstName, lastName: u.lastName, initials: u.initials, administrator: m.administrator })),
    );
    const crm = generateTenantCrm({
      seed: seed.seed,
      referenceMs,
      contextIdentifier: t.contextIdentifier,
      companyName: t.companyName,
      timeZone: t.timeZone,
      counts: Object.assign({}, own(seed.profiles, t.profile)!, t.data),
      members,
    });
    add(crm);
    add(generateTenantUdefs({ seed: seed.seed, referenceMs, contextIdentifier: t.contextIdentifier, fields: seed.userDefinedFields, rows: crm }));
  }

  for (const a of seed.apps) {
    const clientId = a.clientId ?? derivedHex32(seed.seed, "client_id", a.name);
    const keys = a.systemUser ? derivedPartnerKey(seed.seed, a.name) : undefined;
    tables.apps.push({
      client_id: clientId,
      name: a.name,
      vendor: a.vendor,
      app_type: a.type,
      kind: a.kind,
      client_secret: a.kind === "native" ? null : (a.clientSecret ?? derivedHex32(seed.seed, "client_secret", a.name)),
      redirect_uris: JSON.stringify(a.redirectUris),
      post_logout_redirect_uris: JSON.stringify(a.postLogoutRedirectUris),
      cors_origins: JSON.stringify(a.corsOrigins),
      consent_text: a.consentText,
      system_user: a.systemUser ? 1 : 0,
      webhooks: a.webhooks ? 1 : 0,
      state_change_url: a.stateChangeUrl ?? null,
      public_key_pem: keys?.publicKeyPem ?? null,
      private_key_pem: keys?.privateKeyPem ?? null,
      created_at: stamp,
    });
    for (const ctx of a.approvedTenants) {
      const admin = tables.associates.find((x) => x.context_identifier === ctx && x.is_administrator === 1 && x.user_id !== null);
      tables.consents.push({
        client_id: clientId,
        context_identifier: ctx,
        status: "Active",
        approved_by_user_id: admin?.user_id ?? null,
        approved_at: stamp,
        valid_to: null,
        system_token: a.systemUser ? derivedSystemToken(seed.seed, a.name, ctx) : null,
      });
    }
  }

  return { generator: { version: GENERATOR_VERSION, seed: seed.seed, referenceDate: seed.referenceDate }, tables };
}
