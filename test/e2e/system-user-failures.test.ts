import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { revokeConsent } from "../../src/identity/consent.js";
import { OTHER, SO, TENANT, app, ctx, exchangeBody, exchangeOk, exchangeRest, expectRefusal, reapprove, signSystemToken, systemToken, utcStamp, webApp, otherKeyPem, useSystemUserEmulator } from "../support/system-user.js";

/**
 * The system user flow (identity.md §8, §10) as SuperOffice's published node sample does it: the system
 * token from the id_token of an administrator's sign-in, signed with the app's private key, exchanged at
 * PartnerSystemUser/Authenticate (REST and SOAP) for a JWT carrying a `7T:` ticket, which then works
 * against the tenant API with `SO-AppToken`.
 */
useSystemUserEmulator();


describe("every failure cause: IsSuccessful false, the ErrorMessage naming it", () => {
  const minute = 60_000;

  it("bad signature: signed with another key", async () => {
    await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken(systemToken, undefined, otherKeyPem()) }), /InvalidSignature/);
  });

  it("bad signature: a tampered token (signature bytes, signed timestamp, garbage)", async () => {
    const signed = signSystemToken(systemToken);
    const dot = signed.lastIndexOf(".");
    const sig = Buffer.from(signed.slice(dot + 1), "base64");
    sig[10] = sig[10]! ^ 0xff;
    await expectRefusal(exchangeBody({ SignedSystemToken: `${signed.slice(0, dot)}.${sig.toString("base64")}` }), /InvalidSignature/);
    // Signed for one minute, presented with another (both inside the window).
    const now = ctx().clock.now();
    const signedEarlier = signSystemToken(systemToken, utcStamp(now - 2 * minute));
    const parts = signedEarlier.split(".");
    const tampered = `${systemToken}.${utcStamp(now)}.${parts.at(-1)}`;
    await expectRefusal(exchangeBody({ SignedSystemToken: tampered }), /InvalidSignature/);
    await expectRefusal(exchangeBody({ SignedSystemToken: `${systemToken}.${utcStamp(now)}.not-base64!!` }), /InvalidSignature/);
  });

  it("timestamp out of range: 11 minutes old, 6 minutes ahead, not 12 digits", async () => {
    const now = ctx().clock.now();
    // Whole minutes: 11 minutes back is 11-12 minutes old; 6.5 minutes ahead floors to 5.5-6.5 ahead.
    await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken(systemToken, utcStamp(now - 11 * minute)) }), /InvalidTimestamp/);
    await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken(systemToken, utcStamp(now + 6.5 * minute)) }), /InvalidTimestamp/);
    for (const stamp of [utcStamp(now).slice(0, 10), `${utcStamp(now)}00`, "2026-01-01T12", "20261301T000", "202613011200", "abcdefghijkl"]) {
      await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken(systemToken, stamp) }), /InvalidTimestamp/);
    }
  });

  it("inside the tolerance (9 minutes old, 4 minutes ahead) is accepted", async () => {
    const now = ctx().clock.now();
    for (const at of [now - 8.5 * minute, now + 4.5 * minute]) {
      const reply = await exchangeRest(exchangeBody({ SignedSystemToken: signSystemToken(systemToken, utcStamp(at)) }));
      expect(reply.json.IsSuccessful, `${utcStamp(at)}: ${reply.text}`).toBe(true);
    }
  });

  it("unknown system token", async () => {
    await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken("Nightly Sync Service-AAAAAAAAAA") }), /Unknown system token/i);
    await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken("Somebody Else-0123456789") }), /Unknown system token/i);
  });

  it("ApplicationToken (the client secret) does not match", async () => {
    await expectRefusal(exchangeBody({ ApplicationToken: "0123456789abcdef0123456789abcdef" }), /ApplicationToken/);
    // The client_id is not the ApplicationToken.
    await expectRefusal(exchangeBody({ ApplicationToken: app.clientId }), /ApplicationToken/);
    await expectRefusal(exchangeBody({ ApplicationToken: "" }), /ApplicationToken/);
  });

  it("tenant mismatch: the system token of Cust12345 with ContextIdentifier Cust54321", async () => {
    const otherToken = await reapprove(OTHER);
    expect(otherToken).toMatch(/^Nightly Sync Service-[A-Za-z0-9]{10}$/);
    expect(otherToken).not.toBe(systemToken);
    const message = await expectRefusal(exchangeBody({ ContextIdentifier: OTHER }), /Cust12345/);
    expect(message).toMatch(/Cust54321/);
    // The right token for Cust54321 works there.
    const jwt = await exchangeOk({ SignedSystemToken: signSystemToken(otherToken), ContextIdentifier: OTHER });
    expect(decodeJwt(jwt)[`${SO}ctx`]).toBe(OTHER);
  });

  it("consent revoked → Revoked; a new approval keeps the system token and works again", async () => {
    try {
      expect(revokeConsent(ctx(), app.clientId, TENANT)).toBe(true);
      await expectRefusal(exchangeBody(), /Revoked/);
    } finally {
      const again = await reapprove(TENANT);
      expect(again).toBe(systemToken);
    }
    await exchangeOk();
  });

  it("app not allowed the system user: the web app's secret as ApplicationToken", async () => {
    const message = await expectRefusal(exchangeBody({ ApplicationToken: webApp.clientSecret! }), /not allowed the system user/);
    expect(message).toContain(webApp.name);
  });

  it("unsupported ReturnTokenType: Saml (and a missing one)", async () => {
    await expectRefusal(exchangeBody({ ReturnTokenType: "Saml" }), /ReturnTokenType.*Saml|Saml.*not supported/);
    const { ReturnTokenType: _, ...without } = exchangeBody();
    await expectRefusal(without, /ReturnTokenType/);
  });

  it("tenant not running: Cust99999 (OfflineMaintenance)", async () => {
    await expectRefusal(exchangeBody({ ContextIdentifier: "Cust99999" }), /Cust99999.*OfflineMaintenance/);
  });

  it("unknown ContextIdentifier", async () => {
    await expectRefusal(exchangeBody({ ContextIdentifier: "Cust00000" }), /Cust00000/);
  });

  it("malformed JSON body → 400 with the same three keys", async () => {
    for (const body of ["{not json", "", "{\"SignedSystemToken\": "]) {
      const reply = await exchangeRest(body);
      expect(reply.status, reply.text).toBe(400);
      expect(Object.keys(reply.json)).toEqual(["IsSuccessful", "Token", "ErrorMessage"]);
      expect(reply.json.IsSuccessful).toBe(false);
      expect(reply.json.Token).toBeNull();
      expect(reply.json.ErrorMessage).toEqual(expect.any(String));
    }
  });
});
