import type { ContactRow, CrmRepository, ListItemRow, PersonRow } from "../../store/crm.js";
import type { DateCodec } from "../json/dates.js";
import { carrier, type Carrier } from "./carrier.js";

/**
 * The small carriers entities embed for what they point at: associates, list items, countries, and
 * summaries of contacts and persons. One instance per request, scoped to the request's tenant; each
 * returns null where the reference is empty, as NetServer does.
 */
export interface CarrierContext {
  crm: CrmRepository;
  contextIdentifier: string;
  dates: DateCodec;
}

export type ListName = "business" | "category" | "country" | "currency" | "salestage" | "saletype" | "task" | "source" | "position" | "projecttype" | "projectstatus" | "projectmembertype" | "doctmpl";

export function referenceCarriers(cc: CarrierContext) {
  const { contextIdentifier: ctx } = cc;
  // One instance serves one request: an entity names the same associates, list items and contact many
  // times over (owner, creator, its persons' company), so each is read once.
  const crm = memoised(cc.crm);
  const item = (list: ListName, id: unknown): ListItemRow | undefined => (typeof id === "number" && id > 0 ? crm.listItem(ctx, list, id) : undefined);
  // These carriers share one shape: {Id, Value, Tooltip}.
  const simple = (name: "Business" | "Currency" | "Rating" | "SaleType" | "Source" | "Position", list: ListName, id: unknown) => {
    const it = item(list, id);
    return it ? carrier(name as "Business", { Id: it.item_id, Value: it.name, Tooltip: it.tooltip, FieldProperties: {} }) : null;
  };
  const self = {
    associate(id: unknown): Carrier | null {
      const a = typeof id === "number" && id > 0 ? crm.associate(ctx, id) : undefined;
      if (!a) return null;
      const fullName = `${a.first_name} ${a.last_name}`;
      return carrier("Associate", {
        AssociateId: a.associate_id,
        Name: a.name,
        PersonId: a.person_id ?? 0,
        Type: a.type,
        GroupIdx: a.group_id,
        FullName: fullName,
        FormalName: fullName,
        Deleted: a.deleted === 1,
        UserName: null,
        TableRight: { Mask: "FULL", Reason: "" },
        FieldProperties: {},
      });
    },
    associateName: (id: unknown) => (typeof id === "number" && id > 0 ? (crm.associate(ctx, id)?.name ?? "") : ""),
    associateFullName(id: unknown) {
      const a = typeof id === "number" && id > 0 ? crm.associate(ctx, id) : undefined;
      return a ? `${a.first_name} ${a.last_name}` : "";
    },
    business: (id: unknown) => simple("Business", "business", id),
    currency: (id: unknown) => simple("Currency", "currency", id),
    rating: (id: unknown) => simple("Rating", "salestage", id),
    saleType: (id: unknown) => simple("SaleType", "saletype", id),
    source: (id: unknown) => simple("Source", "source", id),
    position: (id: unknown) => simple("Position", "position", id),
    listName: (list: ListName, id: unknown) => item(list, id)?.name ?? "",
    category(id: unknown): Carrier | null {
      const it = item("category", id);
      if (!it) return null;
      return carrier("Category", { Id: it.item_id, Value: it.name, Tooltip: it.tooltip, CategoryGroup: it.attributes.CategoryGroup ?? "Unknown", Rank: it.rank, Deleted: it.deleted === 1, FieldProperties: {} });
    },
    country(id: unknown): Carrier | null {
      const it = item("country", id);
      if (!it) return null;
      const a = it.attributes;
      return carrier("Country", {
        CountryId: it.item_id,
        Name: it.name,
        CurrencyId: a.CurrencyId,
        EnglishName: a.EnglishName,
        TwoLetterISOCountry: a.TwoLetterISOCountry,
        ThreeLetterISOCountry: a.ThreeLetterISOCountry,
        ImageDescription: it.name,
        OrgNrText: a.OrgNrText,
        InterAreaPrefix: a.InterAreaPrefix,
        DialInPrefix: a.DialInPrefix,
        ZipPrefix: a.ZipPrefix,
        DomainName: a.DomainName,
        AddressLayoutId: a.AddressLayoutId,
        DomesticAddressLayoutId: a.AddressLayoutId,
        ForeignAddressLayoutId: a.AddressLayoutId,
        Rank: it.rank,
        Tooltip: it.tooltip,
        Deleted: it.deleted === 1,
        FieldProperties: {},
      });
    },
    task(id: unknown): Carrier | null {
      const it = item("task", id);
      if (!it) return null;
      const a = it.attributes;
      return carrier("TaskListItem", {
        TaskListItemId: it.item_id,
        Value: it.name,
        Direction: a.Direction ?? "Unknown",
        Type: a.Type ?? "Appointment",
        Tooltip: it.tooltip,
        Deleted: it.deleted === 1,
        Rank: it.rank,
        ColorIndex: a.ColorIndex ?? "LightBlue",
        DefaultVideomeetingStatus: "NoChange",
        FieldProperties: {},
      });
    },
    /** The summary `Contact` carrier that persons, appointments and sales embed. */
    contactSummary(contactId: unknown): Carrier | null {
      const c = typeof contactId === "number" && contactId > 0 ? crm.get("contacts", "contact_id", ctx, contactId) : undefined;
      return c ? contactSummaryOf(c) : null;
    },
    /** The summary `Person` carrier that contacts, appointments and sales embed. */
    personSummary(personId: unknown): Carrier | null {
      const p = typeof personId === "number" && personId > 0 ? crm.get("persons", "person_id", ctx, personId) : undefined;
      return p ? personSummaryOf(p) : null;
    },
    personSummaryOf,
  };

  function contactSummaryOf(c: ContactRow): Carrier {
    const name = c.name;
    const fullName = c.department ? `${name}, ${c.department}` : name;
    return carrier("Contact", {
      ContactId: c.contact_id,
      Name: name,
      OrgNr: c.org_nr,
      Department: c.department,
      URL: first(c.urls),
      City: c.postal_city || c.street_city,
      DirectPhone: first(c.phones),
      AssociateId: c.associate_id ?? 0,
      CountryId: c.country_id ?? 0,
      EmailAddress: first(c.emails),
      AssociateFullName: self.associateFullName(c.associate_id),
      BusinessName: self.listName("business", c.business_id),
      CategoryName: self.listName("category", c.category_id),
      CountryName: self.listName("country", c.country_id),
      FormattedAddress: [c.postal_address1 || c.street_address1, [c.postal_zipcode || c.street_zipcode, c.postal_city || c.street_city].filter(Boolean).join(" ")].filter(Boolean).join("\n"),
      FullName: fullName,
      IsOwnerContact: c.contact_id === 1,
      Number1: c.number1,
      Number2: c.number2,
      TableRight: null,
      FieldProperties: {},
    });
  }

  function personSummaryOf(p: PersonRow): Carrier {
    const contact = typeof p.contact_id === "number" ? crm.get("contacts", "contact_id", ctx, p.contact_id) : undefined;
    const fullName = [p.firstname, p.middle_name, p.lastname].filter(Boolean).join(" ");
    return carrier("Person", {
      Position: self.listName("position", p.position_id),
      PersonId: p.person_id,
      Mrmrs: p.mrmrs,
      Firstname: p.firstname,
      Lastname: p.lastname,
      MiddleName: p.middle_name,
      Title: p.title,
      Description: p.description,
      Email: first(p.emails),
      FullName: fullName,
      DirectPhone: first(p.office_phones),
      FormalName: fullName,
      CountryId: p.country_id ?? 0,
      ContactId: p.contact_id ?? 0,
      ContactName: contact?.name ?? "",
      Retired: p.retired,
      Rank: p.rank,
      ContactDepartment: contact?.department ?? "",
      ContactCountryId: contact?.country_id ?? 0,
      ContactOrgNr: contact?.org_nr ?? "",
      MobilePhone: first(p.mobile_phones),
      ContactPhone: contact ? first(contact.phones) : "",
      AssociateName: self.associateName(p.associate_id),
      AssociateId: p.associate_id ?? 0,
      EmailName: first(p.emails),
      ContactFullName: contact ? (contact.department ? `${contact.name}, ${contact.department}` : contact.name) : "",
      CategoryName: contact ? self.listName("category", contact.category_id) : "",
      PersonNumber: p.person_number,
      TableRight: null,
      FieldProperties: {},
    });
  }

  return self;
}

