import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { adminClient, startEmulator, type StartedEmulator } from "../../src/index.js";
import { launchBrowser } from "../support/browser.js";
import { browse, CookieJar, formOf, post, submit } from "../support/superid-forms.js";

/**
 * SuperID's screens (identity.md §4.3/§4.4; issue #3 "Screens") as a person at the keyboard and a hostile
 * page meet them in headless Chromium. "The app" and "the hostile page" are one HTTP server on 127.0.0.1.
 */
let emulator: StartedEmulator;
let browser: Browser;
type Hit = { method: string; url: URL; headers: IncomingHttpHeaders; body: string };
let site: { base: string; callback: string; hits: Hit[]; pages: Map<string, string>; close(): void };
let context: BrowserContext;

beforeAll(async () => {
  const hits: typeof site.hits = [];
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d)).on("end", () => {
      const url = new URL(req.url!, "http://127.0.0.1");
      if (url.pathname === "/callback") hits.push({ method: req.method!, url, headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/html" }).end(pages.get(url.pathname) ?? "<h1>The app got the response</h1>");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site = { base, callback: `${base}/callback`, hits, pages, close: () => (server.closeAllConnections(), server.close()) };
  [emulator, browser] = await Promise.all([startEmulator(), launchBrowser()]);
});
afterAll(async () => void (await Promise.all([browser?.close(), emulator?.stop(), site?.close()])));
afterEach(async () => void (await Promise.all([context?.close(), emulator.admin.clock.reset()])));

const HOSTILE = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;
async function newApp(extra: Record<string, unknown> = {}) {
  const a = await emulator.admin.apps.create({ name: `Screens App ${randomBytes(3).toString("hex")}`, kind: "web", vendor: "Screens Vendor AS", consentText: "Reads your CRM.", redirectUris: [site.callback], postLogoutRedirectUris: [`${site.base}/bye`], ...extra });
  return { clientId: a.clientId, clientSecret: (a as { clientSecret?: string }).clientSecret ?? "", name: a.name };
}
function authorizeUrl(clientId: string, extra: Record<string, string> = {}) {
  const verifier = randomBytes(32).toString("base64url");
  const q = new URLSearchParams({ client_id: clientId, redirect_uri: site.callback, response_type: "code", scope: "openid", state: `st-${clientId}`, code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256", ...extra });
  return { url: `${emulator.url}/login/common/oauth/authorize?${q}`, verifier };
}
async function openPage(options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
  context = await browser.newContext(options);
  return context.newPage();
}
/** Codes the app received for flows started with state `st-{clientId}`. */
const codesFor = (clientId: string) => site.hits.filter((h) => h.url.searchParams.get("code") && h.url.searchParams.get("state") === `st-${clientId}`);
// The page.evaluate/evaluateAll callbacks in this file run in Chromium. test/tsconfig.json leaves the DOM lib
// out (the tests themselves run in Node), so the browser globals they read are declared here, for this module
// only and as far as they are used; nothing is emitted for a declaration.
declare const window: { __pwned?: number };
declare const document: { cookie: string; activeElement: { id: string; getAttribute(name: string): string | null } | null };
interface HTMLFormElement {
  action: string;
}
const pwned = (page: Page) => page.evaluate(() => window.__pwned);
const currentStep = (page: Page) => page.locator('.steps li[aria-current="step"]').textContent();
const arrived = (page: Page) => page.waitForSelector("text=The app got the response", { timeout: 5000 });
async function exchange(app: { clientId: string; clientSecret: string }, code: string, verifier: string) {
  const res = await request(`${emulator.url}/login/common/oauth/tokens`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: site.callback, client_id: app.clientId, client_secret: app.clientSecret, code_verifier: verifier }).toString() });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, string> };
}
const idClaims = (idToken: string) => JSON.parse(Buffer.from(idToken.split(".")[1]!, "base64url").toString()) as Record<string, string>;
/** Readable page (issue: "clear enough for a workshop projector"): lang, <title>, one <h1>, no stack trace. */
async function expectReadable(page: Page) {
  expect(await page.locator("html").getAttribute("lang")).toBe("en");
  expect((await page.title()).length).toBeGreaterThan(0);
  expect(await page.locator("h1").count()).toBe(1);
  expect(await page.locator("body").textContent()).not.toMatch(/\bat .+\.(ts|js):\d+|Internal Server Error|TypeError|SqliteError/);
}

