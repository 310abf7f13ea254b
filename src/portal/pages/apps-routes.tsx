import { createPrivateKey } from "node:crypto";
import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { revokeConsent } from "../../identity/consent.js";
import { rsaKeyValueXml } from "../../keys/partner-key.js";
import type { App } from "../../store/apps.js";
import { AppPage } from "./app-detail.js";
import { AppsPage, EMPTY_REGISTER, type RegisterValues } from "./apps-list.js";
import { lines, portalCsrfToken, readForm, readFormAs } from "./form-token.js";
import { registerAppForm } from "./form-schemas.js";
import { forged, missing } from "./responses.js";
import { own } from "../../shared/own.js";
import { appUrlProblem } from "../../admin/services/app-urls.js";

/** After a redirect, which message to show: a fixed set, so nothing from the URL is echoed. */
const NOTICES: Record<string, string> = {
  registered: "App registered. Its client id and secret are below.",
  secret: "New secret generated: the old one no longer works.",
  "state-url": "Customer state change URL saved.",
  revoked: "Approval revoked: the app's tokens for that tenant no longer work.",
  deleted: "App deleted.",
};

/** Apps: list, register, app page, new secret, key downloads, revoke an approval, delete (PRG throughout). */
export function appPageRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  // Registering loads the seed generator (faker) through the services: only when it is used.
  const services = async () => {
    const [{ registerApp, rotateSecret, deleteApp }, { TenantInputError }] = await Promise.all([import("../../admin/services/apps-admin.js"), import("../../admin/services/tenant-factory.js")]);
    return { registerApp, rotateSecret, deleteApp, TenantInputError };
  };

  const renderList = (c: Context, values: RegisterValues, error?: string) => {
    const consents = ctx.store.consents.list();
    const apps = ctx.store.apps.list().map((a) => ({ app: a, activeApprovals: consents.filter((x) => x.clientId === a.clientId && x.status === "Active").length }));
    return c.html(<AppsPage apps={apps} csrf={portalCsrfToken()} values={values} notice={own(NOTICES, c.req.query("done") ?? "")} error={error} />, error ? 400 : 200);
  };

  const renderApp = (c: Context, a: App, error?: string) => {
    const approvals = ctx.store.consents
      .list()
      .filter((x) => x.clientId === a.clientId)
      .map((consent) => ({
        consent,
        tenantName: ctx.store.tenants.get(consent.contextIdentifier)?.companyName ?? consent.contextIdentifier,
        approvedBy: consent.approvedByUserId === null ? "—" : (ctx.store.users.findById(consent.approvedByUserId)?.username ?? `user ${consent.approvedByUserId}`),
      }));
    return c.html(
      <AppPage app={a} hasPrivateKey={ctx.store.apps.privateKeyPem(a.clientId) !== null} approvals={approvals} csrf={portalCsrfToken()} notice={own(NOTICES, c.req.query("done") ?? "")} error={error} />,
      error ? 400 : 200,
    );
  };

  app.get("/portal/apps", (c) => renderList(c, EMPTY_REGISTER));

  app.post("/portal/apps", async (c) => {
    const values: RegisterValues | undefined = await readFormAs(c, registerAppForm);
    if (!values) return forged(c);
    // Checked here as well as by the service, so the form shows the message as the line's.
    const problem = appUrlProblem({ redirectUris: lines(values.redirectUris), postLogoutRedirectUris: lines(values.postLogoutRedirectUris), corsOrigins: lines(values.corsOrigins) })?.message;
    if (problem) return renderList(c, values, problem);
    const { registerApp, TenantInputError } = await services();
    try {
      const created = registerApp(ctx, {
        name: values.name,
        type: values.type as "standard" | "custom",
        kind: values.kind as "web",
        redirectUris: lines(values.redirectUris),
        postLogoutRedirectUris: lines(values.postLogoutRedirectUris),
        corsOrigins: lines(values.corsOrigins),
        // Unticked: the service's default (server-to-server apps always get the system user).
        systemUser: values.systemUser || undefined,
        webhooks: values.webhooks,
      });
      return c.redirect(`/portal/apps/${created.clientId}?done=registered`, 303);
    } catch (err) {
      if (err instanceof TenantInputError) return renderList(c, values, err.message);
      throw err;
    }
  });

  const appOf = (c: Context) => ctx.store.apps.get(c.req.param("id") ?? "");

  app.get("/portal/apps/:id", (c) => {
    const a = appOf(c);
    return a ? renderApp(c, a) : missing(c, "/portal/apps", "There is no app with this client id.");
  });

  app.post("/portal/apps/:id/secret", async (c) => {
    const a = appOf(c);
    if (!a) return missing(c, "/portal/apps", "There is no app with this client id.");
    if (!(await readForm(c))) return forged(c);
    const { rotateSecret } = await services();
    if (!rotateSecret(ctx, a.clientId)) return renderApp(c, a, `${a.name} is a native app: public clients have no secret.`);
    return c.redirect(`/portal/apps/${a.clientId}?done=secret`, 303);
  });

  app.post("/portal/apps/:id/state-change-url", async (c) => {
    const a = appOf(c);
    if (!a) return missing(c, "/portal/apps", "There is no app with this client id.");
    const form = await readForm(c);
    if (!form) return forged(c);
    const { stateChangeUrlProblem } = await import("../../admin/services/apps-admin.js");
    const url = form.url?.trim() || null;
    const problem = url === null ? undefined : stateChangeUrlProblem(url);
    if (problem) return renderApp(c, a, `Customer state change URL: ${problem}`);
    ctx.store.apps.setStateChangeUrl(a.clientId, url);
    return c.redirect(`/portal/apps/${a.clientId}?done=state-url`, 303);
  });

  app.post("/portal/apps/:id/revoke", async (c) => {
    const a = appOf(c);
    if (!a) return missing(c, "/portal/apps", "There is no app with this client id.");
    const form = await readForm(c);
    if (!form) return forged(c);
    const tenant = ctx.store.tenants.get(form.tenant ?? "");
    const consent = tenant && ctx.store.consents.get(a.clientId, tenant.contextIdentifier);
    if (!tenant || !consent) return renderApp(c, a, `${form.tenant ?? "That tenant"} has no authorization record for ${a.name}.`);
    if (consent.status !== "Active") return renderApp(c, a, `The approval by ${tenant.contextIdentifier} is already ${consent.status}.`);
    revokeConsent(ctx, a.clientId, tenant.contextIdentifier);
    return c.redirect(`/portal/apps/${a.clientId}?done=revoked`, 303);
  });

  app.post("/portal/apps/:id/delete", async (c) => {
    const a = appOf(c);
    if (!a) return missing(c, "/portal/apps", "There is no app with this client id.");
    if (!(await readForm(c))) return forged(c);
    const { deleteApp } = await services();
    deleteApp(ctx, a.clientId);
    return c.redirect("/portal/apps?done=deleted", 303);
  });

  const privateKeyOf = (c: Context) => {
    const a = appOf(c);
    const pem = a ? ctx.store.apps.privateKeyPem(a.clientId) : null;
    return a && pem ? { a, pem } : undefined;
  };
  const download = (c: Context, body: string, type: string, filename: string) =>
    c.body(body, 200, { "content-type": `${type}; charset=utf-8`, "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" });
  const fileName = (a: App, ext: string) => `${a.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "app"}-${a.clientId.slice(0, 8)}-private-key.${ext}`;

  app.get("/portal/apps/:id/private-key.pem", (c) => {
    const k = privateKeyOf(c);
    if (!k) return missing(c, "/portal/apps", "The emulator holds no private key for this app.");
    return download(c, k.pem, "application/x-pem-file", fileName(k.a, "pem"));
  });
  app.get("/portal/apps/:id/private-key.xml", (c) => {
    const k = privateKeyOf(c);
    if (!k) return missing(c, "/portal/apps", "The emulator holds no private key for this app.");
    return download(c, rsaKeyValueXml(createPrivateKey(k.pem)), "application/xml", fileName(k.a, "xml"));
  });

  return app;
}
