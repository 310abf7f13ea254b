import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../../runtime/emulator-context.js";
import type { ArchiveConfigurationChoices, ArchiveConfigurationKey } from "../../../store/archive-configurations.js";
import { badRequest } from "../../../http/superoffice-error.js";
import { FULL_TABLE_RIGHT } from "../../carriers/carrier.js";
import { asString, member } from "../../json/lenient.js";
import { readJsonBody, requireObject } from "../../json/read-body.js";
import { API, type TenantEnv } from "../../tenant-env.js";
import { columnInfo } from "../column-info.js";
import { findColumn } from "../columns.js";
import type { ArchiveProvider } from "../providers/provider.js";
import { requestedProvider, stringList } from "./list-request.js";
import { entityInfo, providerEntities } from "./provider-entities.js";

/**
 * ArchiveAgent's archive configurations (Swagger-v1-ArchiveAgent.json): which columns (left to right),
 * which entities and which column widths one user chose for one provider in one place of a GUI (GuiName),
 * with V2's Context and OwnerKeys as further keys. Kept per user in the store, so a configuration survives
 * a restart as it survives a new session on SOD. GetArchiveList and GetArchiveList2 search with the chosen
 * columns; nothing chosen (or an empty choice) means the provider's defaults, the columns `$select`
 * gives when absent.
 */
type Form = "plain" | "withContext" | "v2";

const MAX_ITEMS = 500;

/** The configuration a request names, for the signed-in user. */
function keyOf(ctx: EmulatorContext, c: Context<TenantEnv>, body: unknown, form: Form, providerName: string): ArchiveConfigurationKey {
  const text = (name: string, max: number) => {
    const value = asString(member(body, name), name);
    if (value.length > max) throw badRequest(`${name}: longer than ${max} characters`);
    return value;
  };
  return {
    contextIdentifier: c.get("tenant").contextIdentifier,
    associateId: c.get("principal").associateId,
    providerName: providerName.trim().toLowerCase(),
    guiName: text("GuiName", 200),
    context: form === "plain" ? "" : text("Context", 1000),
    ownerKeys: form === "v2" ? text("OwnerKeys", 1000) : "",
  };
}

async function requestBody(c: Context<TenantEnv>, what: string) {
  return requireObject(await readJsonBody(c), `${what} request`);
}

/** The chosen columns of a configuration (the provider's defaults when none are chosen), as catalogue columns. */
export function chosenColumns(ctx: EmulatorContext, c: Context<TenantEnv>, body: unknown, provider: ArchiveProvider, withContext: boolean): string[] {
  const key = keyOf(ctx, c, body, withContext ? "withContext" : "plain", String(member(body, "ProviderName")));
  const chosen = ctx.store.archiveConfigurations.get(key)?.chosenColumns;
  return chosen?.length ? chosen : [...provider.defaultSelect];
}

