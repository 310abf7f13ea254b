import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/index.js";
import { browse, CookieJar, formOf, post, runAuthorize, submit, type Page } from "../support/superid-forms.js";
import { ADA, CB, HOSTILE, authorizeUrl, codeFor, codeRequest, ctx, emulator, exchange, expectGrantError, expectRefusedPage, send, tenantApi, tokens, webAuth, useSecurityMatrixEmulator } from "../support/security-matrix.js";

/** Rows of issue 12's OAuth/web security matrix that no other test file checks (the list of the others: test/support/security-matrix.ts). */
useSecurityMatrixEmulator();

describe("cross-tenant tokens", () => {
  it("a token whose tenant prefix is rewritten is unknown everywhere, and a token of another tenant writes nothing", async () => {
    const ada = await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" });
    const forged = ada.access_token.replace(/^8A:Cust12345\./, "8A:Cust54321.");
    expect(forged).not.toBe(ada.access_token);
    for (const tenant of ["Cust12345", "Cust54321"]) expect((await tenantApi(tenant, "v1/User/currentPrincipal", forged)).status, tenant).toBe(401);

    const before = (await tenantApi("Cust54321", "v1/Contact/2", (await emulator.admin.signIn({ tenant: "Cust54321", user: "ada.admin@example.com" })).access_token)).text;
    expect((await tenantApi("Cust54321", "v1/Contact/2", ada.access_token, { method: "PUT", body: { Name: "Taken over" } })).status).toBe(401);
    expect((await tenantApi("Cust54321", "v1/Contact", ada.access_token, { method: "POST", body: { Name: "Planted" } })).status).toBe(401);
    const after = (await tenantApi("Cust54321", "v1/Contact/2", (await emulator.admin.signIn({ tenant: "Cust54321", user: "ada.admin@example.com" })).access_token)).text;
    expect(after).toBe(before);
  });

  it("a refresh stays in its tenant, whatever the request names; a user of one tenant cannot sign in to another", async () => {
    const ada = await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" });
    const refreshed = await tokens({ grant_type: "refresh_token", refresh_token: ada.refresh_token!, acr_values: "tenant:Cust54321", tenant: "Cust54321", ...webAuth() });
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(refreshed.json.access_token).toMatch(/^8A:Cust12345\./);
    expect((await tenantApi("Cust54321", "v1/User/currentPrincipal", String(refreshed.json.access_token))).status).toBe(401);

    // Bob is a user of Cust12345 only: naming Cust54321 by path or acr_values ends at a page, no code.
    for (const url of [authorizeUrl(codeRequest(), "Cust54321"), authorizeUrl(codeRequest({ acr_values: "tenant:Cust54321" }))]) {
      const end = await runAuthorize(url, { username: "bob.user@example.com" });
      expect(end.location, url).toBeUndefined();
      expect(end.status, url).toBe(403);
      expect(end.body).toContain("is not a user of Cust54321");
    }
  });
});

describe("expired credentials, by the admin API's clock", () => {
  it("an access token works until 3600 s and is refused from then on; a code until 10 minutes; single sign-on for 8 hours", async () => {
    try {
      const token = (await emulator.admin.signIn({ tenant: "Cust12345", user: "bob.user@example.com" })).access_token;
      await emulator.admin.clock.advance(3599);
      expect((await tenantApi("Cust12345", "v1/User/currentPrincipal", token)).status).toBe(200);
      await emulator.admin.clock.advance(1);
      const expired = await tenantApi("Cust12345", "v1/User/currentPrincipal", token);
      expect(expired.status).toBe(401);
      expect(String(expired.json.ErrorMessage)).toMatch(/expired/);

      const code = await codeFor(codeRequest());
      await emulator.admin.clock.advance(600);
      expectGrantError(await exchange(code));

      const jar = new CookieJar();
      await runAuthorize(authorizeUrl(codeRequest()), ADA, jar);
      await emulator.admin.clock.advance(8 * 3600 - 60);
      expect((await runAuthorize(authorizeUrl(codeRequest(), "Cust12345"), ADA, jar)).screens).toEqual([]); // still signed in
      await emulator.admin.clock.advance(120);
      expect((await runAuthorize(authorizeUrl(codeRequest(), "Cust12345"), ADA, jar)).screens).toEqual(["sign-in"]);
    } finally {
      await emulator.admin.clock.reset();
    }
  });
});

