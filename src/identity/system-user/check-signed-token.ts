import { createPublicKey, createVerify } from "node:crypto";
import type { App } from "../../store/apps.js";
import { SystemUserRefusal } from "../errors.js";
import { isRealDateTime } from "../../shared/calendar.js";

/** Tolerance for the signed timestamp (spec/README.md): 10 minutes behind, 5 ahead. */
export const TIMESTAMP_TOLERANCE = { behindMs: 10 * 60_000, aheadMs: 5 * 60_000 };

export interface SignedToken {
  systemToken: string;
  timestamp: string;
  signature: string;
}

/**
 * `{system_token}.{yyyyMMddHHmm}.{base64 signature}`, split on the last two dots: the system token is
 * `{AppName}-{10 alphanumerics}` and the app name may itself contain dots (identity.md §8.2).
 */
export function splitSignedToken(signed: string): SignedToken {
  const last = signed.lastIndexOf(".");
  const middle = signed.lastIndexOf(".", last - 1);
  if (last < 0 || middle <= 0) throw new SystemUserRefusal("SignedSystemToken must be {system token}.{yyyyMMddHHmm}.{signature}");
  return { systemToken: signed.slice(0, middle), timestamp: signed.slice(middle + 1, last), signature: signed.slice(last + 1) };
}

/** The timestamp is UTC `yyyyMMddHHmm` within the tolerance of the emulator's clock. */
export function checkTimestamp(timestamp: string, nowMs: number): void {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(timestamp);
  const [y, mo, d, h, mi] = m ? m.slice(1).map(Number) : [];
  // Date.UTC would roll hour 24 or 30 February over; such a timestamp is refused.
  if (!m || !isRealDateTime(y!, mo!, d!, h, mi)) throw new SystemUserRefusal("expected UTC yyyyMMddHHmm", "InvalidTimestamp");
  const at = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  if (at < nowMs - TIMESTAMP_TOLERANCE.behindMs || at > nowMs + TIMESTAMP_TOLERANCE.aheadMs) {
    throw new SystemUserRefusal(`${timestamp} is outside the accepted window around ${new Date(nowMs).toISOString()}`, "InvalidTimestamp");
  }
}

/** RSASSA-PKCS1-v1_5 with SHA-256 over `{system_token}.{timestamp}`, verified with the app's public key. */
export function checkSignature(app: App, signed: SignedToken): void {
  if (!app.publicKeyPem) throw new SystemUserRefusal(`${app.name} has no registered public key`, "InvalidSignature");
  let valid = false;
  // Node's base64 decoder skips what it does not understand; a signature is standard base64 and nothing else.
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(signed.signature)) {
    try {
      const key = createPublicKey(app.publicKeyPem);
      valid = key.asymmetricKeyType === "rsa" && createVerify("RSA-SHA256").update(`${signed.systemToken}.${signed.timestamp}`, "utf8").verify(key, signed.signature, "base64");
    } catch {
      valid = false;
    }
  }
  if (!valid) throw new SystemUserRefusal("", "InvalidSignature");
}
