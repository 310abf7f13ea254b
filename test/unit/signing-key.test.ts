import { createPrivateKey, generateKeyPairSync, X509Certificate } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.js";
import { loadSigningKey } from "../../src/keys/signing-key.js";
import { tempDir } from "../support/cli.js";

const tmp = tempDir("sod-keys-");
afterAll(tmp.cleanup);

describe("signing key", () => {
  it("is generated once as RSA-2048 in a real self-signed certificate and reloaded unchanged", async () => {
    const dataDir = join(tmp.dir, "data");
    const first = await loadSigningKey({ dataDir, cacheDir: join(tmp.dir, "cache") });
    const cert = new X509Certificate(first.certificatePem);
    expect(cert.checkPrivateKey(first.privateKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.subject).toContain("CN=sod-emulator Federated Login");
    expect(first.kid).toMatch(/^[0-9A-F]{40}$/);
    expect(first.kid).toBe(cert.fingerprint.replaceAll(":", ""));
    expect(Buffer.from(first.x5t, "base64url").toString("hex").toUpperCase()).toBe(first.kid);
    expect(statSync(join(dataDir, "keys", "signing-key.pem")).mode & 0o777).toBe(0o600);

    const again = await loadSigningKey({ dataDir, cacheDir: join(tmp.dir, "cache") });
    expect(again.kid).toBe(first.kid);
    expect(again.certificatePem).toBe(first.certificatePem);
  });

  it("uses a key brought by the user, with a deterministic certificate", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const keyFile = join(tmp.dir, "own-key.pem");
    writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }));
    const a = await loadSigningKey({ dataDir: null, cacheDir: tmp.dir, signingKey: keyFile });
    const b = await loadSigningKey({ dataDir: null, cacheDir: tmp.dir, signingKey: keyFile });
    expect(a.certificatePem).toBe(b.certificatePem);
    expect(new X509Certificate(a.certificatePem).checkPrivateKey(createPrivateKey(readFileSync(keyFile)))).toBe(true);
  });

  it("rejects unusable keys and mismatched certificates with a ConfigError", async () => {
    const weak = join(tmp.dir, "weak.pem");
    writeFileSync(weak, generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }));
    await expect(loadSigningKey({ dataDir: null, cacheDir: tmp.dir, signingKey: weak })).rejects.toThrow(ConfigError);
    const junk = join(tmp.dir, "junk.pem");
    writeFileSync(junk, "not a key");
    await expect(loadSigningKey({ dataDir: null, cacheDir: tmp.dir, signingKey: junk })).rejects.toThrow(/expected a readable PEM private key/);

    const own = join(tmp.dir, "own.pem");
    writeFileSync(own, generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }));
    const other = await loadSigningKey({ dataDir: join(tmp.dir, "other"), cacheDir: tmp.dir });
    const otherCert = join(tmp.dir, "other-cert.pem");
    writeFileSync(otherCert, other.certificatePem);
    await expect(loadSigningKey({ dataDir: null, cacheDir: tmp.dir, signingKey: own, signingCert: otherCert })).rejects.toThrow(/expected a PEM certificate for the key/);
  });
});
