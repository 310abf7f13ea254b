import { createHash } from "node:crypto";
import type { EmulatorContext } from "../runtime/emulator-context.js";
import { superOfficeClaims, type SignedInParty } from "./claims.js";
import { LIFETIMES } from "./lifetimes.js";
import { joseIfLoaded, loadJose } from "../keys/jose.js";

export interface IdTokenOptions {
  nonce?: string | null | undefined;
  /** Adds `at_hash` (implicit and hybrid responses that return an access token). */
  accessToken?: string | undefined;
  /** Adds `c_hash` (hybrid responses that return a code). */
  code?: string | undefined;
}

/** OIDC's at_hash/c_hash: base64url of the left half of the SHA-256 of the value (RS256). */
export function leftHalfHash(value: string): string {
  const digest = createHash("sha256").update(value, "ascii").digest();
  return digest.subarray(0, digest.length / 2).toString("base64url");
}

/**
 * An id_token as SOD signs it (identity.md §6): RS256 with `kid` and `x5t`, `sub` the SuperID user name,
 * numeric `iat`/`nbf`/`exp` (exp = iat + 300, nbf = iat − 60), `aud` the client_id as a string, `nonce` only
 * when the app sent one, and the SuperOffice claims.
 */
export async function signIdToken(ctx: EmulatorContext, party: SignedInParty, options: IdTokenOptions = {}): Promise<string> {
  const iat = ctx.clock.nowSeconds();
  const payload: Record<string, unknown> = { sub: party.user.username, iat, ...superOfficeClaims(ctx.urls, party) };
  if (options.nonce) payload.nonce = options.nonce;
  if (options.accessToken) payload.at_hash = leftHalfHash(options.accessToken);
  if (options.code) payload.c_hash = leftHalfHash(options.code);
  payload.nbf = iat - LIFETIMES.idTokenNotBeforeSkew;
  payload.exp = iat + LIFETIMES.idToken;
  payload.iss = ctx.urls.issuer;
  payload.aud = party.app.clientId;
  // jose's JWS signer over the claims' JSON: the same bytes SignJWT would sign, without the structuredClone
  // of the whole claims set that SignJWT makes first (a tenth of the grant's own work in the profile).
  const { CompactSign } = joseIfLoaded() ?? (await loadJose());
  return new CompactSign(UTF8.encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "RS256", kid: ctx.signingKey.kid, x5t: ctx.signingKey.x5t, typ: "JWT" })
    .sign(ctx.signingKey.privateKey);
}

const UTF8 = new TextEncoder();
