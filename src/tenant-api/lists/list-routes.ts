import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { notFound, soError } from "../../http/superoffice-error.js";
import { carrier } from "../carriers/carrier.js";
import { entityEnv, queryParam } from "../entities/entity-env.js";
import { parseId } from "../entities/entity-pipeline.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { asSent, flag } from "./arguments.js";
import { LIST_KINDS, itemsOf, listKindByRest, type ListKind } from "./list-kinds.js";
import { mdoList } from "./mdo.js";

/**
 * The REST list endpoints (netserver.md §8.1, Swagger-v1-List.json): `v1/List` (the lists themselves),
 * `v1/List/{X}/Items[/{id}]` in each list's own carrier, and `v1/List/{X}/MDOItems`.
 */
export function listRestRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const kindOf = (c: Context<TenantEnv>): ListKind => {
    const name = c.req.param("name") ?? "";
    const kind = listKindByRest(name);
    if (!kind) throw soError("NotFound", `The emulator has no list named "${asSent(c, name)}"; it serves: ${LIST_KINDS.map((k) => k.rest).join(", ")}`);
    return kind;
  };

  app.get(`${API}/list`, (c) => {
    flag(queryParam(c, "includeDeleted"), "includeDeleted");
    return c.json(LIST_KINDS.map(listEntity));
  });

  app.get(`${API}/list/:name/items`, (c) => {
    const kind = kindOf(c);
    const env = entityEnv(ctx, c);
    const includeDeleted = flag(queryParam(c, "includeDeleted"), "includeDeleted");
    return c.json(itemsOf(kind, env, includeDeleted).map((it) => kind.entity(it, env)));
  });

  // By id, deleted or not: a stored reference to a since-deleted item must still resolve.
  app.get(`${API}/list/:name/items/:id`, (c) => {
    const kind = kindOf(c);
    const id = parseId(c.req.param("id"), "id");
    const env = entityEnv(ctx, c);
    const it = env.crm.listItem(env.tenant.contextIdentifier, kind.list, id);
    if (!it) throw notFound(kind.rest, id);
    return c.json(kind.entity(it, env));
  });

  // The emulator's lists have no headings (none are seeded): an empty list, for any list that exists.
  app.get(`${API}/list/:name/headings`, (c) => {
    kindOf(c);
    return c.json([]);
  });

  // `flat` is accepted and validated; the emulator's lists have no headings, so they are always flat.
  app.get(`${API}/list/:name/mdoitems`, (c) => {
    const kind = kindOf(c);
    flag(queryParam(c, "flat"), "flat");
    return c.json(mdoList(entityEnv(ctx, c), kind.mdo, queryParam(c, "query") ?? ""));
  });

  return app;
}

/** A built-in list as a ListEntity: none is custom or deleted, and the seed has no headings (INFERRED flags). */
export function listEntity(k: (typeof LIST_KINDS)[number], rank = LIST_KINDS.indexOf(k)) {
  return carrier("ListEntity", {
    Id: k.listId,
    Name: k.rest,
    Tooltip: "",
    Deleted: false,
    Rank: rank,
    IsCustomList: false,
    IsMDOList: false,
    UseGroupsAndHeadings: false,
    ListType: k.mdo,
    InUseByUserDefinedFields: false,
    TableRight: null,
    FieldProperties: {},
  });
}
