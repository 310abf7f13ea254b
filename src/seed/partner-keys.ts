import { createHash } from "node:crypto";
import forge from "node-forge";

/**
 * A seeded partner app's system-user key pair, derived from the seed: the same seed file gives the same
 * keys everywhere. node:crypto cannot generate from a seed; node-forge can, with a deterministic random
 * source. 1024 bits, like the Developer Portal's sample keys (identity.md §11).
 */
export function derivedPartnerKey(seed: number, appName: string): { privateKeyPem: string; publicKeyPem: string } {
  let counter = 0;
  const prng = forge.random.createInstance();
  prng.seedFileSync = (needed: number) => {
    let out = "";
    while (out.length < needed) {
      out += createHash("sha256").update(`${seed}\u0000partner-key\u0000${appName}\u0000${counter++}`).digest("binary");
    }
    return out.slice(0, needed);
  };
  const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001, prng, workers: -1 });
  // node-forge writes CRLF line endings; keep the PEM files Unix-style.
  const lf = (pem: string) => pem.replace(/\r\n/g, "\n");
  return { privateKeyPem: lf(forge.pki.privateKeyToPem(keys.privateKey)), publicKeyPem: lf(forge.pki.publicKeyToPem(keys.publicKey)) };
}