describe("CSRF on the screens' other forms", () => {
  /** Posts a screen's form four forged ways: no token, a wrong token, a foreign Origin, no Origin. Each must be a 403 page. */
  async function expectForgeriesRefused(page: Page, suffix: string, fields: Record<string, string>, jar: CookieJar) {
    const form = formOf(page, suffix);
    const wrong = form.csrf.slice(0, -1) + (form.csrf.endsWith("A") ? "B" : "A");
    const forgeries: [string, Record<string, string>, Record<string, string>][] = [
      ["no token", fields, { origin: emulator.url }],
      ["wrong token", { ...fields, csrf: wrong }, { origin: emulator.url }],
      ["foreign Origin", { ...fields, csrf: form.csrf }, { origin: "http://evil.example" }],
      ["no Origin", { ...fields, csrf: form.csrf }, {}],
      ["null Origin", { ...fields, csrf: form.csrf }, { origin: "null" }],
    ];
    for (const [what, body, headers] of forgeries) {
      const res = await post(form.action, body, headers, jar);
      expect(res.status, `${suffix}, ${what}: ${res.body.slice(0, 200)}`).toBe(403);
      expect(res.headers.location, `${suffix}, ${what}`).toBeUndefined();
      expect(res.headers["set-cookie"], `${suffix}, ${what}`).toBeUndefined();
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
    }
    // The interaction is where it was: the same screen again.
    const again = await browse(page.url, jar);
    expect(formOf(again, suffix).action).toBe(form.action);
  }

  it("the tenant picker refuses forged posts and picks nothing", async () => {
    const jar = new CookieJar();
    const signIn = await browse(authorizeUrl(codeRequest()), jar);
    const picker = await submit(signIn, "sign-in", { username: "ada.admin@example.com" }, jar);
    await expectForgeriesRefused(picker, "tenant", { tenant: "Cust54321" }, jar);
  });

  it("the consent screen refuses forged approvals and cancellations and records nothing", async () => {
    const app = await emulator.admin.apps.create({ name: "CSRF consent app", kind: "web", redirectUris: [CB] });
    const jar = new CookieJar();
    const signIn = await browse(authorizeUrl({ ...codeRequest(), client_id: app.clientId }, "Cust12345"), jar);
    const consent = await submit(signIn, "sign-in", { username: "ada.admin@example.com" }, jar);
    await expectForgeriesRefused(consent, "consent", { decision: "approve" }, jar);
    await expectForgeriesRefused(consent, "consent", { decision: "cancel" }, jar);
    expect(ctx().store.consents.get(app.clientId, "Cust12345")).toBeUndefined();
  });

  it("'Sign in as someone else' and 'Return to the app' refuse forged posts: the session stays, nothing goes to the app", async () => {
    const app = await emulator.admin.apps.create({ name: "CSRF exits app", kind: "web", redirectUris: [CB] });
    const jar = new CookieJar();
    const signIn = await browse(authorizeUrl({ ...codeRequest(), client_id: app.clientId }, "Cust12345"), jar);
    const refusal = await submit(signIn, "sign-in", { username: "bob.user@example.com" }, jar);
    expect(refusal.body).toContain("Account does not have access");
    await expectForgeriesRefused(refusal, "switch-user", {}, jar);
    await expectForgeriesRefused(refusal, "cancel", {}, jar);
    // Still Bob's single sign-on: the next authorize skips the sign-in screen.
    expect((await runAuthorize(authorizeUrl(codeRequest(), "Cust12345"), { username: "bob.user@example.com" }, jar)).screens).toEqual([]);
  });
});