export type ReferenceCarriers = ReturnType<typeof referenceCarriers>;

/** Per-request caches over the lookups carriers repeat; writes never happen through this view. */
function memoised(crm: CrmRepository): Pick<CrmRepository, "listItem" | "associate" | "get"> {
  const cache = new Map<string, unknown>();
  const once = <T>(key: string, load: () => T): T => {
    if (!cache.has(key)) cache.set(key, load());
    return cache.get(key) as T;
  };
  return {
    listItem: (ctx, list, id) => once(`l:${list}:${id}`, () => crm.listItem(ctx, list, id)),
    associate: (ctx, id) => once(`a:${id}`, () => crm.associate(ctx, id)),
    get: (table, idColumn, ctx, id, includeDeleted) => (table === "contacts" && !includeDeleted ? once(`c:${id}`, () => crm.get(table, idColumn, ctx, id)) : crm.get(table, idColumn, ctx, id, includeDeleted)),
  };
}

/** The first element's value of a stored phone/e-mail/URL list, "" when empty. */
function first(json: unknown): string {
  return (JSON.parse(String(json ?? "[]")) as { Value: string }[])[0]?.Value ?? "";
}

/** Phone, e-mail and URL lists: stored as JSON [{Value, Description}], shown as EntityElement carriers. */
export function entityElements(json: unknown): Carrier[] {
  const items = JSON.parse(String(json ?? "[]")) as { Value: string; Description?: string }[];
  return items.map((e) => carrier("EntityElement", { Value: e.Value, StrippedValue: e.Value.replace(/[^0-9A-Za-z@.+]/g, ""), Description: e.Description ?? "", TableRight: null, FieldProperties: {} }));
}
