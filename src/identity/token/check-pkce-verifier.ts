import { createHash, timingSafeEqual } from "node:crypto";
import type { CodeGrant } from "../../store/grants.js";
import { InvalidGrant } from "../errors.js";

/**
 * RFC 7636 §4.6: the verifier must match the challenge the code was bound to (S256: base64url of its
 * SHA-256; plain: itself). A verifier for a code issued without a challenge is refused too (RFC 9700
 * §2.1.1), and public clients must have used PKCE.
 */
export function checkPkceVerifier(code: CodeGrant, verifier: string | undefined, isPublic: boolean): void {
  if (!code.codeChallenge) {
    if (verifier) throw new InvalidGrant("code_verifier sent, but the authorization request had no code_challenge");
    if (isPublic) throw new InvalidGrant("public clients must use PKCE");
    return;
  }
  if (!verifier) throw new InvalidGrant("code_verifier is required: the authorization request used PKCE");
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new InvalidGrant("code_verifier must be 43-128 characters of [A-Za-z0-9-._~]");
  const derived = code.codeChallengeMethod === "S256" ? createHash("sha256").update(verifier, "ascii").digest("base64url") : verifier;
  const a = Buffer.from(derived);
  const b = Buffer.from(code.codeChallenge);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new InvalidGrant("code_verifier does not match the code_challenge");
}
