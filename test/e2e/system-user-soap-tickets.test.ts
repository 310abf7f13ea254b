import { decodeJwt } from "jose";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { revokeConsent } from "../../src/identity/consent.js";
import { OTHER, SO, SOAP_NS, TENANT, api, app, ctx, emulator, exchangeSoap, expectUnauthorized, newTicket, parseXml, reapprove, signSystemToken, soapEnvelope, systemToken, webApp, type XmlNode, otherKeyPem, useSystemUserEmulator } from "../support/system-user.js";

/**
 * The system user flow (identity.md §8, §10) as SuperOffice's published node sample does it: the system
 * token from the id_token of an administrator's sign-in, signed with the app's private key, exchanged at
 * PartnerSystemUser/Authenticate (REST and SOAP) for a JWT carrying a `7T:` ticket, which then works
 * against the tenant API with `SO-AppToken`.
 */
useSystemUserEmulator();

describe("the same exchange over SOAP", () => {
  it("answers an AuthenticationResponse the node sample reads (strip prefixes; IsSuccessful 'true'; Token)", async () => {
    const { status, text, response } = await exchangeSoap(
      soapEnvelope({ applicationToken: app.clientSecret!, contextIdentifier: TENANT, signedSystemToken: signSystemToken(systemToken) }),
    );
    expect(status, text).toBe(200);
    expect(text).toContain(`<AuthenticationResponse xmlns="${SOAP_NS}">`);
    expect(response.IsSuccessful![0]).toBe("true");
    const token = String(response.Token![0]);
    expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(text).toMatch(/<ErrorMessage i:nil="true"/);
    const p = decodeJwt(token);
    expect(p.iss).toBe("SuperOffice AS");
    expect(p[`${SO}ctx`]).toBe(TENANT);
    // And the ticket from SOAP works like the one from REST.
    const principal = await api("GET", "v1/User/currentPrincipal", String(p[`${SO}ticket`]));
    expect(principal.status, principal.text).toBe(200);
    expect(principal.json!.UserType).toBe("SystemAssociate");
  });

  it("serves the WSDL at ?wsdl, naming AuthenticationRequest and the service location", async () => {
    const res = await request(`${emulator.url}/login/services/PartnerSystemUserService.svc?wsdl`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/xml/);
    const wsdl = await res.body.text();
    expect(wsdl).toContain("wsdl:definitions");
    expect(wsdl).toContain("AuthenticationRequest");
    expect(wsdl).toContain("AuthenticationResponse");
    expect(wsdl).toContain(`location="${emulator.url}/login/services/PartnerSystemUserService.svc"`);
    // Parses as XML.
    expect(parseXml(wsdl).definitions).toBeDefined();
  });

  it("a refusal is IsSuccessful false with an ErrorMessage and a nil Token", async () => {
    const { status, text, response } = await exchangeSoap(
      soapEnvelope({ applicationToken: "00000000000000000000000000000000", contextIdentifier: TENANT, signedSystemToken: signSystemToken(systemToken) }),
    );
    expect(status, text).toBe(200);
    expect(response.IsSuccessful![0]).toBe("false");
    expect(String(response.ErrorMessage![0])).toMatch(/ApplicationToken/);
    expect(text).toMatch(/<Token i:nil="true" xmlns:i="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance"\s*\/>/);
    expect((response.Token![0] as XmlNode).$).toEqual({ "i:nil": "true" });

    const bad = await exchangeSoap(
      soapEnvelope({ applicationToken: app.clientSecret!, contextIdentifier: TENANT, signedSystemToken: signSystemToken(systemToken, undefined, otherKeyPem()) }),
    );
    expect(bad.response.IsSuccessful![0]).toBe("false");
    expect(String(bad.response.ErrorMessage![0])).toMatch(/InvalidSignature/);
  });
});

describe("tickets against the tenant API", () => {
  it("a ticket of Cust12345 on /Cust54321/api → 401", async () => {
    const ticket = await newTicket();
    expect((await api("GET", "v1/Contact/2", ticket)).status).toBe(200);
    expectUnauthorized(await api("GET", "v1/Contact/2", ticket, { tenant: OTHER }), /Cust12345/);
  });

  it("missing SO-AppToken → 401", async () => {
    const ticket = await newTicket();
    expectUnauthorized(await api("GET", "v1/User/currentPrincipal", ticket, { appToken: null }), /SO-AppToken/);
  });

  it("wrong SO-AppToken → 401 (another app's secret, the client_id, garbage)", async () => {
    const ticket = await newTicket();
    for (const wrong of [webApp.clientSecret!, app.clientId, "nonsense"]) {
      expectUnauthorized(await api("GET", "v1/User/currentPrincipal", ticket, { appToken: wrong }), /SO-AppToken/);
    }
  });

  it("an unknown or malformed ticket → 401", async () => {
    expectUnauthorized(await api("GET", "v1/User/currentPrincipal", `7T:${Buffer.from(`${"0".repeat(32)};1;${TENANT}`, "utf16le").toString("base64")}`));
    expectUnauthorized(await api("GET", "v1/User/currentPrincipal", "not-a-ticket"));
  });

  it("after revokeConsent → 401 (and the old ticket stays dead after a new approval)", async () => {
    const ticket = await newTicket();
    expect((await api("GET", "v1/User/currentPrincipal", ticket)).status).toBe(200);
    try {
      revokeConsent(ctx(), app.clientId, TENANT);
      expectUnauthorized(await api("GET", "v1/User/currentPrincipal", ticket));
    } finally {
      await reapprove(TENANT);
    }
    expectUnauthorized(await api("GET", "v1/User/currentPrincipal", ticket));
    expect((await api("GET", "v1/User/currentPrincipal", await newTicket())).status).toBe(200);
  });

  it("6 hours, sliding: each use pushes the window", async () => {
    const ticket = await newTicket();
    const unused = await newTicket();
    const hour = 3_600_000;
    let moved = 0;
    const advance = (ms: number) => {
      ctx().clock.advance(ms);
      moved += ms;
    };
    try {
      advance(5 * hour);
      expect((await api("GET", "v1/Contact/2", ticket)).status).toBe(200);
      advance(5 * hour); // 10 h after issue, 5 h after the last use
      expect((await api("GET", "v1/Contact/2", ticket)).status).toBe(200);
      // A ticket issued at the same moment and never used has lapsed 6 h after issue.
      expectUnauthorized(await api("GET", "v1/Contact/2", unused));
      advance(7 * hour); // 7 h after the last use
      expectUnauthorized(await api("GET", "v1/Contact/2", ticket));
    } finally {
      ctx().clock.advance(-moved);
    }
  });
});
