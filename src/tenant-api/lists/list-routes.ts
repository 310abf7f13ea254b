import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { notFound } from "../../http/superoffice-error.js";
import { carrier } from "../carriers/carrier.js";
import { entityEnv, queryParam } from "../entities/entity-env.js";
import { parseId } from "../entities/entity-pipeline.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { asSent, flag } from "./arguments.js";
import { mdoListItem } from "./list-carriers.js";
import { LIST_KINDS } from "./list-kinds.js";
import { listTarget, targetItems, udListEntity, userDefinedTargets, visibleToCaller, type ListTarget } from "./list-targets.js";
import { mdoList } from "./mdo.js";

/**
 * The REST list endpoints (netserver.md §8.1, Swagger-v1-List.json): `v1/List` (the lists themselves),
 * `v1/List/{X}/Items[/{id}]` in each list's own carrier, and `v1/List/{X}/MDOItems`.
 */
export function listRestRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  // A built-in list by name or id, or a user-defined list apps created (list-targets.ts).
  const targetOf = (c: Context<TenantEnv>): ListTarget => {
    const name = c.req.param("name") ?? "";
    return listTarget(entityEnv(ctx, c), name, asSent(c, name));
  };

  app.get(`${API}/list`, (c) => {
    flag(queryParam(c, "includeDeleted"), "includeDeleted");
    const ud = userDefinedTargets(entityEnv(ctx, c)).map((t) => udListEntity(t.ud!));
    return c.json([...LIST_KINDS.map((k) => listEntity(k)), ...ud]);
  });

  app.get(`${API}/list/:name/items`, (c) => {
    const target = targetOf(c);
    const env = entityEnv(ctx, c);
    const includeDeleted = flag(queryParam(c, "includeDeleted"), "includeDeleted");
    return c.json(targetItems(env, target, includeDeleted).map((it) => target.entity(it, env)));
  });

  // By id, deleted or not: a stored reference to a since-deleted item must still resolve.
  app.get(`${API}/list/:name/items/:id`, (c) => {
    const target = targetOf(c);
    const id = parseId(c.req.param("id"), "id");
    const env = entityEnv(ctx, c);
    const it = env.crm.listItem(env.tenant.contextIdentifier, target.store, id);
    if (!it) throw notFound(target.name, id);
    return c.json(target.entity(it, env));
  });

  // The emulator's lists have no headings (none are seeded): an empty list, for any list that exists.
  app.get(`${API}/list/:name/headings`, (c) => {
    targetOf(c);
    return c.json([]);
  });

  // `flat` is accepted and validated; the emulator's lists have no headings, so they are always flat.
  app.get(`${API}/list/:name/mdoitems`, (c) => {
    const target = targetOf(c);
    flag(queryParam(c, "flat"), "flat");
    const env = entityEnv(ctx, c);
    if (target.kind) return c.json(mdoList(env, target.kind.mdo, queryParam(c, "query") ?? ""));
    // A user-defined list's pick-list: its live items the caller's group sees, filtered like the others.
    const needle = (queryParam(c, "query") ?? "").trim().toLowerCase();
    const items = visibleToCaller(env, target.store, targetItems(env, target, false)).filter((it) => it.name.toLowerCase().includes(needle));
    return c.json(items.map((it) => mdoListItem(it.item_id, it.name, it.tooltip, it.rank)));
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
