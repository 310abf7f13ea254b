import { createHash, type KeyObject } from "node:crypto";

/**
 * Wraps an RSA key in a self-signed X.509 certificate: the emulator's stand-in for SuperOffice's
 * "Federated Login" certificate. JWKS clients such as jwks-rsa read the key from `x5c[0]`, so it must be a
 * real certificate. Serial and validity derive from the key, and RSA PKCS#1 v1.5 signatures are
 * deterministic, so the same key always yields the byte-identical certificate.
 */
export async function selfSignedCertificate(privateKey: KeyObject, publicKey: KeyObject, commonName: string): Promise<string> {
  // node:crypto parses certificates but cannot create them; node-forge does, and is only loaded here.
  const { default: forge } = await import("node-forge");
  const spki = publicKey.export({ type: "spki", format: "der" });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }) as string);
  cert.serialNumber = "01" + createHash("sha1").update(spki).digest("hex").slice(0, 16);
  cert.validity.notBefore = new Date("2020-01-01T00:00:00Z");
  cert.validity.notAfter = new Date("2120-01-01T00:00:00Z");
  const name = [
    { name: "commonName", value: commonName },
    { name: "organizationName", value: "sod-emulator" },
    { name: "countryName", value: "NO" },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, critical: true },
  ]);
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }) as string);
  cert.sign(forgeKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
