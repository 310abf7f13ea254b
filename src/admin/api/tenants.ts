import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { identityEndpoints } from "../../identity/endpoints.js";
import { isRunningState, TENANT_STATE_NAMES } from "../../shared/tenant-states.js";
import { isTimeZone } from "../../shared/time-zone.js";
import type { Tenant } from "../../store/tenants.js";
import { z } from "zod";
import { adminError, adminErrorResponse, jsonBody, member, parseBody, requiredString, validBody } from "./json.js";
import { decodeUriPart } from "../../shared/uri.js";

/** `POST /_emulator/v1/tenants`: everything optional; the factory picks a free Cust number and a profile's data. */
const newTenantBody = z.object({
  state: member.oneOf(TENANT_STATE_NAMES, `expected one of ${TENANT_STATE_NAMES.join(", ")}`),
  timeZone: member.string().refine((tz) => tz === undefined || isTimeZone(tz), { error: "expected an IANA time zone such as Europe/Oslo" }),
  contextIdentifier: member.string(),
  companyName: member.string(),
  profile: member.string(),
});

/** `PUT .../state`: a state name in any case. */
const stateBody = z.object({ state: member.requiredString() });

/** `POST .../users`: a SuperID user with a membership in the tenant. */
const newUserBody = z.object({
  username: member.requiredString(),
  firstName: member.string(),
  lastName: member.string(),
  initials: member.string(),
  administrator: member.bool(),
  password: member.string(),
});

/** `/_emulator/v1/tenants`: create (from a seed profile), list, get, delete, set state, users. */
export function tenantAdminRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  const base = "/_emulator/v1/tenants";
  const show = (t: Tenant) => ({
    contextIdentifier: t.contextIdentifier,
    companyName: t.companyName,
    serial: t.serial,
    state: t.state,
    isRunning: isRunningState(t.state),
    timeZone: t.timeZone,
    host: t.host,
    webApiUrl: identityEndpoints(ctx.urls).webApiUrl(t),
    users: ctx.store.users
      .list()
      .flatMap((u) => u.memberships.filter((m) => m.contextIdentifier === t.contextIdentifier).map((m) => ({ username: u.username, associateId: m.associateId, administrator: m.isAdministrator }))),
  });
  const tenantOf = (id: string, asWritten?: string) => {
    const t = ctx.store.tenants.get(id);
    if (!t) throw adminError("not_found", `unknown tenant ${asWritten ?? id}`);
    return t;
  };
  // Path parameters arrive lower-cased; messages name the tenant as the caller wrote it.
  const pathTenant = (c: { req: { url: string } }) => decodeUriPart(new URL(c.req.url).pathname.split("/").filter(Boolean)[3] ?? "");
  app.onError((err, c) => adminErrorResponse(c, err));

  app.get(base, (c) => c.json(ctx.store.tenants.list().map(show)));
  app.get(`${base}/:ctx`, (c) => c.json(show(tenantOf(c.req.param("ctx"), pathTenant(c)))));

  app.post(base, validBody(newTenantBody), async (c) => {
    // Seed generation pulls in faker: only when a tenant is created.
    const { createTenant, TenantInputError } = await import("../services/tenant-factory.js");
    try {
      const id = createTenant(ctx, c.req.valid("json"));
      return c.json(show(tenantOf(id)), 201);
    } catch (err) {
      if (err instanceof TenantInputError) throw adminError(/already exists/.test(err.message) ? "conflict" : "invalid_request", err.message);
      throw err;
    }
  });

  app.delete(`${base}/:ctx`, (c) => {
    const t = tenantOf(c.req.param("ctx"), pathTenant(c));
    ctx.store.tenants.remove(t.contextIdentifier);
    return c.body(null, 204);
  });

  app.put(`${base}/:ctx/state`, async (c) => {
    const t = tenantOf(c.req.param("ctx"), pathTenant(c));
    const { state } = parseBody(stateBody, await jsonBody(c));
    const name = TENANT_STATE_NAMES.find((s) => s.toLowerCase() === state.toLowerCase());
    if (!name) throw adminError("invalid_request", `state: expected one of ${TENANT_STATE_NAMES.join(", ")}`);
    // Apps with a state change URL hear of it (identity.md §9.4).
    await ctx.webhooks.tenants.setState(t.contextIdentifier, name);
    return c.json(show(tenantOf(t.contextIdentifier)));
  });

  // Host mode (identity.md §9.2): the tenant's API moves to another host name; null moves it back to the
  // default tenant host. Outside host mode a tenant has no host of its own, so a move would hand out URLs
  // on a host the emulator does not serve.
  app.put(`${base}/:ctx/host`, async (c) => {
    const t = tenantOf(c.req.param("ctx"), pathTenant(c));
    const body = await jsonBody(c);
    if (!ctx.urls.tenantHost) throw adminError("conflict", "host: host mode is off; start the emulator with --tenant-host (e.g. sod2.localhost) to move tenants between hosts");
    const host = body.host === null ? null : requiredString(body, "host").toLowerCase();
    if (host !== null && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(host)) throw adminError("invalid_request", `host: expected a host name such as sod3.localhost, got "${host}"`);
    await ctx.webhooks.tenants.move(t.contextIdentifier, host);
    return c.json(show(tenantOf(t.contextIdentifier)));
  });

  app.post(`${base}/:ctx/reset`, async (c) => {
    const t = tenantOf(c.req.param("ctx"), pathTenant(c));
    const { resetTenant, SnapshotError } = await import("../services/store-admin.js");
    try {
      await resetTenant(ctx, t.contextIdentifier);
    } catch (err) {
      if (err instanceof SnapshotError) throw adminError("conflict", err.message);
      throw err;
    }
    return c.json(show(tenantOf(t.contextIdentifier)));
  });

  app.get(`${base}/:ctx/users`, (c) => c.json(show(tenantOf(c.req.param("ctx"), pathTenant(c))).users));

  app.post(`${base}/:ctx/users`, async (c) => {
    const t = tenantOf(c.req.param("ctx"), pathTenant(c));
    const body = parseBody(newUserBody, await jsonBody(c));
    const { addTenantUser } = await import("../services/users-admin.js");
    const { TenantInputError } = await import("../services/tenant-factory.js");
    try {
      const associateId = addTenantUser(ctx, t.contextIdentifier, body);
      return c.json({ username: body.username, associateId, administrator: body.administrator ?? false }, 201);
    } catch (err) {
      if (err instanceof TenantInputError) throw adminError(/already a user/.test(err.message) ? "conflict" : "invalid_request", err.message);
      throw err;
    }
  });

  return app;
}
