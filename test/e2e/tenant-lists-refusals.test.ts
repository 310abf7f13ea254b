import { describe, expect, it } from "vitest";
import { TENANT, call, checkListBody, contacts, db, expectError, idsWhere, keys, list, lower, query, sorted, useListsEmulator } from "../support/tenant-lists-e2e.js";

/**
 * The OData-like list endpoints end to end (netserver.md §4.5, §5, §10), over HTTP with a real token:
 * every expected result is computed independently (test/support/tenant-lists-e2e.ts), never with the
 * emulator's query builder, and every list body is validated against its endpoint's Swagger definition.
 */
useListsEmulator();

describe("refusals", () => {
  const contactCount = () => db().prepare("SELECT count(*) FROM contacts WHERE context_identifier = ?").pluck().get(TENANT) as number;

  it("an unknown column in $filter or $orderBy is a 400 naming it; in $select it comes back empty", async () => {
    expect(expectError(await call("GET", `Contact${query({ $filter: "nosuchcolumn eq 1" })}`), 400)).toContain("nosuchcolumn");
    expect(expectError(await call("GET", `Contact${query({ $orderBy: "nosuchcolumn desc" })}`), 400)).toContain("nosuchcolumn");
    expect(expectError(await call("GET", `Person${query({ $filter: "personContact/nosuch begins 'A'" })}`), 400)).toContain("personContact/nosuch");
    // SuperOffice's samples select columns the emulator does not carry, and work on SOD.
    const selected = await call("GET", `Contact${query({ $select: "contactId,nosuchcolumn", $top: "3" })}`);
    expect(selected.status).toBe(200);
    const rows = (selected.json as { value: Record<string, unknown>[] }).value;
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatchObject({ contactId: expect.any(Number), nosuchcolumn: "" });
  });

  it("a malformed $filter is a 400 naming the position and the token", async () => {
    const cases: [string, string, number, string][] = [
      ["Contact", "name begins 'A')", 15, ")"],
      ["Contact", "(name begins 'A'", 0, "("],
      ["Contact", "name begins 'A' xyz eq 1", 16, "xyz"],
      ["Contact", "name # 'A'", 5, "#"],
      ["Contact", "contactId eq abc", 13, "abc"],
      ["Contact", "category begins 'x'", 9, "begins"],
      ["Contact", "name begins 'A", 12, "'A"],
      ["Contact", "name begins 'A' and and name begins 'B'", 20, "and"],
      ["Appointment", "date before 'yesterday'", 12, "yesterday"],
      ["Sale", "amount gt 5 or", 14, ""],
    ];
    for (const [entity, filter, position, token] of cases) {
      const message = expectError(await call("GET", `${entity}${query({ $filter: filter })}`), 400);
      expect(message, filter).toContain(`position ${position}`);
      if (token) expect(message, filter).toContain(token);
    }
  });

  it("SQL injection: as quoted values they match nothing; as filter text they are refused; nothing is dropped", async () => {
    const before = contactCount();
    expect(before).toBeGreaterThan(250);
    // Injection payloads as the value of a name filter, quoted the OData way ('' is a quote).
    const payloads = ["x'; drop table contacts", "'; drop table contacts; --", "' or 1=1 --", "x' OR '1'='1", "%", "_"];
    for (const payload of payloads) {
      const filter = `name eq '${payload.replace(/'/g, "''")}'`;
      const body = await list("Contact", { $filter: filter, $select: "contactId", $inlineCount: "true" });
      expect(body.value, filter).toEqual([]);
      expect(body["odata.count"]).toBe(0);
    }
    // The brief's spelling of the third one: `''' or 1=1 --'` is the string "' or 1=1 --".
    expect((await list("Contact", { $filter: "name eq ''' or 1=1 --'", $select: "contactId" })).value).toEqual([]);
    // LIKE wildcards in a value are literal characters.
    expect((await list("Contact", { $filter: "name contains '%'", $select: "contactId" })).value).toEqual([]);
    expect((await list("Contact", { $filter: "name begins '_'", $select: "contactId" })).value).toEqual([]);
    // The same text as raw filter syntax is malformed: a 400 naming where it goes wrong.
    expect(expectError(await call("GET", `Contact${query({ $filter: "name eq 'x'; drop table contacts" })}`), 400)).toMatch(/position 11.*;/);
    expect(expectError(await call("GET", `Contact${query({ $filter: "'; drop table contacts; --" })}`), 400)).toMatch(/position 0/);
    expect(expectError(await call("GET", `Contact${query({ $orderBy: "name; drop table contacts" })}`), 400)).toContain("drop");
    expect(expectError(await call("GET", `Contact${query({ $select: "name from contacts; drop table contacts; --" })}`), 400)).toContain("drop");
    expect(contactCount()).toBe(before);
    expect(sorted(keys(await list("Contact", { $select: "contactId" })))).toEqual(sorted(contacts().map((c) => c.id)));
  });

  it("$top and $skip must be whole numbers", async () => {
    expect(expectError(await call("GET", `Contact${query({ $top: "abc" })}`), 400)).toContain("$top");
    expect(expectError(await call("GET", `Contact${query({ $skip: "-1" })}`), 400)).toContain("$skip");
    expect(expectError(await call("GET", `Contact${query({ $top: "1; drop table contacts" })}`), 400)).toContain("$top");
  });

  it("an unknown provider is a 404; so is a sub-archive of a missing parent", async () => {
    expect(expectError(await call("GET", "Archive/NoSuch"), 404)).toContain("NoSuch");
    expect(expectError(await call("GET", "Contact/999999/Persons"), 404)).toContain("999999");
    expect(expectError(await call("GET", "Person/999999/Appointments"), 404)).toContain("999999");
    expect(expectError(await call("GET", "Sale/999999/Activities"), 404)).toContain("999999");
  });

  it("the POST form variant of v1/Archive/SimpleContact gives the same rows as GET", async () => {
    const params = { $select: "contactId,name,category,contactAssociate/fullName", $filter: "name begins 'H' and category oneOf (1,2,4)", $orderBy: "name desc,contactId", $top: "30", $inlineCount: "true" };
    const get = await list("Archive/SimpleContact", params);
    const reply = await call("POST", "Archive/SimpleContact", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    });
    expect(reply.status, reply.text).toBe(200);
    checkListBody("Archive/SimpleContact", reply.json, params);
    expect(reply.json.value).toEqual(get.value);
    expect(reply.json["odata.count"]).toBe(get["odata.count"]);
    const want = idsWhere(contacts(), (c) => lower(c.name).startsWith("h") && [1, 2, 4].includes(c.category_id ?? 0));
    expect(reply.json["odata.count"]).toBe(want.length);
    expect(want).toEqual(expect.arrayContaining(keys(reply.json)));
  });
});
