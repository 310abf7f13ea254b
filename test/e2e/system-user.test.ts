import { createPrivateKey, createPublicKey, createSign } from "node:crypto";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, importX509, jwtVerify, type JWTPayload } from "jose";
import { request } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/cli.js";
import { SO, TENANT, api, app, ctx, emulator, exchangeBody, exchangeOk, exchangeRest, expectRefusal, newTicket, privateKeyPem, signSystemToken, systemToken, utcStamp, webApp, useSystemUserEmulator } from "../support/system-user.js";

/**
 * The system user flow (identity.md §8, §10) as SuperOffice's published node sample does it: the system
 * token from the id_token of an administrator's sign-in, signed with the app's private key, exchanged at
 * PartnerSystemUser/Authenticate (REST and SOAP) for a JWT carrying a `7T:` ticket, which then works
 * against the tenant API with `SO-AppToken`.
 */
useSystemUserEmulator();

describe("the way SuperOffice's published node sample works", () => {
  it("the id_token of an administrator's sign-in carries the system token {AppName}-{10 alphanumerics}", () => {
    expect(app.name).toBe("Nightly Sync Service");
    expect(systemToken).toMatch(/^Nightly Sync Service-[A-Za-z0-9]{10}$/);
    expect(ctx().store.consents.get(app.clientId, TENANT)?.systemToken).toBe(systemToken);
  });

  it("the app's private key is a usable RSA key whose public half is the one registered for the app", () => {
    expect(privateKeyPem).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----/);
    const key = createPrivateKey(privateKeyPem);
    expect(key.asymmetricKeyType).toBe("rsa");
    const registered = ctx().store.apps.get(app.clientId)!.publicKeyPem!;
    expect(createPublicKey(key).export({ format: "jwk" })).toEqual(createPublicKey(registered).export({ format: "jwk" }));
    expect(ctx().store.apps.privateKeyPem(webApp.clientId)).toBeNull();
  });

  it("signs, exchanges at the mixed-case REST path, and gets exactly IsSuccessful/Token/ErrorMessage", async () => {
    const stamp = utcStamp(ctx().clock.now());
    expect(stamp).toMatch(/^\d{12}$/);
    const signed = signSystemToken(systemToken, stamp);
    expect(signed.startsWith(`${systemToken}.${stamp}.`)).toBe(true);
    const reply = await exchangeRest({ SignedSystemToken: signed, ApplicationToken: app.clientSecret, ContextIdentifier: TENANT, ReturnTokenType: "JWT" });
    expect(reply.status, reply.text).toBe(200);
    expect(Object.keys(reply.json)).toEqual(["IsSuccessful", "Token", "ErrorMessage"]);
    expect(reply.json.IsSuccessful).toBe(true);
    expect(reply.json.ErrorMessage).toBeNull();
    expect(reply.json.Token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("the returned JWT verifies with the published certificate and with the JWKS, with the documented claims", async () => {
    const jwt = await exchangeOk();
    const unverified = decodeJwt(jwt);
    const serial = unverified[`${SO}serial`];
    expect(serial).toEqual(expect.any(String));
    expect(String(serial)).toBe(emulator.tenants.find((t) => t.contextIdentifier === TENANT)!.serial);
    const expected = { issuer: "SuperOffice AS", audience: `spn:${serial}`, algorithms: ["RS256"] };

    // 1. The certificate apps pin (SuperOfficeFederatedLogin.pem).
    const pemRes = await request(`${emulator.url}/login/certificates/SuperOfficeFederatedLogin.pem`);
    expect(pemRes.statusCode).toBe(200);
    const certificatePem = await pemRes.body.text();
    expect(certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const byCertificate = await jwtVerify(jwt, await importX509(certificatePem, "RS256"), expected);

    // 2. The JWKS, as SystemUserTokenHandler and jwks-rsa do.
    const jwks = createRemoteJWKSet(new URL(`${emulator.url}/login/.well-known/jwks`));
    const byJwks = await jwtVerify(jwt, jwks, expected);
    expect(byJwks.payload).toEqual(byCertificate.payload);

    const header = decodeProtectedHeader(jwt);
    expect(header.alg).toBe("RS256");
    expect(header.kid).toBe(ctx().signingKey.kid);

    const p: JWTPayload = byCertificate.payload;
    expect(p.iss).toBe("SuperOffice AS");
    expect(p.aud).toBe(`spn:${serial}`);
    expect(p[`${SO}ctx`]).toBe(TENANT);
    expect(String(p[`${SO}webapi_url`])).toMatch(/\/Cust12345\/api\/$/);
    expect(String(p[`${SO}webapi_url`])).toBe(`${emulator.url}/Cust12345/api/`);
    expect(p.nbf).toEqual(expect.any(Number));
    expect(p.exp).toEqual(expect.any(Number));
    expect(p.exp!).toBeGreaterThan(p.nbf!);
    expect(p.exp!).toBeGreaterThan(Math.floor(Date.now() / 1000));

    const ticket = String(p[`${SO}ticket`]);
    expect(ticket).toMatch(/^7T:[A-Za-z0-9+/]+={0,2}$/);
    const inner = Buffer.from(ticket.slice(3), "base64").toString("utf16le");
    expect(inner).toMatch(/^[0-9a-f]{32};\d+;Cust12345$/);
  });

  it("the ticket creates, reads, updates and deletes a contact with SOTicket + SO-AppToken", async () => {
    const ticket = await newTicket();
    const name = `System user contact ${process.pid}`;

    const created = await api("POST", "v1/Contact", ticket, { body: { Name: name, Department: "Made by the system user" } });
    expect(created.status, created.text).toBe(200);
    const id = Number(created.json!.ContactId);
    expect(id).toBeGreaterThan(0);
    expect(created.json!.Name).toBe(name);

    const read = await api("GET", `v1/Contact/${id}`, ticket);
    expect(read.status, read.text).toBe(200);
    expect(read.json).toMatchObject({ ContactId: id, Name: name, Department: "Made by the system user" });

    const updated = await api("PUT", `v1/Contact/${id}`, ticket, { body: { ...read.json, Department: "Updated by the system user" } });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json!.Department).toBe("Updated by the system user");
    expect((await api("GET", `v1/Contact/${id}`, ticket)).json!.Department).toBe("Updated by the system user");

    const deleted = await api("DELETE", `v1/Contact/${id}`, ticket);
    expect(deleted.status, deleted.text).toBe(204);
    expect((await api("GET", `v1/Contact/${id}`, ticket)).status).toBe(404);
  });

  it("currentPrincipal shows the system user; the scheme name is case-insensitive", async () => {
    const ticket = await newTicket();
    for (const scheme of ["SOTicket", "SOTICKET", "SoTicket"]) {
      const res = await request(`${emulator.url}/${TENANT}/api/v1/User/currentPrincipal`, {
        headers: { accept: "application/json", authorization: `${scheme} ${ticket}`, "so-apptoken": app.clientSecret! },
      });
      const text = await res.body.text();
      expect(res.statusCode, `${scheme}: ${text}`).toBe(200);
      const principal = JSON.parse(text) as Record<string, unknown>;
      expect(principal.RoleType === "System" || principal.UserType === "SystemAssociate", text).toBe(true);
      expect(principal).toMatchObject({ UserType: "SystemAssociate", RoleType: "System", DatabaseContextIdentifier: TENANT });
    }
  });

  it("member names and ReturnTokenType are accepted in any case", async () => {
    const reply = await exchangeRest({ signedsystemtoken: signSystemToken(systemToken), applicationtoken: app.clientSecret, contextidentifier: TENANT, returntokentype: "jwt" });
    expect(reply.json.IsSuccessful, reply.text).toBe(true);
    const lower = await exchangeRest(exchangeBody(), "/login/api/partnersystemuser/authenticate");
    expect(lower.json.IsSuccessful, lower.text).toBe(true);
  });

  it("a system token whose app name contains dots is split on the last two dots (not the first)", async () => {
    // The token itself is unknown here, but the refusal must be about the token, not about the format.
    await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken("My.App v1.2-abcdefghij") }), /Unknown system token/i);
  });
});

