import { SoError, soError } from "../../http/superoffice-error.js";
import type { Carrier } from "../carriers/carrier.js";
import type { EntityEnv } from "../entities/entity-description.js";
import { mdoListItem } from "./list-carriers.js";
import { LIST_KINDS, itemsOf } from "./list-kinds.js";
import { visibleToCaller } from "./list-targets.js";

/**
 * MDO lists (netserver.md §8.1): the pick-lists SuperOffice's own UI fills its drop-downs from, by
 * provider name. The emulator serves the seeded lists, the tenant's associates, its companies (`contact`,
 * searched by name), the list of lists, and the (empty) interest lists: always flat (the seed has no
 * headings or user-group trees), live items only, filtered by a case-insensitive substring.
 */
export const MDO_NAMES: readonly string[] = [...LIST_KINDS.map((k) => k.mdo), "associate", "contact", "contact_new", "contact_freetextsearch", "lists", "persint", "contint"];

/** Company pick-lists search; a drop-down shows a page of matches, not the whole tenant. */
const CONTACT_LIMIT = 200;
const COMPANY_LISTS = new Set(["contact", "contact_new", "contact_freetextsearch"]);

export function mdoList(env: EntityEnv, name: string, search: string): Carrier[] {
  const lower = name.trim().toLowerCase();
  const needle = search.trim().toLowerCase();
  const matches = (...texts: string[]) => needle === "" || texts.some((t) => t.toLowerCase().includes(needle));

  if (lower === "associate") {
    return env.crm
      .associates(env.tenant.contextIdentifier)
      .filter((a) => a.deleted !== 1)
      .map((a) => ({ a, fullName: `${a.first_name} ${a.last_name}` }))
      .filter(({ a, fullName }) => matches(fullName, a.name))
      .map(({ a, fullName }, rank) => mdoListItem(a.associate_id, fullName, "", rank, fullName));
  }
  if (COMPANY_LISTS.has(lower)) return env.crm.contactsNamed(env.tenant.contextIdentifier, needle, CONTACT_LIMIT).map(companyItem);
  // The list of lists: the seeded ones, by their REST names.
  if (lower === "lists") return LIST_KINDS.filter((k) => matches(k.rest)).map((k, rank) => mdoListItem(k.listId, k.rest, "", rank));
  // Interests are not seeded: their lists exist and are empty.
  if (lower === "persint" || lower === "contint") return [];
  const kind = LIST_KINDS.find((k) => k.mdo === lower);
  if (!kind) throw unknownMdoList(name);
  // Items an app hid from the caller's user group are not offered (list-writes.ts, UserGroups).
  return visibleToCaller(env, kind.list, itemsOf(kind, env, false))
    .filter((it) => matches(it.name))
    .map((it) => mdoListItem(it.item_id, it.name, it.tooltip, it.rank));
}

/** One entry by id (MDO agent GetListItem); null when the list has no such live item. */
export function mdoListEntry(env: EntityEnv, name: string, id: number): Carrier | null {
  // A company list shows one page of matches; any live company is an entry of it.
  if (COMPANY_LISTS.has(name.trim().toLowerCase())) {
    const row = env.crm.get("contacts", "contact_id", env.tenant.contextIdentifier, id);
    return row ? companyItem({ contact_id: id, name: String(row.name), department: String(row.department ?? "") }, 0) : null;
  }
  return mdoList(env, name, "").find((item) => item.Id === id) ?? null;
}

function companyItem(row: { contact_id: number; name: string; department: string }, rank: number): Carrier {
  return mdoListItem(row.contact_id, row.name, row.department, rank, [row.name, row.department].filter(Boolean).join(", "));
}

export function unknownMdoList(name: string): SoError {
  return soError("NotFound", `The emulator has no MDO list named "${name}"; it serves: ${MDO_NAMES.join(", ")}`);
}
