import { randomBytes, randomInt } from "node:crypto";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { App } from "../../store/apps.js";
import type { Tenant } from "../../store/tenants.js";
import { SO_CLAIM } from "../claims.js";
import { identityEndpoints } from "../endpoints.js";
import { hashSecret } from "../secrets.js";
import { loadJose } from "../../keys/jose.js";

/** A ticket is good for 6 hours after its last use (identity.md §8.6). */
export const TICKET_LIFETIME_MS = 6 * 3_600_000;

/** SOD's ticket layout: `7T:` + base64 of UTF-16LE `"{32 hex};{integer};{ContextIdentifier}"`. */
export function newTicket(contextIdentifier: string): string {
  const inner = `${randomBytes(16).toString("hex")};${randomInt(1, 2_147_483_647)};${contextIdentifier}`;
  return `7T:${Buffer.from(inner, "utf16le").toString("base64")}`;
}

/**
 * The JWT the exchange returns (identity.md §8.5): signed with the emulator's key (the JWKS key), `iss`
 * "SuperOffice AS", `aud` "spn:{serial}", short-lived, carrying the ticket and the tenant's URLs.
 */
export async function issueSystemUserJwt(ctx: EmulatorContext, app: App, tenant: Tenant): Promise<string> {
  const ticket = newTicket(tenant.contextIdentifier);
  const now = ctx.clock.now();
  ctx.store.tickets.save(hashSecret(ticket), app.clientId, tenant.contextIdentifier, now, now + TICKET_LIFETIME_MS);
  const e = identityEndpoints(ctx.urls);
  const iat = Math.floor(now / 1000);
  const { SignJWT } = await loadJose();
  return new SignJWT({
    sub: tenant.contextIdentifier,
    [`${SO_CLAIM}ticket`]: ticket,
    [`${SO_CLAIM}ctx`]: tenant.contextIdentifier,
    [`${SO_CLAIM}serial`]: tenant.serial,
    [`${SO_CLAIM}netserver_url`]: e.netserverUrl(tenant),
    [`${SO_CLAIM}webapi_url`]: e.webApiUrl(tenant),
    [`${SO_CLAIM}identityprovider`]: "SuperOffice AS",
    nbf: iat - 60,
    exp: iat + 300,
    iss: "SuperOffice AS",
    aud: `spn:${tenant.serial}`,
  })
    .setProtectedHeader({ alg: "RS256", kid: ctx.signingKey.kid, x5t: ctx.signingKey.x5t, typ: "JWT" })
    .sign(ctx.signingKey.privateKey);
}
