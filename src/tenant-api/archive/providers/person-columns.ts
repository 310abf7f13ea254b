import {
  assoc,
  assocFull,
  assocJoin,
  bool,
  contactJoin,
  date,
  datetime,
  first,
  fullName,
  int,
  list,
  listJoin,
  str,
  unstored,
  type Part,
} from "./columns.js";

/** The alias under which `personPart(p)` joins the person's (live) company. */
export const personCompany = (p: string) => `${p}_c`;

/** The person's full name: "first middle last" without double spaces. */
export const personFullName = (p: string) => fullName(`${p}.firstname`, `${p}.middle_name`, `${p}.lastname`);

/**
 * The columns of a person: the Person provider's own, and the nested `person/…` groups of FindAppointment
 * and FindSale. `p` is the alias of a persons row the caller has joined. The person's company is joined
 * as `{p}_c` (live companies only) for `personCategory`/`personBusiness`; its category and business joins
 * are spelled exactly as `contactPart` spells them, so a `personContact/…` group shares them.
 */
export function personPart(p: string): Part {
  const pc = personCompany(p);
  const [pos, cty, own, reg, upd] = ["pos", "cty", "assoc", "reg", "upd"].map((s) => `${p}_${s}`) as [string, string, string, string, string];
  const [pcCat, pcBus] = [`${pc}_cat`, `${pc}_bus`];
  const birth = (name: string, format: string) => int(name, `CAST(strftime('${format}', ${p}.birth_date) AS INTEGER)`);
  return {
    joins: [
      listJoin(pos, "position", p, `${p}.position_id`),
      listJoin(cty, "country", p, `${p}.country_id`),
      contactJoin(pc, p, `${p}.contact_id`),
      listJoin(pcCat, "category", pc, `${pc}.category_id`),
      listJoin(pcBus, "business", pc, `${pc}.business_id`),
      assocJoin(own, p, `${p}.associate_id`),
      assocJoin(reg, p, `${p}.created_by`),
      assocJoin(upd, p, `${p}.updated_by`),
    ],
    columns: [
      int("personId", `${p}.person_id`),
      // Schema v18's trigram index of person names (persons_name_trigram) narrows `firstName/lastName contains …`.
      str("firstName", `${p}.firstname`, { trigram: { table: "persons_name_trigram", column: "firstname", rowid: `${p}.rowid`, content: "persons", terms: "persons_name_trigram_terms" } }),
      str("middleName", `${p}.middle_name`),
      str("lastName", `${p}.lastname`, { trigram: { table: "persons_name_trigram", column: "lastname", rowid: `${p}.rowid`, content: "persons", terms: "persons_name_trigram_terms" } }),
      str("fullName", personFullName(p)),
      int("contactId", `${p}.contact_id`),
      str("mrMrs", `${p}.mrmrs`),
      str("title", `${p}.title`),
      list("position", `${p}.position_id`, pos, "position"),
      str("personNumber", `${p}.person_number`),
      list("personCountry", `${p}.country_id`, cty, "country"),
      int("personCountryId", `${p}.country_id`),
      bool("personNoMail", `${p}.no_mailing`),
      int("rank", `${p}.rank`),
      // Birth dates are stored date-only ('YYYY-MM-DD').
      date("birthdate", `${p}.birth_date`),
      birth("birthYear", "%Y"),
      birth("birthMonth", "%m"),
      birth("birthDay", "%d"),
      bool("retired", `${p}.retired`),
      bool("hasCompany", `(${p}.contact_id IS NOT NULL)`),
      bool("hasInfoText", `(${p}.description <> '')`),
      assoc("personAssociateId", `${p}.associate_id`, own),
      assocFull("personAssociateFullName", `${p}.associate_id`, own),
      list("personCategory", `${pc}.category_id`, pcCat, "category"),
      list("personBusiness", `${pc}.business_id`, pcBus, "business"),
      assoc("personUpdatedBy", `${p}.updated_by`, upd),
      assocFull("personUpdatedByFullName", `${p}.updated_by`, upd),
      date("personUpdatedDate", `${p}.updated_date`),
      assoc("personRegisteredBy", `${p}.created_by`, reg),
      assocFull("personRegisteredByFullName", `${p}.created_by`, reg),
      date("personRegisteredDate", `${p}.created_date`),
      datetime("personDeletedDate", `${p}.deleted_date`),
      // Not stored by the emulator: interests, ERP links, project membership, stakeholders, person source.
      unstored.bool("hasInterests"),
      unstored.bool("personHasInterests"),
      unstored.list("personInterestIds"),
      unstored.bool("personActiveErpLinks"),
      unstored.bool("isProjectMember"),
      unstored.bool("isStakeholder"),
      unstored.bool("useAsMailingAddress"),
      unstored.list("personSource", "source"),
      str("personInfo/infoText", `${p}.description`),
      str("email/emailAddress", first(`${p}.emails`)),
      str("email/emailDescription", first(`${p}.emails`, "Description")),
      unstored.int("email/emailId"),
      str("phone/formattedNumber", `COALESCE(json_extract(${p}.office_phones, '$[0].Value'), json_extract(${p}.mobile_phones, '$[0].Value'), '')`),
      str("personDirectPhone/formattedNumber", first(`${p}.office_phones`)),
      str("personDirectPhone/description", first(`${p}.office_phones`, "Description")),
      str("personMobilePhone/formattedNumber", first(`${p}.mobile_phones`)),
      str("personMobilePhone/description", first(`${p}.mobile_phones`, "Description")),
    ],
  };
}
