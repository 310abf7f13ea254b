import { createPrivateKey } from "node:crypto";
import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { approveConsent, revokeConsent } from "../../identity/consent.js";
import { rsaKeyValueXml } from "../../keys/partner-key.js";
import type { App } from "../../store/apps.js";
import { AdminError, adminErrorResponse, jsonBody, optionalBool, optionalString, optionalStrings, requiredString } from "./json.js";

/** `/_emulator/v1/apps` and `/_emulator/v1/consents`: the Developer Portal's app registration and authorization records. */
export function appAdminRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  app.onError((err, c) => adminErrorResponse(c, err));
  const appOf = (id: string): App => {
    const a = ctx.store.apps.get(id);
    if (!a) throw new AdminError(404, `unknown app ${id}`);
    return a;
  };
  const show = (a: App) => {
    const privateKeyPem = ctx.store.apps.privateKeyPem(a.clientId);
    return {
      ...a,
      privateKeyPem,
      privateKeyXml: privateKeyPem ? rsaKeyValueXml(createPrivateKey(privateKeyPem)) : null,
      approvals: ctx.store.consents.list().filter((c) => c.clientId === a.clientId),
    };
  };

  app.get("/_emulator/v1/apps", (c) => c.json(ctx.store.apps.list().map(show)));
  app.get("/_emulator/v1/apps/:id", (c) => c.json(show(appOf(c.req.param("id")))));
  app.post("/_emulator/v1/apps", async (c) => {
    const body = await jsonBody(c);
    const { registerApp } = await import("../services/apps-admin.js");
    const { TenantInputError } = await import("../services/tenant-factory.js");
    try {
      const created = registerApp(ctx, {
        name: requiredString(body, "name"),
        vendor: optionalString(body, "vendor"),
        type: optionalString(body, "type") as "standard" | "custom" | undefined,
        kind: requiredString(body, "kind") as "web",
        redirectUris: optionalStrings(body, "redirectUris"),
        postLogoutRedirectUris: optionalStrings(body, "postLogoutRedirectUris"),
        corsOrigins: optionalStrings(body, "corsOrigins"),
        consentText: optionalString(body, "consentText"),
        systemUser: optionalBool(body, "systemUser"),
        webhooks: optionalBool(body, "webhooks"),
        publicKeyPem: optionalString(body, "publicKeyPem"),
      });
      return c.json(show(created), 201);
    } catch (err) {
      if (err instanceof TenantInputError) throw new AdminError(400, err.message);
      throw err;
    }
  });
  app.delete("/_emulator/v1/apps/:id", async (c) => {
    const { deleteApp } = await import("../services/apps-admin.js");
    if (!deleteApp(ctx, appOf(c.req.param("id")).clientId)) throw new AdminError(404, "unknown app");
    return c.body(null, 204);
  });
  app.post("/_emulator/v1/apps/:id/secret", async (c) => {
    const a = appOf(c.req.param("id"));
    const { rotateSecret } = await import("../services/apps-admin.js");
    const secret = rotateSecret(ctx, a.clientId);
    if (!secret) throw new AdminError(400, `${a.name} is a native app: public clients have no secret`);
    return c.json({ clientId: a.clientId, clientSecret: secret });
  });

  app.get("/_emulator/v1/consents", (c) => c.json(ctx.store.consents.list()));
  app.post("/_emulator/v1/consents", async (c) => {
    const body = await jsonBody(c);
    const a = appOf(requiredString(body, "clientId"));
    const tenant = ctx.store.tenants.get(requiredString(body, "contextIdentifier"));
    if (!tenant) throw new AdminError(404, "contextIdentifier: unknown tenant");
    const username = optionalString(body, "approvedBy");
    const approver = username ? ctx.store.users.findByUsername(username) : ctx.store.users.list().find((u) => u.memberships.some((m) => m.contextIdentifier === tenant.contextIdentifier && m.isAdministrator));
    if (!approver) throw new AdminError(400, `approvedBy: no administrator of ${tenant.contextIdentifier} to approve as`);
    if (!approver.memberships.some((m) => m.contextIdentifier === tenant.contextIdentifier && m.isAdministrator)) {
      throw new AdminError(400, `approvedBy: ${approver.username} is not an administrator of ${tenant.contextIdentifier}; only administrators approve apps`);
    }
    approveConsent(ctx, a, tenant.contextIdentifier, approver.userId);
    return c.json(ctx.store.consents.get(a.clientId, tenant.contextIdentifier), 201);
  });
  app.delete("/_emulator/v1/consents/:clientId/:ctx", (c) => {
    const tenant = ctx.store.tenants.get(c.req.param("ctx"));
    if (!tenant || !revokeConsent(ctx, c.req.param("clientId"), tenant.contextIdentifier)) throw new AdminError(404, "no such authorization record");
    return c.json(ctx.store.consents.get(c.req.param("clientId"), tenant.contextIdentifier));
  });
  return app;
}
