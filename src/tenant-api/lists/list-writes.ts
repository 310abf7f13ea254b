import { badRequest, notFound } from "../../http/superoffice-error.js";
import type { ListItemRow } from "../../store/crm.js";
import type { ListItemFields } from "../../store/list-provisioning.js";
import { carrier, type Carrier } from "../carriers/carrier.js";
import { SHAPES } from "../carriers/shapes.generated.js";
import type { EntityEnv } from "../entities/entity-description.js";
import { asBool, asEnum, asInt, asNumber, asString, member } from "../json/lenient.js";
import type { ItemWrite } from "./list-kinds.js";
import type { ListTarget } from "./list-targets.js";

const writer = (env: EntityEnv, target: ListTarget) => ({ actor: env.principal.associateId, feedName: target.feedName });

/**
 * Apps adding, changing and deleting list items (issue #15), for the REST and Agent routes alike. Every
 * write runs in one store transaction. Deleting never removes an item: SuperOffice keeps list items that
 * rows may point at and marks them deleted, so lists, MDO lists and pickers stop offering them while
 * entities that carry them still show them (and `includeDeleted` lists them).
 */

const MAX_NAME = 254;

function memberKind(carrierName: ItemWrite["carrier"], name: string): string {
  const found = (SHAPES[carrierName] as readonly (readonly [string, string])[]).find(([m]) => m === name);
  return found?.[1] ?? "string";
}

/** One attribute as its carrier member's type says. */
function attributeValue(write: ItemWrite, name: string, value: unknown, field: string): string | number | boolean {
  const kind = memberKind(write.carrier, name);
  if (kind === "int") return asInt(value, field);
  if (kind === "number") return asNumber(value, field);
  if (kind === "bool") return asBool(value, field);
  if (kind.startsWith("enum:")) return asEnum(value, kind.slice(5).split("|"), field);
  return asString(value, field);
}

/**
 * What the client's item carrier says, over `base` (the stored item on a change): members the body leaves
 * out keep their value. The name must not be empty.
 */
export function itemFields(target: ListTarget, body: unknown, base: ListItemRow | undefined, what: string): ListItemFields {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw badRequest(`${what}: expected a ${target.write.carrier} object`);
  const w = target.write;
  const given = (name: string) => member(body, name);
  const name = given(w.name) === undefined ? (base?.name ?? "") : asString(given(w.name), `${what}.${w.name}`).trim();
  if (name === "") throw badRequest(`${what}.${w.name}: a list item needs a name`);
  if (name.length > MAX_NAME) throw badRequest(`${what}.${w.name}: at most ${MAX_NAME} characters`);
  const attributes = { ...(base?.attributes ?? {}) };
  for (const a of w.attributes) {
    const v = given(a);
    if (v !== undefined && v !== null) attributes[a] = attributeValue(w, a, v, `${what}.${a}`);
  }
  // Category items carry their group in ListItemEntity-less form only through the agents' CategoryEntity.
  return {
    name,
    tooltip: given("Tooltip") === undefined ? (base?.tooltip ?? "") : asString(given("Tooltip"), `${what}.Tooltip`),
    rank: given("Rank") === undefined ? (base?.rank ?? 0) : asInt(given("Rank"), `${what}.Rank`),
    deleted: given("Deleted") === undefined ? base?.deleted === 1 : asBool(given("Deleted"), `${what}.Deleted`),
    attributes,
  };
}

export function addItem(env: EntityEnv, target: ListTarget, body: unknown, what = "item"): ListItemRow {
  const fields = itemFields(target, body, undefined, what);
  return env.emulator.store.transaction(() => env.emulator.store.lists.addItem(env.tenant.contextIdentifier, target.store, fields, writer(env, target)));
}

/** Changes item `id`; a 404 when the list has none. */
export function saveItem(env: EntityEnv, target: ListTarget, id: number, body: unknown, what = "item"): ListItemRow {
  const ctx = env.tenant.contextIdentifier;
  return env.emulator.store.transaction(() => {
    const existing = env.crm.listItem(ctx, target.store, id);
    if (!existing) throw notFound(target.name, id);
    return env.emulator.store.lists.saveItem(ctx, target.store, id, itemFields(target, body, existing, what), writer(env, target))!;
  });
}