/** Carol's seed sets a password: typing her name with a wrong one. */
async function wrongPassword() {
  const page = await openPage();
  await page.goto(authorizeUrl((await newApp()).clientId).url);
  await page.getByLabel("User name").fill("carol.ops@example.com");
  await page.getByLabel(/Password/).fill("not-it");
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Next" }).click()]);
  return { page, res };
}

describe("SuperID screens at the keyboard", () => {
  it("sign in by keyboard only: Tab reaches the labelled user-name field, Enter submits, and each screen names its step", async () => {
    const app = await newApp();
    const page = await openPage();
    await page.goto(authorizeUrl(app.clientId).url);
    await expectReadable(page);
    expect(await currentStep(page)).toBe("1. Sign in"); // issue: each screen says which OAuth step it is
    // Labels are tied to their inputs (a <label for>), so screen readers and clicks on the label work.
    expect(await page.getByLabel("User name").getAttribute("name")).toBe("username");
    expect(await page.getByLabel(/Password/).getAttribute("type")).toBe("password");
    for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.id)) !== "username"; i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("username");
    await page.keyboard.type("ada.admin@example.com");
    await page.keyboard.press("Enter"); // implicit submission of the typed-name form
    await page.waitForSelector("text=Choose a tenant");
    await expectReadable(page);
    expect(await currentStep(page)).toBe("2. Choose tenant");
    // The first Tab stop of the picker is a tenant choice (no hidden trap before it).
    for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.getAttribute("name") === "tenant")); i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("value"))).toBe("Cust12345");
    await page.keyboard.press("Enter");
    await page.waitForSelector("text=I approve");
    await expectReadable(page);
    expect(await currentStep(page)).toBe("3. Consent");
    await page.getByRole("button", { name: "I approve" }).focus();
    await page.keyboard.press("Enter");
    await arrived(page);
    expect(codesFor(app.clientId)).toHaveLength(1);
  });

  it("a wrong password shows an error on the sign-in screen (401, no stack) and keeps the typed user name", async () => {
    const { page, res } = await wrongPassword();
    expect(res.status()).toBe(401);
    await expectReadable(page);
    expect(await page.locator(".error").textContent()).toBe("Wrong password.");
    // usability: the person should only have to retype the password, not the user name too
    expect(await page.getByLabel("User name").inputValue()).toBe("carol.ops@example.com");
  });

  it("after a wrong password, re-opening the URL in the address bar (a GET on the form action) shows a screen, not a JSON 404", async () => {
    const { page } = await wrongPassword();
    expect(new URL(page.url()).pathname).toMatch(/\/sign-in$/); // the error was rendered at the POST's URL
    const res = await page.goto(page.url());
    expect(res!.status()).toBeLessThan(400);
    await expectReadable(page);
    expect(await currentStep(page)).toBe("1. Sign in");
  });

  it("with JavaScript disabled, a full flow works, form_post included (its button submits)", async () => {
    // issue: "no inline script is needed to use them"; form_post's auto-submit is only a convenience
    const app = await newApp();
    const page = await openPage({ javaScriptEnabled: false });
    await page.goto(authorizeUrl(app.clientId, { response_mode: "form_post", state: "nojs" }).url);
    await page.getByLabel("User name").fill("ada.admin@example.com");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: /Aurora Consulting AB/ }).click();
    await page.getByRole("button", { name: "I approve" }).click();
    await page.waitForSelector("text=Continue to the app");
    expect(await currentStep(page)).toBe("4. Back to the app");
    await page.getByRole("button", { name: "Continue to the app" }).click();
    await arrived(page);
    const form = new URLSearchParams(site.hits.at(-1)!.body);
    expect([site.hits.at(-1)!.method, form.get("state")]).toEqual(["POST", "nojs"]);
    expect(form.get("code")).toMatch(/^[A-Za-z0-9]{64}$/);
  });
});

