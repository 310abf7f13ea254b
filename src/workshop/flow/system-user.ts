import { sign } from "node:crypto";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { explainClaims } from "../../portal/pages/claim-notes.js";
import { secretName, type Run } from "../run.js";
import { jsonOf, send } from "../wire.js";
import { checkJwt } from "./jwt-check.js";
import { soClaim, StepOrderError } from "./tokens.js";

/**
 * Step 8: the system user. An app allowed it finds `system_token` in an administrator's id_token, signs
 * `{system_token}.{yyyyMMddHHmm UTC}` with its private key (RSA-SHA256, PKCS#1 v1.5, base64), exchanges that at
 * PartnerSystemUser/Authenticate for a JWT whose `ticket` claim is the credential, then calls the API with
 * `Authorization: SOTicket {ticket}` and `SO-AppToken: {client secret}`.
 */
export function timestampOf(ms: number): string {
  return new Date(ms).toISOString().replace(/[-T:]/g, "").slice(0, 12);
}

export async function actAsSystemUser(ctx: EmulatorContext, run: Run): Promise<void> {
  if (!run.idToken) throw new StepOrderError("Check the id_token first (step 5): the system token is one of its claims.");
  if (run.systemUser?.call) throw new StepOrderError("This run already called the API as the system user. Choose Start over for a new run.");
  const { choice } = run;
  if (!choice.systemUser || !choice.clientSecret) {
    run.systemUser = { blocked: `${choice.appName} is not allowed the system user. Start over with an app that is (the seeded one is Nightly Sync Service).` };
    return;
  }
  const systemToken = soClaim(run, "system_token");
  const tenant = soClaim(run, "ctx");
  if (!systemToken || !tenant) {
    run.systemUser = { blocked: "The id_token has no system_token claim: SuperID gives it only to administrators of the tenant. Start over and sign in as an administrator (Ada Hansen)." };
    return;
  }
  const pem = ctx.store.apps.privateKeyPem(choice.clientId);
  if (!pem) {
    run.systemUser = { blocked: `The emulator does not hold ${choice.appName}'s private key (it keeps only the keys it generated), so the workshop cannot sign for it.` };
    return;
  }
  // The app's clock would do; the emulator's is used because a test suite may have moved it.
  const timestamp = timestampOf(ctx.clock.now());
  const signedData = `${systemToken}.${timestamp}`;
  const signature = sign("sha256", Buffer.from(signedData), pem).toString("base64");
  secretName(run, choice.clientSecret, "CLIENT_SECRET");
  const exchange = await send("Exchange the signed system token for a system-user JWT", {
    method: "POST",
    url: `${ctx.urls.publicUrl}/Login/api/PartnerSystemUser/Authenticate`,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ SignedSystemToken: `${signedData}.${signature}`, ApplicationToken: choice.clientSecret, ContextIdentifier: tenant, ReturnTokenType: "JWT" }),
  });
  run.systemUser = { systemToken, timestamp, signedData, signature, exchange };
  const answer = jsonOf(exchange);
  if (answer?.IsSuccessful !== true || typeof answer.Token !== "string") return;
  secretName(run, answer.Token, "SYSTEM_USER_JWT");
  const checked = await checkJwt(ctx, answer.Token, { issuer: "SuperOffice AS", audience: (aud) => typeof aud === "string" && aud.startsWith("spn:"), audienceText: "spn:{the tenant's serial}" });
  const ticket = checked.payload["http://schemes.superoffice.net/identity/ticket"];
  run.systemUser.jwtClaims = explainClaims(checked.payload);
  run.systemUser.jwtChecks = checked.checks;
  if (typeof ticket !== "string") return;
  secretName(run, ticket, "TICKET");
  run.systemUser.ticket = ticket;
  const webapi = (checked.payload["http://schemes.superoffice.net/identity/webapi_url"] as string | undefined) ?? soClaim(run, "webapi_url");
  run.systemUser.call = await send("Call the API as the system user", {
    method: "GET",
    url: `${webapi}v1/User/currentPrincipal`,
    headers: { Authorization: `SOTicket ${ticket}`, "SO-AppToken": choice.clientSecret, Accept: "application/json" },
  });
}