describe("the private key from the CLI: `sod-emulator apps key`", () => {
  const tmp = tempDir("sod-apps-key-");
  afterAll(tmp.cleanup);

  it("prints the PEM, and --xml the RSAKeyValue with the same Modulus and Exponent", async () => {
    const dir = tmp.dir;
    const info = await runCli(["info", "--json", "--data", dir]);
    expect(info.code, info.stderr).toBe(0);
    const cliApp = (JSON.parse(info.stdout).apps as { kind: string; clientId: string; name: string }[]).find((a) => a.kind === "server-to-server")!;

    const pem = await runCli(["apps", "key", cliApp.clientId, "--data", dir]);
    expect(pem.code, pem.stderr).toBe(0);
    // node-forge writes PEM with CRLF line ends; PEM readers accept either.
    expect(pem.stdout).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----\r?\n[\s\S]+\r?\n-----END (RSA )?PRIVATE KEY-----\r?\n$/);
    const key = createPrivateKey(pem.stdout);
    expect(key.asymmetricKeyType).toBe("rsa");
    // The key is derived from the seed: the same default seed gives the in-process emulator the same key.
    expect(createPublicKey(key).export({ format: "jwk" })).toEqual(createPublicKey(privateKeyPem).export({ format: "jwk" }));

    const xml = await runCli(["apps", "key", cliApp.clientId, "--xml", "--data", dir]);
    expect(xml.code, xml.stderr).toBe(0);
    expect(xml.stdout.trim()).toMatch(/^<RSAKeyValue>.*<\/RSAKeyValue>$/s);
    const member = (name: string) => new RegExp(`<${name}>([A-Za-z0-9+/=]+)</${name}>`).exec(xml.stdout)?.[1];
    for (const name of ["Modulus", "Exponent", "P", "Q", "DP", "DQ", "InverseQ", "D"]) expect(member(name), name).toBeDefined();
    const jwk = createPublicKey(key).export({ format: "jwk" });
    const std = (b64url: string | undefined) => Buffer.from(b64url!, "base64url").toString("base64");
    expect(member("Modulus")).toBe(std(jwk.n));
    expect(member("Exponent")).toBe(std(jwk.e));
    expect(member("Exponent")).toBe("AQAB");
    // The XML is a complete private key: rebuild it as a JWK and sign with it.
    const fromXml = createPrivateKey({
      format: "jwk",
      key: {
        kty: "RSA",
        n: Buffer.from(member("Modulus")!, "base64").toString("base64url"),
        e: Buffer.from(member("Exponent")!, "base64").toString("base64url"),
        d: Buffer.from(member("D")!, "base64").toString("base64url"),
        p: Buffer.from(member("P")!, "base64").toString("base64url"),
        q: Buffer.from(member("Q")!, "base64").toString("base64url"),
        dp: Buffer.from(member("DP")!, "base64").toString("base64url"),
        dq: Buffer.from(member("DQ")!, "base64").toString("base64url"),
        qi: Buffer.from(member("InverseQ")!, "base64").toString("base64url"),
      },
    });
    const data = "Nightly Sync Service-abcdefghij.202601010000";
    expect(createSign("SHA256").update(data).sign(fromXml, "base64")).toBe(createSign("SHA256").update(data).sign(key, "base64"));
  });

  it("refuses an app without a system-user key and an unknown app (exit 2, one line, no stack)", async () => {
    const info = JSON.parse((await runCli(["info", "--json", "--data", tmp.dir])).stdout);
    const web = (info.apps as { kind: string; clientId: string }[]).find((a) => a.kind === "web")!;
    const noKey = await runCli(["apps", "key", web.clientId, "--data", tmp.dir]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/no system-user key/);
    expect(noKey.stdout).toBe("");
    const unknown = await runCli(["apps", "key", "0123456789abcdef0123456789abcdef", "--data", tmp.dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/0123456789abcdef0123456789abcdef/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});
