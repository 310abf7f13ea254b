import { Hono, type Context } from "hono";
import { badRequest } from "../../http/superoffice-error.js";
import { asInt, member } from "../json/lenient.js";
import { readJsonBody, requireObject } from "../json/read-body.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { queryParam } from "../entities/entity-env.js";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { archiveEnv } from "./archive-env.js";
import { runArchive } from "./archive-query.js";
import { providerColumns } from "./column-info.js";
import { ARCHIVE_PROVIDERS, internalUsersProvider, providerByName } from "./providers/index.js";
import { archiveConfigurationRoutes, chosenColumns } from "./agent/configuration.js";
import { arrayForm, requestedProvider, stringForm, stringList, type ListRequest } from "./agent/list-request.js";
import { archiveListResult, archiveRows } from "./agent/list-result.js";
import { availableEntities } from "./agent/provider-entities.js";

/**
 * `POST Agents/Archive/…` (netserver.md §5.6; Swagger-v1-ArchiveAgent.json): the official client's searches
 * over the emulator's archive providers. Every list method, in its carrier form or its `…2` string form,
 * with or without Context, by explicit columns or by the user's chosen columns (GetArchiveList), becomes
 * one archive query, so an agent search and the OData list with the same terms return the same rows. The
 * configuration methods live in agent/configuration.ts.
 */
type Reader = (body: unknown, c: Context<TenantEnv>) => ListRequest;

export function archiveAgentRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const body = async (c: Context<TenantEnv>, method: string) => requireObject(await readJsonBody(c), `${method} request`);

  // Columns from the user's archive configuration (GetArchiveList…), for the plain and the Context forms.
  const configured = (form: typeof arrayForm, withContext: boolean): Reader => (b, c) => {
    const provider = requestedProvider(b);
    return form(b, provider, chosenColumns(ctx, c, b, provider, withContext));
  };
  const byColumns = (form: typeof arrayForm): Reader => (b) => form(b, requestedProvider(b));

  /** Methods answering ArchiveListItem[]; the WithHeader ones answer ArchiveListResult. */
  const LISTS: Record<string, Reader> = {
    getarchivelistbycolumns: byColumns(arrayForm),
    getarchivelistbycolumnswithcontext: byColumns(arrayForm),
    getarchivelist: configured(arrayForm, false),
    getarchivelistwithcontext: configured(arrayForm, true),
    getarchivelistbycolumns2: byColumns(stringForm),
    getarchivelistbycolumnswithcontext2: byColumns(stringForm),
    getarchivelist2: configured(stringForm, false),
    getarchivelistwithcontext2: configured(stringForm, true),
  };
  const HEADERS: Record<string, Reader> = {
    getarchivelistbycolumnswithheader: byColumns(arrayForm),
    getarchivelistbycolumnswithheaderwithcontext: byColumns(arrayForm),
    getarchivelistbycolumnswithheader2: byColumns(stringForm),
    getarchivelistbycolumnswithheaderwithcontext2: byColumns(stringForm),
  };
  for (const [method, read] of Object.entries(LISTS)) {
    app.post(`${API}/agents/archive/${method}`, async (c) => c.json(archiveRows(read(await body(c, method), c), archiveEnv(ctx, c)).rows));
  }
  for (const [method, read] of Object.entries(HEADERS)) {
    app.post(`${API}/agents/archive/${method}`, async (c) => {
      const { rows, rowCount } = archiveRows(read(await body(c, method), c), archiveEnv(ctx, c));
      return c.json(archiveListResult(rows, rowCount));
    });
  }
  app.post(`${API}/agents/archive/createdefaultarchivelistresult`, (c) => c.json(archiveListResult([], undefined)));

  app.post(`${API}/agents/archive/getprovidernames`, (c) => c.json(ARCHIVE_PROVIDERS.map((p) => p.name)));
  // An agent answers an unknown provider name here with null rather than an HTTP error (netserver.md §3).
  const named = async (c: Context<TenantEnv>) => {
    const name = member(await readJsonBody(c), "ProviderName") ?? queryParam(c, "providerName");
    return typeof name === "string" ? providerByName(name.trim()) : undefined;
  };
  app.post(`${API}/agents/archive/getavailablecolumns`, async (c) => {
    const provider = await named(c);
    return c.json(provider ? providerColumns(provider) : null);
  });
  app.post(`${API}/agents/archive/getavailableentities`, async (c) => {
    const provider = await named(c);
    return c.json(provider ? availableEntities(provider) : null);
  });

  // The active users whose primary group is one of GroupIds (InternalUsers' usergroup), by id.
  app.post(`${API}/agents/archive/getgroupassociateids`, async (c) => {
    const raw = await readJsonBody(c);
    const groups = stringList(Array.isArray(raw) ? raw : member(raw, "GroupIds"), "GroupIds").map((g, i) => asInt(g, `GroupIds[${i}]`));
    if (groups.length > 1000) throw badRequest("GroupIds: more than 1000 groups");
    if (groups.length === 0) return c.json([]);
    const found = runArchive(
      internalUsersProvider,
      { select: "associateDbId,isActive", filter: `usergroup in (${[...new Set(groups)].join(",")})`, orderBy: "associateDbId asc" },
      archiveEnv(ctx, c),
    ).value as { PrimaryKey: string; isActive: boolean }[];
    return c.json(found.filter((r) => r.isActive).map((r) => Number(r.PrimaryKey)));
  });

  app.route("/", archiveConfigurationRoutes(ctx));
  return app;
}