describe("SuperID screens against a hostile page", () => {
  it("markup in app name, vendor and consent text is shown as text and runs nothing", async () => {
    // issue: "every value shown is escaped"; "an app name containing <script> shown escaped"
    const app = await newApp({ name: `Evil ${HOSTILE}`, vendor: `Vendor ${HOSTILE}`, consentText: `Text ${HOSTILE}` });
    const page = await openPage();
    await page.goto(authorizeUrl(app.clientId, { acr_values: "tenant:Cust12345" }).url);
    expect(await page.locator("main").textContent()).toContain(`Evil ${HOSTILE}`); // sign-in explains which app
    await page.getByRole("button", { name: /Ada Hansen/ }).click();
    await page.waitForSelector("text=I approve");
    const text = (await page.locator("main").textContent())!;
    for (const v of [`Evil ${HOSTILE}`, `Vendor ${HOSTILE}`, `Text ${HOSTILE}`]) expect(text).toContain(v);
    expect(await page.title()).toContain(`Evil ${HOSTILE}`);
    expect(await page.locator("main img, main script").count()).toBe(0);
    expect(await pwned(page)).toBeUndefined();
  });

  it("login_hint and state with markup stay inert: the field holds the literal text; form_post posts state back verbatim", async () => {
    const app = await newApp();
    await emulator.admin.consents.approve(app.clientId, "Cust12345");
    const evil = `"><script>window.__pwned=3</script>'`;
    const page = await openPage();
    await page.goto(authorizeUrl(app.clientId, { login_hint: evil, state: evil, response_mode: "form_post", acr_values: "tenant:Cust12345" }).url);
    expect(await page.getByLabel("User name").inputValue()).toBe(evil);
    expect(await pwned(page)).toBeUndefined();
    await page.getByRole("button", { name: /Bob Nilsen/ }).click(); // approved already: straight to form_post
    await arrived(page);
    expect(new URLSearchParams(site.hits.at(-1)!.body).get("state")).toBe(evil);
  });

  it("the CSP really blocks an injected inline script on a screen, and allows no 'unsafe-inline' script", async () => {
    const app = await newApp();
    const page = await openPage();
    const csp = (await page.goto(authorizeUrl(app.clientId).url))!.headers()["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    await page.addScriptTag({ content: "window.__pwned = 4" }).catch(() => undefined);
    expect(await pwned(page)).toBeUndefined();
  });

  it("a hostile page cannot frame the screens (clickjacking): frame-ancestors 'none' and X-Frame-Options", async () => {
    const app = await newApp();
    const page = await openPage();
    const direct = await page.goto(authorizeUrl(app.clientId).url);
    expect(String(direct!.headers()["x-frame-options"]).toUpperCase()).toMatch(/DENY|SAMEORIGIN/);
    site.pages.set("/frame", `<h1>hostile</h1><iframe id="f" src="${page.url()}"></iframe>`);
    await page.goto(`${site.base}/frame`);
    await page.waitForTimeout(500);
    expect(await page.frames().find((f) => f !== page.mainFrame())!.locator("text=Sign in to SuperOffice").count()).toBe(0);
  });

  it("a cross-site form post with a valid CSRF token is refused and signs nobody in (login CSRF)", async () => {
    // issue: "Every form has CSRF protection": the attacker fetched its own interaction's form, then makes
    // the victim's browser post it from another site.
    const app = await newApp();
    const jar = new CookieJar();
    const screen = await browse(authorizeUrl(app.clientId).url, jar);
    const { action, csrf } = formOf(screen, "sign-in");
    site.pages.set("/csrf", `<form method="post" action="${action}"><input name="csrf" value="${csrf}"><input name="username" value="bob.user@example.com"><button>go</button></form>`);
    const page = await openPage();
    await page.goto(`${site.base}/csrf`);
    const [res] = await Promise.all([page.waitForResponse((r) => r.url() === action), page.click("button")]);
    expect(res.status()).toBe(403);
    expect((await context.cookies()).map((c) => c.name)).not.toContain("superid_session");
  });

  it("a refused cross-site post gets a readable SuperID page (HTML with a heading), not bare text", async () => {
    // brief: error pages readable (title, lang, heading); hono's csrf() answers text/plain "Forbidden"
    const res = await request(`${emulator.url}/login/interaction/x/sign-in`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: site.base }, body: "csrf=x" });
    expect(res.statusCode).toBe(403);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(await res.body.text()).toMatch(/<html lang="en">[\s\S]*<h1>/);
  });

  it("an interaction signed in by one browser cannot be continued from another browser that knows its URL", async () => {
    // The URL of a screen is not a bearer credential: an attacker who handed the victim an interaction
    // link must not see the victim's tenant picker afterwards nor pick a tenant and take the code.
    const app = await newApp();
    await emulator.admin.consents.approve(app.clientId, "Cust12345");
    // The victim starts and signs in; an attacker who learns the screen's URL gets nothing from it.
    const victim = await openPage();
    await victim.goto(authorizeUrl(app.clientId).url);
    await victim.getByRole("button", { name: /Ada Hansen/ }).click();
    await victim.waitForSelector("text=Choose a tenant");
    const attacker = new CookieJar();
    const stolen = await browse(victim.url(), attacker);
    expect(stolen.status).toBe(400);
    expect(stolen.body).not.toContain("Ada Hansen");
    expect(stolen.body).not.toContain("Choose a tenant");
    // Nor can the attacker hand the victim a screen of its own: it belongs to the browser that started it.
    const planted = await browse(authorizeUrl(app.clientId).url, attacker);
    expect(planted.body).toContain('name="csrf"');
    const tricked = await openPage();
    await tricked.goto(planted.url);
    expect(await tricked.textContent("h1")).toMatch(/expired/i);
    // The victim's own flow goes on undisturbed.
    await victim.getByRole("button", { name: /Fjordline|Cust12345/ }).first().click();
    await arrived(victim);
  });

  it("the redirect to the app carries no Referer, and its 303 says Referrer-Policy: no-referrer", async () => {
    const app = await newApp();
    await emulator.admin.consents.approve(app.clientId, "Cust12345");
    const page = await openPage();
    const policies: string[] = [];
    page.on("response", (r) => r.status() === 303 && policies.push(r.headers()["referrer-policy"] ?? "(none)"));
    await page.goto(authorizeUrl(app.clientId, { acr_values: "tenant:Cust12345" }).url);
    await page.getByRole("button", { name: /Bob Nilsen/ }).click();
    await arrived(page);
    expect(site.hits.at(-1)!.headers.referer).toBeUndefined();
    expect(new Set(policies)).toEqual(new Set(["no-referrer"]));
  });

  it("the session cookie is HttpOnly, SameSite=Lax, Path=/login and invisible to script", async () => {
    const app = await newApp();
    const page = await openPage();
    await page.goto(authorizeUrl(app.clientId).url);
    await page.getByRole("button", { name: /Bob Nilsen/ }).click();
    await page.waitForSelector("text=Account does not have access");
    const cookie = (await context.cookies()).find((c) => c.name === "superid_session")!;
    expect({ httpOnly: cookie.httpOnly, sameSite: cookie.sameSite, path: cookie.path, secure: cookie.secure }).toEqual({ httpOnly: true, sameSite: "Lax", path: "/login", secure: false });
    expect(await page.evaluate(() => document.cookie)).not.toContain("superid_session");
  });

  it("with an https public URL the session cookie is Secure", async () => {
    const https = await startEmulator({ publicUrl: "https://localhost:5443" });
    try {
      const local = `http://localhost:${https.emulator.port}`; // served over http, published as https
      const app = (await adminClient(local).apps.create({ name: "Secure App", kind: "web", redirectUris: [site.callback] })).clientId;
      const jar = new CookieJar();
      const auth = await fetch(`${local}/login/common/oauth/authorize?${new URLSearchParams({ client_id: app, redirect_uri: site.callback, response_type: "code" })}`, { redirect: "manual" });
      jar.take(auth.headers.getSetCookie()); // the screens belong to the browser that started the request
      const screen = await browse(`${local}${new URL(auth.headers.get("location")!).pathname}`, jar);
      const { csrf } = formOf(screen, "sign-in");
      const res = await post(`${screen.url}/sign-in`, { csrf, username: "bob.user@example.com" }, { origin: local }, jar);
      const set = [res.headers["set-cookie"] ?? []].flat().find((l) => l.startsWith("superid_session="));
      expect(set).toMatch(/;\s*HttpOnly/i);
      expect(set).toMatch(/;\s*Secure/i);
    } finally {
      await https.stop();
    }
  });
});

