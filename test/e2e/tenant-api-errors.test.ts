import { describe, expect, it } from "vitest";
import { call, contactRows, contactsNamed, expectSoError, label, newContact, rowCount, useErrorsEmulator } from "../support/tenant-api-errors.js";

/**
 * How the tenant API refuses (netserver.md §3, spec/README.md "REST error body"): every status with the
 * SuperOffice error body, nothing written by a refused request, and never a 500.
 */
useErrorsEmulator();

describe("404 for what does not exist", () => {
  it("an unknown contact id: the SuperOffice error body, field by field", async () => {
    const reply = await call("GET", "v1/Contact/999999");
    expectSoError(reply, 404, "SoNotFoundException");
    expect(reply.json).toEqual({
      Error: true,
      ErrorType: "SoNotFoundException",
      ErrorMessage: "Contact id 999999 not found",
      Message: "Contact id 999999 not found",
      ErrorSource: "SuperOffice.Services.Implementation",
    });
  });

  it("PUT, PATCH and DELETE of an unknown id are 404 too, and write nothing", async () => {
    const rows = contactRows();
    expectSoError(await call("PUT", "v1/Contact/999999", { body: { Name: "ghost" } }), 404, "SoNotFoundException");
    expectSoError(await call("PATCH", "v1/Contact/999999", { body: [{ op: "replace", path: "/Name", value: "ghost" }] }), 404, "SoNotFoundException");
    expectSoError(await call("DELETE", "v1/Contact/999999"), 404, "SoNotFoundException");
    expect(contactRows()).toBe(rows);
    expect(contactsNamed("ghost")).toBe(0);
  });

  it("a deleted contact is gone for GET, PUT, PATCH and DELETE", async () => {
    const id = await newContact();
    expect((await call("DELETE", `v1/Contact/${id}`)).status).toBe(204);
    expectSoError(await call("GET", `v1/Contact/${id}`), 404, "SoNotFoundException");
    expectSoError(await call("PUT", `v1/Contact/${id}`, { body: { Name: "back" } }), 404);
    expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: { Name: "back" } }), 404);
    expectSoError(await call("DELETE", `v1/Contact/${id}`), 404);
  });

  it("the same body for Person, Appointment and Sale", async () => {
    for (const entity of ["Person", "Appointment", "Sale"]) {
      const reply = await call("GET", `v1/${entity}/999999`);
      expectSoError(reply, 404, "SoNotFoundException");
      expect(reply.json!.ErrorMessage).toBe(`${entity} id 999999 not found`);
    }
  });

  it("Agents answer 200 with null for an unknown id (netserver.md §3)", async () => {
    const reply = await call("POST", "v1/Agents/Contact/GetContactEntity?contactEntityId=999999", { body: "null" });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe("null");
  });
});

describe("409 for a failed JSON Patch test", () => {
  it("refuses the whole patch and changes nothing", async () => {
    const name = label("patch test");
    const id = await newContact(name);
    const reply = await call("PATCH", `v1/Contact/${id}`, {
      body: [
        { op: "replace", path: "/Department", value: "Changed before the test" },
        { op: "test", path: "/Name", value: "Not the name" },
        { op: "replace", path: "/Name", value: "Changed after the test" },
      ],
    });
    expectSoError(reply, 409);
    const after = await call("GET", `v1/Contact/${id}`);
    expect(after.json).toMatchObject({ Name: name, Department: "Unchanged", UpdatedDate: "0001-01-01T00:00:00" });
  });

  it("a passing test lets the patch through", async () => {
    const name = label("patch test ok");
    const id = await newContact(name);
    const reply = await call("PATCH", `v1/Contact/${id}`, { body: [{ op: "test", path: "/Name", value: name }, { op: "replace", path: "/Department", value: "Tested" }] });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json!.Department).toBe("Tested");
  });
});

