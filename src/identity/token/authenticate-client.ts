import { timingSafeEqual } from "node:crypto";
import type { App } from "../../store/apps.js";
import { InvalidClient, InvalidRequest } from "../errors.js";

export interface AuthenticatedClient {
  app: App;
  /** A native app without a secret: it must prove possession with PKCE instead. */
  isPublic: boolean;
}

/**
 * Client authentication (RFC 6749 §2.3): `client_secret_basic` (Authorization: Basic, form-encoded
 * id and secret) or `client_secret_post` (body or, SOD's documented style, query). Native apps are public
 * clients and send no secret or an empty one (identity.md §5.1 item 4).
 */
export function authenticateClient(params: Record<string, string>, authorization: string | undefined, findApp: (clientId: string) => App | undefined): AuthenticatedClient {
  let clientId = params.client_id;
  let secret = params.client_secret;
  const basic = /^basic\s+(.+)$/i.exec(authorization ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new InvalidClient("malformed Basic credentials", { basicChallenge: true });
    clientId = safeDecode(decoded.slice(0, colon));
    secret = safeDecode(decoded.slice(colon + 1));
    if (params.client_id && params.client_id !== clientId) throw new InvalidRequest("client_id in the body differs from the Basic credentials");
    // Two different secrets is a client bug either way; saying so beats silently trying one (README).
    if (params.client_secret && params.client_secret !== secret) throw new InvalidRequest("client_secret in the body differs from the Basic credentials");
  }
  if (!clientId) throw new InvalidClient("client_id is required", { basicChallenge: Boolean(basic) });
  const app = findApp(clientId);
  if (!app) throw new InvalidClient("unknown client_id", { basicChallenge: Boolean(basic) });
  if (app.clientSecret === null) {
    if (secret) throw new InvalidClient("this native app is a public client and has no secret", { basicChallenge: Boolean(basic) });
    return { app, isPublic: true };
  }
  if (!secret) throw new InvalidClient("client_secret is required", { basicChallenge: Boolean(basic) });
  if (!equalSecrets(secret, app.clientSecret)) throw new InvalidClient("client authentication failed", { basicChallenge: Boolean(basic) });
  return { app, isPublic: false };
}

/**
 * Whether a request names a client at all (Basic credentials, client_id or client_secret). Revocation
 * without any is allowed (revoke.ts); one that sends some must authenticate.
 */
export function sendsClientCredentials(params: Record<string, string>, authorization: string | undefined): boolean {
  // Empty fields name nothing: some libraries send `client_secret=` for every request.
  return /^basic\s/i.test(authorization ?? "") || Boolean(params.client_id) || Boolean(params.client_secret);
}

function equalSecrets(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}
