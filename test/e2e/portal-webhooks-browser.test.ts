import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";
import { launchBrowser, withPage } from "../support/browser.js";

/**
 * The portal's Webhooks page in real headless Chromium: a hook to the local inbox, a contact created through
 * the tenant API, the delivery on the page with its signature checked, resend, and pause/resume.
 */
let emulator: StartedEmulator;
let browser: Browser;
let token: string;
const TENANT = "Cust12345";

beforeAll(async () => {
  [emulator, browser] = await Promise.all([startEmulator(), launchBrowser()]);
  token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
});
afterAll(async () => {
  await browser?.close();
  await emulator?.stop();
});

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${emulator.url}/${TENANT}/api/${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

describe("portal Webhooks page in Chromium", () => {
  it("shows the hook and the contact.created delivery with a valid signature; resend sends it again; pause and resume", async () => {
    const saved = await api("POST", "v1/Webhook", { Name: "Portal Hook", Events: ["contact.created"], TargetUrl: emulator.admin.inbox.url("portal-page"), Secret: "s3cret" });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const { WebhookId } = (await saved.json()) as { WebhookId: number };
    const contact = (await (await api("POST", "v1/Contact", { Name: "Portal Hook AS" })).json()) as { ContactId: number };
    const d = await emulator.admin.webhooks.waitForDelivery((x) => x.event === "contact.created" && x.payload.PrimaryKey === contact.ContactId && x.status === "delivered");

    await withPage(browser, async (page) => {
      await page.goto(`${emulator.url}/portal`);
      await page.getByRole("link", { name: "Webhooks" }).click();
      await page.waitForURL(/\/portal\/webhooks$/);
      const hook = page.locator(`#hooks tr[data-webhook="${TENANT}/${WebhookId}"]`);
      expect(await hook.textContent()).toContain("Portal Hook");
      expect(await hook.locator("td.ok").textContent()).toBe("Active");

      await page.locator(`#deliveries tr[data-delivery="${d.deliveryId}"] a`).click();
      await page.waitForSelector("#delivery");
      expect(await page.locator("#signature").textContent()).toMatch(/^valid/);
      expect(await page.locator("#delivery pre").first().textContent()).toContain("X-SuperOffice-Signature: ");
      expect(await page.locator("#body").textContent()).toContain(`"PrimaryKey": ${contact.ContactId}`);
      expect(await page.locator("#attempts td.ok").first().textContent()).toBe("200");

      await page.locator("#resend").click();
      await page.waitForURL(/done=resent/);
      expect(await page.getByRole("status").textContent()).toContain("Queued again");
      const again = await emulator.admin.webhooks.waitForDelivery((x) => x.deliveryId > d.deliveryId && x.eventId === d.eventId && x.status === "delivered");
      expect(again.body).toBe(d.body);
      expect((await emulator.admin.inbox.entries("portal-page")).filter((e) => e.headers["x-superoffice-event"] === "contact.created")).toHaveLength(2);

      await page.getByRole("button", { name: "Pause" }).click();
      await page.waitForURL(/done=paused/);
      expect(await page.locator("#dispatcher-state").textContent()).toBe("Paused");
      expect((await (await fetch(`${emulator.url}/_emulator/v1/webhooks/dispatcher`)).json()) as { paused: boolean }).toMatchObject({ paused: true });
      await page.getByRole("button", { name: "Resume" }).click();
      await page.waitForURL(/done=resumed/);
      expect(await page.locator("#dispatcher-state").textContent()).toBe("Running");
    });
  });

  it("marks a signature invalid once the hook's secret no longer matches what was sent; forms need the CSRF token", async () => {
    const saved = (await (await api("POST", "v1/Webhook", { Name: "Rotated", Events: ["contact.created"], TargetUrl: emulator.admin.inbox.url("rotated"), Secret: "old" })).json()) as { WebhookId: number } & Record<string, unknown>;
    await api("POST", "v1/Contact", { Name: "Rotated AS" });
    const d = await emulator.admin.webhooks.waitForDelivery((x) => x.webhookId === saved.WebhookId && x.event === "contact.created" && x.status === "delivered");
    expect((await api("PUT", `v1/Webhook/${saved.WebhookId}`, { ...saved, Secret: "new" })).status).toBe(200);
    const page = await (await fetch(`${emulator.url}/portal/webhooks?delivery=${d.deliveryId}`)).text();
    expect(page).toContain('<dd id="signature" class="fail">invalid');
    const forged = await fetch(`${emulator.url}/portal/webhooks/deliveries/${d.deliveryId}/resend`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: emulator.url }, body: "csrf=wrong" });
    expect(forged.status).toBe(403);
  });
});
