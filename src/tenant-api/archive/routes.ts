import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { CrmColumn } from "../../store/crm.js";
import { soError } from "../../http/superoffice-error.js";
import { ENTITY_DESCRIPTIONS } from "../entities/index.js";
import { entityEnv, queryParam } from "../entities/entity-env.js";
import { loadEntity, parseId } from "../entities/entity-pipeline.js";
import { badRequest } from "../../http/superoffice-error.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { archiveEnv } from "./archive-env.js";
import { providerColumns } from "./column-info.js";
import { runArchive, type ParentRestriction } from "./archive-query.js";
import { DYNAMIC, runDynamic, type DynamicParams } from "./dynamic/run-dynamic.js";
import { ARCHIVE_PROVIDERS, ENTITY_PROVIDERS, providerByName } from "./providers/index.js";
import { decodeUriPart } from "../../shared/uri.js";
import { udefOwnerOf, withUdefColumns } from "./udef-columns.js";

/** The sub-archives of netserver.md §4.5: a parent entity's related rows, searchable like any archive. */
const SUB_ARCHIVES: { parent: string; path: string; provider: string; column: string; through?: Through }[] = [
  { parent: "Contact", path: "persons", provider: "Person", column: "contactId" },
  { parent: "Contact", path: "appointments", provider: "FindAppointment", column: "contactId" },
  { parent: "Contact", path: "sales", provider: "FindSale", column: "contactId" },
  { parent: "Person", path: "appointments", provider: "FindAppointment", column: "personId" },
  { parent: "Person", path: "sales", provider: "FindSale", column: "personId" },
  { parent: "Sale", path: "activities", provider: "FindAppointment", column: "saleId" },
  // Projects and documents (issue #16)
  { parent: "Contact", path: "documents", provider: "Document", column: "contactId" },
  { parent: "Person", path: "documents", provider: "Document", column: "personId" },
  { parent: "Project", path: "members", provider: "ProjectMember", column: "projectId" },
  { parent: "Project", path: "activities", provider: "FindAppointment", column: "projectId" },
  // Linked through project members: a contact's projects are those with a member from it, and a project's
  // contacts are its members' companies.
  { parent: "Contact", path: "projects", provider: "Project", column: "projectId", through: { table: "project_members", match: "contact_id", pick: "project_id" } },
  { parent: "Project", path: "contacts", provider: "SimpleContact", column: "contactId", through: { table: "project_members", match: "project_id", pick: "contact_id" } },
];

const PARAMS = ["select", "filter", "orderBy", "top", "skip", "mode", "jsonSafe", "inlineCount", "context", "options"] as const;

/**
 * OData-like lists (netserver.md §5): `GET v1/{Entity}`, `GET|POST v1/Archive/{provider}` and the
 * sub-archives, all through one query builder over the providers' column catalogues.
 */
export function archiveRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const envOf = (c: Context<TenantEnv>) => archiveEnv(ctx, c);
  const fromQuery = (c: Context): DynamicParams => Object.fromEntries(PARAMS.map((p) => [p, queryParam(c, `$${p}`)]));
  const answer = (c: Context<TenantEnv>, providerName: string, params: DynamicParams, parent?: ParentRestriction) => {
    if (!parent && providerName.toLowerCase() === DYNAMIC) return c.json(runDynamic(params, envOf(c)));
    const found = providerByName(providerName);
    if (!found) throw soError("NotFound", `Unknown archive provider ${providerName}`);
    // The tenant's published user-defined fields are columns too (udef-columns.ts).
    const owner = udefOwnerOf(found);
    const provider = owner ? withUdefColumns(found, ctx.store.udefs.fields(c.get("tenant").contextIdentifier, owner).filter((f) => f.published === 1)) : found;
    return c.json(runArchive(provider, params, envOf(c), parent));
  };

  for (const [entity, provider] of Object.entries(ENTITY_PROVIDERS)) {
    app.get(`${API}/${entity.toLowerCase()}`, (c) => answer(c, provider, fromQuery(c)));
  }

  app.get(`${API}/archive`, (c) => {
    const base = envOf(c).apiBase;
    return c.json({ "odata.metadata": `${base}/archive/$metadata`, value: ARCHIVE_PROVIDERS.map((p) => ({ name: p.name, url: `${base}/Archive/${p.name}` })) });
  });
  // `Archive/{provider}/$metadata` (Swagger) or `Archive/{provider}$metadata` (the docs): the columns by name.
  const metadata = (c: Context<TenantEnv>, name: string) => {
    const provider = providerByName(name);
    if (!provider) throw soError("NotFound", `Unknown archive provider ${name}`);
    return c.json(Object.fromEntries(providerColumns(provider).map((col) => [col.Name, col])));
  };
  app.get(`${API}/archive/:provider/$metadata`, (c) => metadata(c, c.req.param("provider")));
  app.get(`${API}/archive/:provider`, (c) => {
    const name = providerNameAsWritten(c);
    if (/\$metadata$/i.test(name) && name.length > "$metadata".length) return metadata(c, name.slice(0, -"$metadata".length));
    return answer(c, name, fromQuery(c));
  });
  // The POST form variant, for queries too long for a URL; query parameters still count.
  app.post(`${API}/archive/:provider`, async (c) => {
    const body = await c.req.parseBody({ all: true }).catch(() => {
      throw badRequest("The request body is not a valid form");
    });
    const params = fromQuery(c);
    for (const p of PARAMS) {
      const entry = Object.entries(body).find(([k]) => k.toLowerCase() === `$${p.toLowerCase()}`);
      // A repeated parameter counts once, the first time, as in the query string.
      const value = Array.isArray(entry?.[1]) ? entry[1][0] : entry?.[1];
      if (typeof value === "string") params[p] = value;
    }
    return answer(c, providerNameAsWritten(c), params);
  });

  for (const sub of SUB_ARCHIVES) {
    const parent = ENTITY_DESCRIPTIONS.find((d) => d.name === sub.parent)!;
    app.get(`${API}/${sub.parent.toLowerCase()}/:id/${sub.path}`, (c) => {
      const id = parseId(c.req.param("id"), `${sub.parent} id`);
      loadEntity(parent, entityEnv(ctx, c), id);
      const ids = sub.through && linkedIds(ctx, c.get("tenant").contextIdentifier, sub.through, id);
      return answer(c, sub.provider, fromQuery(c), { column: sub.column, id, ...(ids ? { ids } : {}) });
    });
  }
  return app;
}

/** Provider names arrive lower-cased from the router; any case finds the provider. */
function providerNameAsWritten(c: Context): string {
  return decodeUriPart(new URL(c.req.url).pathname.split("/").filter(Boolean).pop() ?? "");
}

/** A sub-archive's link through another table: rows of `table` whose `match` is the parent's id give `pick`. */
interface Through {
  table: "project_members";
  match: CrmColumn<"project_members">;
  pick: "contact_id" | "person_id" | "project_id";
}

function linkedIds(ctx: EmulatorContext, contextIdentifier: string, through: Through, id: number): number[] {
  const ids = ctx.store.crm.where(through.table, through.match, contextIdentifier, id).map((row) => row[through.pick] ?? 0);
  return [...new Set(ids.filter((n) => n > 0))];
}
