import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { badRequest, notFound } from "../../http/superoffice-error.js";
import type { UdListRow } from "../../store/list-provisioning.js";
import type { EntityEnv } from "../entities/entity-description.js";
import { entityEnv } from "../entities/entity-env.js";
import { parseId } from "../entities/entity-pipeline.js";
import { asBool, asInt, asString, member } from "../json/lenient.js";
import { readJsonBody, requireObject } from "../json/read-body.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { asSent } from "./arguments.js";
import { LIST_KINDS } from "./list-kinds.js";
import { listEntity } from "./list-routes.js";
import { findListTarget, listTarget, udListEntity, type ListTarget } from "./list-targets.js";
import { addItem, deleteAllItems, deleteItem, itemUserGroups, saveAllItems, saveItem, setItemUserGroups } from "./list-writes.js";

/**
 * Apps provisioning lists over REST (Swagger-v1-List.json; SuperOfficeDocs create-list, create-list-item,
 * delete-list-item): `POST v1/List` makes a user-defined list, `v1/List/{id|name}` reads, renames and deletes
 * one, `POST/PUT/DELETE v1/List/{id|name}/Items[/{id}]` write items in the list's own carrier (ListItemEntity,
 * or Country, CurrencyEntity, ... for the built-in lists that have one), and `.../Items/{id}/UserGroups` says
 * which user groups see an item. Built-in lists themselves cannot be created, renamed or deleted.
 */
export function listWriteRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const env = (c: Context<TenantEnv>) => entityEnv(ctx, c);
  const targetOf = (c: Context<TenantEnv>): ListTarget => {
    const name = c.req.param("name") ?? "";
    return listTarget(env(c), name, asSent(c, name));
  };
  const itemId = (c: Context<TenantEnv>, name = "id") => parseId(c.req.param(name), name);

  // --- the lists themselves ---
  app.post(`${API}/list`, async (c) => {
    const e = env(c);
    const ud = createUdList(e, await readJsonBody(c));
    return c.json(udListEntity(ud, true, e.apiBase));
  });

  app.get(`${API}/list/:name`, (c) => {
    const target = targetOf(c);
    return c.json(target.ud ? udListEntity(target.ud, true, env(c).apiBase) : listEntity(target.kind!, LIST_KINDS.indexOf(target.kind!)));
  });

  app.put(`${API}/list/:name`, async (c) => {
    const e = env(c);
    const target = targetOf(c);
    const ud = saveUdList(e, target, await readJsonBody(c));
    return c.json(udListEntity(ud, true, e.apiBase));
  });

  app.delete(`${API}/list/:name`, (c) => {
    deleteUdList(env(c), targetOf(c));
    return c.body(null, 204);
  });

  // --- items ---
  app.post(`${API}/list/:name/items`, async (c) => {
    const e = env(c);
    const target = targetOf(c);
    return c.json(target.entity(addItem(e, target, await readJsonBody(c)), e));
  });

  app.put(`${API}/list/:name/items`, async (c) => {
    const e = env(c);
    const target = targetOf(c);
    return c.json(saveAllItems(e, target, await readJsonBody(c)).map((it) => target.entity(it, e)));
  });

  app.delete(`${API}/list/:name/items`, (c) => {
    deleteAllItems(env(c), targetOf(c));
    return c.body(null, 204);
  });

  app.put(`${API}/list/:name/items/:id`, async (c) => {
    const e = env(c);
    const target = targetOf(c);
    return c.json(target.entity(saveItem(e, target, itemId(c), await readJsonBody(c)), e));
  });

  app.delete(`${API}/list/:name/items/:id`, (c) => {
    deleteItem(env(c), targetOf(c), itemId(c));
    return c.body(null, 204);
  });

  // --- which user groups see an item ---
  app.get(`${API}/list/:name/items/:itemId/usergroups`, (c) => c.json(itemUserGroups(env(c), targetOf(c), itemId(c, "itemId"))));

  app.put(`${API}/list/:name/items/:itemId/usergroups`, async (c) => c.json(setItemUserGroups(env(c), targetOf(c), itemId(c, "itemId"), await readJsonBody(c))));

  return app;
}

// --- user-defined list definitions (also used by the ListAgent) ---------------------------------------------

function udListFields(body: unknown, base: UdListRow | undefined) {
  const o = requireObject(body, "ListEntity");
  const given = (n: string) => member(o, n);
  const name = given("Name") === undefined ? (base?.name ?? "") : asString(given("Name"), "ListEntity.Name").trim();
  if (name === "") throw badRequest("ListEntity.Name: a list needs a name");
  return {
    name,
    tooltip: given("Tooltip") === undefined ? (base?.tooltip ?? "") : asString(given("Tooltip"), "ListEntity.Tooltip"),
    rank: given("Rank") === undefined ? (base?.rank ?? 0) : asInt(given("Rank"), "ListEntity.Rank"),
    useGroupsAndHeadings: given("UseGroupsAndHeadings") === undefined ? base?.use_groups_and_headings === 1 : asBool(given("UseGroupsAndHeadings"), "ListEntity.UseGroupsAndHeadings"),
  };
}

/** A list's name is how apps address it: it must not be taken by a built-in or another live list. */
function ensureNameFree(env: EntityEnv, name: string, self?: number): void {
  const other = findListTarget(env, name);
  if (other && other.listId !== self) throw badRequest(`ListEntity.Name: the tenant already has a list named "${other.name}" (id ${other.listId})`);
}

export function createUdList(env: EntityEnv, body: unknown): UdListRow {
  const fields = udListFields(body, undefined);
  return env.emulator.store.transaction(() => {
    ensureNameFree(env, fields.name);
    return env.emulator.store.lists.addUdList(env.tenant.contextIdentifier, fields);
  });
}

export function saveUdList(env: EntityEnv, target: ListTarget, body: unknown): UdListRow {
  if (!target.ud) throw badRequest(`${target.name} is a built-in list; only user-defined lists can be changed`);
  const fields = udListFields(body, target.ud);
  return env.emulator.store.transaction(() => {
    ensureNameFree(env, fields.name, target.listId);
    return env.emulator.store.lists.saveUdList(env.tenant.contextIdentifier, target.listId, fields)!;
  });
}

export function deleteUdList(env: EntityEnv, target: ListTarget): void {
  if (!target.ud) throw badRequest(`${target.name} is a built-in list; only user-defined lists can be deleted`);
  env.emulator.store.transaction(() => {
    if (!env.emulator.store.lists.deleteUdList(env.tenant.contextIdentifier, target.listId)) throw notFound("List", target.listId);
  });
}
