import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { ActivityEntry } from "../../runtime/activity.js";
import { AppTenantFilter } from "./app-tenant-filter.js";
import { PortalLayout } from "./layout.js";

interface ActivityPageProps {
  entries: ActivityEntry[];
  summary: { clientId: string | null; calls: number; failures: number; medianMs: number }[];
  apps: { clientId: string; name: string }[];
  tenants: string[];
  filter: { app: string; tenant: string };
  capacity: number;
}

function ActivityPage(p: ActivityPageProps) {
  const nameOf = (id: string | null) => (id === null ? "(no app identified)" : (p.apps.find((a) => a.clientId === id)?.name ?? id));
  return (
    <PortalLayout
      title="Activity"
      section="/portal/activity"
      mirrors="Mirrors the Developer Portal's API metrics and failed-requests pages: every SuperID and tenant API call your apps made, newest first."
    >
      <h2>Per app</h2>
      <table id="summary">
        <thead>
          <tr>
            <th>App</th>
            <th>Calls</th>
            <th>Failures</th>
            <th>Median latency</th>
          </tr>
        </thead>
        <tbody>
          {p.summary.map((s) => (
            <tr>
              <td>{nameOf(s.clientId)}</td>
              <td>{String(s.calls)}</td>
              <td class={s.failures > 0 ? "fail" : ""}>{String(s.failures)}</td>
              <td>{`${s.medianMs} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Calls</h2>
      <AppTenantFilter action="/portal/activity" apps={p.apps} tenants={p.tenants} filter={p.filter} button="Filter" />
      <p class="muted">{`${p.entries.length} calls shown; the emulator keeps the last ${p.capacity}. Portal and admin API calls are not recorded.`}</p>
      <table id="calls">
        <thead>
          <tr>
            <th>Time</th>
            <th>Method</th>
            <th>Path</th>
            <th>Status</th>
            <th>Duration</th>
            <th>App</th>
            <th>Tenant</th>
          </tr>
        </thead>
        <tbody>
          {p.entries.map((e) => (
            <>
              <tr class="call">
                <td>{e.time}</td>
                <td>{e.method}</td>
                <td>
                  <code>{e.path}</code>
                </td>
                <td class={e.status >= 400 ? "fail" : ""}>{String(e.status)}</td>
                <td>{`${e.durationMs} ms`}</td>
                <td>{nameOf(e.clientId)}</td>
                <td>{e.tenant ?? ""}</td>
              </tr>
              {e.status >= 400 && e.error && (
                <tr class="error-body">
                  <td colspan={7}>
                    <pre>{e.error}</pre>
                  </td>
                </tr>
              )}
            </>
          ))}
        </tbody>
      </table>
    </PortalLayout>
  );
}

/** GET /portal/activity?app={clientId}&tenant={ContextIdentifier}: the activity ring, filtered. */
export function activityPageRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  app.get("/portal/activity", (c) => {
    const filter = { app: c.req.query("app") ?? "", tenant: c.req.query("tenant") ?? "" };
    return c.html(
      <ActivityPage
        entries={ctx.activity.list({ clientId: filter.app || undefined, tenant: filter.tenant || undefined })}
        summary={ctx.activity.summary()}
        apps={ctx.store.apps.list().map((a) => ({ clientId: a.clientId, name: a.name }))}
        tenants={ctx.store.tenants.list().map((t) => t.contextIdentifier)}
        filter={filter}
        capacity={ctx.activity.capacity}
      />,
    );
  });
  return app;
}
