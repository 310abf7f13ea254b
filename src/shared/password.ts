import { scryptSync, timingSafeEqual, createHash } from "node:crypto";

/**
 * Seeded users may have a password (workshops usually set none). Stored as scrypt with a salt derived
 * from the user name, so the same seed gives byte-identical stores.
 */
export function hashPassword(username: string, password: string): string {
  const salt = createHash("sha256").update(`sod-emulator:${username.toLowerCase()}`).digest().subarray(0, 16);
  return `scrypt$${salt.toString("base64")}$${scryptSync(password, salt, 32).toString("base64")}`;
}

export function verifyPassword(stored: string, password: string): boolean {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = scryptSync(password, Buffer.from(salt, "base64"), expected.length);
  return timingSafeEqual(actual, expected);
}
