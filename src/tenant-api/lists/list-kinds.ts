import type { ListItemRow } from "../../store/crm.js";
import type { Carrier } from "../carriers/carrier.js";
import type { CarrierName } from "../carriers/shapes.generated.js";
import type { ListName } from "../carriers/references.js";
import type { EntityEnv } from "../entities/entity-description.js";
import { currencyEntity, listItemEntity, saleStageEntity, saleTypeEntity } from "./list-carriers.js";

/** An agent method taking one id, e.g. `GetCategory?categoryId=`. */
export interface AgentGet {
  method: string;
  arg: string;
}

/**
 * How a list's own carrier (the body of `POST/PUT v1/List/{X}/Items`) maps onto a stored item: which
 * member is the id, which the name, and which are kept as the item's attributes (their types come from
 * the carrier's official shape). Name/Tooltip/Rank/Deleted are common to every list carrier.
 */
export interface ItemWrite {
  carrier: CarrierName;
  id: string;
  name: string;
  attributes: readonly string[];
}

export const LIST_ITEM_WRITE: ItemWrite = { carrier: "ListItemEntity", id: "Id", name: "Name", attributes: [] };

/**
 * One seeded tenant list as the web API exposes it: its REST name, its MDO provider name, the carrier
 * of `v1/List/{X}/Items`, and the ListAgent methods (names and carriers as the official client
 * @superoffice/webapi calls them; netserver.md §7, §8.1).
 */
export interface ListKind {
  /** Where the items live in the store. */
  list: ListName;
  /** `v1/List/{rest}/Items` and the ListEntity name. */
  rest: string;
  /** `v1/MDOList/{mdo}` and `Agents/MDO/GetList` name. */
  mdo: string;
  /** ListEntity.Id: emulator-assigned, stable (SOD's own numbering for built-in lists is not published). */
  listId: number;
  /** The carrier of the REST Items endpoints and of the agents' `GetAll*` / `Get*Entity` methods. */
  entity(it: ListItemRow, env: EntityEnv): Carrier;
  /** The small carrier of the agents' plain methods (Category, Business, ...), by id; null if missing. */
  reference?(env: EntityEnv, id: number): Carrier | null;
  /** The carrier apps write items in; ListItemEntity when not said. */
  write?: ItemWrite;
  agent: {
    /** Live items as `reference` carriers, no arguments (GetCategories). */
    all?: string;
    /** Items as `entity` carriers, argument includeDeleted (GetAllCurrencies). */
    allEntities?: string;
    /** One item as a `reference` carrier (GetCategory?categoryId=). */
    get?: AgentGet;
    /** One item as an `entity` carrier (GetCurrencyEntity?currencyEntityId=). */
    getEntity?: AgentGet;
    /** Items by id, body a bare array of ids, as `reference` carriers (GetCategoryList). */
    byIds?: string;
  };
}