describe("escaping what users and admins typed", () => {
  it("user names, company names and tenant states on the screens and the portal are served escaped", async () => {
    const tenant = await emulator.admin.tenants.create({ profile: "empty", companyName: `Evil ${HOSTILE}` });
    const hostileTenant = tenant.contextIdentifier;
    const username = "mallory@example.com";
    await emulator.admin.tenants.addUser(hostileTenant, { username, firstName: `Mal ${HOSTILE}`, lastName: `Lory ${HOSTILE}`, administrator: true });
    await emulator.admin.tenants.addUser("Cust12345", { username, administrator: true });
    const escapedOnly = (html: string, where: string) => {
      expect(html, where).not.toContain("<script>alert");
      expect(html, where).not.toContain("<img src=x");
      expect(html, where).toContain("&lt;script&gt;alert(");
      expect(html, where).toContain("&lt;img src=x onerror=alert(1)&gt;");
    };

    const jar = new CookieJar();
    const signIn = await browse(authorizeUrl(codeRequest()), jar);
    escapedOnly(signIn.body, "sign-in screen (the user list)");
    const picker = await submit(signIn, "sign-in", { username }, jar);
    expect(picker.body).toContain("Choose a tenant");
    escapedOnly(picker.body, "tenant picker");

    await emulator.admin.tenants.setState(hostileTenant, "Suspended");
    const unavailable = await runAuthorize(authorizeUrl(codeRequest(), hostileTenant), { username });
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toContain("Suspended");
    escapedOnly(unavailable.body, "tenant not available page");

    for (const path of ["/portal/tenants", `/portal/tenants/${hostileTenant}`]) {
      const page = await send(`${emulator.url}${path}`);
      if (page.status === 404) continue; // no page per tenant
      expect(page.status, path).toBe(200);
      escapedOnly(page.text, path);
    }
  });

  it("a tenant named in the authorize path and a failed call's error body on the Activity page are served escaped", async () => {
    const unknown = await expectRefusedPage(`${emulator.url}/login/${encodeURIComponent(HOSTILE)}/oauth/authorize?${new URLSearchParams(codeRequest())}`, "unknown tenant page");
    expect(unknown.text).not.toContain("<script>alert");

    const token = (await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" })).access_token;
    const failed = await tenantApi("Cust12345", `v1/Archive/${encodeURIComponent(HOSTILE)}`, token);
    expect(failed.status).toBe(404);
    const activity = await send(`${emulator.url}/portal/activity`);
    expect(activity.status).toBe(200);
    expect(activity.text).toContain("Unknown archive provider");
    expect(activity.text).not.toContain("<script>alert");
    expect(activity.text).not.toContain("<img src=x");
  });
});

describe("admin key", () => {
  it("?adminKey= sets an HttpOnly, SameSite=Strict cookie; a portal form with a valid CSRF token but no key is refused", async () => {
    const keyed = await startEmulator({ adminKey: "k3y-for-the-matrix" });
    try {
      const once = await send(`${keyed.url}/portal/apps?adminKey=k3y-for-the-matrix`);
      expect(once.status).toBe(200);
      const cookie = [once.headers["set-cookie"] ?? []].flat().find((c) => c.startsWith("sod_admin="))!;
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Strict/i);
      const csrf = /name="csrf" value="([^"]+)"/.exec(once.text)![1]!;
      const before = (await keyed.admin.apps.list()).length;
      const form = (headers: Record<string, string>) =>
        send(`${keyed.url}/portal/apps`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: keyed.url, ...headers }, body: new URLSearchParams({ csrf, name: "Keyless", kind: "web" }).toString() });
      for (const headers of [{}, { cookie: "sod_admin=k3y-for-the-matri" }, { cookie: "sod_admin=K3Y-FOR-THE-MATRIX" }, { "x-admin-key": "k3y-for-the-matrix-" }, { authorization: "Bearer k3y-for-the-matri" }] as Record<string, string>[]) {
        expect((await form(headers)).status, JSON.stringify(headers)).toBe(401);
      }
      expect((await keyed.admin.apps.list()).length).toBe(before);
      // The right key in the cookie and the same token: accepted, so the refusals above were the key's.
      expect((await form({ cookie: cookie.split(";")[0]! })).status).toBeLessThan(400);
    } finally {
      await keyed.stop();
    }
  });
});
