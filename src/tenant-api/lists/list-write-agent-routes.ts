import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { badRequest } from "../../http/superoffice-error.js";
import type { ListItemRow } from "../../store/crm.js";
import { carrier } from "../carriers/carrier.js";
import type { EntityEnv } from "../entities/entity-description.js";
import { entityEnv } from "../entities/entity-env.js";
import { asInt, asString, member } from "../json/lenient.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { agentArguments, entityArgument, type AgentArguments } from "./arguments.js";
import { LIST_KINDS } from "./list-kinds.js";
import { listTarget, targetItems, udListEntity, type ListTarget } from "./list-targets.js";
import { createUdList, deleteUdList, saveUdList } from "./list-write-routes.js";
import { addItem, addOrSaveItem, deleteAllItems, deleteItem, itemUserGroups, saveAllItems, saveItem, setItemUserGroups } from "./list-writes.js";

/**
 * The ListAgent's provisioning methods (Swagger-v1-ListAgent.json; SuperOfficeDocs create-list-item,
 * delete-list-item): the generic *FromListName / *FromListDefinition item methods, SaveListItemEntity,
 * the user-defined list definitions (Create/Save/Get/DeleteListEntity), item visibility per user group,
 * and the category list's own CategoryEntity methods. Arguments bind as every agent's do (arguments.ts).
 * Missing items answer 404 on writes; `Get*` answers null, as agents do.
 */
