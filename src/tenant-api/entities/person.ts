import { homeOf } from "../../store/list-catalogue.js";
import { badRequest } from "../../http/superoffice-error.js";
import type { CrmValues } from "../../store/crm.js";
import { carrier, FULL_TABLE_RIGHT } from "../carriers/carrier.js";
import { entityElements } from "../carriers/references.js";
import { asBool, asString, has, member } from "../json/lenient.js";
import { unsavedStamps } from "./entity-pipeline.js";
import type { EntityDescription, EntityEnv } from "./entity-description.js";
import { readElements, readReferences, readScalars, type ReferenceSpec } from "./read-helpers.js";
import { personAddress, readPersonAddress } from "./person-address.js";

/** PersonEntity (netserver.md §6.3): a contact person, usually of a company (Contact), soft-deleted (§10). */
const REFERENCES: readonly ReferenceSpec[] = [
  { member: "Contact", column: "contact_id", idNames: ["ContactId", "Id"], target: { kind: "row", table: "contacts", idColumn: "contact_id" } },
  { member: "Position", column: "position_id", idNames: ["Id", "PositionId"], target: { kind: "list", list: "position" } },
  { member: "Country", column: "country_id", idNames: ["CountryId", "Id"], target: { kind: "list", list: "country" } },
  { member: "Associate", column: "associate_id", idNames: ["AssociateId", "Id"], target: { kind: "associate" } },
];

export const personDescription: EntityDescription<"persons"> = {
  name: "Person",
  table: "persons",
  idColumn: "person_id",
  idMember: "PersonId",
  sequence: "person",
  softDelete: true,

  show(row, env) {
    const { refs, dates } = env;
    const fullName = [row.firstname, row.middle_name, row.lastname].filter(Boolean).join(" ");
    return carrier("PersonEntity", {
      PersonId: row.person_id,
      Firstname: row.firstname,
      MiddleName: row.middle_name,
      Lastname: row.lastname,
      Mrmrs: row.mrmrs,
      Title: row.title,
      UpdatedDate: dates.showUtc(row.updated_date),
      CreatedDate: dates.showUtc(row.created_date),
      BirthDate: dates.showDate(row.birth_date),
      CreatedBy: refs.associate(row.created_by),
      Emails: entityElements(row.emails),
      Description: row.description,
      // Read-only on SOD: whether this person is a user (an associate's own person).
      IsAssociate: associateOf(row, env) !== undefined,
      MobilePhones: entityElements(row.mobile_phones),
      OfficePhones: entityElements(row.office_phones),
      PrivatePhones: entityElements(row.private_phones),
      OtherPhones: entityElements(row.other_phones),
      Faxes: entityElements(row.faxes),
      Urls: entityElements(row.urls),
      Address: personAddress(row),
      Position: refs.position(row.position_id),
      UpdatedBy: refs.associate(row.updated_by),
      Contact: refs.contactSummary(row.contact_id),
      Country: refs.country(row.country_id),
      PersonNumber: row.person_number,
      // Same naming as the Person summary carrier (references.ts), so both views agree.
      FullName: fullName,
      FormalName: fullName,
      NoMailing: row.no_mailing === 1,
      Retired: row.retired === 1,
      Associate: refs.associate(row.associate_id),
      TableRight: FULL_TABLE_RIGHT,
      FieldProperties: {},
    });
  },

  summary: (row, env) => env.refs.personSummaryOf(row),

  defaults(env, id) {
    return Object.assign(unsavedStamps(env), {
      person_id: id,
      deleted_with_contact: 0,
      contact_id: null,
      firstname: "",
      middle_name: "",
      lastname: "",
      mrmrs: "",
      title: "",
      position_id: null,
      country_id: homeOf(env.tenant.timeZone).countryId,
      associate_id: env.principal.associateId,
      birth_date: null,
      person_number: "",
      description: "",
      emails: "[]",
      office_phones: "[]",
      mobile_phones: "[]",
      private_phones: "[]",
      other_phones: "[]",
      faxes: "[]",
      urls: "[]",
      private_address: "{}",
      retired: 0,
      no_mailing: 0,
      rank: 0,
      deleted_date: null,
    });
  },

  read(input, env, existing) {
    const out: CrmValues = Object.assign(
      readScalars(input, [
        ["Firstname", "firstname", asString],
        ["MiddleName", "middle_name", asString],
        ["Lastname", "lastname", asString],
        ["Mrmrs", "mrmrs", asString],
        ["Title", "title", asString],
        ["Description", "description", asString],
        ["PersonNumber", "person_number", asString],
        ["Retired", "retired", (v, f) => (asBool(v, f) ? 1 : 0)],
        ["NoMailing", "no_mailing", (v, f) => (asBool(v, f) ? 1 : 0)],
        ["Emails", "emails", readElements],
        ["OfficePhones", "office_phones", readElements],
        ["MobilePhones", "mobile_phones", readElements],
        ["PrivatePhones", "private_phones", readElements],
        ["OtherPhones", "other_phones", readElements],
        ["Faxes", "faxes", readElements],
        ["Urls", "urls", readElements],
      ]),
      readReferences(input, env, REFERENCES),
      readPersonAddress(input, existing),
    );
    // Date-only: the client may send local midnight converted to UTC; readDate takes the tenant's day.
    if (has(input, "BirthDate")) out.birth_date = env.dates.readDate(member(input, "BirthDate"), "BirthDate");
    return out;
  },

  /** SOD refuses to delete a person who is a user: the associate would lose its person (§10). */
  cascadeDelete(row, env) {
    const associate = associateOf(row, env);
    if (associate) throw badRequest(`Person ${row.person_id} is the user ${associate.name} and cannot be deleted`);
  },
};

function associateOf(row: CrmValues, env: EntityEnv) {
  const id = row.person_id;
  return typeof id === "number" && id > 0 ? env.crm.associates(env.tenant.contextIdentifier).find((a) => a.person_id === id) : undefined;
}
