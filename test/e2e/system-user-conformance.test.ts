import { createSign, generateKeyPairSync } from "node:crypto";
import { decodeJwt, importX509, jwtVerify } from "jose";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";

/**
 * Adversarial spec conformance of the system user (identity.md §8), tickets on the tenant API (§8.6-8.7),
 * tenant states and the status API (§9.1), host mode (§9.2), consents (§10) and the admin API that drives
 * them (README "Admin API"). Everything goes over HTTP; the admin API sets clocks, states and consents.
 */
const SO = "http://schemes.superoffice.net/identity/";
const NS = "http://www.superoffice.com/superid/partnersystemuser/0.1";
const T1 = "Cust12345";
const T2 = "Cust54321";
const STACK = /\bat \S+ \(|node_modules|\.ts:\d+|URIError/;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown> | null;
  ms: number;
}

async function call(base: string, method: string, path: string, opts: { body?: string; headers?: Record<string, string>; host?: string } = {}): Promise<Reply> {
  const url = new URL(base);
  const headers = { ...(opts.host ? { host: `${opts.host}:${url.port}` } : {}), ...opts.headers };
  const started = Date.now();
  const res = await request(`${url.origin}${path}`, { method: method as "GET", body: opts.body, headers });
  const text = await res.body.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  return { status: res.statusCode, headers: res.headers, text, json, ms: Date.now() - started };
}

