import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from "jose";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { iso } from "../../portal/pages/claim-notes.js";
import type { Check, Exchange } from "../run.js";
import { jsonOf, send } from "../wire.js";

/**
 * Checking a JWT as an app does, one visible step at a time: fetch the JWKS over HTTP, find the key the
 * header's `kid` names, verify the RS256 signature with it (jose), then the claims the app must check.
 * Times are compared with the emulator's clock, which a test suite may have moved.
 */
export interface JwtExpectations {
  issuer: string;
  /** The expected `aud`, or a test for it. */
  audience: string | ((aud: unknown) => boolean);
  audienceText: string;
  nonce?: string | undefined;
}

export interface JwtCheck {
  parts: string[];
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  jwks: Exchange;
  jwk?: Record<string, unknown> | undefined;
  checks: Check[];
}

export async function checkJwt(ctx: EmulatorContext, token: string, expect: JwtExpectations): Promise<JwtCheck> {
  const parts = token.split(".");
  const header = decodeProtectedHeader(token) as Record<string, unknown>;
  const payload = decodeJwt(token) as Record<string, unknown>;
  const checks: Check[] = [];
  checks.push({ label: "three parts", ok: parts.length === 3, detail: "header.payload.signature, each base64url; the first two are JSON, shown decoded below" });
  checks.push({ label: "algorithm", ok: header.alg === "RS256", detail: `the header says alg ${String(header.alg)} and kid ${String(header.kid)}: an RSA signature with SHA-256, made with the key whose id is kid` });

  const jwks = await send("Fetch the signing keys (JWKS)", { method: "GET", url: `${ctx.urls.publicUrl}/login/.well-known/jwks`, headers: { Accept: "application/json" } });
  const keys = (jsonOf(jwks)?.keys ?? []) as Record<string, unknown>[];
  checks.push({ label: "JWKS fetched", ok: jwks.response?.status === 200 && keys.length > 0, detail: jwks.response ? `${jwks.response.status}: ${keys.length} key(s), ids ${keys.map((k) => String(k.kid)).join(", ")}` : (jwks.error ?? "") });
  const jwk = keys.find((k) => k.kid === header.kid);
  checks.push({ label: "key found", ok: jwk !== undefined, detail: jwk ? `the JWKS has a ${String(jwk.kty)} key with kid ${String(jwk.kid)} (modulus n, exponent e ${String(jwk.e)})` : `no key in the JWKS has kid ${String(header.kid)}: the token was not signed by this SuperID` });

  if (jwk && header.alg === "RS256") {
    try {
      await compactVerify(token, await importJWK(jwk as JWK, "RS256"));
      checks.push({ label: "signature valid", ok: true, detail: "RSA-SHA256 over the first two parts, checked with that public key: the header and claims are as SuperID signed them" });
    } catch {
      checks.push({ label: "signature valid", ok: false, detail: "the signature does not match: the token was altered or signed with another key" });
    }
  }

  checks.push({ label: "issuer", ok: payload.iss === expect.issuer, detail: `iss is ${String(payload.iss)}; expected ${expect.issuer}` });
  const audOk = typeof expect.audience === "string" ? payload.aud === expect.audience : expect.audience(payload.aud);
  checks.push({ label: "audience", ok: audOk, detail: `aud is ${String(payload.aud)}; expected ${expect.audienceText}` });
  const now = ctx.clock.now() / 1000;
  const exp = Number(payload.exp);
  const nbf = payload.nbf === undefined ? -Infinity : Number(payload.nbf);
  checks.push({
    label: "lifetime",
    ok: now < exp && now >= nbf,
    detail: `valid from ${Number.isFinite(nbf) ? iso(nbf * 1000) : "issue"} until ${iso(exp * 1000)}; the emulator's clock says ${iso(now * 1000)} (${Math.round(exp - now)} s left)`,
  });
  if (expect.nonce !== undefined) checks.push({ label: "nonce", ok: payload.nonce === expect.nonce, detail: `nonce is ${String(payload.nonce)}; this run sent ${expect.nonce} in step 1 (a replayed id_token would carry another)` });
  return { parts, header, payload, jwks, jwk, checks };
}
