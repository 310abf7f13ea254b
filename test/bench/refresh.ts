// Pieces of the refresh-grant benchmark: a refresh token from the real code flow (sign-in, tenant and consent
// screens answered by form posts), the request body that redeems it, and the raw RS256 signing reference.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, SignJWT, type JWTPayload } from "jose";
import { request } from "undici";
import { runAuthorize } from "../support/superid-forms.js";
import { cleanEnv } from "./helpers.js";

const REDIRECT_URI = "http://localhost:3000/callback";
const USER = "ada.admin@example.com";
const TENANT = "Cust12345";

interface SeededApp {
  kind: string;
  clientId: string;
  clientSecret: string | null;
}

/**
 * The seeded web app's credentials, from `info --json` over the same seed the child serves. `storeArgs`
 * say which store (default: the default seed in memory; e.g. `--seed FILE --data DIR` for another one).
 */
export function webAppCredentials(cli: string, cacheDir: string, storeArgs: string[] = ["--in-memory"]): { clientId: string; clientSecret: string } {
  const out = execFileSync(process.execPath, [cli, "info", "--json", ...storeArgs, "--cache-dir", cacheDir], { env: cleanEnv(), encoding: "utf8", timeout: 60_000 });
  const app = (JSON.parse(out) as { apps: SeededApp[] }).apps.find((a) => a.kind === "web" && a.clientSecret);
  if (!app) throw new Error("no web app with a secret in `info --json`");
  return { clientId: app.clientId, clientSecret: app.clientSecret! };
}

/**
 * Runs authorize → screens → code → POST tokens once for ada.admin@example.com in Cust12345 (or the user
 * and tenant in `who`) and returns the token response (access_token, refresh_token, id_token). The flow
 * goes to localhost, the public URL the emulator puts in its own redirects (runAuthorize follows
 * same-origin redirects only); the load itself then goes to 127.0.0.1.
 */
export async function codeFlowTokens(
  origin: string,
  creds: { clientId: string; clientSecret: string },
  who: { username: string; tenant: string } = { username: USER, tenant: TENANT },
): Promise<Record<string, unknown>> {
  const flowOrigin = origin.replace("127.0.0.1", "localhost");
  const query = new URLSearchParams({ client_id: creds.clientId, redirect_uri: REDIRECT_URI, scope: "openid", response_type: "code", state: "bench", nonce: "bench" });
  const end = await runAuthorize(`${flowOrigin}/login/common/oauth/authorize?${query}`, who);
  const code = end.location ? new URL(end.location).searchParams.get("code") : null;
  if (!code) throw new Error(`authorize flow ended without a code (status ${end.status}, screens ${end.screens.join(",") || "none"})`);
  return postTokens(origin, { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, client_id: creds.clientId, client_secret: creds.clientSecret });
}

/** The form body of a refresh-grant request, from one run of the code flow. */
export async function refreshGrantBody(origin: string, creds: { clientId: string; clientSecret: string }): Promise<string> {
  const tokens = await codeFlowTokens(origin, creds);
  if (typeof tokens.refresh_token !== "string") throw new Error("the code exchange returned no refresh_token");
  return new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: creds.clientId, client_secret: creds.clientSecret }).toString();
}

/** One refresh grant outside the load, to check it works and to get an id_token as the raw loop's model. */
export async function sampleIdToken(origin: string, body: string): Promise<string> {
  const tokens = await postTokens(origin, Object.fromEntries(new URLSearchParams(body)));
  if (typeof tokens.id_token !== "string") throw new Error("the refresh grant returned no id_token");
  return tokens.id_token;
}

async function postTokens(origin: string, form: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await request(`${origin}/login/common/oauth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`POST tokens (${form.grant_type}): ${res.statusCode} ${text.slice(0, 200)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * The reference job: sign the same claims and header as the emulator's id_token with a fresh 2048-bit key,
 * the way the emulator does (jose SignJWT with a node:crypto KeyObject), iat moving as it does there.
 */
export function rawSignJob(idToken: string): { job: () => Promise<boolean>; claims: number; bytes: number } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const { header, claims: payload } = idTokenModel(idToken);
  const job = async () => {
    const iat = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ ...payload, iat, nbf: iat - 60, exp: iat + 300 }).setProtectedHeader(header).sign(privateKey);
    return jwt.length > 0;
  };
  return { job, claims: Object.keys(payload).length, bytes: idToken.length };
}

/** An id_token's header and claims, for signers that should sign the same thing. */
export function idTokenModel(idToken: string): { header: { alg: string; kid: string; x5t: string; typ: string }; claims: JWTPayload } {
  return { header: decodeProtectedHeader(idToken) as { alg: string; kid: string; x5t: string; typ: string }, claims: decodeJwt(idToken) };
}
