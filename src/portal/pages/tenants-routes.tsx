import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { TENANT_STATE_NAMES, type TenantState } from "../../shared/tenant-states.js";
import { portalCsrfToken, readForm } from "./form-token.js";
import { forged, missing } from "./responses.js";
import { TenantsPage, type CreateValues } from "./tenants-page.js";
import { own } from "../../shared/own.js";

const NOTICES: Record<string, string> = {
  created: "Tenant created from the seed profile.",
  state: "Tenant state changed.",
  user: "User added.",
  reset: "Everything is back to the seed.",
  "tenant-reset": "The tenant's data is back to the seed.",
};

const EMPTY_CREATE: CreateValues = { contextIdentifier: "", companyName: "", profile: "standard", state: "Running" };

/** Tenants: list with state and users, state switcher, add user, create from a seed profile, reset (PRG). */
export function tenantPageRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  const services = async () => {
    const [{ createTenant, TenantInputError, nextContextIdentifier }, { addTenantUser }, { resetToSeed }] = await Promise.all([
      import("../../admin/services/tenant-factory.js"),
      import("../../admin/services/users-admin.js"),
      import("../../admin/services/store-admin.js"),
    ]);
    return { createTenant, TenantInputError, addTenantUser, resetToSeed, nextContextIdentifier };
  };

  const render = async (c: Context, values: CreateValues, error?: string) => {
    const { nextContextIdentifier } = await services();
    const users = ctx.store.users.list();
    const tenants = ctx.store.tenants.list().map((tenant) => ({
      tenant,
      users: users.flatMap((u) =>
        u.memberships
          .filter((m) => m.contextIdentifier === tenant.contextIdentifier)
          .map((m) => ({ username: u.username, name: `${u.firstName} ${u.lastName}`, associateId: m.associateId, administrator: m.isAdministrator })),
      ),
    }));
    let profiles: string[];
    try {
      // Reading the seed loads zod; only when this page is shown, never at start-up.
      const { readSeedFile } = await import("../../seed/seed-file.js");
      profiles = Object.keys(readSeedFile(ctx.config.seedFile).seed.profiles);
    } catch {
      profiles = ["standard"];
    }
    return c.html(<TenantsPage tenants={tenants} profiles={profiles} csrf={portalCsrfToken()} values={values} nextContextIdentifier={nextContextIdentifier(ctx)} notice={own(NOTICES, c.req.query("done") ?? "")} error={error} />, error ? 400 : 200);
  };
  const stateNamed = (s: string | undefined) => TENANT_STATE_NAMES.find((n) => n.toLowerCase() === (s ?? "").toLowerCase());

  app.get("/portal/tenants", (c) => render(c, EMPTY_CREATE));

  app.post("/portal/tenants", async (c) => {
    const form = await readForm(c);
    if (!form) return forged(c);
    const values: CreateValues = { contextIdentifier: (form.contextIdentifier ?? "").trim(), companyName: (form.companyName ?? "").trim(), profile: form.profile ?? "standard", state: form.state ?? "Running" };
    const state = stateNamed(values.state);
    if (!state) return render(c, values, `State: expected one of ${TENANT_STATE_NAMES.join(", ")}.`);
    if (values.companyName.length > 100) return render(c, values, "Company name: at most 100 characters.");
    const { createTenant, TenantInputError } = await services();
    try {
      const id = createTenant(ctx, { contextIdentifier: values.contextIdentifier || undefined, companyName: values.companyName || undefined, profile: values.profile, state: state as TenantState });
      return c.redirect(`/portal/tenants?done=created#${encodeURIComponent(id)}`, 303);
    } catch (err) {
      if (err instanceof TenantInputError) return render(c, values, err.message);
      throw err;
    }
  });

  app.post("/portal/tenants/:ctx/state", async (c) => {
    const tenant = ctx.store.tenants.get(c.req.param("ctx"));
    if (!tenant) return missing(c, "/portal/tenants", "There is no such tenant.");
    const form = await readForm(c);
    if (!form) return forged(c);
    const state = stateNamed(form.state);
    if (!state) return render(c, EMPTY_CREATE, `State: expected one of ${TENANT_STATE_NAMES.join(", ")}.`);
    ctx.store.tenants.setState(tenant.contextIdentifier, state);
    return c.redirect(`/portal/tenants?done=state#${tenant.contextIdentifier}`, 303);
  });

  app.post("/portal/tenants/:ctx/users", async (c) => {
    const tenant = ctx.store.tenants.get(c.req.param("ctx"));
    if (!tenant) return missing(c, "/portal/tenants", "There is no such tenant.");
    const form = await readForm(c);
    if (!form) return forged(c);
    const username = (form.username ?? "").trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(username) || username.length > 200) return render(c, EMPTY_CREATE, "User: expected a SuperID user name such as someone@example.com.");
    const { addTenantUser, TenantInputError } = await services();
    try {
      addTenantUser(ctx, tenant.contextIdentifier, { username, administrator: form.administrator === "on" });
    } catch (err) {
      if (err instanceof TenantInputError) return render(c, EMPTY_CREATE, err.message);
      throw err;
    }
    return c.redirect(`/portal/tenants?done=user#${tenant.contextIdentifier}`, 303);
  });

  app.post("/portal/tenants/:ctx/reset", async (c) => {
    if (!(await readForm(c))) return forged(c);
    const tenant = ctx.store.tenants.get(c.req.param("ctx"));
    if (!tenant) return render(c, EMPTY_CREATE, `Unknown tenant ${c.req.param("ctx")}.`);
    const { resetTenant, SnapshotError } = await import("../../admin/services/store-admin.js");
    try {
      await resetTenant(ctx, tenant.contextIdentifier);
    } catch (err) {
      if (err instanceof SnapshotError) return render(c, EMPTY_CREATE, err.message);
      throw err;
    }
    return c.redirect(`/portal/tenants?done=tenant-reset#${tenant.contextIdentifier}`, 303);
  });

  app.post("/portal/reset", async (c) => {
    if (!(await readForm(c))) return forged(c);
    const { resetToSeed } = await services();
    await resetToSeed(ctx);
    return c.redirect("/portal/tenants?done=reset", 303);
  });

  return app;
}