describe("SuperID screens: back, reload, double submit, old tabs, expiry", () => {
  it("reload and Back on the screens re-show the current step; Back after the flow ended is a clear page, not a 500", async () => {
    const app = await newApp();
    const page = await openPage();
    await page.goto(authorizeUrl(app.clientId).url);
    await page.getByRole("button", { name: /Ada Hansen/ }).click();
    await page.waitForSelector("text=Choose a tenant");
    expect((await page.reload())!.status()).toBe(200); // POST-redirect-GET: reload never re-posts
    expect(await currentStep(page)).toBe("2. Choose tenant");
    await page.goBack(); // the sign-in screen's history entry: re-fetched (no-store), it shows where the flow stands
    expect(await currentStep(page)).toBe("2. Choose tenant");
    await page.getByRole("button", { name: /Fjordline Trading AS/ }).click();
    await page.getByRole("button", { name: "I approve" }).click();
    await arrived(page);
    const back = await page.goBack();
    expect(back!.status()).toBeLessThan(500);
    await expectReadable(page);
    expect(codesFor(app.clientId)).toHaveLength(1);
  });

  it("approving in an old tab after the flow finished issues no second code and shows a page (not a 500)", async () => {
    const app = await newApp();
    const tab1 = await openPage();
    await tab1.goto(authorizeUrl(app.clientId, { acr_values: "tenant:Cust12345" }).url);
    await tab1.getByRole("button", { name: /Ada Hansen/ }).click();
    await tab1.waitForSelector("text=I approve");
    const tab2 = await context.newPage();
    await tab2.goto(tab1.url());
    await tab1.getByRole("button", { name: "I approve" }).click();
    await arrived(tab1);
    const [res] = await Promise.all([tab2.waitForResponse((r) => r.request().method() === "POST"), tab2.getByRole("button", { name: "I approve" }).click()]);
    expect(res.status()).toBeLessThan(500);
    await expectReadable(tab2);
    expect(codesFor(app.clientId)).toHaveLength(1);
  });

  it("a double-submitted approval (two posts at once) issues at most one code", async () => {
    const app = await newApp();
    const jar = new CookieJar();
    let screen = await browse(authorizeUrl(app.clientId, { acr_values: "tenant:Cust12345" }).url, jar);
    screen = await submit(screen, "sign-in", { username: "ada.admin@example.com" }, jar);
    const { action, csrf } = formOf(screen, "consent");
    const answers = await Promise.all([1, 2, 3].map(() => post(action, { csrf, decision: "approve" }, { origin: emulator.url }, jar)));
    expect(answers.map((a) => a.status).sort()).toEqual([303, 400, 400]); // the late ones: "This sign-in has expired"
    expect(answers.filter((a) => String(a.headers.location ?? "").includes("code=")).length).toBe(1);
  });

  it("two tabs sign in concurrently as different users: each flow ends with its own user's code", async () => {
    const app = await newApp();
    await emulator.admin.consents.approve(app.clientId, "Cust12345");
    const [ada, bob] = [authorizeUrl(app.clientId, { state: "tab-ada" }), authorizeUrl(app.clientId, { state: "tab-bob" })];
    const [tab1, tab2] = [await openPage(), await context.newPage()];
    await Promise.all([tab1.goto(ada.url), tab2.goto(bob.url)]);
    await tab1.getByRole("button", { name: /Ada Hansen/ }).click();
    await tab1.waitForSelector("text=Choose a tenant");
    await tab2.getByRole("button", { name: /Bob Nilsen/ }).click(); // replaces the SSO cookie with Bob's
    await arrived(tab2);
    await tab1.getByRole("button", { name: /Fjordline Trading AS/ }).click();
    await arrived(tab1);
    for (const [flow, state, upn] of [[ada, "tab-ada", "ada.admin@example.com"], [bob, "tab-bob", "bob.user@example.com"]] as const) {
      const code = site.hits.find((h) => h.url.searchParams.get("state") === state)!.url.searchParams.get("code")!;
      const tokens = await exchange(app, code, flow.verifier);
      expect(JSON.stringify(idClaims(tokens.json.id_token!)), String(tokens.status)).toContain(upn);
    }
  });

  it("an expired interaction answers with a readable 'expired' page (no 500), and the code never comes", async () => {
    const app = await newApp();
    const page = await openPage();
    await page.goto(authorizeUrl(app.clientId).url);
    await emulator.admin.clock.advance(2 * 3600);
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: /Bob Nilsen/ }).click()]);
    expect(res.status()).toBe(400);
    await expectReadable(page);
    expect(await page.locator("h1").textContent()).toContain("expired");
    expect(codesFor(app.clientId)).toHaveLength(0);
  });
});

