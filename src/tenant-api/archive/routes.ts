import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../emulator-context.js";
import { identityEndpoints } from "../../identity/endpoints.js";
import { SoError } from "../../server/superoffice-error.js";
import { ENTITY_DESCRIPTIONS } from "../entities/index.js";
import { entityEnv, queryParam } from "../entities/entity-env.js";
import { loadEntity, parseId } from "../entities/entity-pipeline.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { runArchive, type ArchiveEnv, type ArchiveParams, type ParentRestriction } from "./archive-query.js";
import { ARCHIVE_PROVIDERS, ENTITY_PROVIDERS, providerByName } from "./providers/index.js";

/** The sub-archives of netserver.md §4.5: a parent entity's related rows, searchable like any archive. */
const SUB_ARCHIVES: { parent: string; path: string; provider: string; column: string }[] = [
  { parent: "Contact", path: "persons", provider: "Person", column: "contactId" },
  { parent: "Contact", path: "appointments", provider: "FindAppointment", column: "contactId" },
  { parent: "Contact", path: "sales", provider: "FindSale", column: "contactId" },
  { parent: "Person", path: "appointments", provider: "FindAppointment", column: "personId" },
  { parent: "Person", path: "sales", provider: "FindSale", column: "personId" },
  { parent: "Sale", path: "activities", provider: "FindAppointment", column: "saleId" },
];

const PARAMS = ["select", "filter", "orderBy", "top", "skip", "mode", "jsonSafe", "inlineCount", "context"] as const;

/**
 * OData-like lists (netserver.md §5): `GET v1/{Entity}`, `GET|POST v1/Archive/{provider}` and the
 * sub-archives, all through one query builder over the providers' column catalogues.
 */
export function archiveRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const envOf = (c: Context<TenantEnv>): ArchiveEnv => {
    const tenant = c.get("tenant");
    return {
      db: ctx.store.db,
      contextIdentifier: tenant.contextIdentifier,
      dates: c.get("dates"),
      apiBase: `${identityEndpoints(ctx.urls).webApiUrl(tenant)}v1`,
      timeZone: tenant.timeZone,
      nowMs: ctx.clock.now(),
      currentAssociateId: c.get("principal").associateId,
    };
  };
  const fromQuery = (c: Context): ArchiveParams => Object.fromEntries(PARAMS.map((p) => [p, queryParam(c, `$${p}`)]));
  const answer = (c: Context<TenantEnv>, providerName: string, params: ArchiveParams, parent?: ParentRestriction) => {
    const provider = providerByName(providerName);
    if (!provider) throw new SoError(404, "NotFound", `Unknown archive provider ${providerName}`);
    return c.json(runArchive(provider, params, envOf(c), parent));
  };

  for (const [entity, provider] of Object.entries(ENTITY_PROVIDERS)) {
    app.get(`${API}/${entity.toLowerCase()}`, (c) => answer(c, provider, fromQuery(c)));
  }

  app.get(`${API}/archive`, (c) => {
    const base = envOf(c).apiBase;
    return c.json({ "odata.metadata": `${base}/archive/$metadata`, value: ARCHIVE_PROVIDERS.map((p) => ({ name: p.name, url: `${base}/Archive/${p.name}` })) });
  });
  app.get(`${API}/archive/:provider`, (c) => answer(c, providerNameAsWritten(c), fromQuery(c)));
  // The POST form variant, for queries too long for a URL; query parameters still count.
  app.post(`${API}/archive/:provider`, async (c) => {
    const body = await c.req.parseBody();
    const params = fromQuery(c);
    for (const p of PARAMS) {
      const entry = Object.entries(body).find(([k]) => k.toLowerCase() === `$${p.toLowerCase()}`);
      if (entry && typeof entry[1] === "string") params[p] = entry[1];
    }
    return answer(c, providerNameAsWritten(c), params);
  });

  for (const sub of SUB_ARCHIVES) {
    const parent = ENTITY_DESCRIPTIONS.find((d) => d.name === sub.parent)!;
    app.get(`${API}/${sub.parent.toLowerCase()}/:id/${sub.path}`, (c) => {
      const id = parseId(c.req.param("id"), `${sub.parent} id`);
      loadEntity(parent, entityEnv(ctx, c), id);
      return answer(c, sub.provider, fromQuery(c), { column: sub.column, id });
    });
  }
  return app;
}

/** Provider names arrive lower-cased from the router; any case finds the provider. */
function providerNameAsWritten(c: Context): string {
  return decodeURIComponent(new URL(c.req.url).pathname.split("/").pop() ?? "");
}