/** An item id of 0 (or none) adds, any other changes that item: the agents' Save* methods. */
export function addOrSaveItem(env: EntityEnv, target: ListTarget, body: unknown, what = "item"): ListItemRow {
  const id = asInt(member(body, target.write.id), `${what}.${target.write.id}`);
  return id > 0 ? saveItem(env, target, id, body, what) : addItem(env, target, body, what);
}

/** Marks item `id` deleted; a 404 when the list has none. */
export function deleteItem(env: EntityEnv, target: ListTarget, id: number): void {
  const ctx = env.tenant.contextIdentifier;
  env.emulator.store.transaction(() => {
    if (!env.emulator.store.lists.setItemDeleted(ctx, target.store, id, true, writer(env, target))) throw notFound(target.name, id);
  });
}

/** Marks every item of the list deleted (`DELETE v1/List/{X}/Items`, DeleteAllFrom*). */
export function deleteAllItems(env: EntityEnv, target: ListTarget): void {
  const ctx = env.tenant.contextIdentifier;
  env.emulator.store.transaction(() => {
    for (const it of env.crm.listItems(ctx, target.store)) if (it.deleted !== 1) env.emulator.store.lists.setItemDeleted(ctx, target.store, it.item_id, true, writer(env, target));
  });
}

/** Saves a whole array of items (PUT v1/List/{X}/Items, SaveAllFrom*): id 0 adds, others change. */
export function saveAllItems(env: EntityEnv, target: ListTarget, body: unknown): ListItemRow[] {
  if (!Array.isArray(body)) throw badRequest(`items: expected a JSON array of ${target.write.carrier}`);
  return env.emulator.store.transaction(() => body.map((b, i) => addOrSaveItem(env, target, b, `items[${i}]`)));
}

// --- user groups ---------------------------------------------------------------------------------------

/** The tenant's user groups, each Selected when it sees the item (SelectableMDOListItem, as SOD answers). */
export function itemUserGroups(env: EntityEnv, target: ListTarget, id: number): Carrier[] {
  const ctx = env.tenant.contextIdentifier;
  if (!env.crm.listItem(ctx, target.store, id)) throw notFound(target.name, id);
  const chosen = env.emulator.store.lists.itemGroups(ctx, target.store, id);
  return env.emulator.store.lists.userGroups(ctx).map((g, rank) =>
    carrier("SelectableMDOListItem", {
      Id: g,
      // The emulator's user groups have no names of their own (INFERRED display name).
      Name: `User group ${g}`,
      ToolTip: "",
      Rank: rank,
      Type: "usergroup",
      Selected: chosen === "all" || chosen.includes(g),
      ChildItems: [],
      FieldProperties: {},
    }),
  );
}

/**
 * Sets which groups see item `id`. The body is SelectableMDOListItem[] (REST) or bare group ids: the
 * items with Selected true (all listed ones when none says Selected) are the groups that see it.
 */
export function setItemUserGroups(env: EntityEnv, target: ListTarget, id: number, body: unknown): Carrier[] {
  const ctx = env.tenant.contextIdentifier;
  if (!Array.isArray(body)) throw badRequest("userGroups: expected a JSON array of SelectableMDOListItem");
  const anySelected = body.some((g) => member(g, "Selected") !== undefined);
  const groups = body
    .map((g, i) => {
      if (typeof g === "number" || typeof g === "string") return { id: asInt(g, `userGroups[${i}]`), selected: true };
      return { id: asInt(member(g, "Id"), `userGroups[${i}].Id`), selected: anySelected ? asBool(member(g, "Selected"), `userGroups[${i}].Selected`) : true };
    })
    .filter((g) => g.selected)
    .map((g) => g.id);
  const known = env.emulator.store.lists.userGroups(ctx);
  const unknown = groups.find((g) => !known.includes(g));
  if (unknown !== undefined) throw badRequest(`userGroups: the tenant has no user group ${unknown}; it has ${known.join(", ")}`);
  env.emulator.store.transaction(() => {
    if (!env.crm.listItem(ctx, target.store, id)) throw notFound(target.name, id);
    // Every group selected is the default, stored as no rows, so groups added later see the item too.
    const all = known.every((g) => groups.includes(g));
    env.emulator.store.lists.setItemGroups(ctx, target.store, id, all ? "all" : [...new Set(groups)]);
  });
  return itemUserGroups(env, target, id);
}