/** `yyyyMMddHHmm` UTC (identity.md §8.2). */
function utcStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/** One emulator with helpers bound to it (the default one, and one in host mode). */
function harness(options: Parameters<typeof startEmulator>[0] = {}) {
  const s = {
    emulator: undefined as unknown as StartedEmulator,
    app: undefined as unknown as StartedEmulator["apps"][number],
    key: "",
    tokens: {} as Record<string, string>,
  };
  const admin = (method: string, path: string, body?: unknown): Promise<Reply> =>
    call(s.emulator.url, method, `/_emulator/v1${path}`, { body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
  const now = (): number => s.emulator.emulator.context.clock.now();
  const sign = (token: string, stamp = utcStamp(now()), key = s.key): string => `${token}.${stamp}.${createSign("SHA256").update(`${token}.${stamp}`).sign(key, "base64")}`;
  const exchange = (body: unknown): Promise<Reply> =>
    call(s.emulator.url, "POST", "/Login/api/PartnerSystemUser/Authenticate", { body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
  const body = (over: Record<string, unknown> = {}) => ({ SignedSystemToken: sign(s.tokens[T1]!), ApplicationToken: s.app.clientSecret, ContextIdentifier: T1, ReturnTokenType: "JWT", ...over });
  const jwt = async (tenant = T1): Promise<string> => {
    const r = await exchange(body({ SignedSystemToken: sign(s.tokens[tenant]!), ContextIdentifier: tenant }));
    expect(r.json?.IsSuccessful, r.text).toBe(true);
    return String(r.json!.Token);
  };
  const ticket = async (tenant = T1): Promise<string> => String(decodeJwt(await jwt(tenant))[`${SO}ticket`]);
  const api = (path: string, ticketValue: string, opts: { tenant?: string; appToken?: string; host?: string } = {}): Promise<Reply> =>
    call(s.emulator.url, "GET", `/${opts.tenant ?? T1}/api/${path}`, { host: opts.host, headers: { accept: "application/json", authorization: `SOTicket ${ticketValue}`, "so-apptoken": opts.appToken ?? s.app.clientSecret! } });
  const soap = (xml: string): Promise<Reply> =>
    call(s.emulator.url, "POST", "/login/services/PartnerSystemUserService.svc", { body: xml, headers: { "content-type": "text/xml;charset=UTF-8", soapaction: `${NS}/IPartnerSystemUserService/Authenticate` } });
  beforeAll(async () => {
    s.emulator = await startEmulator(options);
    s.app = s.emulator.apps.find((a) => a.kind === "server-to-server")!;
    s.key = s.emulator.emulator.context.store.apps.privateKeyPem(s.app.clientId)!;
    // §10: an administrator's approval creates the record and the system token (here through the admin API).
    for (const tenant of [T1, T2]) {
      const consent = await admin("POST", "/consents", { clientId: s.app.clientId, contextIdentifier: tenant });
      expect(consent.status, consent.text).toBe(201);
      s.tokens[tenant] = String(consent.json!.systemToken);
      expect(s.tokens[tenant]).toMatch(/^Nightly Sync Service-[A-Za-z0-9]{10}$/);
    }
  });
  afterAll(() => s.emulator?.stop());
  return Object.assign(s, { admin, now, sign, exchange, body, jwt, ticket, api, soap });
}

const soapEnvelope = (appToken: string, signedXml: string, prolog = "") =>
  `${prolog}<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="${NS}"><SOAP-ENV:Header>` +
  `<tns:ApplicationToken>${appToken}</tns:ApplicationToken><tns:ContextIdentifier>${T1}</tns:ContextIdentifier></SOAP-ENV:Header>` +
  `<SOAP-ENV:Body><tns:AuthenticationRequest><tns:SignedSystemToken>${signedXml}</tns:SignedSystemToken><tns:ReturnTokenType>Jwt</tns:ReturnTokenType></tns:AuthenticationRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>`;

const h = harness();
const clockTo = async (iso: string) => expect((await h.admin("POST", "/clock", { now: iso })).status).toBe(200);
const clockReset = async () => expect((await h.admin("DELETE", "/clock")).status).toBe(200);

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

describe("§8.6-8.7 tickets, §10 consents, through the admin API", () => {
  it("§10 revoking via DELETE consents: exchange is 'Revoked (1)', the ticket 401; the other tenant's ticket is untouched; re-approval keeps the system token", async () => {
    const t1 = await h.ticket(T1);
    const t2 = await h.ticket(T2);
    const revoked = await h.admin("DELETE", `/consents/${h.app.clientId}/${T2}`);
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.json).toMatchObject({ status: "Revoked", systemToken: h.tokens[T2] });
    try {
      const r = await h.exchange(h.body({ SignedSystemToken: h.sign(h.tokens[T2]!), ContextIdentifier: T2 }));
      expect(r.json).toMatchObject({ IsSuccessful: false, ErrorMessage: expect.stringMatching(/Revoked \(1\)/) });
      expect((await h.api("v1/User/currentPrincipal", t2, { tenant: T2 })).status).toBe(401);
      expect((await h.api("v1/User/currentPrincipal", t1)).status).toBe(200);
    } finally {
      const again = await h.admin("POST", "/consents", { clientId: h.app.clientId, contextIdentifier: T2 });
      expect(again.json!.systemToken).toBe(h.tokens[T2]);
    }
    expect((await h.api("v1/User/currentPrincipal", t2, { tenant: T2 })).status).toBe(401);
    expect((await h.api("v1/User/currentPrincipal", await h.ticket(T2), { tenant: T2 })).status).toBe(200);
  });

  it("§8.7 'SO-AppToken … equals the client_secret': after a new secret, the old one fails for the exchange and the ticket, the new one works", async () => {
    const ticket = await h.ticket();
    const old = h.app.clientSecret!;
    const rotated = await h.admin("POST", `/apps/${h.app.clientId}/secret`);
    expect(rotated.status).toBe(200);
    const secret = String(rotated.json!.clientSecret);
    try {
      expect((await h.exchange(h.body({ ApplicationToken: old }))).json).toMatchObject({ IsSuccessful: false, ErrorMessage: expect.stringMatching(/ApplicationToken/) });
      expect((await h.api("v1/User/currentPrincipal", ticket, { appToken: old })).status).toBe(401);
      expect((await h.api("v1/User/currentPrincipal", ticket, { appToken: secret })).status).toBe(200);
      expect((await h.exchange(h.body({ ApplicationToken: secret }))).json?.IsSuccessful).toBe(true);
    } finally {
      (h.app as { clientSecret: string | null }).clientSecret = secret;
    }
  });

  it("§8.6 '6 h, sliding' with the admin clock: used at 5 h and 10 h it lives; 6 h 1 min after the last use it is 401", async () => {
    const ticket = await h.ticket();
    try {
      for (const seconds of [5 * 3600, 5 * 3600]) {
        await h.admin("POST", "/clock", { advanceSeconds: seconds });
        expect((await h.api("v1/Contact/2", ticket)).status).toBe(200);
      }
      await h.admin("POST", "/clock", { advanceSeconds: 6 * 3600 + 60 });
      const r = await h.api("v1/Contact/2", ticket);
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ Error: true, ErrorType: "UnauthorizedAccessException" });
    } finally {
      await clockReset();
    }
  });
});

describe("§9.1 tenant states through the admin API: tickets, exchange, state API", () => {
  const NOT_RUNNING = ["Unknown", "Provisioning", "Suspended", "OfflineMaintenance", "ProvisioningFailed", "Deleting", "DeleteFailed", "MigrationPending", "Deleted"];
  it.each(NOT_RUNNING)("%s: the ticket is 503 with Retry-After (Deleted 404), the exchange refused; Running again, the same ticket works", async (state) => {
    const ticket = await h.ticket(T2);
    const put = await h.admin("PUT", `/tenants/${T2}/state`, { state: state.toUpperCase() });
    expect(put.json, put.text).toMatchObject({ state, isRunning: false });
    try {
      const r = await h.api("v1/Contact/2", ticket, { tenant: T2 });
      if (state === "Deleted") expect(r.status).toBe(404);
      else {
        expect(r.status, r.text).toBe(503);
        expect(String(r.headers["retry-after"])).toMatch(/^\d+$/);
        expect(r.json).toMatchObject({ ErrorType: "TenantNotRunning" });
      }
      const ex = await h.exchange(h.body({ SignedSystemToken: h.sign(h.tokens[T2]!), ContextIdentifier: T2 }));
      expect(ex.json).toMatchObject({ IsSuccessful: false, Token: null });
      expect((await call(h.emulator.url, "GET", `/api/state/${T2}`)).json).toMatchObject({ State: state, IsRunning: false });
    } finally {
      expect((await h.admin("PUT", `/tenants/${T2}/state`, { state: "Running" })).status).toBe(200);
    }
    expect((await h.api("v1/Contact/2", ticket, { tenant: T2 })).status).toBe(200);
  });

  it("OnlineMaintenance serves tickets and the exchange (IsRunning true)", async () => {
    await h.admin("PUT", `/tenants/${T2}/state`, { state: "OnlineMaintenance" });
    try {
      expect((await h.api("v1/Contact/2", await h.ticket(T2), { tenant: T2 })).status).toBe(200);
      expect((await call(h.emulator.url, "GET", `/api/state/${T2}`)).json).toMatchObject({ State: "OnlineMaintenance", IsRunning: true });
    } finally {
      await h.admin("PUT", `/tenants/${T2}/state`, { state: "Running" });
    }
  });

  it("PUT state refuses odd bodies with 400 naming state, never 500", async () => {
    for (const body of [{ state: "__proto__" }, { state: "constructor" }, { state: 2 }, { state: "" }, [], "x", { state: "Running " }]) {
      const r = await h.admin("PUT", `/tenants/${T2}/state`, body);
      expect(r.status, `${JSON.stringify(body)}: ${r.text}`).toBe(400);
      expect(String(r.json?.message)).toMatch(/state|body/);
    }
    expect((await call(h.emulator.url, "GET", `/api/state/${T2}`)).json).toMatchObject({ State: "Running" });
  });

  it.each([
    ["state API", "/api/state/Cust%ZZ"],
    ["tenant API (tenantLookup)", "/Cust%ZZ/api/v1/Contact/2"],
    ["admin API tenants", "/_emulator/v1/tenants/Cust%ZZ"],
  ])("%s: a malformed percent-escape in the ContextIdentifier is 404, not 500", async (_name, path) => {
    const r = await call(h.emulator.url, "GET", path, { headers: { accept: "application/json" } });
    expect(r.status, r.text).toBe(404);
    expect(r.text).not.toMatch(STACK);
  });
});

describe("§9.2 host mode (--tenant-host sod2.localhost)", () => {
  const hm = harness({ tenantHost: "sod2.localhost" });
  const port = () => new URL(hm.emulator.url).port;

  it("the system-user JWT's webapi_url and netserver_url name the tenant host; its ticket works there (any case of Host) and is 421 on the auth host", async () => {
    const p = decodeJwt(await hm.jwt());
    expect(p[`${SO}webapi_url`]).toBe(`http://sod2.localhost:${port()}/${T1}/api/`);
    expect(p[`${SO}netserver_url`]).toBe(`http://sod2.localhost:${port()}/${T1}/Remote/Services88/`);
    const ticket = String(p[`${SO}ticket`]);
    expect((await hm.api("v1/User/currentPrincipal", ticket, { host: "SOD2.LocalHost" })).status).toBe(200);
    const wrong = await hm.api("v1/User/currentPrincipal", ticket, { host: "localhost" });
    expect(wrong.status).toBe(421);
    expect(wrong.json).toMatchObject({ ErrorMessage: "Wrong subdomain used to access tenant" });
    // 421 comes before credentials: garbage credentials on the wrong host are still 421, not 401.
    expect((await hm.api("v1/User/currentPrincipal", "7T:garbage", { host: "localhost" })).status).toBe(421);
  });

  it("§9.2 '/{ctx}/api/... or /{ctx}/Remote/... on the auth origin … → 421'", async () => {
    const r = await call(hm.emulator.url, "GET", `/${T1}/Remote/Services88/Contact.svc`, { host: "localhost" });
    expect(r.status, r.text).toBe(421);
  });

  it("the exchange and the state API answer on the auth host; a not-running tenant on the wrong host is 421, on its host 503", async () => {
    expect((await hm.exchange(hm.body())).json?.IsSuccessful).toBe(true);
    const state = await call(hm.emulator.url, "GET", `/api/state/${T2}`, { host: "localhost" });
    expect(state.json).toMatchObject({ Endpoint: `http://sod2.localhost:${port()}/${T2}`, Api: `http://sod2.localhost:${port()}/${T2}/api` });
    await hm.admin("PUT", `/tenants/${T2}/state`, { state: "Suspended" });
    try {
      expect((await call(hm.emulator.url, "GET", `/${T2}/api`, { host: "localhost", headers: { accept: "application/json" } })).status).toBe(421);
      expect((await call(hm.emulator.url, "GET", `/${T2}/api`, { host: "sod2.localhost", headers: { accept: "application/json" } })).status).toBe(503);
    } finally {
      await hm.admin("PUT", `/tenants/${T2}/state`, { state: "Running" });
    }
  });
});