describe("SuperID pages outside the happy path", () => {
  it("every emulator form on every screen carries the CSRF token (sign in, picker, consent, refusal)", async () => {
    const app = await newApp({ systemUser: true });
    const page = await openPage();
    const check = async () => {
      const forms = await page.locator("form").evaluateAll((fs) => fs.map((f) => ({ action: (f as HTMLFormElement).action, csrf: !!f.querySelector('input[name="csrf"]') })));
      expect(forms.length).toBeGreaterThan(0);
      for (const f of forms) expect(f, f.action).toMatchObject({ csrf: true });
    };
    await page.goto(authorizeUrl(app.clientId).url);
    await check();
    await page.getByRole("button", { name: /Ada Hansen/ }).click();
    await page.waitForSelector("text=Choose a tenant");
    await check();
    await page.getByRole("button", { name: /Fjordline/ }).click();
    await page.waitForSelector("text=the system user"); // consent says the app gets the system user
    await check();
    const refusal = await (await browser.newContext()).newPage();
    await refusal.goto(authorizeUrl(app.clientId).url);
    await refusal.getByRole("button", { name: /Bob Nilsen/ }).click();
    await refusal.waitForSelector("text=Account does not have access");
    expect(await currentStep(refusal)).toBe("3. Consent");
    await expectReadable(refusal);
    await refusal.getByRole("button", { name: "Sign in as someone else" }).press("Enter"); // ends SSO, back to step 1
    await refusal.waitForSelector("text=Sign in to SuperOffice");
    expect((await refusal.context().cookies()).map((c) => c.name)).not.toContain("superid_session");
    await refusal.context().close();
  });

  it("error pages (unknown client, unregistered redirect with markup, bad interaction ids, garbage posts) are readable, never 500", async () => {
    const app = await newApp();
    const page = await openPage();
    const authorize = `${emulator.url}/login/common/oauth/authorize?response_type=code&`;
    for (const url of [`${authorize}client_id=${encodeURIComponent(HOSTILE)}&redirect_uri=x`, `${authorize}client_id=${app.clientId}&redirect_uri=${encodeURIComponent(`http://evil.test/${HOSTILE}`)}`, `${emulator.url}/login/interaction/does-not-exist`, `${emulator.url}/login/interaction/%E0%A4%A`]) {
      const res = await page.goto(url);
      expect(Math.floor(res!.status() / 100), url).toBe(4);
      await expectReadable(page);
      expect(await pwned(page), url).toBeUndefined();
    }
    const jar = new CookieJar();
    const screen = await browse(authorizeUrl(app.clientId).url, jar);
    for (const body of ["csrf=%", "%%%", "a".repeat(200_000)]) {
      const res = await request(`${screen.url}/sign-in`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: emulator.url }, body });
      expect(res.statusCode, body.slice(0, 10)).toBeLessThan(500);
      expect(await res.body.text()).not.toMatch(/\bat .+:\d+:\d+/);
    }
  });

  it("the logout page is readable, escapes an unregistered return URL, and ends the session", async () => {
    const app = await newApp();
    const page = await openPage();
    await page.goto(authorizeUrl(app.clientId).url);
    await page.getByRole("button", { name: /Bob Nilsen/ }).click();
    await page.waitForSelector("text=Account does not have access");
    const res = await page.goto(`${emulator.url}/login/logout?client_id=${app.clientId}&post_logout_redirect_uri=${encodeURIComponent(`http://evil.test/"${HOSTILE}`)}`);
    expect(res!.status()).toBe(200);
    expect(res!.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await expectReadable(page);
    expect(await page.locator("main").textContent()).toContain(HOSTILE);
    expect(await pwned(page)).toBeUndefined();
    expect((await context.cookies()).map((c) => c.name)).not.toContain("superid_session");
    await page.goto(authorizeUrl(app.clientId).url);
    expect(await currentStep(page)).toBe("1. Sign in"); // no SSO after logout
  });
});
