import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { z } from "zod";
import { ConfigError } from "../config/config-error.js";
import { isEmulatorPath } from "../shared/emulator-path-uri.js";
import { TENANT_STATE_NAMES } from "../shared/tenant-states.js";
import { isTimeZone } from "../shared/time-zone.js";
import { LIST_NAMES } from "../store/list-catalogue.js";
import { UDEF_FIELD_TYPES, UDEF_OWNERS } from "../store/user-defined-fields.js";

/**
 * The seed file: what a user edits to describe tenants, users and apps. Generation turns it into data
 * (see generate.ts); this module only reads and checks it, and says exactly where it is wrong.
 */
const timeZone = z.string().refine(isTimeZone, { message: "expected an IANA time zone such as Europe/Oslo" });
const count = (max: number) => z.number().int().min(0).max(max);

const dataCounts = z.strictObject({
  contacts: count(1_000_000),
  persons: count(3_000_000),
  appointments: count(3_000_000),
  sales: count(3_000_000),
  associates: count(500),
  // Added with issue #16: seed files written before then have none, and get amounts in proportion (crm-data.ts).
  projects: count(1_000_000).optional(),
  documents: count(3_000_000).optional(),
});

const tenant = z.strictObject({
  contextIdentifier: z.string().regex(/^Cust\d{1,9}$/, "expected Cust followed by digits, such as Cust12345"),
  companyName: z.string().min(1),
  serial: z.string().regex(/^\d{10}$/, "expected a 10-digit string").optional(),
  state: z.enum(TENANT_STATE_NAMES).default("Running"),
  timeZone: timeZone.default("Europe/Oslo"),
  profile: z.string().min(1).default("standard"),
  data: dataCounts.partial().optional(),
});

const membership = z.strictObject({
  contextIdentifier: z.string(),
  administrator: z.boolean().default(false),
});

const user = z.strictObject({
  username: z.string().min(3),
  email: z.email().optional(),
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  initials: z.string().regex(/^[A-Za-z]{1,6}\d*$/, "expected 1-6 letters such as AL"),
  password: z.string().min(1).optional(),
  tenants: z.array(membership).min(1),
});

// A redirect URI written as a path is a page of the emulator itself (see shared/emulator-path-uri.ts).
const redirectUri = z
  .string()
  .min(1)
  .refine((u) => !u.startsWith("/") || isEmulatorPath(u), { message: 'expected a path on the emulator such as /workshop/callback: one leading "/", no "//", backslash, query or fragment' });

const hex32 = z.string().regex(/^[0-9a-f]{32}$/, "expected 32 lowercase hex characters");

const app = z.strictObject({
  name: z.string().min(1).max(100),
  vendor: z.string().min(1),
  type: z.enum(["standard", "custom"]).default("standard"),
  kind: z.enum(["web", "native", "server-to-server"]),
  clientId: hex32.optional(),
  clientSecret: hex32.optional(),
  redirectUris: z.array(redirectUri).default([]),
  postLogoutRedirectUris: z.array(z.string().min(1)).default([]),
  corsOrigins: z.array(z.string().min(1)).default([]),
  consentText: z.string().default(""),
  systemUser: z.boolean().default(false),
  // "Access to agents: Webhook" (webhooks.md §1): on unless a seed says otherwise, so webhooks work out of the box.
  webhooks: z.boolean().default(true),
  // "Customer state change URL" (identity.md §9.4): tenant state changes and moves are posted here.
  stateChangeUrl: z.url({ protocol: /^https?$/, error: "expected an absolute http(s) URL" }).optional(),
  approvedTenants: z.array(z.string()).default([]),
});

// A user-defined field every tenant gets (README "User-defined fields"): published, with generated values
// in `fill` of the entity's rows. A List field's values are items of one of the tenant's lists.
const udefField = z
  .strictObject({
    label: z.string().min(1).max(100),
    type: z.enum(UDEF_FIELD_TYPES),
    progId: z.string().regex(/^[A-Za-z][\w.:-]{0,99}$/, "expected letters, digits and . : - _ such as MyApp:Rating").optional(),
    tooltip: z.string().default(""),
    list: z.enum(LIST_NAMES).optional(),
    textLength: z.number().int().min(1).max(4000).optional(),
    default: z.string().optional(),
    fill: z.number().min(0).max(1).default(0.6),
  })
  .superRefine((f, ctx) => {
    if (f.type === "List" && !f.list) ctx.addIssue({ code: "custom", path: ["list"], message: `expected the list a List field's values come from (${LIST_NAMES.join(", ")})` });
    if (f.type !== "List" && f.list) ctx.addIssue({ code: "custom", path: ["list"], message: "expected no list: only List fields have one" });
  });
