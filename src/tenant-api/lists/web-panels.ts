import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { badRequest, notFound, soError } from "../../http/superoffice-error.js";
import type { WebPanelFields, WebPanelRow } from "../../store/web-panels.js";
import { carrier, type Carrier } from "../carriers/carrier.js";
import { SHAPES } from "../carriers/shapes.generated.js";
import type { EntityEnv } from "../entities/entity-description.js";
import { entityEnv } from "../entities/entity-env.js";
import { parseId } from "../entities/entity-pipeline.js";
import { asBool, asEnum, asInt, asString, member } from "../json/lenient.js";
import { readJsonBody, requireObject } from "../json/read-body.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { agentArguments, entityArgument, flag } from "./arguments.js";

/**
 * Web panels (Swagger-v1-List.json `v1/List/WebPanel/Items`, Swagger-v1-ListAgent.json *WebPanel*): pages an
 * app shows inside SuperOffice. A panel belongs to the app that created it (the client id of the token or
 * ticket); GetAppWebPanels/DeleteAppWebPanels see only the caller's, and no app may change or delete
 * another app's panel (403). Every app reads the tenant's panels, as SuperOffice's own list does.
 * `DELETE v1/List/WebPanel/Items/{id}` marks a panel deleted (SuperOffice's reference: "Marks the existing
 * WebPanelEntity as deleted"); the agents' DeleteWebPanel and DeleteAppWebPanels remove panels.
 */

type Member = readonly [string, string];
const MEMBERS = SHAPES.WebPanelEntity as readonly Member[];
/** Members kept as columns; the rest of the carrier is stored in `settings`. */
const COLUMNS = new Set(["WebPanelId", "Name", "ProgId", "Url", "VisibleIn", "Rank", "Deleted", "TableRight", "FieldProperties"]);
const SETTINGS = MEMBERS.filter(([m]) => !COLUMNS.has(m));
const enumNames = (m: string) => MEMBERS.find(([n]) => n === m)![1].slice(5).split("|");

export function webPanelEntity(p: WebPanelRow): Carrier {
  return carrier("WebPanelEntity", {
    WebPanelId: p.web_panel_id,
    Name: p.name,
    Deleted: p.deleted === 1,
    Rank: p.rank,
    VisibleIn: p.visible_in,
    Url: p.url,
    ProgId: p.prog_id,
    ...p.settings,
    TableRight: null,
    FieldProperties: {},
  });
}

/** A new panel's defaults (CreateDefaultWebPanelEntity): shown nowhere until the app says where, ANSI-encoded URL. */
const DEFAULT_PANEL: WebPanelFields = { name: "", prog_id: "", url: "", visible_in: "Invisible", rank: 0, deleted: 0, settings: { UrlEncoding: "None", OnCentral: true, OnSalesMarketingWeb: true } };

/** What the client's WebPanelEntity says, over `base`: members left out keep their value. */
function panelFields(body: unknown, base: WebPanelFields): WebPanelFields {
  const o = requireObject(body, "WebPanelEntity");
  const given = (n: string) => member(o, n);
  const text = (n: string, fallback: string) => (given(n) === undefined ? fallback : asString(given(n), `WebPanelEntity.${n}`));
  const name = text("Name", base.name).trim();
  if (name === "") throw badRequest("WebPanelEntity.Name: a web panel needs a name");
  const url = text("Url", base.url).trim();
  // URLs may start with SuperOffice's template variables (`<cust_url>/...`); a scheme must be http(s).
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== "http" && scheme !== "https") throw badRequest(`WebPanelEntity.Url: expected an http or https URL, got ${JSON.stringify(url)}`);
  const settings = { ...base.settings };
  for (const [m, kind] of SETTINGS) {
    const v = given(m);
    if (v === undefined || v === null) continue;
    const field = `WebPanelEntity.${m}`;
    settings[m] = kind === "int" ? asInt(v, field) : kind === "bool" ? asBool(v, field) : kind.startsWith("enum:") ? asEnum(v, kind.slice(5).split("|"), field) : asString(v, field);
  }
  return {
    name,
    url,
    prog_id: text("ProgId", base.prog_id).trim(),
    visible_in: given("VisibleIn") === undefined || given("VisibleIn") === null ? base.visible_in : asEnum(given("VisibleIn"), enumNames("VisibleIn"), "WebPanelEntity.VisibleIn"),
    rank: given("Rank") === undefined ? base.rank : asInt(given("Rank"), "WebPanelEntity.Rank"),
    deleted: given("Deleted") === undefined ? base.deleted : asBool(given("Deleted"), "WebPanelEntity.Deleted") ? 1 : 0,
    settings,
  };
}

/**
 * An app never sees another app's web panels (DEVELOPERS.md, security): every read and write goes through
 * this. Panels no app owns (none are seeded) are the tenant's and visible to all; another app's panel is
 * simply not there (404), as on the App methods.
 */
function visibleTo(env: EntityEnv, p: WebPanelRow | undefined): p is WebPanelRow {
  return p !== undefined && (p.owner_client_id === null || p.owner_client_id === env.principal.clientId);
}