export function listWriteAgentRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const path = (method: string) => `${API}/agents/list/${method.toLowerCase()}`;
  const post = (method: string, handler: (env: EntityEnv, args: AgentArguments, c: Context<TenantEnv>) => unknown) =>
    app.post(path(method), async (c) => {
      const args = await agentArguments(c);
      const result = handler(entityEnv(ctx, c), args, c);
      return result === undefined ? c.body(null, 204) : c.json(result);
    });
  const required = (args: AgentArguments, name: string): unknown => {
    const v = args.value(name);
    if (v === undefined || v === null || v === "") throw badRequest(`${name} is required`);
    return v;
  };
  // Each generic method comes in two forms: the list by name, or by its definition id.
  const forms = [
    { suffix: "FromListName", target: (env: EntityEnv, a: AgentArguments) => listTarget(env, asString(required(a, "UdListDefinitionName"), "UdListDefinitionName")) },
    { suffix: "FromListDefinition", target: (env: EntityEnv, a: AgentArguments) => listTarget(env, asInt(required(a, "UdListDefinitionId"), "UdListDefinitionId")) },
  ];
  const id = (a: AgentArguments, name = "Id") => asInt(required(a, name), name);
  const entity = (env: EntityEnv, t: ListTarget) => (it: ListItemRow) => t.entity(it, env);

  for (const { suffix, target } of forms) {
    post(`AddFrom${suffix.slice(4)}`, (env, a) => {
      const t = target(env, a);
      return entity(env, t)(addItem(env, t, required(a, "Item"), "Item"));
    });
    post(`GetFrom${suffix.slice(4)}`, (env, a) => {
      const t = target(env, a);
      const it = env.crm.listItem(env.tenant.contextIdentifier, t.store, id(a));
      return it ? entity(env, t)(it) : null;
    });
    post(`GetAll${suffix}`, (env, a) => {
      const t = target(env, a);
      return targetItems(env, t, a.bool("IncludeDeleted")).map(entity(env, t));
    });
    post(`Save${suffix}`, (env, a) => {
      const t = target(env, a);
      return entity(env, t)(saveItem(env, t, id(a), required(a, "Item"), "Item"));
    });
    post(`SaveAll${suffix}`, (env, a) => {
      const t = target(env, a);
      return saveAllItems(env, t, required(a, "Items")).map(entity(env, t));
    });
    post(`Delete${suffix}`, (env, a) => {
      deleteItem(env, target(env, a), id(a));
      return undefined;
    });
    post(`DeleteAll${suffix}`, (env, a) => {
      deleteAllItems(env, target(env, a));
      return undefined;
    });
  }
  // Visibility: GetVisibleForUserGroups / ...FromListName (the by-id form has no suffix).
  const visibility = [
    { suffix: "", target: forms[1]!.target },
    { suffix: "FromListName", target: forms[0]!.target },
  ];
  for (const { suffix, target } of visibility) {
    post(`GetVisibleForUserGroups${suffix}`, (env, a) => itemUserGroups(env, target(env, a), id(a, "ListItemId")));
    post(`SetVisibleForUserGroups${suffix}`, (env, a) => setItemUserGroups(env, target(env, a), id(a, "ListItemId"), required(a, "UserGroups")));
  }

  // A ListItemEntity names its list by UdListDefinitionId (create-list-item.md: the item under "ListItemEntity").
  post("CreateDefaultListItemEntity", () => carrier("ListItemEntity", { Name: null, Tooltip: null }));
  post("SaveListItemEntity", (env, a) => {
    const item = required(a, "ListItemEntity");
    const t = listTarget(env, asInt(member(item, "UdListDefinitionId"), "ListItemEntity.UdListDefinitionId"));
    return entity(env, t)(addOrSaveItem(env, t, item, "ListItemEntity"));
  });

  // User-defined list definitions; the body of SaveListEntity is the ListEntity itself.
  post("CreateDefaultListEntity", () => carrier("ListEntity", { Name: null, Tooltip: null, ListType: null }));
  post("SaveListEntity", (env, a) => {
    const body = entityArgument(a, "ListEntity");
    const listId = asInt(member(body, "Id"), "ListEntity.Id");
    const ud = listId > 0 ? saveUdList(env, listTarget(env, listId), body) : createUdList(env, body);
    return udListEntity(ud);
  });
  post("GetListEntity", (env, a) => {
    const ud = env.emulator.store.lists.udList(env.tenant.contextIdentifier, id(a, "listEntityId"));
    return ud && ud.deleted !== 1 ? udListEntity(ud) : null;
  });
  post("DeleteListEntity", (env, a) => {
    deleteUdList(env, listTarget(env, id(a, "listEntityId")));
    return undefined;
  });

  // The lists with a carrier of their own: CreateDefault{X} and Save{X} (SaveSaleStageEntity, SaveSaleTypeEntity,
  // SaveCurrencyEntity, SaveCountry, whose request wraps the Country in a `Country` member).
  for (const kind of LIST_KINDS) {
    const w = kind.write;
    if (!w || w.carrier === "TaskListItem") continue;
    post(`CreateDefault${w.carrier}`, () => carrier(w.carrier, {}));
    post(`Save${w.carrier}`, (env, a) => {
      const t = listTarget(env, kind.rest);
      return t.entity(addOrSaveItem(env, t, entityArgument(a, w.carrier), w.carrier), env);
    });
  }

  // The category list's own carrier, CategoryEntity (with its CategoryGroup).
  const categories = (env: EntityEnv): ListTarget =>
    Object.assign(listTarget(env, "Category"), {
      write: { carrier: "CategoryEntity", id: "CategoryId", name: "Name", attributes: ["CategoryGroup"] },
      entity: (it) => categoryEntity(it),
    } satisfies Pick<ListTarget, "write" | "entity">);
  post("CreateDefaultCategoryEntity", () => carrier("CategoryEntity", { CategoryGroup: "Unknown" }));
  post("SaveCategoryEntity", (env, a) => categoryEntity(addOrSaveItem(env, categories(env), entityArgument(a, "CategoryEntity"), "CategoryEntity")));
  post("GetCategoryEntity", (env, a) => {
    const it = env.crm.listItem(env.tenant.contextIdentifier, "category", id(a, "categoryEntityId"));
    return it ? categoryEntity(it) : null;
  });

  return app;
}

function categoryEntity(it: ListItemRow) {
  return carrier("CategoryEntity", {
    CategoryId: it.item_id,
    Name: it.name,
    CategoryGroup: it.attributes.CategoryGroup ?? "Unknown",
    Tooltip: it.tooltip,
    Rank: it.rank,
    Deleted: it.deleted === 1,
    FieldProperties: {},
  });
}
