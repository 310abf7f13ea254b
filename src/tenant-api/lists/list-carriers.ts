import type { ListItemRow } from "../../store/crm.js";
import { carrier, type Carrier } from "../carriers/carrier.js";
import type { EntityEnv } from "../entities/entity-description.js";

/**
 * The "entity" carriers the REST list endpoints (`v1/List/{X}/Items`) and the agents' `GetAll*` methods
 * return, built from stored list items. The small embedded carriers (Category, Business, Country,
 * TaskListItem, ...) come from carriers/references.ts so a list item looks the same everywhere.
 */

/** Built-in lists have no user-defined list definition; NetServer reports 0 (INFERRED). */
export function listItemEntity(it: ListItemRow): Carrier {
  return carrier("ListItemEntity", { Id: it.item_id, Name: it.name, Tooltip: it.tooltip, Deleted: it.deleted === 1, UdListDefinitionId: 0, Rank: it.rank, TableRight: null, FieldProperties: {} });
}

export function currencyEntity(it: ListItemRow): Carrier {
  const a = it.attributes;
  return carrier("CurrencyEntity", {
    CurrencyId: it.item_id,
    Name: it.name,
    Tooltip: it.tooltip,
    Rank: it.rank,
    Rate: Number(a.Rate ?? 1),
    Units: Number(a.Units ?? 1),
    Deleted: it.deleted === 1,
    TableRight: null,
    FieldProperties: {},
  });
}

export function saleStageEntity(it: ListItemRow): Carrier {
  return carrier("SaleStageEntity", {
    SaleStageId: it.item_id,
    Value: it.name,
    Tooltip: it.tooltip,
    Probability: Number(it.attributes.Probability ?? 0),
    Deleted: it.deleted === 1,
    Rank: it.rank,
    TableRight: null,
    FieldProperties: {},
  });
}

/**
 * A sale type with its stages. The store does not link stages to sale types, so every live sale stage
 * is offered (as a fresh SOD tenant's standard sale types do), selected.
 */
export function saleTypeEntity(it: ListItemRow, env: EntityEnv): Carrier {
  const a = it.attributes;
  const stages = env.crm
    .listItems(env.tenant.contextIdentifier, "salestage")
    .filter((s) => s.deleted !== 1)
    .map((s) =>
      carrier("SelectableMDOListItem", {
        Id: s.item_id,
        Name: s.name,
        ToolTip: s.tooltip,
        Rank: s.rank,
        Selected: true,
        ChildItems: [],
        TableRight: null,
        FieldProperties: {},
      }),
    );
  return carrier("SaleTypeEntity", {
    SaleTypeId: it.item_id,
    Name: it.name,
    Tooltip: it.tooltip,
    Rank: it.rank,
    DurationUnit: typeof a.DurationUnit === "string" ? a.DurationUnit : "Day",
    SaleDuration: Number(a.SaleDuration ?? 0),
    Deleted: it.deleted === 1,
    Stages: stages,
    TableRight: null,
    FieldProperties: {},
  });
}

/** One entry of an MDO list (netserver.md §8.1): the id and display name, nothing hierarchical. */
export function mdoListItem(id: number, name: string, tooltip: string, rank: number, fullName = ""): Carrier {
  return carrier("MDOListItem", { Id: id, Name: name, ToolTip: tooltip, Deleted: false, Rank: rank, ChildItems: [], FullName: fullName, TableRight: null, FieldProperties: {} });
}
