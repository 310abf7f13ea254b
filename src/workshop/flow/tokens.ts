import { decodeJwt } from "jose";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { SO_CLAIM } from "../../identity/claims.js";
import { explainClaims } from "../../portal/pages/claim-notes.js";
import { secretName, type Check, type Exchange, type Run } from "../run.js";
import { form, jsonOf, send } from "../wire.js";
import { checkJwt } from "./jwt-check.js";

/**
 * Steps 4, 5 and 7: the app's back-channel calls to SuperID's token endpoint (code for tokens, refresh,
 * revoke) and its check of the id_token, all over real HTTP to the emulator's own URL.
 */
export class StepOrderError extends Error {}

const FORM = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };

/** The client's credentials in the body (client_secret_post); public clients send their id only. */
function clientAuth(run: Run): Record<string, string> {
  return { client_id: run.choice.clientId, ...(run.choice.clientSecret ? { client_secret: run.choice.clientSecret } : {}) };
}

/** Registers the tokens an answer carries, so every view masks them. */
function noteTokens(run: Run, exchange: Exchange): Record<string, unknown> | undefined {
  const json = jsonOf(exchange);
  if (typeof json?.access_token === "string") secretName(run, json.access_token, "ACCESS_TOKEN");
  if (typeof json?.refresh_token === "string") secretName(run, json.refresh_token, "REFRESH_TOKEN");
  if (typeof json?.id_token === "string") secretName(run, json.id_token, "ID_TOKEN");
  return json;
}

export async function exchangeCode(ctx: EmulatorContext, run: Run): Promise<void> {
  const code = run.callback?.code;
  if (!code) throw new StepOrderError("There is no code to exchange yet: go through step 2 until the browser comes back (step 3).");
  if (run.tokens) throw new StepOrderError("This run already exchanged its code; a code works once. Choose Start over for a new run.");
  const body = form({ grant_type: "authorization_code", code, redirect_uri: run.redirectUri, code_verifier: run.pkce.verifier, ...clientAuth(run) });
  const exchange = await send("Exchange the code for tokens", { method: "POST", url: `${ctx.urls.publicUrl}/login/common/oauth/tokens`, headers: FORM, body });
  run.tokens = { exchange, json: noteTokens(run, exchange) };
}

export const idTokenOf = (run: Run) => (typeof run.tokens?.json?.id_token === "string" ? run.tokens.json.id_token : undefined);
export const accessTokenOf = (run: Run) => (typeof run.tokens?.json?.access_token === "string" ? run.tokens.json.access_token : undefined);

/** A SuperOffice claim of the run's id_token (webapi_url, ctx, system_token, …). */
export function soClaim(run: Run, name: string): string | undefined {
  const token = idTokenOf(run);
  if (!token) return undefined;
  const v = (decodeJwt(token) as Record<string, unknown>)[SO_CLAIM + name];
  return typeof v === "string" ? v : undefined;
}

export async function checkIdToken(ctx: EmulatorContext, run: Run): Promise<void> {
  const token = idTokenOf(run);
  if (!token) throw new StepOrderError("There is no id_token yet: step 4 must answer 200 first.");
  const checked = await checkJwt(ctx, token, { issuer: ctx.urls.issuer, audience: run.choice.clientId, audienceText: `this app's client_id ${run.choice.clientId}`, nonce: run.nonce });
  run.idToken = { parts: checked.parts, header: checked.header, claims: explainClaims(checked.payload), jwks: checked.jwks, jwk: checked.jwk, checks: checked.checks };
}

export async function refreshThenRevoke(ctx: EmulatorContext, run: Run): Promise<void> {
  const refreshToken = typeof run.tokens?.json?.refresh_token === "string" ? run.tokens.json.refresh_token : undefined;
  if (!refreshToken) throw new StepOrderError("There is no refresh token yet: step 4 must answer 200 first.");
  if (run.refresh) throw new StepOrderError("This run already revoked its refresh token. Choose Start over for a new run.");
  const tokens = `${ctx.urls.publicUrl}/login/common/oauth/tokens`;
  const refreshBody = form({ grant_type: "refresh_token", refresh_token: refreshToken, ...clientAuth(run) });
  const refreshed = await send("Refresh: a new access token for the refresh token", { method: "POST", url: tokens, headers: FORM, body: refreshBody });
  const fresh = noteTokens(run, refreshed);
  const revoked = await send("Revoke the refresh token", {
    method: "POST",
    url: `${ctx.urls.publicUrl}/login/common/oauth/revoke`,
    headers: FORM,
    body: form({ token: refreshToken, token_type_hint: "refresh_token", ...clientAuth(run) }),
  });
  const again = await send("Refresh again, with the revoked refresh token", { method: "POST", url: tokens, headers: FORM, body: refreshBody });
  const exchanges = [refreshed, revoked, again];
  const checks: Check[] = [
    { label: "refresh", ok: refreshed.response?.status === 200, detail: `answered ${statusOf(refreshed)}${typeof fresh?.access_token === "string" ? ": a new access token (and id_token); the refresh token stays the same on SuperID" : ""}` },
    { label: "revoke", ok: revoked.response?.status === 200, detail: `answered ${statusOf(revoked)}: the refresh token and the access tokens minted from it are revoked` },
    { label: "refresh after revoke fails", ok: again.response?.status === 400 && jsonOf(again)?.error === "invalid_grant", detail: `answered ${statusOf(again)} ${String(jsonOf(again)?.error ?? "")}` },
  ];
  const webapi = soClaim(run, "webapi_url");
  if (webapi && typeof fresh?.access_token === "string") {
    const call = await send("Call the API with the access token minted by that refresh", {
      method: "GET",
      url: `${webapi}v1/User/currentPrincipal`,
      headers: { Authorization: `Bearer ${fresh.access_token}`, Accept: "application/json" },
    });
    exchanges.push(call);
    checks.push({ label: "its access token fails too", ok: call.response?.status === 401, detail: `answered ${statusOf(call)}: revoking a refresh token takes the access tokens minted from it along` });
  }
  run.refresh = { exchanges, checks };
}

export const statusOf = (e: Exchange) => (e.response ? `${e.response.status} ${e.response.statusText}` : "nothing (no answer)");
