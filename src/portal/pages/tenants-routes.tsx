import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { portalCsrfToken, readForm, readFormAs } from "./form-token.js";
import { addUserForm, companyNameField, createTenantForm, formProblem, superIdUserName, tenantStateField } from "./form-schemas.js";
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

  app.get("/portal/tenants", (c) => render(c, EMPTY_CREATE));

  app.post("/portal/tenants", async (c) => {
    const values: CreateValues | undefined = await readFormAs(c, createTenantForm);
    if (!values) return forged(c);
    const state = tenantStateField.safeParse(values.state);
    if (!state.success) return render(c, values, formProblem(state.error));
    const companyName = companyNameField.safeParse(values.companyName);
    if (!companyName.success) return render(c, values, formProblem(companyName.error));
    const { createTenant, TenantInputError } = await services();
    try {
      const id = createTenant(ctx, { contextIdentifier: values.contextIdentifier || undefined, companyName: values.companyName || undefined, profile: values.profile, state: state.data });
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
    const state = tenantStateField.safeParse(form.state);
    if (!state.success) return render(c, EMPTY_CREATE, formProblem(state.error));
    await ctx.webhooks.tenants.setState(tenant.contextIdentifier, state.data);
    return c.redirect(`/portal/tenants?done=state#${tenant.contextIdentifier}`, 303);
  });

  app.post("/portal/tenants/:ctx/users", async (c) => {
    const tenant = ctx.store.tenants.get(c.req.param("ctx"));
    if (!tenant) return missing(c, "/portal/tenants", "There is no such tenant.");
    const form = await readFormAs(c, addUserForm);
    if (!form) return forged(c);
    const username = superIdUserName.safeParse(form.username);
    if (!username.success) return render(c, EMPTY_CREATE, formProblem(username.error));
    const { addTenantUser, TenantInputError } = await services();
    try {
      addTenantUser(ctx, tenant.contextIdentifier, { username: username.data, administrator: form.administrator });
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
