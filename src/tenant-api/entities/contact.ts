import { homeOf } from "../../store/list-catalogue.js";
import { badRequest } from "../../http/superoffice-error.js";
import type { CrmValues } from "../../store/crm.js";
import { carrier, FULL_TABLE_RIGHT, type Carrier } from "../carriers/carrier.js";
import { entityElements } from "../carriers/references.js";
import { asBool, asInt, asString, has, member, type Json } from "../json/lenient.js";
import { findEntity, unsavedStamps } from "./entity-pipeline.js";
import type { EntityDescription, EntityEnv } from "./entity-description.js";
import { readElements, readReferences, readScalars, type ReferenceSpec } from "./read-helpers.js";

/** ContactEntity (netserver.md §6.2): a company, with its persons, address and communication lists. */
const REFERENCES: readonly ReferenceSpec[] = [
  { member: "Associate", column: "associate_id", idNames: ["AssociateId", "Id"], target: { kind: "associate" } },
  { member: "Business", column: "business_id", idNames: ["Id", "BusinessId"], target: { kind: "list", list: "business" } },
  { member: "Category", column: "category_id", idNames: ["Id", "CategoryId"], target: { kind: "list", list: "category" } },
  { member: "Country", column: "country_id", idNames: ["CountryId", "Id"], target: { kind: "list", list: "country" } },
];

/** A company's Number2 is this plus its id, as the seed numbers them. */
const CONTACT_NUMBER_BASE = 10000;

/**
 * The fields SOD marks UIHintMandatory on a ContactEntity (netserver.md §6.2, ContactDefault.json). The
 * emulator has no sentry, so these hints are the only FieldProperties it shows (README).
 */
const MANDATORY_HINTS = Object.fromEntries(
  ([["Name", "System.String", 220], ["Number2", "System.String", 20], ["Business", "System.Int32", 0], ["Category", "System.Int32", 0]] as const).map(([name, type, length]) => [
    name,
    { FieldRight: { Mask: "Update, UIHintMandatory", Reason: "" }, FieldType: type, FieldLength: length },
  ]),
);

export const contactDescription: EntityDescription<"contacts"> = {
  name: "Contact",
  table: "contacts",
  idColumn: "contact_id",
  idMember: "ContactId",
  sequence: "contact",
  softDelete: true,

  show(row, env) {
    const { refs, dates } = env;
    return carrier("ContactEntity", {
      ContactId: row.contact_id,
      Name: row.name,
      Department: row.department,
      OrgNr: row.org_nr,
      Number1: row.number1,
      Number2: row.number2,
      UpdatedDate: dates.showUtc(row.updated_date),
      CreatedDate: dates.showUtc(row.created_date),
      Emails: entityElements(row.emails),
      Urls: entityElements(row.urls),
      Phones: entityElements(row.phones),
      Faxes: entityElements(row.faxes),
      Description: row.description,
      UpdatedBy: refs.associate(row.updated_by),
      CreatedBy: refs.associate(row.created_by),
      Associate: refs.associate(row.associate_id),
      Business: refs.business(row.business_id),
      Category: refs.category(row.category_id),
      Country: refs.country(row.country_id),
      Persons: typeof row.contact_id === "number" && row.contact_id > 0 ? env.crm.where("persons", "contact_id", env.tenant.contextIdentifier, row.contact_id).map(refs.personSummaryOf) : [],
      NoMailing: row.no_mailing === 1,
      GroupId: 1,
      Deleted: 0,
      Address: address(row),
      TableRight: FULL_TABLE_RIGHT,
      FieldProperties: MANDATORY_HINTS,
    });
  },

  summary: (row, env) => env.refs.contactSummary(row.contact_id)!,

  defaults(env, id) {
    return Object.assign(unsavedStamps(env), {
      contact_id: id,
      street_address1: "",
      street_zipcode: "",
      street_city: "",
      postal_address1: "",
      postal_zipcode: "",
      postal_city: "",
      name: "",
      department: "",
      org_nr: "",
      number1: "",
      // Number2 comes from the number series (netserver.md §6.2): the number the next company will get.
      number2: String(CONTACT_NUMBER_BASE + env.crm.peekId(env.tenant.contextIdentifier, "contact")),
      description: "",
      associate_id: env.principal.associateId,
      country_id: homeOf(env.tenant.timeZone).countryId,
      category_id: null,
      business_id: null,
      phones: "[]",
      emails: "[]",
      urls: "[]",
      faxes: "[]",
      no_mailing: 0,
      deleted_date: null,
    });
  },

  read(input, env) {
    return Object.assign(
      readScalars(input, [
        ["Name", "name", asString],
        ["Department", "department", asString],
        ["OrgNr", "org_nr", asString],
        ["Number1", "number1", asString],
        ["Number2", "number2", asString],
        ["Description", "description", asString],
        ["NoMailing", "no_mailing", (v, f) => (asBool(v, f) ? 1 : 0)],
        ["Emails", "emails", readElements],
        ["Phones", "phones", readElements],
        ["Urls", "urls", readElements],
        ["Faxes", "faxes", readElements],
      ]),
      readReferences(input, env, REFERENCES),
      readAddress(input),
    );
  },

  // The ContactEntity already carries its persons.
  agentMethods: [{ name: "GetContactWithPersons", run: (args, env) => findEntity(contactDescription, env, asInt(args.value("ContactId"), "ContactId")) }],

  afterCreate: (row) => (row.number2 ? row : Object.assign(row, { number2: String(CONTACT_NUMBER_BASE + row.contact_id) })),

  /**
   * Deleting a company deletes its persons the same (soft) way: restoring it restores them (§10). The
   * tenant's own company holds every user's person, and users cannot be deleted, so neither can it.
   */
  cascadeDelete(row, env) {
    if (row.contact_id === env.tenant.ownerContactId) throw badRequest(`Contact ${row.contact_id} is the tenant's own company, with its users, and cannot be deleted`);
    for (const person of env.crm.where("persons", "contact_id", env.tenant.contextIdentifier, row.contact_id)) {
      env.crm.update("persons", "person_id", env.tenant.contextIdentifier, person.person_id, { deleted_date: env.now, deleted_with_contact: 1 }, env.principal.associateId);
    }
  },
};

