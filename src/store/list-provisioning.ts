import type { Clock } from "../shared/clock.js";
import type { ChangeKind, ChangeRecorder } from "./change-feed.js";
import type { Db } from "./database.js";
import type { ListItemRow } from "./crm.js";
import { superOfficeColumns } from "./superoffice-columns.js";

/**
 * What apps write into a tenant's lists (issue #15): list items added, changed and deleted, user-defined
 * list definitions, and which user groups see an item. Reads of items stay in crm.ts (listItem,
 * listItems), so a new item is at once in every entity carrier, MDO list and archive join.
 * Item writes are on the change feed as entity `list` (webhooks send `list.{name}.created/changed/softdeleted`).
 */

/** Who writes, and the list's name on the change feed (`category`, `probability`, a user-defined list's id). */
export interface ListWriter {
  actor: number;
  feedName: string;
}

/** A user-defined list definition (SuperOffice's udlistdefinition). */
export interface UdListRow {
  list_id: number;
  name: string;
  tooltip: string;
  rank: number;
  deleted: number;
  use_groups_and_headings: number;
}

/** What a write says about an item; the id is the store's to choose on add. */
export interface ListItemFields {
  name: string;
  tooltip: string;
  rank: number;
  deleted: boolean;
  attributes: Record<string, string | number | boolean>;
}

/** User-defined lists are numbered above the built-in ones, as SOD's are (its first ones are ~100). */
const FIRST_UD_LIST_ID = 101;

/** The row that says "no group sees this item" (associates' groups start at 1). */
const NO_GROUP = 0;

/** The list_items list name of a user-defined list. */
export const udListName = (listId: number): string => `udlist:${listId}`;