const userDefinedFields = z.partialRecord(z.enum(UDEF_OWNERS), z.array(udefField).max(200));

export const seedFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    referenceDate: z.iso.datetime({ offset: true }),
    profiles: z.record(z.string(), dataCounts).refine((p) => "standard" in p, { message: 'expected a profile named "standard"' }),
    tenants: z.array(tenant).min(1),
    users: z.array(user).default([]),
    apps: z.array(app).default([]),
    userDefinedFields: userDefinedFields.default({}),
  })
  .superRefine((seed, ctx) => {
    const tenants = new Set<string>();
    seed.tenants.forEach((t, i) => {
      if (tenants.has(t.contextIdentifier)) ctx.addIssue({ code: "custom", path: ["tenants", i, "contextIdentifier"], message: `duplicate ContextIdentifier ${t.contextIdentifier}` });
      tenants.add(t.contextIdentifier);
      if (!Object.hasOwn(seed.profiles, t.profile)) ctx.addIssue({ code: "custom", path: ["tenants", i, "profile"], message: `expected one of the profiles (${Object.keys(seed.profiles).join(", ")})` });
    });
    const usernames = new Set<string>();
    seed.users.forEach((u, i) => {
      if (usernames.has(u.username.toLowerCase())) ctx.addIssue({ code: "custom", path: ["users", i, "username"], message: `duplicate username ${u.username}` });
      usernames.add(u.username.toLowerCase());
      u.tenants.forEach((m, j) => {
        if (!tenants.has(m.contextIdentifier)) ctx.addIssue({ code: "custom", path: ["users", i, "tenants", j, "contextIdentifier"], message: "expected the ContextIdentifier of a tenant in this file" });
      });
    });
    const names = new Set<string>();
    seed.apps.forEach((a, i) => {
      if (names.has(a.name)) ctx.addIssue({ code: "custom", path: ["apps", i, "name"], message: `duplicate app name ${a.name}` });
      names.add(a.name);
      if (a.kind === "native" && a.clientSecret) ctx.addIssue({ code: "custom", path: ["apps", i, "clientSecret"], message: "expected no secret: native apps are public clients" });
      a.approvedTenants.forEach((ctxId, j) => {
        if (!tenants.has(ctxId)) ctx.addIssue({ code: "custom", path: ["apps", i, "approvedTenants", j], message: "expected the ContextIdentifier of a tenant in this file" });
      });
    });
  });

export type SeedFile = z.output<typeof seedFileSchema>;
export type DataCounts = z.output<typeof dataCounts>;
export type SeedUdefField = z.output<typeof udefField>;

/** Reads and checks a seed file; every problem becomes a ConfigError naming the file and JSON path. */
export function readSeedFile(file: string): { seed: SeedFile; bytes: Buffer } {
  const shown = displayPath(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new ConfigError(`${shown}: seed file not found`);
  }
  return { seed: parseSeedBytes(bytes, file), bytes };
}

/** Checks a seed file's contents; `file` is only used in messages. */
export function parseSeedBytes(bytes: Buffer, file: string): SeedFile {
  const shown = displayPath(file);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw new ConfigError(`${shown}: not valid JSON (${(err as Error).message})`);
  }
  return parseSeed(json, shown);
}

export function parseSeed(json: unknown, shown = "seed"): SeedFile {
  const result = seedFileSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const got = valueAt(json, issue.path);
  const gotText = got === undefined ? "" : `, got ${JSON.stringify(got)?.slice(0, 80)}`;
  throw new ConfigError(`${shown}: ${jsonPath(issue.path)}: ${issue.message}${gotText}`);
}

function jsonPath(path: PropertyKey[]): string {
  return "$" + path.map((p) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`)).join("");
}

function valueAt(json: unknown, path: PropertyKey[]): unknown {
  let v: unknown = json;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return typeof v === "object" ? undefined : v;
}


function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}
