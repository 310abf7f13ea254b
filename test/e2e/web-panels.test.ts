import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as SoWebApi from "@superoffice/webapi" with { "resolution-mode": "require" };
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { httpRequest, tenantApiClient, type Reply } from "../support/http.js";
import { validateBody } from "../support/openapi.js";
import { signIn } from "../support/sign-in.js";

/**
 * Web panels as apps provision them (issue #15; the DevNet WebPanelHelper and the razor-pages sample's
 * provisioning step): created with SaveWebPanelEntity or POST v1/List/WebPanel/Items, owned by the app
 * whose token made them. GetAppWebPanels/DeleteAppWebPanels see only the caller's panels; another app
 * cannot change or delete them. Two seeded apps (the web app and the server-to-server app) play the two
 * apps; every body is checked against the official WebPanelEntity definition.
 */
const so = createRequire(import.meta.url)("@superoffice/webapi") as typeof SoWebApi;
const TENANT = "Cust12345";
let emulator: StartedEmulator;
let webToken: string;
let s2sToken: string;
// The package exports the ListAgent class but not the IListAgent interface getListAgent() returns.
type ListAgent = ReturnType<SoWebApi.WebApi["getListAgent"]>;
let webAgent: ListAgent;
let s2sAgent: ListAgent;
const asWeb = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => webToken });
const asS2s = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => s2sToken });

function listAgent(token: string): ListAgent {
  const webapi = new so.WebApi({ baseUrl: `${emulator.url}/${TENANT}/api/` });
  webapi.authenticateWithToken(token);
  return webapi.getListAgent();
}

beforeAll(async () => {
  emulator = await startEmulator();
  webToken = (await signIn(emulator, "ada.admin@example.com", TENANT, "web")).access_token;
  s2sToken = (await signIn(emulator, "ada.admin@example.com", TENANT, "server-to-server")).access_token;
  webAgent = listAgent(webToken);
  s2sAgent = listAgent(s2sToken);
});
afterAll(() => emulator?.stop());

function panels(r: Reply): any[] {
  expect(r.status, r.text.slice(0, 300)).toBe(200);
  const all = Array.isArray(r.json) ? r.json : [r.json];
  for (const p of all) expect(validateBody("WebPanelEntity", p)).toEqual([]);
  return all;
}

describe("web panels through the official client (WebPanelHelper's steps)", () => {
  it("CreateDefault, Save, Get, GetByProgId, GetAppWebPanels: the creating app owns the panel", async () => {
    const def = await webAgent.createDefaultWebPanelEntityAsync();
    expect(def.webPanelId).toBe(0);
    const saved = await webAgent.saveWebPanelEntityAsync({
      ...def,
      name: "Invoices",
      tooltip: "The app's invoices",
      url: "https://app.example.com/invoices?contact=<cuid>",
      progId: "example-app-invoices",
      visibleIn: so.Navigation.ContactCard,
      showInToolBar: true,
    });
    expect(saved).toMatchObject({ name: "Invoices", progId: "example-app-invoices", visibleIn: so.Navigation.ContactCard, showInToolBar: true, tooltip: "The app's invoices" });
    expect(saved.webPanelId).toBeGreaterThan(0);
    expect((await webAgent.getWebPanelEntityAsync(saved.webPanelId!)).url).toBe("https://app.example.com/invoices?contact=<cuid>");
    expect((await webAgent.getWebPanelByProgIdAsync("example-app-invoices")).webPanelId).toBe(saved.webPanelId);
    expect((await webAgent.getAppWebPanelsAsync()).map((p) => p.webPanelId)).toEqual([saved.webPanelId]);
    // The other app owns nothing and sees nothing of this app's panels (an app never sees another app's).
    expect(await s2sAgent.getAppWebPanelsAsync()).toEqual([]);
    expect((await s2sAgent.getWebPanelListAsync()).map((p) => p.webPanelId)).not.toContain(saved.webPanelId);
    expect(await s2sAgent.getWebPanelEntityAsync(saved.webPanelId!)).toBeNull();
    expect(await s2sAgent.getWebPanelByProgIdAsync("example-app-invoices")).toBeNull();

    const changed = await webAgent.saveWebPanelEntityAsync({ ...saved, name: "Invoices (new)" });
    expect(changed).toMatchObject({ webPanelId: saved.webPanelId, name: "Invoices (new)", showInToolBar: true });
    await webAgent.deleteWebPanelAsync(saved.webPanelId!);
    expect(await webAgent.getWebPanelEntityAsync(saved.webPanelId!)).toBeNull();
  });

  it("DeleteAppWebPanels removes the caller's panels only", async () => {
    const mine = await webAgent.saveWebPanelEntityAsync({ ...(await webAgent.createDefaultWebPanelEntityAsync()), name: "Web app panel", url: "https://web.example.com/" });
    const theirs = await s2sAgent.saveWebPanelEntityAsync({ ...(await s2sAgent.createDefaultWebPanelEntityAsync()), name: "Sync panel", url: "https://sync.example.com/" });
    await s2sAgent.deleteAppWebPanelsAsync();
    expect(await s2sAgent.getAppWebPanelsAsync()).toEqual([]);
    expect((await webAgent.getAppWebPanelsAsync()).map((p) => p.webPanelId)).toEqual([mine.webPanelId]);
    expect(await webAgent.getWebPanelEntityAsync(theirs.webPanelId!)).toBeNull();
    await webAgent.deleteAppWebPanelsAsync();
  });
});