/** Street and postal addresses, shown as structured and localized forms (Norwegian layout). */
function address(row: CrmValues): Carrier {
  const field = (name: string, value: unknown, label: string, addressType: string) =>
    carrier("LocalizedField", { Name: name, Value: value ?? "", Label: label, ValueLength: 80, AddressType: addressType, TableRight: null, FieldProperties: {} });
  const structured = (atype: string, a1: unknown, zip: unknown, city: unknown) =>
    carrier("StructuredAddress", { AtypeIdx: atype, Address1: a1 ?? "", Zipcode: zip ?? "", City: city ?? "", Formatted: [a1, [zip, city].filter(Boolean).join(" ")].filter(Boolean).join("\n") });
  return carrier("Address", {
    LocalizedAddress: [
      [field("StreetAddress1", row.street_address1, "SR_AL_STREET", "ContactStreetAddress")],
      [field("StreetZipcode", row.street_zipcode, "SR_AL_POSTCODECITY", "ContactStreetAddress"), field("StreetCity", row.street_city, "", "ContactStreetAddress")],
      [field("PostalAddress1", row.postal_address1, "SR_AL_POBOX", "ContactPostalAddress")],
      [field("PostalZipcode", row.postal_zipcode, "SR_AL_POSTCODECITY", "ContactPostalAddress"), field("PostalCity", row.postal_city, "", "ContactPostalAddress")],
    ],
    Street: structured("ContactStreetAddress", row.street_address1, row.street_zipcode, row.street_city),
    Postal: structured("ContactPostalAddress", row.postal_address1, row.postal_zipcode, row.postal_city),
    Formatted: [row.postal_address1 || row.street_address1, [row.postal_zipcode || row.street_zipcode, row.postal_city || row.street_city].filter(Boolean).join(" ")].filter(Boolean).join("\n"),
    TableRight: null,
    FieldProperties: {},
  });
}

/** Address input: the structured Street/Postal parts (what clients edit); the localized grid is output only. */
function readAddress(input: Json): CrmValues {
  const addr = member(input, "Address");
  if (addr === null || addr === undefined) return {};
  if (typeof addr !== "object" || Array.isArray(addr)) throw badRequest("Address: expected an object with Street and/or Postal");
  const out: CrmValues = {};
  for (const [part, prefix] of [["Street", "street"], ["Postal", "postal"]] as const) {
    const s = member(addr, part);
    if (s === null || s === undefined) continue;
    if (typeof s !== "object" || Array.isArray(s)) throw badRequest(`Address.${part}: expected an object with Address1, Zipcode and City`);
    if (has(s, "Address1")) out[`${prefix}_address1`] = asString(member(s, "Address1"), `Address.${part}.Address1`);
    if (has(s, "Zipcode")) out[`${prefix}_zipcode`] = asString(member(s, "Zipcode"), `Address.${part}.Zipcode`);
    if (has(s, "City")) out[`${prefix}_city`] = asString(member(s, "City"), `Address.${part}.City`);
  }
  return out;
}

export type { EntityEnv, Json };
