import { associatePart } from "./associate-columns.js";
import {
  assoc,
  assocFull,
  assocJoin,
  bool,
  date,
  datetime,
  first,
  int,
  list,
  listJoin,
  nameDepartment,
  nest,
  str,
  unstored,
  type Part,
} from "./columns.js";

/**
 * The columns of a company (contact): SimpleContact's own, and the nested `contact/…` and
 * `personContact/…` groups of the other providers. `c` is the alias of a contacts row the caller has
 * joined; the lists, the owning associate (with its `contactAssociate/…` group) and the registering
 * and updating associates are joined here.
 */
export function contactPart(c: string): Part {
  const [cat, bus, cty, own, reg, upd] = ["cat", "bus", "cty", "assoc", "reg", "upd"].map((s) => `${c}_${s}`) as [string, string, string, string, string, string];
  const owner = nest("contactAssociate/", associatePart(own));
  const address = (group: string, line1: string, zip: string, city: string) => [
    str(`${group}/line1`, `${c}.${line1}`),
    // The store keeps one address line, no county and no state.
    unstored.str(`${group}/line2`),
    unstored.str(`${group}/line3`),
    str(`${group}/zip`, `${c}.${zip}`),
    str(`${group}/city`, `${c}.${city}`),
    unstored.str(`${group}/county`),
    unstored.str(`${group}/state`),
  ];
  return {
    joins: [
      listJoin(cat, "category", c, `${c}.category_id`),
      listJoin(bus, "business", c, `${c}.business_id`),
      listJoin(cty, "country", c, `${c}.country_id`),
      assocJoin(own, c, `${c}.associate_id`),
      ...owner.joins,
      assocJoin(reg, c, `${c}.created_by`),
      assocJoin(upd, c, `${c}.updated_by`),
    ],
    columns: [
      int("contactId", `${c}.contact_id`),
      // Schema v17's trigram index of company names (contacts_name_trigram) narrows `name contains …`; v19 its 2-character needles.
      str("name", `${c}.name`, { trigram: { table: "contacts_name_trigram", column: "name", rowid: `${c}.rowid`, content: "contacts", terms: "contacts_name_trigram_terms" } }),
      str("department", `${c}.department`),
      str("nameDepartment", nameDepartment(c)),
      // The company's information text is its description.
      bool("hasInfoText", `(${c}.description <> '')`),
      assoc("associateId", `${c}.associate_id`, own),
      list("category", `${c}.category_id`, cat, "category"),
      str("categoryGroup", `json_extract(${cat}.attributes, '$.CategoryGroup')`),
      list("business", `${c}.business_id`, bus, "business"),
      list("country", `${c}.country_id`, cty, "country"),
      int("countryId", `${c}.country_id`),
      str("number", `${c}.number2`, { aliases: ["number2"] }),
      str("code", `${c}.number1`, { aliases: ["number1"] }),
      str("orgnr", `${c}.org_nr`),
      bool("contactNoMail", `${c}.no_mailing`),
      assoc("updatedBy", `${c}.updated_by`, upd),
      assocFull("updatedByFullName", `${c}.updated_by`, upd),
      date("updatedDate", `${c}.updated_date`),
      assoc("registeredBy", `${c}.created_by`, reg),
      assocFull("registeredByFullName", `${c}.created_by`, reg),
      date("registeredDate", `${c}.created_date`),
      bool("contactDeleted", `(${c}.deleted_date IS NOT NULL)`),
      datetime("deletedDate", `${c}.deleted_date`),
      // Not stored by the emulator: interests, stop flag, ERP links, company source.
      unstored.bool("hasInterests"),
      unstored.bool("stop"),
      unstored.bool("activeErpLinks"),
      unstored.list("contactSource", "source"),
      unstored.list("contactInterestIds"),
      str("phone/formattedNumber", first(`${c}.phones`)),
      str("contactPhone/formattedNumber", first(`${c}.phones`)),
      str("contactPhone/description", first(`${c}.phones`, "Description")),
      str("email/emailAddress", first(`${c}.emails`)),
      str("email/emailDescription", first(`${c}.emails`, "Description")),
      // E-mail rows have no ids of their own in the store.
      unstored.int("email/emailId"),
      str("url/URLAddress", first(`${c}.urls`)),
      str("url/URLDescription", first(`${c}.urls`, "Description")),
      ...address("postAddress", "postal_address1", "postal_zipcode", "postal_city"),
      ...address("streetAddress", "street_address1", "street_zipcode", "street_city"),
      ...owner.columns,
    ],
  };
}