describe("web panels over REST (v1/List/WebPanel/Items)", () => {
  it("POST, GET, PUT, DELETE by the owner; another app neither sees nor changes it (404)", async () => {
    const [created] = panels(await asWeb("POST", "v1/List/WebPanel/Items", { body: { Name: "Orders", Url: "https://app.example.com/orders", VisibleIn: "SaleCard", UrlEncoding: "Unicode" } }));
    expect(created).toMatchObject({ Name: "Orders", VisibleIn: "SaleCard", UrlEncoding: "Unicode", Deleted: false });
    const [read] = panels(await asWeb("GET", `v1/List/WebPanel/Items/${created.WebPanelId}`));
    expect(read).toEqual(created);
    expect((await asS2s("GET", `v1/List/WebPanel/Items/${created.WebPanelId}`)).status).toBe(404);
    expect(panels(await asS2s("GET", "v1/List/WebPanel/Items")).map((p) => p.WebPanelId)).not.toContain(created.WebPanelId);
    expect(panels(await asWeb("GET", "v1/List/WebPanel/Items")).map((p) => p.WebPanelId)).toContain(created.WebPanelId);
    panels(await asWeb("GET", "v1/List/WebPanel/Items/Default"));

    for (const r of [
      await asS2s("PUT", `v1/List/WebPanel/Items/${created.WebPanelId}`, { body: { Name: "Hijacked" } }),
      await asS2s("DELETE", `v1/List/WebPanel/Items/${created.WebPanelId}`),
      await asS2s("POST", "v1/Agents/List/SaveWebPanelEntity", { body: { ...created, Name: "Hijacked" } }),
      await asS2s("POST", "v1/Agents/List/DeleteWebPanel", { body: { Id: created.WebPanelId } }),
    ]) {
      expect(r.status, r.text).toBe(404);
      expect(r.json).toMatchObject({ Error: true, ErrorType: "SoNotFoundException" });
    }
    expect(panels(await asWeb("GET", `v1/List/WebPanel/Items/${created.WebPanelId}`))[0].Name).toBe("Orders");

    const [renamed] = panels(await asWeb("PUT", `v1/List/WebPanel/Items/${created.WebPanelId}`, { body: { Name: "Orders 2", VisibleIn: 9 } }));
    expect(renamed).toMatchObject({ Name: "Orders 2", VisibleIn: "SaleCard", Url: "https://app.example.com/orders", UrlEncoding: "Unicode" });
    // REST DELETE marks the panel deleted (SuperOffice's reference for DELETE List/WebPanel/Items/{id}).
    expect((await asWeb("DELETE", `v1/List/WebPanel/Items/${created.WebPanelId}`)).status).toBe(204);
    expect(panels(await asWeb("GET", `v1/List/WebPanel/Items/${created.WebPanelId}`))[0]).toMatchObject({ Name: "Orders 2", Deleted: true });
    expect(panels(await asWeb("GET", "v1/List/WebPanel/Items")).map((p) => p.WebPanelId)).not.toContain(created.WebPanelId);
    expect(panels(await asWeb("GET", "v1/List/WebPanel/Items?includeDeleted=true")).map((p) => p.WebPanelId)).toContain(created.WebPanelId);
  });

  it("takes the agent call as SuperOffice's PHP sample sends it: the entity wrapped in WebPanelEntity, booleans as strings, template URL", async () => {
    const r = await asWeb("POST", "v1/Agents/List/SaveWebPanelEntity", {
      body: {
        WebPanelEntity: {
          ...(await asWeb("POST", "v1/Agents/List/CreateDefaultWebPanelEntity")).json,
          Name: "Detailed sales info",
          UrlEncoding: "Unicode",
          VisibleIn: "SaleCard",
          OnSalesMarketingWeb: "true",
          OnSalesMarketingPocket: "true",
          WindowName: "Sale Event Details",
          Url: "https://app.example.com/ext/so_index.php?f=<ss45>&e=<ss46>",
        },
      },
    });
    const [saved] = panels(r);
    expect(saved).toMatchObject({ Name: "Detailed sales info", UrlEncoding: "Unicode", VisibleIn: "SaleCard", OnSalesMarketingPocket: true, WindowName: "Sale Event Details" });
    const [templated] = panels(await asWeb("POST", "v1/List/WebPanel/Items", { body: { Name: "Templated", Url: "<cust_url>/panel" } }));
    expect(templated.Url).toBe("<cust_url>/panel");
  });

  it("answers bad input with SuperOffice error bodies", async () => {
    const bad: [unknown, string][] = [
      [{ Url: "https://x.example.com" }, "needs a name"],
      [{ Name: "x", VisibleIn: "Ceiling" }, "VisibleIn"],
      [{ Name: "x", Url: "javascript:alert(1)" }, "Url"],
      [{ Name: "x", ShowInMenuBar: "often" }, "ShowInMenuBar"],
      [[1, 2], "WebPanelEntity"],
    ];
    for (const [body, mentions] of bad) {
      const r = await asWeb("POST", "v1/List/WebPanel/Items", { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json).toMatchObject({ Error: true, Message: expect.stringContaining(mentions) });
    }
    await asWeb("POST", "v1/List/WebPanel/Items", { body: { Name: "Unique", ProgId: "unique-prog" } });
    const dup = await asWeb("POST", "v1/List/WebPanel/Items", { body: { Name: "Again", ProgId: "unique-prog" } });
    expect(dup.status).toBe(400);
    expect((await asWeb("PUT", "v1/List/WebPanel/Items/9999", { body: { Name: "x" } })).status).toBe(404);
    expect((await asWeb("POST", "v1/Agents/List/GetWebPanelEntity", { body: {} })).status).toBe(400);
  });
});

describe("portal: a tenant's web panels with their owning app", () => {
  it("lists each panel with the app that created it, and removes one by a CSRF-protected form", async () => {
    const saved = await webAgent.saveWebPanelEntityAsync({ ...(await webAgent.createDefaultWebPanelEntityAsync()), name: "Portal-listed panel", url: "https://web.example.com/p", progId: "portal-listed" });
    const webApp = emulator.apps.find((a) => a.kind === "web")!;
    const pageUrl = `${emulator.url}/portal/tenants/${TENANT}/web-panels`;
    const page = await httpRequest("GET", pageUrl);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Portal-listed panel");
    expect(page.text).toContain(webApp.clientId);
    expect((await httpRequest("GET", `${emulator.url}/portal/tenants`)).text).toContain(`/portal/tenants/${TENANT}/web-panels`);

    const action = `${emulator.url}/portal/tenants/${TENANT}/web-panels/${saved.webPanelId}/delete`;
    const form = { "content-type": "application/x-www-form-urlencoded", origin: emulator.url };
    expect((await httpRequest("POST", action, { body: "csrf=wrong", headers: form })).status).toBe(403);
    expect((await webAgent.getWebPanelEntityAsync(saved.webPanelId!)).name).toBe("Portal-listed panel");
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const removed = await httpRequest("POST", action, { body: new URLSearchParams({ csrf }).toString(), headers: form });
    expect(removed.status).toBe(303);
    expect(await webAgent.getWebPanelEntityAsync(saved.webPanelId!)).toBeNull();
    expect((await httpRequest("GET", `${emulator.url}/portal/tenants/Cust999999/web-panels`)).status).toBe(404);
  });
});