describe("conditional requests", () => {
  /** A contact updated once, so its Last-Modified is its UpdatedDate. */
  async function updatedContact(): Promise<{ id: number; lastModified: string; body: Record<string, unknown> }> {
    const id = await newContact();
    expect((await call("PUT", `v1/Contact/${id}`, { body: { Name: label("updated"), Department: "Updated" } })).status).toBe(200);
    const read = await call("GET", `v1/Contact/${id}`);
    expect(read.status).toBe(200);
    const lastModified = String(read.headers["last-modified"]);
    expect(lastModified).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(read.json!.UpdatedDate).not.toBe("0001-01-01T00:00:00");
    return { id, lastModified, body: read.json! };
  }

  it("412 for PUT, PATCH and DELETE with If-Unmodified-Since older than Last-Modified, and nothing changes", async () => {
    const { id, lastModified, body } = await updatedContact();
    const older = new Date(Date.parse(lastModified) - 3_600_000).toUTCString();
    const headers = { "if-unmodified-since": older };
    expect((await call("PUT", `v1/Contact/${id}`, { headers, body: { Name: "Lost update" } })).status).toBe(412);
    expect((await call("PATCH", `v1/Contact/${id}`, { headers, body: [{ op: "replace", path: "/Name", value: "Lost update" }] })).status).toBe(412);
    expect((await call("PATCH", `v1/Contact/${id}`, { headers, body: { Name: "Lost update" } })).status).toBe(412);
    expect((await call("DELETE", `v1/Contact/${id}`, { headers })).status).toBe(412);
    const after = await call("GET", `v1/Contact/${id}`);
    expect(after.status).toBe(200);
    expect(after.json).toEqual(body);
    expect(after.headers["last-modified"]).toBe(lastModified);

    // Not modified since: allowed.
    const current = { "if-unmodified-since": lastModified };
    expect((await call("PATCH", `v1/Contact/${id}`, { headers: current, body: { Department: "Allowed" } })).status).toBe(200);
    expect((await call("DELETE", `v1/Contact/${id}`, { headers: { "if-unmodified-since": new Date(Date.now() + 60_000).toUTCString() } })).status).toBe(204);
  });

  it("304 with an empty body for If-Modified-Since at or after Last-Modified; 200 when older", async () => {
    const { id, lastModified } = await updatedContact();
    for (const since of [lastModified, new Date(Date.parse(lastModified) + 60_000).toUTCString()]) {
      const reply = await call("GET", `v1/Contact/${id}`, { headers: { "if-modified-since": since } });
      expect(reply.status).toBe(304);
      expect(reply.text).toBe("");
    }
    const older = await call("GET", `v1/Contact/${id}`, { headers: { "if-modified-since": new Date(Date.parse(lastModified) - 1000).toUTCString() } });
    expect(older.status).toBe(200);
    expect(older.json!.ContactId).toBe(id);
  });

  it("Agents ignore the conditional headers (the official client leaves them on later requests)", async () => {
    const { id, lastModified } = await updatedContact();
    const stale = { "if-modified-since": lastModified, "if-unmodified-since": new Date(Date.parse(lastModified) - 3_600_000).toUTCString() };
    const got = await call("POST", `v1/Agents/Contact/GetContactEntity?contactEntityId=${id}`, { headers: stale, body: "null" });
    expect(got.status).toBe(200);
    expect(got.json!.ContactId).toBe(id);
    const saved = await call("POST", "v1/Agents/Contact/SaveContactEntity", { headers: stale, body: { ...got.json, Department: "Saved by agent" } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json!.Department).toBe("Saved by agent");
  });
});

describe("400 for bad requests, which write nothing", () => {
  it("malformed JSON", async () => {
    const rows = contactRows();
    const message = expectSoError(await call("POST", "v1/Contact", { body: '{"Name": "Broken", ' }), 400);
    expect(message).toMatch(/JSON/i);
    expectSoError(await call("POST", "v1/Contact", { body: "{Name: 'not json'}" }), 400);
    expect(contactRows()).toBe(rows);
    expect(contactsNamed("Broken")).toBe(0);
  });

  it("an array, null, a string or no body where an entity is expected", async () => {
    const rows = contactRows();
    expectSoError(await call("POST", "v1/Contact", { body: [{ Name: "In an array" }] }), 400);
    expectSoError(await call("POST", "v1/Contact", { body: "null" }), 400);
    expectSoError(await call("POST", "v1/Contact", { body: '"Just a string"' }), 400);
    expectSoError(await call("POST", "v1/Contact"), 400);
    expect(contactRows()).toBe(rows);
    expect(contactsNamed("In an array")).toBe(0);

    const id = await newContact();
    const before = await call("GET", `v1/Contact/${id}`);
    expectSoError(await call("PUT", `v1/Contact/${id}`), 400); // "Entity to save is not in request body"
    expectSoError(await call("PUT", `v1/Contact/${id}`, { body: [{ Name: "In an array" }] }), 400);
    expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: '"Just a string"' }), 400);
    expect((await call("GET", `v1/Contact/${id}`)).json).toEqual(before.json);
  });

  it("a value of the wrong type, naming the member", async () => {
    const rows = contactRows();
    const name = label("wrong type");
    expect(expectSoError(await call("POST", "v1/Contact", { body: { Name: {} } }), 400)).toMatch(/\bName\b/);
    expect(expectSoError(await call("POST", "v1/Contact", { body: { Name: name, NoMailing: "sometimes" } }), 400)).toMatch(/\bNoMailing\b/);
    expect(expectSoError(await call("POST", "v1/Contact", { body: { Name: name, Phones: "+47 22 33 44 55" } }), 400)).toMatch(/\bPhones\b/);
    expect(contactRows()).toBe(rows);
    expect(contactsNamed(name)).toBe(0);

    const id = await newContact();
    const before = await call("GET", `v1/Contact/${id}`);
    expect(expectSoError(await call("PUT", `v1/Contact/${id}`, { body: { Name: { First: "x" } } }), 400)).toMatch(/\bName\b/);
    expect(expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: [{ op: "replace", path: "/Name", value: ["x"] }] }), 400)).toMatch(/\bName\b/);
    expect((await call("GET", `v1/Contact/${id}`)).json).toEqual(before.json);
  });

  it("a non-numeric id", async () => {
    for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
      const reply = await call(method, "v1/Contact/abc", method === "PUT" || method === "PATCH" ? { body: { Name: "abc" } } : {});
      expectSoError(reply, 400);
    }
    expectSoError(await call("GET", "v1/Contact/1.5"), 400);
    expectSoError(await call("GET", "v1/Contact/99999999999"), 400);
    expectSoError(await call("POST", "v1/Agents/Contact/GetContactEntity?contactEntityId=glops", { body: "null" }), 400);
    expect(contactsNamed("abc")).toBe(0);
  });

  it("a reference to an id that does not exist, naming the member", async () => {
    const rows = contactRows();
    const name = label("missing category");
    expect(expectSoError(await call("POST", "v1/Contact", { body: { Name: name, Category: { Id: 99999 } } }), 400)).toMatch(/\bCategory\b/);
    expect(expectSoError(await call("POST", "v1/Contact", { body: { Name: name, Country: { CountryId: 99999 } } }), 400)).toMatch(/\bCountry\b/);
    expect(expectSoError(await call("POST", "v1/Contact", { body: { Name: name, Associate: { AssociateId: 99999 } } }), 400)).toMatch(/\bAssociate\b/);
    expect(expectSoError(await call("POST", "v1/Agents/Contact/SaveContactEntity", { body: { ContactId: 0, Name: name, Category: { Id: 99999 } } }), 400)).toMatch(/\bCategory\b/);
    expect(contactRows()).toBe(rows);
    expect(contactsNamed(name)).toBe(0);

    const id = await newContact();
    const before = await call("GET", `v1/Contact/${id}`);
    expect(expectSoError(await call("PUT", `v1/Contact/${id}`, { body: { Name: "Changed", Category: { Id: 99999 } } }), 400)).toMatch(/\bCategory\b/);
    expect(expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: [{ op: "replace", path: "/Name", value: "Changed" }, { op: "replace", path: "/Category", value: { Id: 99999 } }] }), 400)).toMatch(
      /\bCategory\b/,
    );
    const after = await call("GET", `v1/Contact/${id}`);
    expect(after.json).toEqual(before.json);
    expect(after.headers["last-modified"]).toBe(before.headers["last-modified"]);
  });

  it("a person, appointment or sale referring to a missing contact, person or sale, naming the member (netserver.md §6.8)", async () => {
    const contactId = await newContact();
    const tables = ["persons", "appointments", "sales"] as const;
    const before = tables.map(rowCount);
    const refusals: [string, Record<string, unknown>, RegExp][] = [
      ["v1/Person", { Firstname: "Orphan", Lastname: label("person"), Contact: { ContactId: 999999 } }, /\bContact\b/],
      ["v1/Appointment", { Description: label("appointment"), Contact: { ContactId: 999999 } }, /\bContact\b/],
      ["v1/Appointment", { Description: label("appointment"), Contact: { ContactId: contactId }, Person: { PersonId: 999999 } }, /\bPerson\b/],
      ["v1/Appointment", { Description: label("appointment"), Contact: { ContactId: contactId }, Sale: { SaleId: 999999 } }, /\bSale\b/],
      ["v1/Sale", { Heading: label("sale"), Contact: { ContactId: 999999 } }, /\bContact\b/],
      ["v1/Sale", { Heading: label("sale"), Contact: { ContactId: contactId }, Person: { PersonId: 999999 } }, /\bPerson\b/],
    ];
    for (const [path, body, member] of refusals) {
      expect(expectSoError(await call("POST", path, { body }), 400), `${path} ${JSON.stringify(body)}`).toMatch(member);
    }
    expect(tables.map(rowCount)).toEqual(before);
  });

  it("an appointment or sale whose person is not on its contact (netserver.md §6.8)", async () => {
    const [companyA, companyB] = [await newContact(), await newContact()];
    const person = await call("POST", "v1/Person", { body: { Firstname: "Works", Lastname: label("at A"), Contact: { ContactId: companyA } } });
    expect(person.status, person.text).toBe(200);
    const personId = Number(person.json!.PersonId);
    const tables = ["appointments", "sales"] as const;
    const before = tables.map(rowCount);
    expect(expectSoError(await call("POST", "v1/Appointment", { body: { Description: label("mismatch"), Contact: { ContactId: companyB }, Person: { PersonId: personId } } }), 400)).toMatch(/\bPerson\b/);
    expect(expectSoError(await call("POST", "v1/Sale", { body: { Heading: label("mismatch"), Contact: { ContactId: companyB }, Person: { PersonId: personId } } }), 400)).toMatch(/\bPerson\b/);
    expect(tables.map(rowCount)).toEqual(before);
  });

  it("a malformed JSON Patch operation", async () => {
    const id = await newContact();
    const before = await call("GET", `v1/Contact/${id}`);
    expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: [{ op: "move", from: "/Name", path: "/Department" }] }), 400);
    expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: [{ op: "replace", value: "no path" }] }), 400);
    expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: ["replace"] }), 400);
    expect((await call("GET", `v1/Contact/${id}`)).json).toEqual(before.json);
  });
});
