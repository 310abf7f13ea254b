import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from "jose";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { SO_CLAIM } from "../../identity/claims.js";
import { hashSecret } from "../../identity/secrets.js";
import { explainClaims, iso, type ClaimRow } from "./claim-notes.js";

/** What the Tokens page found out about a pasted token. */
export type Inspection =
  | {
      kind: "jwt";
      what: string;
      header: Record<string, unknown>;
      claims: ClaimRow[];
      signature: { valid: boolean; detail: string };
      validity: { valid: boolean; detail: string };
      belongsTo: [string, string][];
    }
  | { kind: "stored"; what: string; found: boolean; facts: [string, string][] };

export class TokenInputError extends Error {}


/** Decodes and checks a JWT, or looks an opaque credential up in the store by its hash. */
export async function inspectToken(ctx: EmulatorContext, pasted: string): Promise<Inspection> {
  const token = pasted.trim().replace(/^bearer\s+|^sosystemticket\s+|^soticket\s+/i, "");
  if (token === "") throw new TokenInputError("Paste a token first.");
  if (token.length > 20_000) throw new TokenInputError("That is longer than any token the emulator issues.");
  if (token.startsWith("8A:")) return opaque(ctx, "Access token (opaque, 8A:…)", ctx.store.grants.findAccessToken(hashSecret(token)));
  if (token.startsWith("7T:")) return ticket(ctx, token);
  if (/^[A-Za-z0-9]{64}$/.test(token)) {
    const refresh = ctx.store.grants.findRefreshToken(hashSecret(token));
    if (refresh) return opaque(ctx, "Refresh token", refresh);
    const code = ctx.store.grants.findCode(hashSecret(token));
    if (code) return opaque(ctx, "Authorization code", Object.assign(code, { revokedAt: null, usedAt: code.usedAt }));
    return { kind: "stored", what: "Refresh token or authorization code (64 letters and digits)", found: false, facts: [] };
  }
  if (token.split(".").length === 3) return jwt(ctx, token);
  throw new TokenInputError("This is not a token the emulator issues: expected a JWT (three base64url parts), an access token (8A:…), a ticket (7T:…) or a refresh token.");
}

async function jwt(ctx: EmulatorContext, token: string): Promise<Inspection> {
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
    payload = decodeJwt(token) as Record<string, unknown>;
  } catch {
    throw new TokenInputError("This looks like a JWT but does not decode: its header or payload is not base64url JSON.");
  }
  const now = ctx.clock.now();
  let signature = { valid: true, detail: "signature valid: signed with the emulator's key (the one in its JWKS)" };
  let validity = { valid: true, detail: typeof payload.exp === "number" ? `valid until ${iso(payload.exp * 1000)} (${Math.round(payload.exp - now / 1000)} s left)` : "valid (no expiry)" };
  try {
    await jwtVerify(token, ctx.signingKey.publicKey, { algorithms: ["RS256"], currentDate: new Date(now) });
  } catch (err) {
    // jose checks the signature before the claims: a claim error means the signature was good.
    if (err instanceof errors.JWTExpired) validity = { valid: false, detail: `expired at ${iso(Number(payload.exp) * 1000)} (emulator time ${iso(now)})` };
    else if (err instanceof errors.JWTClaimValidationFailed) validity = { valid: false, detail: `not valid: ${err.message} (emulator time ${iso(now)})` };
    else {
      const detail = err instanceof errors.JOSEAlgNotAllowed ? `signature not checked: alg ${String(header.alg)} is not RS256` : "signature NOT valid: not signed with this emulator's key (another emulator, a restart with a new in-memory key, or an altered token)";
      signature = { valid: false, detail };
      validity = { valid: false, detail: "not valid: its signature does not check" };
    }
  }
  const so = (name: string) => (typeof payload[SO_CLAIM + name] === "string" ? (payload[SO_CLAIM + name] as string) : undefined);
  const belongsTo: [string, string][] = [];
  const tenantFact = (id: string | undefined) => {
    const t = id ? ctx.store.tenants.get(id) : undefined;
    if (id) belongsTo.push(["Tenant", t ? `${t.companyName} (${t.contextIdentifier}), ${t.state}` : `${id} (not in this emulator's store)`]);
  };
  let what = "A JWT, but not one the emulator issues";
  if (payload.iss === "SuperOffice AS" && so("ticket")) {
    what = "System-user JWT (from PartnerSystemUserService.Authenticate)";
    tenantFact(so("ctx"));
    const t = ctx.store.tickets.find(hashSecret(so("ticket")!));
    const app = t && ctx.store.apps.get(t.clientId);
    belongsTo.push(["App", app ? `${app.name} (${app.clientId})` : "unknown: its ticket is not in the store"]);
    if (t) belongsTo.push(["Ticket", t.revokedAt !== null ? `revoked at ${iso(t.revokedAt)}` : t.expiresAt < now ? `expired at ${iso(t.expiresAt)}` : `valid until ${iso(t.expiresAt)}`]);
  } else if (payload.iss === ctx.urls.issuer || so("ctx")) {
    what = "id_token (from SuperID's token or authorize endpoint)";
    const user = typeof payload.sub === "string" ? ctx.store.users.findByUsername(payload.sub) : undefined;
    belongsTo.push(["User", user ? `${user.firstName} ${user.lastName} (${user.username})` : String(payload.sub ?? "none")]);
    tenantFact(so("ctx"));
    const app = typeof payload.aud === "string" ? ctx.store.apps.get(payload.aud) : undefined;
    belongsTo.push(["App", app ? `${app.name} (${app.clientId})` : `${String(payload.aud)} (not a registered app)`]);
  }
  return { kind: "jwt", what, header, claims: explainClaims(payload), signature, validity, belongsTo };
}