export function listProvisioningRepository(db: Db, feed: ChangeRecorder, clock: Clock) {
  const udLists = db.prepare<[string], UdListRow>("SELECT list_id, name, tooltip, rank, deleted, use_groups_and_headings FROM ud_lists WHERE context_identifier = ? ORDER BY rank, list_id");
  const udList = db.prepare<[string, number], UdListRow>("SELECT list_id, name, tooltip, rank, deleted, use_groups_and_headings FROM ud_lists WHERE context_identifier = ? AND list_id = ?");
  const udListNamed = db.prepare<[string, string], UdListRow>(
    "SELECT list_id, name, tooltip, rank, deleted, use_groups_and_headings FROM ud_lists WHERE context_identifier = ? AND unicode_lower(name) = unicode_lower(?) ORDER BY deleted, list_id LIMIT 1",
  );
  const nextUdListId = db.prepare<[number, string], number>("SELECT max(?, coalesce(max(list_id) + 1, 0)) FROM ud_lists WHERE context_identifier = ?").pluck();
  const insertUdList = db.prepare<[string, number, string, string, number, number]>(
    "INSERT INTO ud_lists (context_identifier, list_id, name, tooltip, rank, use_groups_and_headings) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const updateUdList = db.prepare<[string, string, number, number, string, number]>(
    "UPDATE ud_lists SET name = ?, tooltip = ?, rank = ?, use_groups_and_headings = ? WHERE context_identifier = ? AND list_id = ?",
  );
  const deleteUdList = db.prepare<[string, number]>("DELETE FROM ud_lists WHERE context_identifier = ? AND list_id = ?");
  const deleteItemsOf = db.prepare<[string, string]>("DELETE FROM list_items WHERE context_identifier = ? AND list_name = ?");
  const deleteGroupsOf = db.prepare<[string, string]>("DELETE FROM list_item_groups WHERE context_identifier = ? AND list_name = ?");

  const nextItemId = db.prepare<[string, string], number>("SELECT coalesce(max(item_id), 0) + 1 FROM list_items WHERE context_identifier = ? AND list_name = ?").pluck();
  const insertItem = db.prepare<[string, string, number, string, string, number, number, string]>(
    "INSERT INTO list_items (context_identifier, list_name, item_id, name, tooltip, rank, deleted, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const updateItem = db.prepare<[string, string, number, number, string, string, string, number]>(
    "UPDATE list_items SET name = ?, tooltip = ?, rank = ?, deleted = ?, attributes = ? WHERE context_identifier = ? AND list_name = ? AND item_id = ?",
  );
  const itemGroups = db.prepare<[string, string, number], number>("SELECT group_id FROM list_item_groups WHERE context_identifier = ? AND list_name = ? AND item_id = ? ORDER BY group_id").pluck();
  const clearItemGroups = db.prepare<[string, string, number]>("DELETE FROM list_item_groups WHERE context_identifier = ? AND list_name = ? AND item_id = ?");
  const addItemGroup = db.prepare<[string, string, number, number]>("INSERT OR IGNORE INTO list_item_groups (context_identifier, list_name, item_id, group_id) VALUES (?, ?, ?, ?)");
  const userGroups = db.prepare<[string], number>("SELECT DISTINCT group_id FROM associates WHERE context_identifier = ? ORDER BY group_id").pluck();
  const readItem = db.prepare<[string, string, number], Omit<ListItemRow, "attributes"> & { attributes: string }>(
    "SELECT item_id, name, tooltip, rank, deleted, attributes FROM list_items WHERE context_identifier = ? AND list_name = ? AND item_id = ?",
  );
  const item = (ctx: string, list: string, id: number): ListItemRow | undefined => {
    const r = readItem.get(ctx, list, id);
    return r && Object.assign(r, { attributes: JSON.parse(r.attributes) });
  };
  const setDeleted = db.prepare<[number, string, string, number]>("UPDATE list_items SET deleted = ? WHERE context_identifier = ? AND list_name = ? AND item_id = ?");
  /** Reports a write of an item: created (every column), or what changed, a delete as softdeleted. */
  const record = (ctx: string, list: string, who: ListWriter, before: ListItemRow | undefined, after: ListItemRow) => {
    const columns = ["name", "tooltip", "rank", "deleted", "attributes"] as const;
    const changed = before ? columns.filter((c) => JSON.stringify(before[c]) !== JSON.stringify(after[c])) : ["item_id", ...columns];
    if (changed.length === 0) return;
    const kind: ChangeKind = !before ? "created" : before.deleted !== after.deleted ? (after.deleted === 1 ? "softdeleted" : "undeleted") : "changed";
    const row = { context_identifier: ctx, list_name: list, item_id: after.item_id, name: after.name, tooltip: after.tooltip, rank: after.rank, deleted: after.deleted, attributes: JSON.stringify(after.attributes) };
    feed.record({ contextIdentifier: ctx, entity: "list", list: who.feedName, id: after.item_id, kind, changes: superOfficeColumns("list", changed), associateId: who.actor, at: clock.now(), row });
  };

  return {
    udLists: (ctx: string): UdListRow[] => udLists.all(ctx),
    udList: (ctx: string, id: number): UdListRow | undefined => udList.get(ctx, id),
    /** By name in any case; a live list before a deleted one of the same name. */
    udListNamed: (ctx: string, name: string): UdListRow | undefined => udListNamed.get(ctx, name),
    addUdList(ctx: string, fields: { name: string; tooltip: string; rank: number; useGroupsAndHeadings: boolean }): UdListRow {
      const id = nextUdListId.get(FIRST_UD_LIST_ID, ctx)!;
      insertUdList.run(ctx, id, fields.name, fields.tooltip, fields.rank, fields.useGroupsAndHeadings ? 1 : 0);
      return udList.get(ctx, id)!;
    },
    saveUdList(ctx: string, id: number, fields: { name: string; tooltip: string; rank: number; useGroupsAndHeadings: boolean }): UdListRow | undefined {
      updateUdList.run(fields.name, fields.tooltip, fields.rank, fields.useGroupsAndHeadings ? 1 : 0, ctx, id);
      return udList.get(ctx, id);
    },
    /** Removes a user-defined list with its items; false when there was none. */
    deleteUdList(ctx: string, id: number): boolean {
      const removed = deleteUdList.run(ctx, id).changes === 1;
      if (removed) {
        deleteItemsOf.run(ctx, udListName(id));
        deleteGroupsOf.run(ctx, udListName(id));
      }
      return removed;
    },
    /** A new item under the next free id of its list. */
    addItem(ctx: string, list: string, fields: ListItemFields, who: ListWriter): ListItemRow {
      return feed.transaction(() => {
        const id = nextItemId.get(ctx, list)!;
        insertItem.run(ctx, list, id, fields.name, fields.tooltip, fields.rank, fields.deleted ? 1 : 0, JSON.stringify(fields.attributes));
        const after = item(ctx, list, id)!;
        record(ctx, list, who, undefined, after);
        return after;
      });
    },
    /** Changes an item; undefined when the list has no such item. */
    saveItem(ctx: string, list: string, id: number, fields: ListItemFields, who: ListWriter): ListItemRow | undefined {
      return feed.transaction(() => {
        const before = item(ctx, list, id);
        if (!before) return undefined;
        updateItem.run(fields.name, fields.tooltip, fields.rank, fields.deleted ? 1 : 0, JSON.stringify(fields.attributes), ctx, list, id);
        const after = item(ctx, list, id)!;
        record(ctx, list, who, before, after);
        return after;
      });
    },
    /** Marks an item deleted (lists keep deleted items); false when the list has no such item. */
    setItemDeleted(ctx: string, list: string, id: number, deleted: boolean, who: ListWriter): boolean {
      return feed.transaction(() => {
        const before = item(ctx, list, id);
        if (!before) return false;
        setDeleted.run(deleted ? 1 : 0, ctx, list, id);
        record(ctx, list, who, before, item(ctx, list, id)!);
        return true;
      });
    },
    /** The groups an item is offered to: "all" (the default), or a list of groups, possibly empty. */
    itemGroups(ctx: string, list: string, id: number): number[] | "all" {
      const rows = itemGroups.all(ctx, list, id);
      return rows.length === 0 ? "all" : rows.filter((g) => g !== NO_GROUP);
    },
    setItemGroups(ctx: string, list: string, id: number, groups: readonly number[] | "all"): void {
      clearItemGroups.run(ctx, list, id);
      if (groups === "all") return;
      // An item no group may pick still needs a row, or it would read as "every group".
      for (const g of groups.length === 0 ? [NO_GROUP] : groups) addItemGroup.run(ctx, list, id, g);
    },
    /** The tenant's user groups: the groups its associates belong to. */
    userGroups: (ctx: string): number[] => userGroups.all(ctx),
  };
}

export type ListProvisioningRepository = ReturnType<typeof listProvisioningRepository>;