function owned(env: EntityEnv, id: number): WebPanelRow {
  const p = env.emulator.store.webPanels.get(env.tenant.contextIdentifier, id);
  if (!visibleTo(env, p)) throw notFound("WebPanel", id);
  if (p.owner_client_id !== env.principal.clientId) throw soError("SoAccessDeniedException", `Web panel ${id} belongs to the tenant, not to an app; an app may change only the web panels it created`);
  return p;
}

/** Id 0 (or none) creates a panel owned by the caller; another id changes the caller's own panel. */
export function saveWebPanel(env: EntityEnv, body: unknown, id = asInt(member(body, "WebPanelId"), "WebPanelEntity.WebPanelId")): WebPanelRow {
  const ctx = env.tenant.contextIdentifier;
  const panels = env.emulator.store.webPanels;
  return env.emulator.store.transaction(() => {
    if (id > 0) {
      const p = owned(env, id);
      return panels.save(ctx, id, panelFields(body, p))!;
    }
    const fields = panelFields(body, DEFAULT_PANEL);
    if (fields.prog_id !== "" && panels.byProgId(ctx, fields.prog_id)) throw badRequest(`WebPanelEntity.ProgId: the tenant already has a web panel with ProgId "${fields.prog_id}"`);
    return panels.add(ctx, env.principal.clientId, fields);
  });
}

export function deleteWebPanel(env: EntityEnv, id: number): void {
  env.emulator.store.transaction(() => {
    owned(env, id);
    env.emulator.store.webPanels.remove(env.tenant.contextIdentifier, id);
  });
}

export function webPanelRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const env = (c: Context<TenantEnv>) => entityEnv(ctx, c);
  const base = `${API}/list/webpanel/items`;
  const agent = (method: string) => `${API}/agents/list/${method.toLowerCase()}`;
  const all = (e: EntityEnv, includeDeleted = false) =>
    e.emulator.store.webPanels
      .all(e.tenant.contextIdentifier)
      .filter((p) => visibleTo(e, p) && (includeDeleted || p.deleted !== 1))
      .map(webPanelEntity);
  const one = (e: EntityEnv, id: number) => {
    const p = e.emulator.store.webPanels.get(e.tenant.contextIdentifier, id);
    return visibleTo(e, p) ? webPanelEntity(p) : null;
  };

  app.get(base, (c) => c.json(all(env(c), flag(c.req.query("includeDeleted"), "includeDeleted"))));
  app.get(`${base}/default`, (c) => c.json(webPanelEntity({ web_panel_id: 0, owner_client_id: null, ...DEFAULT_PANEL })));
  app.post(base, async (c) => c.json(webPanelEntity(saveWebPanel(env(c), await readJsonBody(c), 0))));
  app.get(`${base}/:id`, (c) => {
    const id = parseId(c.req.param("id"), "id");
    const p = one(env(c), id);
    if (!p) throw notFound("WebPanel", id);
    return c.json(p);
  });
  app.put(`${base}/:id`, async (c) => c.json(webPanelEntity(saveWebPanel(env(c), await readJsonBody(c), parseId(c.req.param("id"), "id")))));
  app.delete(`${base}/:id`, (c) => {
    saveWebPanel(env(c), { Deleted: true }, parseId(c.req.param("id"), "id"));
    return c.body(null, 204);
  });

  app.post(agent("CreateDefaultWebPanelEntity"), (c) => c.json(webPanelEntity({ web_panel_id: 0, owner_client_id: null, ...DEFAULT_PANEL })));
  app.post(agent("SaveWebPanelEntity"), async (c) => c.json(webPanelEntity(saveWebPanel(env(c), entityArgument(await agentArguments(c), "WebPanelEntity")))));
  app.post(agent("GetWebPanelEntity"), async (c) => {
    const raw = (await agentArguments(c)).value("webPanelEntityId");
    if (raw === undefined) throw badRequest("webPanelEntityId is required");
    return c.json(one(env(c), asInt(raw, "webPanelEntityId")));
  });
  app.post(agent("GetWebPanelList"), (c) => c.json(all(env(c))));
  app.post(agent("GetWebPanelByProgId"), async (c) => {
    const progId = (await agentArguments(c)).string("ProgId").trim();
    if (progId === "") throw badRequest("ProgId is required");
    const e = env(c);
    const p = e.emulator.store.webPanels.byProgId(e.tenant.contextIdentifier, progId);
    return c.json(visibleTo(e, p) ? webPanelEntity(p) : null);
  });
  app.post(agent("DeleteWebPanel"), async (c) => {
    const raw = (await agentArguments(c)).value("Id");
    if (raw === undefined) throw badRequest("Id is required");
    deleteWebPanel(env(c), asInt(raw, "Id"));
    return c.body(null, 204);
  });
  app.post(agent("GetAppWebPanels"), (c) => {
    const e = env(c);
    return c.json(e.emulator.store.webPanels.ownedBy(e.tenant.contextIdentifier, e.principal.clientId).map(webPanelEntity));
  });
  app.post(agent("DeleteAppWebPanels"), (c) => {
    const e = env(c);
    e.emulator.store.transaction(() => e.emulator.store.webPanels.removeOwnedBy(e.tenant.contextIdentifier, e.principal.clientId));
    return c.body(null, 204);
  });
  return app;
}
