/**
 * The "App / Tenant" filter the portal's Activity and Webhooks pages share: a GET form, so the filtered page
 * is a link a developer can keep. Tenants match in any case, as ContextIdentifiers do.
 */
export function AppTenantFilter(p: { action: string; apps: { clientId: string; name: string }[]; tenants: string[]; filter: { app: string; tenant: string }; button: string }) {
  return (
    <form method="get" action={p.action}>
      <label class="check" for="app">
        App
      </label>
      <select id="app" name="app">
        <option value="">any app</option>
        {p.apps.map((a) => (
          <option value={a.clientId} selected={a.clientId === p.filter.app}>
            {a.name}
          </option>
        ))}
      </select>{" "}
      <label class="check" for="tenant">
        Tenant
      </label>
      <select id="tenant" name="tenant">
        <option value="">any tenant</option>
        {p.tenants.map((t) => (
          <option value={t} selected={t.toLowerCase() === p.filter.tenant.toLowerCase()}>
            {t}
          </option>
        ))}
      </select>{" "}
      <button type="submit">{p.button}</button>
    </form>
  );
}
