import { createHash, randomBytes, randomInt } from "node:crypto";

/** Opaque credentials in SOD's shapes, and the hashes the store keeps instead of them. */
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `n` random characters of [A-Za-z0-9]: SOD's authorization codes and refresh tokens are 64 of them. */
export function randomAlphanumeric(n = 64): string {
  let out = "";
  for (let i = 0; i < n; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/**
 * SOD's reference access token: `8A:{ContextIdentifier}.{standard base64}`. Clients parse the tenant from
 * the text between `8A:` and the first dot, so that part is load-bearing.
 */
export function newAccessToken(contextIdentifier: string): string {
  return `8A:${contextIdentifier}.${randomBytes(96).toString("base64")}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * An id that appears in a URL path. Paths are routed lower-cased (SOD's paths are case-insensitive),
 * so path ids must not depend on case: lower-case hex.
 */
export function randomPathId(bytes = 20): string {
  return randomBytes(bytes).toString("hex");
}