export const LIST_KINDS: readonly ListKind[] = [
  {
    list: "category",
    rest: "Category",
    mdo: "category",
    listId: 1,
    entity: listItemEntity,
    reference: (env, id) => env.refs.category(id),
    agent: { all: "GetCategories", get: { method: "GetCategory", arg: "categoryId" }, byIds: "GetCategoryList" },
  },
  {
    list: "business",
    rest: "Business",
    mdo: "business",
    listId: 2,
    entity: listItemEntity,
    reference: (env, id) => env.refs.business(id),
    agent: { all: "GetBusinesses", get: { method: "GetBusiness", arg: "businessId" }, byIds: "GetBusinessList" },
  },
  {
    list: "country",
    rest: "Country",
    mdo: "country",
    listId: 3,
    // Countries have one carrier for both uses.
    entity: (it, env) => env.refs.country(it.item_id)!,
    write: {
      carrier: "Country",
      id: "CountryId",
      name: "Name",
      attributes: ["CurrencyId", "EnglishName", "TwoLetterISOCountry", "ThreeLetterISOCountry", "DialInPrefix", "DomainName", "InterAreaPrefix", "ZipPrefix", "OrgNrText", "AddressLayoutId"],
    },
    reference: (env, id) => env.refs.country(id),
    agent: { all: "GetCountries", allEntities: "GetAllCountries", get: { method: "GetCountry", arg: "countryId" }, byIds: "GetCountryList" },
  },
  {
    list: "currency",
    rest: "Currency",
    mdo: "currency",
    listId: 4,
    entity: currencyEntity,
    write: { carrier: "CurrencyEntity", id: "CurrencyId", name: "Name", attributes: ["Rate", "Units"] },
    reference: (env, id) => env.refs.currency(id),
    agent: {
      all: "GetCurrencies",
      allEntities: "GetAllCurrencies",
      get: { method: "GetCurrency", arg: "currencyId" },
      getEntity: { method: "GetCurrencyEntity", arg: "currencyEntityId" },
      byIds: "GetCurrencyList",
    },
  },
  {
    // Sale stages: REST calls the list Rating, the MDO provider "prob", the embedded carrier Rating.
    list: "salestage",
    rest: "Rating",
    mdo: "prob",
    listId: 5,
    entity: saleStageEntity,
    write: { carrier: "SaleStageEntity", id: "SaleStageId", name: "Value", attributes: ["Probability"] },
    reference: (env, id) => env.refs.rating(id),
    agent: {
      all: "GetRatings",
      allEntities: "GetAllSaleStages",
      get: { method: "GetRating", arg: "ratingId" },
      getEntity: { method: "GetSaleStageEntity", arg: "saleStageEntityId" },
      byIds: "GetRatingList",
    },
  },
  {
    list: "saletype",
    rest: "SaleType",
    mdo: "saletype",
    listId: 6,
    entity: saleTypeEntity,
    write: { carrier: "SaleTypeEntity", id: "SaleTypeId", name: "Name", attributes: ["DurationUnit", "SaleDuration"] },
    reference: (env, id) => env.refs.saleType(id),
    agent: {
      all: "GetAllSaleType",
      allEntities: "GetAllSaleTypeEntities",
      get: { method: "GetSaleType", arg: "saleTypeId" },
      getEntity: { method: "GetSaleTypeEntity", arg: "saleTypeEntityId" },
      byIds: "GetSaleTypeList",
    },
  },
  {
    // Appointment tasks. The agent's GetTasks/GetSoTask return SoTask (document tasks), not these.
    list: "task",
    rest: "Task",
    mdo: "task",
    listId: 7,
    entity: (it, env) => env.refs.task(it.item_id)!,
    write: { carrier: "TaskListItem", id: "TaskListItemId", name: "Value", attributes: ["Direction", "Type", "ColorIndex"] },
    agent: { allEntities: "GetAllTasks" },
  },
  {
    list: "source",
    rest: "Source",
    mdo: "source",
    listId: 8,
    entity: listItemEntity,
    reference: (env, id) => env.refs.source(id),
    agent: { all: "GetSources", get: { method: "GetSource", arg: "sourceId" }, byIds: "GetSourceList" },
  },
  {
    list: "position",
    rest: "Position",
    mdo: "perspos",
    listId: 9,
    entity: listItemEntity,
    reference: (env, id) => env.refs.position(id),
    agent: { all: "GetPositions", get: { method: "GetPosition", arg: "positionId" }, byIds: "GetPositionList" },
  },
];

/** A list by its REST name, any case (paths arrive lower-cased). */
export function listKindByRest(name: string): ListKind | undefined {
  const lower = name.toLowerCase();
  return LIST_KINDS.find((k) => k.rest.toLowerCase() === lower);
}

/** The list's items, live ones only unless asked (REST `includeDeleted`, agents' `includeDeleted`). */
export function itemsOf(kind: ListKind, env: EntityEnv, includeDeleted: boolean): ListItemRow[] {
  const rows = env.crm.listItems(env.tenant.contextIdentifier, kind.list);
  return includeDeleted ? rows : rows.filter((r) => r.deleted !== 1);
}
