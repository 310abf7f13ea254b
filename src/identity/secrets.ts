import { hash, randomBytes, randomFillSync, randomInt } from "node:crypto";

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
  return `8A:${contextIdentifier}.${randomBase64(ACCESS_TOKEN_BYTES)}`;
}

const ACCESS_TOKEN_BYTES = 96;

/**
 * Unused random bytes, refilled 64 access tokens at a time: each randomBytes() call costs a few µs of
 * OpenSSL overhead whatever its size, which showed on every token grant. Each slice is handed out once
 * (as node's randomUUID does with its own cache), so no two tokens share bytes.
 */
const pool = Buffer.allocUnsafe(ACCESS_TOKEN_BYTES * 64);
let poolOffset = pool.length;

/** `n` fresh random bytes (n ≤ the pool's size) in standard base64. */
function randomBase64(n: number): string {
  if (poolOffset + n > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const text = pool.toString("base64", poolOffset, poolOffset + n);
  poolOffset += n;
  return text;
}

/** One-shot hash(): about a quarter of createHash().update().digest() for a short string. */
export function hashSecret(secret: string): string {
  return hash("sha256", secret, "hex");
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
