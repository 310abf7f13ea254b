import { createHash, createPrivateKey, createPublicKey, generateKeyPair, X509Certificate, type KeyObject } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ConfigError } from "../config/config-error.js";
import { selfSignedCertificate } from "./certificate.js";

/**
 * The emulator's one signing key (SOD has one per environment): it signs id_tokens and system-user JWTs
 * and is published in the JWKS with its certificate.
 */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  certificatePem: string;
  certificateDer: Buffer;
  /** Uppercase hex SHA-1 thumbprint of the certificate, as SOD's `kid`. */
  kid: string;
  /** base64url SHA-1 thumbprint of the certificate. */
  x5t: string;
}

export interface SigningKeySource {
  /** Where a generated key is kept; null for in-memory runs (they use one cached in cacheDir). */
  dataDir: string | null;
  cacheDir: string;
  /** Bring-your-own key and, optionally, its certificate (PEM files). */
  signingKey?: string | undefined;
  signingCert?: string | undefined;
}

const KEY_FILE = "signing-key.pem";
const CERT_FILE = "signing-cert.pem";
const COMMON_NAME = "sod-emulator Federated Login";

export async function loadSigningKey(source: SigningKeySource): Promise<SigningKey> {
  if (source.signingKey) return loadOwnKey(source.signingKey, source.signingCert);
  const dir = source.dataDir ? join(source.dataDir, "keys") : join(source.cacheDir, "in-memory-keys");
  const keyFile = join(dir, KEY_FILE);
  const certFile = join(dir, CERT_FILE);
  if (existsSync(keyFile) && existsSync(certFile)) {
    return describe(createPrivateKey(readFileSync(keyFile)), readFileSync(certFile, "utf8"));
  }
  const { privateKey, publicKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  const certificatePem = await selfSignedCertificate(privateKey, publicKey, COMMON_NAME);
  mkdirSync(dir, { recursive: true });
  writeAtomically(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }) as string, 0o600);
  writeAtomically(certFile, certificatePem, 0o644);
  return describe(privateKey, certificatePem);
}

async function loadOwnKey(keyPath: string, certPath: string | undefined): Promise<SigningKey> {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(keyPath));
  } catch {
    throw new ConfigError(`--signing-key ${keyPath}: expected a readable PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== "rsa" || (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new ConfigError(`--signing-key ${keyPath}: expected an RSA key of at least 2048 bits (SOD signs with RS256)`);
  }
  if (!certPath) return describe(privateKey, await selfSignedCertificate(privateKey, createPublicKey(privateKey), COMMON_NAME));
  let certificatePem: string;
  try {
    certificatePem = readFileSync(certPath, "utf8");
    if (!new X509Certificate(certificatePem).checkPrivateKey(privateKey)) throw new Error("mismatch");
  } catch {
    throw new ConfigError(`--signing-cert ${certPath}: expected a PEM certificate for the key in --signing-key`);
  }
  return describe(privateKey, certificatePem);
}

function describe(privateKey: KeyObject, certificatePem: string): SigningKey {
  const cert = new X509Certificate(certificatePem);
  const sha1 = createHash("sha1").update(cert.raw).digest();
  return {
    privateKey,
    publicKey: cert.publicKey,
    certificatePem,
    certificateDer: cert.raw,
    kid: sha1.toString("hex").toUpperCase(),
    x5t: sha1.toString("base64url"),
  };
}

function writeAtomically(file: string, content: string, mode: number): void {
  const partial = `${file}.partial-${process.pid}`;
  writeFileSync(partial, content, { mode });
  chmodSync(partial, mode);
  renameSync(partial, file);
}
