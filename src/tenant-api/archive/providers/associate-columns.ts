import { assoc, bool, first, fullName, int, leftJoin, list, listJoin, nameDepartment, str, unstored, type Part } from "./columns.js";

/**
 * The columns of an associate (a user or resource of the tenant), as InternalUsers has them and as the
 * nested `contactAssociate/…` and `associate/…` groups repeat them. `a` is the alias of an associates
 * row the caller has joined; this adds the associate's SuperID user, its person and that person's company.
 */
export function associatePart(a: string): Part {
  const u = `${a}_u`;
  const p = `${a}_p`;
  const pc = `${a}_pc`;
  const pcCat = `${a}_pc_cat`;
  return {
    joins: [
      // SuperID users are global (not per tenant): joined on the user id alone.
      `LEFT JOIN users ${u} ON ${u}.user_id = ${a}.user_id`,
      leftJoin("persons", p, a, "person_id", `${a}.person_id`),
      leftJoin("contacts", pc, p, "contact_id", `${p}.contact_id`),
      listJoin(pcCat, "category", pc, `${pc}.category_id`),
    ],
    columns: [
      int("associateDbId", `${a}.associate_id`),
      // The associate's Name: its login initials (what Slim shows for associate columns).
      str("name", `${a}.name`),
      assoc("assocName", `${a}.associate_id`, a),
      str("firstName", `${a}.first_name`),
      str("lastName", `${a}.last_name`),
      unstored.str("middleName"),
      str("fullName", fullName(`${a}.first_name`, "''", `${a}.last_name`)),
      int("personId", `${a}.person_id`),
      int("contactId", `${p}.contact_id`),
      str("mrMrs", `${p}.mrmrs`),
      str("title", `${p}.title`),
      str("contactName", `${pc}.name`),
      str("contactDepartment", `${pc}.department`),
      str("contactFullName", nameDepartment(pc)),
      list("contactCategory", `${pc}.category_id`, pcCat, "category"),
      str("userName", `${u}.username`),
      str("personEmail", first(`${p}.emails`)),
      // InternalAssociate, ExternalAssociate, SystemAssociate, …
      str("assocType", `${a}.type`, { aliases: ["type"] }),
      int("usergroup", `${a}.group_id`),
      bool("isActive", `(${a}.deleted = 0)`),
      bool("canLogin", `(${a}.user_id IS NOT NULL AND ${a}.deleted = 0)`),
      // Not stored: Service (ejournal) users.
      unstored.int("ejUserId"),
      unstored.str("ejDisplayName"),
    ],
  };
}