export function archiveConfigurationRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const repo = () => ctx.store.archiveConfigurations;

  const get = (form: Form) => async (c: Context<TenantEnv>) => {
    const body = await requestBody(c, "GetArchiveConfiguration");
    const provider = requestedProvider(body);
    const key = keyOf(ctx, c, body, form, String(member(body, "ProviderName")));
    const choices = repo().get(key);
    // SetColumnWidths (no provider) keeps widths for the GUI name alone; a provider's own widths win.
    const widths = choices?.columnWidths ?? repo().get(Object.assign({}, key, { providerName: "", context: "", ownerKeys: "" }))?.columnWidths ?? [];
    return c.json(configuration(provider, choices, normalizedWidths(widths), key.ownerKeys));
  };
  app.post(`${API}/agents/archive/getarchiveconfiguration`, get("plain"));
  app.post(`${API}/agents/archive/getarchiveconfigurationwithcontext`, get("withContext"));
  app.post(`${API}/agents/archive/getarchiveconfigurationv2`, get("v2"));

  const setColumns = (form: Form) => async (c: Context<TenantEnv>) => {
    const body = await requestBody(c, "SetChosenColumns");
    const provider = requestedProvider(body);
    const columns = unique(bounded(stringList(member(body, "ChosenColumns"), "ChosenColumns"), "ChosenColumns")).map((name, i) => {
      const column = findColumn(provider, name.trim());
      if (!column) throw badRequest(`ChosenColumns[${i}]: ${JSON.stringify(name)} is not a column of ${provider.name}`);
      return column.name;
    });
    repo().setChosenColumns(keyOf(ctx, c, body, form, String(member(body, "ProviderName"))), unique(columns));
    return c.body(null, 204);
  };
  app.post(`${API}/agents/archive/setchosencolumns`, setColumns("plain"));
  app.post(`${API}/agents/archive/setchosencolumnsv2`, setColumns("v2"));

  const setEntities = (form: Form) => async (c: Context<TenantEnv>) => {
    const body = await requestBody(c, "SetChosenEntities");
    const provider = requestedProvider(body);
    const known = providerEntities(provider).map((e) => e.name);
    const entities = bounded(stringList(member(body, "Entities"), "Entities"), "Entities").map((name, i) => {
      const entity = known.find((e) => e.toLowerCase() === name.trim().toLowerCase());
      if (!entity) throw badRequest(`Entities[${i}]: ${JSON.stringify(name)} is not an entity of ${provider.name} (${known.join(", ")})`);
      return entity;
    });
    repo().setChosenEntities(keyOf(ctx, c, body, form, String(member(body, "ProviderName"))), unique(entities));
    return c.body(null, 204);
  };
  app.post(`${API}/agents/archive/setchosenentities`, setEntities("plain"));
  app.post(`${API}/agents/archive/setchosenentitiesv2`, setEntities("v2"));

  app.post(`${API}/agents/archive/setcolumnwidths`, async (c) => {
    const body = await requestBody(c, "SetColumnWidths");
    repo().setColumnWidths(keyOf(ctx, c, body, "plain", ""), columnWidths(body));
    return c.body(null, 204);
  });
  app.post(`${API}/agents/archive/setcolumnwidthsv2`, async (c) => {
    const body = await requestBody(c, "SetColumnWidthsV2");
    requestedProvider(body);
    repo().setColumnWidths(keyOf(ctx, c, body, "v2", String(member(body, "ProviderName"))), columnWidths(body));
    return c.body(null, 204);
  });
  return app;
}

/** `ArchiveConfiguration`: the chosen (or default) columns with their widths, the entities, no sort order. */
function configuration(provider: ArchiveProvider, choices: ArchiveConfigurationChoices | undefined, widths: string[], ownerKeys: string) {
  const names = choices?.chosenColumns?.length ? choices.chosenColumns : provider.defaultSelect;
  const columns = names.map((name) => findColumn(provider, name)).filter((col) => col !== undefined);
  return {
    ArchiveColumnInfo: columns.map((col, i) => Object.assign(columnInfo(col), { Width: widths[i] ?? "" })),
    ArchiveEntityInfo: entityInfo(provider, choices?.chosenEntities?.length ? choices.chosenEntities : null),
    // No agent method sets a sort order; the archive keeps the provider's order.
    ArchiveOrderByInfo: [],
    OwnerKeys: ownerKeys,
    TableRight: FULL_TABLE_RIGHT,
    FieldProperties: {},
  };
}

/** Widths are characters (`10c`) or percentages (`10%`); a bare number counts as characters. */
function columnWidths(body: unknown): string[] {
  return bounded(stringList(member(body, "ColumnWidths"), "ColumnWidths"), "ColumnWidths").map((w, i) => {
    const m = /^\s*(\d{1,4}(?:\.\d{1,3})?)\s*(c|%)?\s*$/i.exec(w);
    if (!m) throw badRequest(`ColumnWidths[${i}]: expected a width such as "10c" or "25%", got ${JSON.stringify(w)}`);
    return `${Number(m[1])}${(m[2] ?? "c").toLowerCase()}`;
  });
}

/** "Percentages will be recalculated so that they add up to exactly 100 when the configuration is fetched." */
function normalizedWidths(widths: readonly string[]): string[] {
  const percents = widths.map((w) => (w.endsWith("%") ? Number(w.slice(0, -1)) : undefined));
  const total = percents.reduce<number>((sum, p) => sum + (p ?? 0), 0);
  if (total <= 0) return [...widths];
  const scaled = percents.map((p) => (p === undefined ? undefined : Math.round((p * 100) / total)));
  const last = scaled.findLastIndex((p) => p !== undefined);
  scaled[last] = 100 - scaled.reduce<number>((sum, p, i) => sum + (i === last || p === undefined ? 0 : p), 0);
  return widths.map((w, i) => (scaled[i] === undefined ? w : `${scaled[i]}%`));
}

function bounded(items: string[], field: string): string[] {
  if (items.length > MAX_ITEMS) throw badRequest(`${field}: more than ${MAX_ITEMS} items`);
  return items;
}

const unique = (items: string[]) => [...new Set(items)];