interface StoredGrant {
  clientId: string;
  userId: number;
  contextIdentifier: string;
  revokedAt: number | null;
  expiresAt?: number;
  usedAt?: number | null;
}

function opaque(ctx: EmulatorContext, what: string, grant: StoredGrant | undefined): Inspection {
  if (!grant) return { kind: "stored", what, found: false, facts: [] };
  const app = ctx.store.apps.get(grant.clientId);
  const user = ctx.store.users.findById(grant.userId);
  const tenant = ctx.store.tenants.get(grant.contextIdentifier);
  const now = ctx.clock.now();
  const facts: [string, string][] = [
    ["App", app ? `${app.name} (${app.clientId})` : grant.clientId],
    ["User", user ? `${user.firstName} ${user.lastName} (${user.username})` : `user ${grant.userId}`],
    ["Tenant", tenant ? `${tenant.companyName} (${tenant.contextIdentifier}), ${tenant.state}` : grant.contextIdentifier],
  ];
  if (grant.expiresAt !== undefined) facts.push(["Expires", `${iso(grant.expiresAt)}${grant.expiresAt < now ? " (expired)" : ""}`]);
  if (grant.usedAt !== undefined) facts.push(["Used", grant.usedAt === null ? "not yet" : `at ${iso(grant.usedAt)} (a code works once)`]);
  facts.push(["Revoked", grant.revokedAt === null ? "no" : `at ${iso(grant.revokedAt)}`]);
  return { kind: "stored", what, found: true, facts };
}

function ticket(ctx: EmulatorContext, token: string): Inspection {
  const t = ctx.store.tickets.find(hashSecret(token));
  const what = "System-user ticket (7T:…)";
  if (!t) return { kind: "stored", what, found: false, facts: [] };
  const app = ctx.store.apps.get(t.clientId);
  const tenant = ctx.store.tenants.get(t.contextIdentifier);
  return {
    kind: "stored",
    what,
    found: true,
    facts: [
      ["App", app ? `${app.name} (${app.clientId})` : t.clientId],
      ["User", "the tenant's system user"],
      ["Tenant", tenant ? `${tenant.companyName} (${tenant.contextIdentifier}), ${tenant.state}` : t.contextIdentifier],
      ["Expires", `${iso(t.expiresAt)}${t.expiresAt < ctx.clock.now() ? " (expired)" : ""} (6 hours after last use)`],
      ["Revoked", t.revokedAt === null ? "no" : `at ${iso(t.revokedAt)}`],
    ],
  };
}
