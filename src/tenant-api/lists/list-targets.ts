import { soError } from "../../http/superoffice-error.js";
import type { ListItemRow } from "../../store/crm.js";
import { udListName, type UdListRow } from "../../store/list-provisioning.js";
import { carrier, type Carrier } from "../carriers/carrier.js";
import type { EntityEnv } from "../entities/entity-description.js";
import { listItemEntity } from "./list-carriers.js";
import { LIST_ITEM_WRITE, LIST_KINDS, listKindByRest, type ItemWrite, type ListKind } from "./list-kinds.js";

/**
 * A list an app addresses by name or id (`v1/List/{udListDefinitionName}/Items`, `.../{udListDefinitionId}/Items`,
 * the ListAgent's *FromListName / *FromListDefinition): one of the built-in lists (list-kinds.ts) or a
 * user-defined list the tenant's apps created. Both keep their items in the same store table.
 */
export interface ListTarget {
  /** Where the items live (list_items.list_name). */
  store: string;
  listId: number;
  name: string;
  kind?: ListKind;
  ud?: UdListRow;
  /** The carrier items are written in. */
  write: ItemWrite;
  /** The list as webhooks name it: SuperOffice's table name, or a user-defined list's id (webhooks.md §8). */
  feedName: string;
  /** An item as this list's own carrier. */
  entity(it: ListItemRow, env: EntityEnv): Carrier;
}

function builtIn(kind: ListKind): ListTarget {
  // Sale stages live in SuperOffice's `probability` table; the other lists' tables have their store names.
  const feedName = kind.list === "salestage" ? "probability" : kind.list;
  return { store: kind.list, listId: kind.listId, name: kind.rest, kind, write: kind.write ?? LIST_ITEM_WRITE, feedName, entity: kind.entity };
}

function userDefined(ud: UdListRow): ListTarget {
  return {
    store: udListName(ud.list_id),
    listId: ud.list_id,
    name: ud.name,
    ud,
    write: LIST_ITEM_WRITE,
    feedName: String(ud.list_id),
    entity: (it) => Object.assign(listItemEntity(it), { UdListDefinitionId: ud.list_id }),
  };
}

/** The list named or numbered `ref` (any case), deleted user-defined lists excluded; undefined if none. */
export function findListTarget(env: EntityEnv, ref: string | number): ListTarget | undefined {
  const ctx = env.tenant.contextIdentifier;
  const lists = env.emulator.store.lists;
  if (typeof ref === "number" || /^\s*\d+\s*$/.test(ref)) {
    const id = Number(ref);
    const kind = LIST_KINDS.find((k) => k.listId === id);
    if (kind) return builtIn(kind);
    const ud = lists.udList(ctx, id);
    return ud && ud.deleted !== 1 ? userDefined(ud) : undefined;
  }
  const kind = listKindByRest(ref);
  if (kind) return builtIn(kind);
  const ud = lists.udListNamed(ctx, ref.trim());
  return ud && ud.deleted !== 1 ? userDefined(ud) : undefined;
}

export function listTarget(env: EntityEnv, ref: string | number, asSent: string = String(ref)): ListTarget {
  const target = findListTarget(env, ref);
  if (!target) throw soError("NotFound", `The tenant has no list "${asSent}"; built-in lists: ${LIST_KINDS.map((k) => k.rest).join(", ")}, and the user-defined lists apps created (GET v1/List)`);
  return target;
}

/** The tenant's user-defined lists that are not deleted, as list targets. */
export function userDefinedTargets(env: EntityEnv): ListTarget[] {
  return env.emulator.store.lists
    .udLists(env.tenant.contextIdentifier)
    .filter((u) => u.deleted !== 1)
    .map(userDefined);
}

/** A user-defined list as a ListEntity (SOD's answer to POST v1/List, create-list.md: not custom, not MDO). */
export function udListEntity(ud: UdListRow, withLinks = false, apiBase = ""): Carrier {
  const values = {
    Id: ud.list_id,
    Name: ud.name,
    Tooltip: ud.tooltip,
    Deleted: ud.deleted === 1,
    Rank: ud.rank,
    IsCustomList: false,
    IsMDOList: false,
    UseGroupsAndHeadings: ud.use_groups_and_headings === 1,
    ListType: null,
    InUseByUserDefinedFields: false,
    TableRight: null,
    FieldProperties: {},
  };
  return withLinks ? carrier("ListEntityWithLinks", Object.assign(values, { _Links: { Self: `${apiBase}/List/${ud.list_id}` } })) : carrier("ListEntity", values);
}

/** The list's items, live only unless asked. */
export function targetItems(env: EntityEnv, target: ListTarget, includeDeleted: boolean): ListItemRow[] {
  const rows = env.crm.listItems(env.tenant.contextIdentifier, target.store);
  return includeDeleted ? rows : rows.filter((r) => r.deleted !== 1);
}

/**
 * The items the caller's user group may pick (an item's UserGroups; no groups set means every group).
 * Lists for choosing (MDO lists) show only these; stored references to hidden items still resolve.
 */
export function visibleToCaller(env: EntityEnv, list: string, items: ListItemRow[]): ListItemRow[] {
  const ctx = env.tenant.contextIdentifier;
  const group = env.crm.associate(ctx, env.principal.associateId)?.group_id;
  return items.filter((it) => {
    const groups = env.emulator.store.lists.itemGroups(ctx, list, it.item_id);
    return groups === "all" || (group !== undefined && groups.includes(group));
  });
}
