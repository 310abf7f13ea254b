import { generateKeyPairSync } from "node:crypto";
import { decodeJwt, importX509, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { NS, SO, STACK, T1, T2, call, clockReset, clockTo, h, soapEnvelope, utcStamp } from "../support/system-user-conformance.js";

/**
 * Adversarial spec conformance of the system user (identity.md §8), tickets on the tenant API (§8.6-8.7),
 * tenant states and the status API (§9.1), host mode (§9.2), consents (§10) and the admin API that drives
 * them (README "Admin API"). Everything goes over HTTP; the admin API sets clocks, states and consents.
 */

describe("§8.2 signing: the signed timestamp and the signature", () => {
  it("§8.2 'yyyyMMddHHmm … 24-hour': an hour 24 or a day that does not exist is InvalidTimestamp, not rolled over", async () => {
    await clockTo("2030-03-02T00:02:00Z");
    try {
      // 2030-03-01 24:00 and 2030-02-30 00:00 would both be 2030-03-02 00:00 if rolled over: inside the window.
      for (const stamp of ["203003012400", "203002300000", "203003020000"]) {
        const r = await h.exchange(h.body({ SignedSystemToken: h.sign(h.tokens[T1]!, stamp) }));
        if (stamp === "203003020000") expect(r.json?.IsSuccessful, `control ${stamp}: ${r.text}`).toBe(true);
        else expect({ stamp, reply: r.json }).toMatchObject({ reply: { IsSuccessful: false, ErrorMessage: expect.stringMatching(/InvalidTimestamp/) } });
      }
    } finally {
      await clockReset();
    }
  });

  it("§8.2 'Signature: standard base64 (with +/=)': characters after the signature's padding make it InvalidSignature", async () => {
    const signed = h.sign(h.tokens[T1]!);
    expect(signed).toMatch(/=$/); // 128-byte signature: one '=' of padding
    const accepted: string[] = [];
    for (const suffix of ["!!junk", "AAAA", "#"]) {
      const r = await h.exchange(h.body({ SignedSystemToken: `${signed}${suffix}` }));
      if (r.json?.IsSuccessful !== false || !/InvalidSignature/.test(String(r.json.ErrorMessage))) accepted.push(suffix);
    }
    expect(accepted, "suffixes accepted as part of a valid signature").toEqual([]);
  });

  it("§8.2 'RSASSA-PKCS1-v1_5-SHA256': an EC publicKeyPem is refused at registration (400), or at least an ECDSA signature never passes", async () => {
    const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const reg = await h.admin("POST", "/apps", { name: "EC partner", kind: "server-to-server", redirectUris: ["http://localhost:4999/cb"], publicKeyPem: pair.publicKey.export({ type: "spki", format: "pem" }).toString() });
    if (reg.status === 400) return void expect(reg.json?.message).toMatch(/publicKeyPem/);
    expect(reg.status, reg.text).toBe(201);
    const token = String((await h.admin("POST", "/consents", { clientId: reg.json!.clientId, contextIdentifier: T2 })).json!.systemToken);
    const signed = h.sign(token, undefined, pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const r = await h.exchange({ SignedSystemToken: signed, ApplicationToken: reg.json!.clientSecret, ContextIdentifier: T2, ReturnTokenType: "JWT" });
    expect(r.json, "registered an EC key and accepted its ECDSA signature").toMatchObject({ IsSuccessful: false, ErrorMessage: expect.stringMatching(/InvalidSignature/) });
  });

  it("§8.2 tolerance (README: '10 minutes old or 5 minutes ahead') is measured against the admin API's clock", async () => {
    await clockTo("2031-06-15T12:00:30Z");
    try {
      const real = await h.exchange(h.body({ SignedSystemToken: h.sign(h.tokens[T1]!, utcStamp(Date.now())) }));
      expect(real.json).toMatchObject({ IsSuccessful: false, ErrorMessage: expect.stringMatching(/InvalidTimestamp/) });
      const expectStamp = async (stamp: string, ok: boolean) => {
        const r = await h.exchange(h.body({ SignedSystemToken: h.sign(h.tokens[T1]!, stamp) }));
        expect(r.json?.IsSuccessful, `${stamp}: ${r.text}`).toBe(ok);
      };
      await expectStamp("203106151151", true); // 9.5 min old
      await expectStamp("203106151149", false); // 11.5 min old
      await expectStamp("203106151204", true); // 3.5 min ahead
      await expectStamp("203106151207", false); // 6.5 min ahead
    } finally {
      await clockReset();
    }
  });

  it("an app whose name has dots and non-ASCII letters: its real system token splits on the last two dots and works", async () => {
    const pair = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const reg = await h.admin("POST", "/apps", { name: "Sync v2.1 Ærøskøbing.no", kind: "server-to-server", redirectUris: ["http://localhost:4998/cb"], publicKeyPem: pair.publicKey.export({ type: "spki", format: "pem" }).toString() });
    expect(reg.status, reg.text).toBe(201);
    const consent = await h.admin("POST", "/consents", { clientId: reg.json!.clientId, contextIdentifier: T2 });
    const token = String(consent.json!.systemToken);
    expect(token).toMatch(/^Sync v2\.1 Ærøskøbing\.no-[A-Za-z0-9]{10}$/);
    const signed = h.sign(token, undefined, pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const r = await h.exchange({ SignedSystemToken: signed, ApplicationToken: reg.json!.clientSecret, ContextIdentifier: T2, ReturnTokenType: "Jwt" });
    expect(r.json?.IsSuccessful, r.text).toBe(true);
  });
});

describe("§8.3 REST exchange and §8.5 the returned JWT", () => {
  it("§8.3 odd JSON bodies: three keys, IsSuccessful false, never 500, and no prototype pollution", async () => {
    const bodies = ["null", "[]", '"x"', "1", "true", '{"__proto__":{"IsSuccessful":true,"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"SignedSystemToken":{"a":1},"ApplicationToken":[1],"ContextIdentifier":5,"ReturnTokenType":null}', "\u0000"];
    for (const body of bodies) {
      const r = await h.exchange(body);
      expect([200, 400], `${body}: ${r.text}`).toContain(r.status);
      expect(Object.keys(r.json ?? {}), body).toEqual(["IsSuccessful", "Token", "ErrorMessage"]);
      expect(r.json).toMatchObject({ IsSuccessful: false, Token: null });
      expect(r.text).not.toMatch(STACK);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).IsSuccessful).toBeUndefined();
  });

  it("an oversize body is 413 without a stack trace (README --max-body-bytes)", async () => {
    const r = await h.exchange(JSON.stringify(h.body({ Padding: "x".repeat(1_100_000) })));
    expect(r.status, r.text.slice(0, 200)).toBe(413);
    expect(r.text).not.toMatch(STACK);
  });

  it("§8.5 claims exactly as specified, nbf/exp from the admin clock, verifiable at that instant", async () => {
    await clockTo("2030-01-01T00:00:00Z");
    try {
      const jwt = await h.jwt();
      const p = decodeJwt(jwt);
      const serial = h.emulator.tenants.find((t) => t.contextIdentifier === T1)!.serial;
      expect(Object.keys(p).sort()).toEqual(
        ["aud", "exp", "iss", "nbf", "sub", ...["ctx", "identityprovider", "netserver_url", "serial", "ticket", "webapi_url"].map((c) => SO + c)].sort(),
      );
      expect(p).toMatchObject({ sub: T1, iss: "SuperOffice AS", aud: `spn:${serial}`, [`${SO}ctx`]: T1, [`${SO}serial`]: serial, [`${SO}identityprovider`]: "SuperOffice AS" });
      const at = Math.floor(h.now() / 1000);
      expect(Math.abs(p.nbf! - (at - 60))).toBeLessThanOrEqual(2);
      expect(Math.abs(p.exp! - (at + 300))).toBeLessThanOrEqual(2);
      const pem = (await call(h.emulator.url, "GET", "/login/certificates/SuperOfficeFederatedLogin.pem")).text;
      await jwtVerify(jwt, await importX509(pem, "RS256"), { issuer: "SuperOffice AS", audience: `spn:${serial}`, currentDate: new Date(h.now()) });
      // §9.1 ValidUntil follows the same clock.
      const state = await call(h.emulator.url, "GET", `/api/state/${T1}`);
      expect(String(state.json!.ValidUntil)).toMatch(/^2030-01-01T0\d:\d{2}:\d{2}\.\d{7}Z$/);
    } finally {
      await clockReset();
    }
  });
});

describe("§8.4 SOAP: malformed and hostile XML", () => {
  it("1 MiB of unclosed elements is answered promptly (no super-linear scanning)", { timeout: 90_000 }, async () => {
    const junk = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">${"<SignedSystemToken a".repeat(50_000)}`;
    const r = await h.soap(junk);
    expect(r.status).toBeLessThan(500);
    expect(r.ms, `answered after ${r.ms} ms`).toBeLessThan(3000);
  });

  it("a DOCTYPE with an external entity (XXE) or nested entities (billion laughs) expands nothing and does not hang", async () => {
    const xxe = soapEnvelope(h.app.clientSecret!, "&xxe;", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>');
    let laughs = '<!ENTITY l0 "lol">';
    for (let i = 1; i <= 9; i++) laughs += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
    const bomb = soapEnvelope(h.app.clientSecret!, "&l9;", `<?xml version="1.0"?><!DOCTYPE x [${laughs}]>`);
    for (const xml of [xxe, bomb]) {
      const r = await h.soap(xml);
      expect(r.status, r.text).toBeLessThan(500);
      expect(r.ms).toBeLessThan(2000);
      expect(r.text).not.toMatch(/root:|lollol/);
      expect(r.text).toMatch(/<IsSuccessful>false<\/IsSuccessful>|<s:Fault>/);
    }
  });

  it("the same SignedSystemToken as CDATA, as character references, or beside a commented-out decoy is read as XML reads it", async () => {
    const signed = h.sign(h.tokens[T1]!);
    const variants = {
      cdata: `<![CDATA[${signed}]]>`,
      charRefs: signed.replace(/\+/g, "&#43;").replace(/\//g, "&#x2F;").replace(/ /g, "&#32;"),
      comment: `<!-- <tns:SignedSystemToken>decoy</tns:SignedSystemToken> -->${signed}`,
    };
    const results: Record<string, string> = {};
    for (const [name, value] of Object.entries(variants)) {
      // The decoy sits in a comment before the real element (in the header), so a text scan meets it first.
      const xml = name === "comment" ? soapEnvelope(h.app.clientSecret!, signed).replace("<tns:ApplicationToken>", `${value.slice(0, value.indexOf("-->") + 3)}<tns:ApplicationToken>`) : soapEnvelope(h.app.clientSecret!, value);
      const r = await h.soap(xml);
      results[name] = /<IsSuccessful>true<\/IsSuccessful>/.test(r.text) ? "ok" : (/<ErrorMessage>([^<]*)/.exec(r.text)?.[1] ?? r.text.slice(0, 200));
    }
    expect(results).toEqual({ cdata: "ok", charRefs: "ok", comment: "ok" });
  });

  it("what is not a SOAP envelope is a s:Client Fault in text/xml; an envelope without a request is IsSuccessful false", async () => {
    for (const body of ["", "not xml", "{}", "<Envelope", "<a><b></a>"]) {
      const r = await h.soap(body);
      expect(r.status, body).toBeLessThan(500);
      expect(String(r.headers["content-type"])).toMatch(/^text\/xml/);
      expect(r.text).toMatch(/<faultcode>s:Client<\/faultcode>|<IsSuccessful>false<\/IsSuccessful>/);
      expect(r.text).not.toMatch(STACK);
    }
    const empty = await h.soap('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>');
    expect(empty.status).toBe(200);
    expect(empty.text).toMatch(/<IsSuccessful>false<\/IsSuccessful><Token i:nil="true"/);
  });

  it("the WSDL names the spec's SOAPAction, the AuthenticateResponse action and the auth host as location", async () => {
    const r = await call(h.emulator.url, "GET", "/Login/Services/PartnerSystemUserService.svc?WSDL");
    expect(r.status).toBe(200);
    expect(r.text).toContain(`soapAction="${NS}/IPartnerSystemUserService/Authenticate"`);
    expect(r.text).toContain(`${NS}/IPartnerSystemUserService/AuthenticateResponse`);
    expect(r.text).toMatch(/<xs:enumeration value="Jwt"\/>/);
    expect(r.text).toContain(`location="${h.emulator.url}/login/services/PartnerSystemUserService.svc"`);
  });
});
