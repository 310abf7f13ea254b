import { createPrivateKey } from "node:crypto";
import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { approveConsent, revokeConsent } from "../../identity/consent.js";
import { rsaKeyValueXml } from "../../keys/partner-key.js";
import type { App } from "../../store/apps.js";
import { z } from "zod";
import { adminError, adminErrorResponse, member, validBody } from "./json.js";

/** `POST /_emulator/v1/apps`: the registration form's fields; URLs and keys are checked by registerApp. */
const newAppBody = z.object({
  name: member.requiredString(),
  vendor: member.string(),
  type: member.oneOf(["standard", "custom"], "expected standard or custom"),
  kind: member.requiredOneOf(["web", "native", "server-to-server"], "expected web, native or server-to-server"),
  redirectUris: member.strings(),
  postLogoutRedirectUris: member.strings(),
  corsOrigins: member.strings(),
  consentText: member.string(),
  systemUser: member.bool(),
  webhooks: member.bool(),
  stateChangeUrl: member.string(),
  publicKeyPem: member.string(),
});

/** `PUT /_emulator/v1/apps/{clientId}/state-change-url`: `{url}`, null or absent clears it. */
const stateChangeUrlBody = z.object({ url: member.string() });

/** `POST /_emulator/v1/consents`: approve an app in a tenant, as an administrator. */
const newConsentBody = z.object({
  clientId: member.requiredString(),
  contextIdentifier: member.requiredString(),
  approvedBy: member.string(),
});

/** `/_emulator/v1/apps` and `/_emulator/v1/consents`: the Developer Portal's app registration and authorization records. */
export function appAdminRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  app.onError((err, c) => adminErrorResponse(c, err));
  const appOf = (id: string): App => {
    const a = ctx.store.apps.get(id);
    if (!a) throw adminError("not_found", `unknown app ${id}`);
    return a;
  };
  const show = (a: App) => {
    const privateKeyPem = ctx.store.apps.privateKeyPem(a.clientId);
    return Object.assign({}, a, {
      privateKeyPem,
      privateKeyXml: privateKeyPem ? rsaKeyValueXml(createPrivateKey(privateKeyPem)) : null,
      approvals: ctx.store.consents.list().filter((c) => c.clientId === a.clientId),
    });
  };

  app.get("/_emulator/v1/apps", (c) => c.json(ctx.store.apps.list().map(show)));
  app.get("/_emulator/v1/apps/:id", (c) => c.json(show(appOf(c.req.param("id")))));
  app.post("/_emulator/v1/apps", validBody(newAppBody), async (c) => {
    const { registerApp } = await import("../services/apps-admin.js");
    const { TenantInputError } = await import("../services/tenant-factory.js");
    try {
      const created = registerApp(ctx, c.req.valid("json"));
      return c.json(show(created), 201);
    } catch (err) {
      if (err instanceof TenantInputError) throw adminError("invalid_request", err.message);
      throw err;
    }
  });
  app.delete("/_emulator/v1/apps/:id", async (c) => {
    const { deleteApp } = await import("../services/apps-admin.js");
    if (!deleteApp(ctx, appOf(c.req.param("id")).clientId)) throw adminError("not_found", "unknown app");
    return c.body(null, 204);
  });
  app.post("/_emulator/v1/apps/:id/secret", async (c) => {
    const a = appOf(c.req.param("id"));
    const { rotateSecret } = await import("../services/apps-admin.js");
    const secret = rotateSecret(ctx, a.clientId);
    if (!secret) throw adminError("invalid_request", `${a.name} is a native app: public clients have no secret`);
    return c.json({ clientId: a.clientId, clientSecret: secret });
  });

  // The Developer Portal's "Customer state change URL" of an existing (e.g. seeded) app; null clears it.
  app.put("/_emulator/v1/apps/:id/state-change-url", validBody(stateChangeUrlBody), async (c) => {
    const a = appOf(c.req.param("id"));
    const { setStateChangeUrl } = await import("../services/apps-admin.js");
    const { TenantInputError } = await import("../services/tenant-factory.js");
    try {
      setStateChangeUrl(ctx, a.clientId, c.req.valid("json").url ?? null);
    } catch (err) {
      if (err instanceof TenantInputError) throw adminError("invalid_request", err.message);
      throw err;
    }
    return c.json(show(appOf(a.clientId)));
  });

  app.get("/_emulator/v1/consents", (c) => c.json(ctx.store.consents.list()));
  app.post("/_emulator/v1/consents", validBody(newConsentBody), async (c) => {
    const body = c.req.valid("json");
    const a = appOf(body.clientId);
    const tenant = ctx.store.tenants.get(body.contextIdentifier);
    if (!tenant) throw adminError("not_found", "contextIdentifier: unknown tenant");
    const username = body.approvedBy;
    const approver = username ? ctx.store.users.findByUsername(username) : ctx.store.users.list().find((u) => u.memberships.some((m) => m.contextIdentifier === tenant.contextIdentifier && m.isAdministrator));
    if (!approver) throw adminError("invalid_request", `approvedBy: no administrator of ${tenant.contextIdentifier} to approve as`);
    if (!approver.memberships.some((m) => m.contextIdentifier === tenant.contextIdentifier && m.isAdministrator)) {
      throw adminError("invalid_request", `approvedBy: ${approver.username} is not an administrator of ${tenant.contextIdentifier}; only administrators approve apps`);
    }
    approveConsent(ctx, a, tenant.contextIdentifier, approver.userId);
    return c.json(ctx.store.consents.get(a.clientId, tenant.contextIdentifier), 201);
  });
  app.delete("/_emulator/v1/consents/:clientId/:ctx", (c) => {
    const tenant = ctx.store.tenants.get(c.req.param("ctx"));
    if (!tenant || !revokeConsent(ctx, c.req.param("clientId"), tenant.contextIdentifier)) throw adminError("not_found", "no such authorization record");
    return c.json(ctx.store.consents.get(c.req.param("clientId"), tenant.contextIdentifier));
  });
  return app;
}
