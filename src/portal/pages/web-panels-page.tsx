import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { WebPanelRow } from "../../store/web-panels.js";
import { readForm, portalCsrfToken } from "./form-token.js";
import { CsrfField, PortalLayout } from "./layout.js";
import { forged, missing } from "./responses.js";

interface WebPanelsPageProps {
  contextIdentifier: string;
  companyName: string;
  panels: { panel: WebPanelRow; app: string }[];
  csrf: string;
  notice?: string | undefined;
}

/** One tenant's web panels with the app that owns each (issue #15), and a way to remove one while testing. */
function WebPanelsPage(p: WebPanelsPageProps) {
  return (
    <PortalLayout
      title={`Web panels of ${p.companyName} (${p.contextIdentifier})`}
      section="/portal/tenants"
      mirrors="Mirrors SuperOffice's Settings and maintenance → Lists → Web panels: the pages apps added to this tenant (SaveWebPanelEntity, v1/List/WebPanel/Items), each with the app that created it."
      notice={p.notice}
    >
      {p.panels.length === 0 ? (
        <p class="muted">No app has created a web panel in this tenant.</p>
      ) : (
        <table id="web-panels">
          <thead>
            <tr>
              <th>Id</th>
              <th>Name</th>
              <th>ProgId</th>
              <th>Shown in</th>
              <th>URL</th>
              <th>Owning app</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {p.panels.map(({ panel, app }) => (
              <tr>
                <td>{String(panel.web_panel_id)}</td>
                <td>
                  {panel.name}
                  {panel.deleted === 1 ? <span class="muted"> (deleted)</span> : ""}
                </td>
                <td>
                  <code>{panel.prog_id}</code>
                </td>
                <td>{panel.visible_in}</td>
                <td>
                  <code>{panel.url}</code>
                </td>
                <td>{app}</td>
                <td>
                  <form method="post" action={`/portal/tenants/${p.contextIdentifier}/web-panels/${panel.web_panel_id}/delete`}>
                    <CsrfField token={p.csrf} />
                    <button type="submit" class="danger">
                      Remove
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href={`/portal/tenants#${p.contextIdentifier}`}>Back to the tenants</a>
      </p>
    </PortalLayout>
  );
}

export function webPanelPageRoutes(ctx: EmulatorContext) {
  const app = new Hono();

  app.get("/portal/tenants/:ctx/web-panels", (c) => {
    const tenant = ctx.store.tenants.get(c.req.param("ctx"));
    if (!tenant) return missing(c, "/portal/tenants", "There is no such tenant.");
    const apps = ctx.store.apps.list();
    const owner = (clientId: string | null) => {
      if (clientId === null) return "(no app)";
      const a = apps.find((x) => x.clientId === clientId);
      return a ? `${a.name} (${clientId})` : `${clientId} (app deleted)`;
    };
    const panels = ctx.store.webPanels.all(tenant.contextIdentifier).map((panel) => ({ panel, app: owner(panel.owner_client_id) }));
    const notice = c.req.query("done") === "removed" ? "Web panel removed." : undefined;
    return c.html(<WebPanelsPage contextIdentifier={tenant.contextIdentifier} companyName={tenant.companyName} panels={panels} csrf={portalCsrfToken()} notice={notice} />);
  });

  app.post("/portal/tenants/:ctx/web-panels/:id/delete", async (c) => {
    const tenant = ctx.store.tenants.get(c.req.param("ctx"));
    if (!tenant) return missing(c, "/portal/tenants", "There is no such tenant.");
    if (!(await readForm(c))) return forged(c);
    const id = Number(c.req.param("id"));
    const removed = Number.isInteger(id) && ctx.store.transaction(() => ctx.store.webPanels.remove(tenant.contextIdentifier, id));
    if (!removed) return missing(c, "/portal/tenants", "There is no such web panel.");
    return c.redirect(`/portal/tenants/${tenant.contextIdentifier}/web-panels?done=removed`, 303);
  });

  return app;
}
