import { createMiddleware } from "hono/factory";
import type { EmulatorContext } from "../runtime/emulator-context.js";
import { hashSecret } from "../identity/secrets.js";
import { TICKET_LIFETIME_MS } from "../identity/system-user/issue-ticket.js";
import { soError } from "../http/superoffice-error.js";
import type { Principal, TenantEnv } from "./tenant-env.js";

/**
 * The tenant API's one authentication step (netserver.md §2, identity.md §8.7): `Bearer 8A:...` from
 * SuperID, or `SOTicket 7T:...` with `SO-AppToken` for the system user. The credential must be for this
 * tenant, unexpired, unrevoked, and its app's consent still Active; anything else is 401 with a
 * WWW-Authenticate challenge and the SuperOffice error body.
 */
export const authenticate = (ctx: EmulatorContext) =>
  createMiddleware<TenantEnv>(async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const [, scheme = "", credential = ""] = /^(\S+)\s+(.+)$/.exec(header.trim()) ?? [];
    const tenant = c.get("tenant");
    const refuse = (message: string): never => {
      c.header("WWW-Authenticate", `Bearer realm="${tenant.contextIdentifier}", SOTicket`);
      throw soError("UnauthorizedAccessException", message);
    };
    if (!header) refuse("Authorization header required: Bearer access token or SOTicket");
    let principal: Principal | undefined;
    if (/^bearer$/i.test(scheme)) principal = bearer(ctx, credential, tenant.contextIdentifier, refuse);
    else if (/^soticket$/i.test(scheme)) principal = ticket(ctx, credential, c.req.header("so-apptoken"), tenant.contextIdentifier, refuse);
    else refuse(`Unsupported authorization scheme ${scheme || header}`);
    c.set("principal", principal!);
    await next();
  });

function bearer(ctx: EmulatorContext, token: string, contextIdentifier: string, refuse: (message: string) => never): Principal {
  if (!/^8A:Cust\d+\./.test(token)) refuse("Malformed access token");
  const grant = ctx.store.grants.accessTokenUse(hashSecret(token), contextIdentifier);
  if (!grant) refuse("Unknown access token");
  if (grant!.revokedAt !== null) refuse("The access token has been revoked");
  if (grant!.expiresAt <= ctx.clock.now()) refuse("The access token has expired");
  if (grant!.contextIdentifier !== contextIdentifier) refuse(`The access token is for tenant ${grant!.contextIdentifier}, not ${contextIdentifier}`);
  if (grant!.consentStatus !== "Active") refuse("The app's authorization for this tenant is no longer active");
  if (grant!.associateId === null) refuse("The user is no longer a user of this tenant");
  return { kind: "user", contextIdentifier, associateId: grant!.associateId!, userId: grant!.userId, clientId: grant!.clientId };
}

/**
 * A system-user ticket: it must come with `SO-AppToken` equal to the secret of the app it was issued to
 * (identity.md §8.7), be for this tenant, unexpired and unrevoked; each use slides its 6-hour window.
 */
function ticket(ctx: EmulatorContext, value: string, appToken: string | undefined, contextIdentifier: string, refuse: (message: string) => never): Principal {
  if (!/^7T:/.test(value)) refuse("Malformed ticket");
  const hash = hashSecret(value);
  const grant = ctx.store.tickets.find(hash);
  const now = ctx.clock.now();
  if (!grant || grant.revokedAt !== null || grant.expiresAt <= now) refuse("Unknown, expired or revoked ticket");
  if (grant!.contextIdentifier !== contextIdentifier) refuse(`The ticket is for tenant ${grant!.contextIdentifier}, not ${contextIdentifier}`);
  const app = ctx.store.apps.get(grant!.clientId);
  if (!appToken) refuse("SO-AppToken header required with SOTicket");
  if (!app || app.clientSecret !== appToken) refuse("SO-AppToken does not match the application the ticket was issued to");
  if (ctx.store.consents.get(grant!.clientId, contextIdentifier)?.status !== "Active") refuse("The app's authorization for this tenant is no longer active");
  ctx.store.tickets.touch(hash, now + TICKET_LIFETIME_MS);
  const system = ctx.store.crm.associates(contextIdentifier).find((a) => a.type === "SystemAssociate");
  return { kind: "system", contextIdentifier, associateId: system?.associate_id ?? 1, userId: null, clientId: grant!.clientId };
}
