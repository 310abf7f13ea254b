import { createHash } from "node:crypto";

/**
 * Identifiers derived from the seed number: the same seed file gives the same ContextIdentifier serials,
 * client ids, secrets and system tokens on every machine, and adding one tenant or app leaves the
 * others' values unchanged (each is derived from its own name, not from a shared random stream).
 */
function digest(seed: number, purpose: string, ...names: string[]): Buffer {
  return createHash("sha256").update([String(seed), purpose, ...names].join("\u0000")).digest();
}

/** 32 lowercase hex characters, SOD's shape for client ids and secrets. */
export function derivedHex32(seed: number, purpose: string, ...names: string[]): string {
  return digest(seed, purpose, ...names).subarray(0, 16).toString("hex");
}

/** A tenant database serial: 10 digits, not starting with 0. */
export function derivedSerial(seed: number, contextIdentifier: string): string {
  const n = digest(seed, "serial", contextIdentifier).readUInt32BE(0) % 900_000_000;
  return String(1_000_000_000 + n);
}

/** A 31-bit number for seeding a generator. */
export function derivedSeedNumber(seed: number, ...names: string[]): number {
  return digest(seed, "faker", ...names).readUInt32BE(0) & 0x7fffffff;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The system user token SOD issues at consent: `{AppName}-{10 alphanumerics}`, stable per app and tenant. */
export function derivedSystemToken(seed: number, appName: string, contextIdentifier: string): string {
  const bytes = digest(seed, "system_token", appName, contextIdentifier);
  let suffix = "";
  for (let i = 0; i < 10; i++) suffix += ALPHANUMERIC[bytes[i]! % ALPHANUMERIC.length];
  return `${appName}-${suffix}`;
}
