import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { App } from "../../store/apps.js";
import type { Tenant } from "../../store/tenants.js";
import { checkApplicationToken, checkReturnTokenType, checkTenant } from "./check-request.js";
import { checkSignature, checkTimestamp, splitSignedToken } from "./check-signed-token.js";
import { checkSystemToken } from "./check-system-token.js";
import { issueSystemUserJwt } from "./issue-ticket.js";

/** What the partner sends to PartnerSystemUserService.Authenticate (REST or SOAP). */
export interface ExchangeRequest {
  signedSystemToken: string;
  applicationToken: string;
  contextIdentifier: string;
  returnTokenType: string;
}

export { SystemUserRefusal } from "../errors.js";

/**
 * The system user flow's back channel (identity.md §8): the signed system token is checked rule by rule,
 * and only then a ticket and its JWT are issued.
 */
export async function exchangeSignedSystemToken(ctx: EmulatorContext, req: ExchangeRequest): Promise<string> {
  checkReturnTokenType(req.returnTokenType);
  const tenant: Tenant = checkTenant(ctx, req.contextIdentifier);
  const app: App = checkApplicationToken(ctx, req.applicationToken);
  const signed = splitSignedToken(req.signedSystemToken);
  checkTimestamp(signed.timestamp, ctx.clock.now());
  checkSystemToken(ctx, app, tenant, signed.systemToken);
  checkSignature(app, signed);
  return issueSystemUserJwt(ctx, app, tenant);
}
