import { createHash, randomBytes } from "node:crypto";
import { request } from "undici";
import type { StartedEmulator } from "../../src/index.js";
import { runAuthorize } from "./superid-forms.js";

export interface TokenSet {
  token_type: string;
  access_token: string;
  expires_in: number;
  refresh_token: string;
  id_token: string;
}

/**
 * A real access token for a seeded user and tenant: the authorize flow answered over HTTP (approving the
 * app, the web app unless told otherwise, if needed), then the code exchanged with PKCE at the token
 * endpoint.
 */
export async function signIn(emulator: StartedEmulator, username: string, tenant: string, appKind: "web" | "server-to-server" = "web"): Promise<TokenSet> {
  const app = emulator.apps.find((a) => a.kind === appKind)!;
  const verifier = randomBytes(32).toString("base64url");
  const params = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: app.redirectUris[0]!,
    response_type: "code",
    scope: "openid",
    acr_values: `tenant:${tenant}`,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  });
  const end = await runAuthorize(`${emulator.url}/login/common/oauth/authorize?${params}`, { username });
  const code = end.location ? new URL(end.location).searchParams.get("code") : null;
  if (!code) throw new Error(`sign-in did not return a code: ${end.status} ${end.body.slice(0, 300)}`);
  const res = await request(`${emulator.url}/login/common/oauth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: app.redirectUris[0]!, client_id: app.clientId, client_secret: app.clientSecret!, code_verifier: verifier }).toString(),
  });
  if (res.statusCode !== 200) throw new Error(`token exchange failed: ${res.statusCode} ${await res.body.text()}`);
  return (await res.body.json()) as TokenSet;
}
