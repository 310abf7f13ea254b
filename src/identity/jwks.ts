import { Hono } from "hono";
import type { EmulatorContext } from "../runtime/emulator-context.js";
import { corsPreflight, staticJson } from "./discovery.js";

/**
 * The signing key as SOD publishes it (identity.md §3): one RSA key, `kid` the certificate's uppercase hex
 * SHA-1 thumbprint, `x5t` the same thumbprint base64url, `x5c` the real certificate (jwks-rsa builds the key
 * from it). The certificate is also downloadable for apps that pin SuperOffice's `.crt`/`.pem`.
 */
export function jwksRoutes(ctx: EmulatorContext) {
  const key = ctx.signingKey;
  const jwk = key.publicKey.export({ format: "jwk" });
  const body = new TextEncoder().encode(JSON.stringify({
    keys: [{ kty: "RSA", use: "sig", alg: "RS256", kid: key.kid, x5t: key.x5t, e: jwk.e, n: jwk.n, x5c: [key.certificateDer.toString("base64")] }],
  }));
  const app = new Hono();
  app.get("/login/.well-known/jwks", () => staticJson(body));
  app.options("/login/.well-known/jwks", corsPreflight);
  app.get("/login/certificates/superofficefederatedlogin.crt", (c) =>
    c.body(new Uint8Array(key.certificateDer), 200, { "content-type": "application/pkix-cert", "content-disposition": 'attachment; filename="SuperOfficeFederatedLogin.crt"' }),
  );
  app.get("/login/certificates/superofficefederatedlogin.pem", (c) =>
    c.body(key.certificatePem, 200, { "content-type": "application/x-pem-file", "content-disposition": 'attachment; filename="SuperOfficeFederatedLogin.pem"' }),
  );
  return app;
}
