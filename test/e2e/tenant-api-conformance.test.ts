import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { databaseOf } from "../../src/store/store.js";
import { tenantApiClient, type Reply } from "../support/http.js";
import { signIn } from "../support/sign-in.js";

/**
 * An adversarial conformance pass over the tenant API's entity endpoints (REST, Agents, current user)
 * against netserver.md. Each test names the section it holds the emulator to.
 */
let emulator: StartedEmulator;
let token: string;
let tokenB: string;
const TENANT = "Cust12345";

beforeAll(async () => {
  emulator = await startEmulator();
  token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
  tokenB = (await signIn(emulator, "ada.admin@example.com", "Cust54321")).access_token;
});
afterAll(() => emulator?.stop());

type Json = Record<string, any>;
/** One request; whatever it is, never a 5xx (the product's first rule). */
const call = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => token });

/** A 400 with the SuperOffice error body whose message names `member`. */
function expect400(reply: Reply, member: string): void {
  expect(reply.status, reply.text.slice(0, 300)).toBe(400);
  expect(reply.json).toMatchObject({ Error: true, ErrorSource: "SuperOffice.Services.Implementation" });
  expect(String(reply.json!.ErrorMessage)).toMatch(new RegExp(`\\b${member}\\b`));
}

const db = () => databaseOf(emulator.emulator.context.store);
const rows = (table: "contacts" | "persons" | "appointments" | "sales") => (db().prepare(`SELECT count(*) AS n FROM ${table} WHERE context_identifier = ?`).get(TENANT) as { n: number }).n;
let uniq = 0;
const label = (what: string) => `Conformance ${what} ${process.pid}-${++uniq}`;
async function newContact(body: Json = {}): Promise<number> {
  const r = await call("POST", "v1/Contact", { body: { Name: label("contact"), ...body } });
  expect(r.status, r.text).toBe(200);
  return r.json!.ContactId;
}
async function newPerson(contactId: number): Promise<number> {
  const r = await call("POST", "v1/Person", { body: { Firstname: "Kari", Lastname: label("person"), Contact: { ContactId: contactId } } });
  expect(r.status, r.text).toBe(200);
  return r.json!.PersonId;
}
/** `{"a":{"a":…}}` nested `depth` times: a 5-byte-per-level body far under the size limit. */
const deep = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

describe("never a 500 for deeply nested JSON (§1.5, product rule)", () => {
  it("a merge-patch object nested 5000 levels is a 400, and the contact is unchanged", async () => {
    const id = await newContact();
    const before = await call("GET", `v1/Contact/${id}`);
    expect400(await call("PATCH", `v1/Contact/${id}`, { body: `{"Description":${deep(5000)}}` }), "Description");
    expect((await call("GET", `v1/Contact/${id}`)).json).toEqual(before.json);
  });

  it("a deeply nested value in a bool, enum or id member is a 400 naming it, and writes nothing", async () => {
    const [contacts, appointments] = [rows("contacts"), rows("appointments")];
    expect400(await call("POST", "v1/Contact", { body: `{"Name":"deep bool","NoMailing":${deep(12000)}}` }), "NoMailing");
    expect400(await call("POST", "v1/Appointment", { body: `{"Description":"deep enum","Type":${deep(12000)}}` }), "Type");
    expect400(await call("POST", "v1/Contact", { body: `{"Name":"deep id","Category":{"Id":${deep(12000)}}}` }), "Category");
    expect([rows("contacts"), rows("appointments")]).toEqual([contacts, appointments]);
  });

  it("a JSON Patch test op whose value is nested 12000 levels is a 409 or 400, not a 500", async () => {
    const id = await newContact();
    const reply = await call("PATCH", `v1/Contact/${id}`, { body: `[{"op":"test","path":"/Name","value":${deep(12000)}}]` });
    expect([400, 409]).toContain(reply.status);
  });
});

describe("input leniency and strictness (§1.5)", () => {
  it("camelCase members at every level, numbers as strings, enums by name in any case or by number, ISO durations", async () => {
    const contactId = await newContact();
    const r = await call("POST", "v1/Appointment", {
      body: { description: label("lenient"), type: 2, private: "privateuser", completed: "3", alarmLeadTime: "PT15M", hasAlarm: "true", contact: { contactId: String(contactId) } },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ Type: "inChecklist", Private: "PrivateUser", Completed: "Completed", AlarmLeadTime: "00:15:00", HasAlarm: true, Contact: { ContactId: contactId } });
    const before = rows("appointments");
    expect400(await call("POST", "v1/Appointment", { body: { Description: "bad enum", Type: 99 } }), "Type");
    expect400(await call("POST", "v1/Appointment", { body: { Description: "bad enum", Private: "Secret" } }), "Private");
    expect(rows("appointments")).toBe(before);
  });

  it("null clears a reference or a list; an array where an object is expected is a 400 naming the member", async () => {
    const id = await newContact({ Category: { Id: 1 }, Emails: [{ Value: "a@example.com" }] });
    const cleared = await call("PUT", `v1/Contact/${id}`, { body: { Category: null, Emails: null, Address: null } });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.json).toMatchObject({ Category: null, Emails: [] });
    expect400(await call("PUT", `v1/Contact/${id}`, { body: { Category: [1] } }), "Category");
    expect400(await call("POST", "v1/Person", { body: { Firstname: "Array", Contact: [id] } }), "Contact");
  });

  it("a list element or address of the wrong type is a 400 naming the member, not silently dropped", async () => {
    const before = rows("contacts");
    expect400(await call("POST", "v1/Contact", { body: { Name: label("emails"), Emails: ["post@example.com"] } }), "Emails");
    expect400(await call("POST", "v1/Contact", { body: { Name: label("phones"), Phones: [22334455] } }), "Phones");
    expect400(await call("POST", "v1/Contact", { body: { Name: label("address"), Address: "Storgata 1, 0155 Oslo" } }), "Address");
    expect400(await call("POST", "v1/Contact", { body: { Name: label("street"), Address: { Street: "Storgata 1" } } }), "Street");
    expect(rows("contacts")).toBe(before);
  });

  it("a number sent as a string must be a decimal number: hex or binary literals are a 400 naming the member", async () => {
    const before = rows("sales");
    expect400(await call("POST", "v1/Sale", { body: { Heading: label("hex"), Amount: "0x10" } }), "Amount");
    expect400(await call("POST", "v1/Sale", { body: { Heading: label("bin"), Earning: "0b101" } }), "Earning");
    expect(rows("sales")).toBe(before);
  });

  it("members named like Object.prototype members are ignored like any unknown member, and pollute nothing", async () => {
    const name = label("proto");
    const r = await call("POST", "v1/Contact", { body: `{"Name":"${name}","constructor":{"prototype":{"x":1}},"toString":"y","hasOwnProperty":1,"__proto__":{"polluted":"yes"}}` });
    expect(r.status, r.text).toBe(200);
    expect(r.json!.Name).toBe(name);
    expect(({} as Json).polluted).toBeUndefined();
  });

  it("unicode beyond the BMP, NUL and line separators round-trip unchanged", async () => {
    const name = `Ærlig Ø 🚀 日本 \u0000 \u2028 ∑ ${process.pid}`;
    const id = await newContact({ Name: name, Department: "ﬀ\u{1F600}" });
    expect((await call("GET", `v1/Contact/${id}`)).json).toMatchObject({ Name: name, Department: "ﬀ\u{1F600}" });
  });

  it("x-www-form-urlencoded bodies are consumed as Swagger says (§1.3)", async () => {
    const name = label("form");
    const r = await call("POST", "v1/Contact", { body: new URLSearchParams({ Name: name, Department: "Ops" }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ Name: name, Department: "Ops" });
  });
});

describe("dates in and out (§1.4, §1.5, SO-TimeZone)", () => {
  it("an unspecified date is in the SO-TimeZone zone; output follows the header, includeTZOffset adds offsets", async () => {
    const r = await call("POST", "v1/Appointment", { body: { Description: label("tz"), StartDate: "2026-06-01T10:00:00" }, headers: { "so-timezone": "US-NY" } });
    expect(r.json!.StartDate).toBe("2026-06-01T10:00:00");
    const id = r.json!.AppointmentId;
    expect((await call("GET", `v1/Appointment/${id}`)).json!.StartDate).toBe("2026-06-01T16:00:00");
    const utc = (await call("GET", `v1/Appointment/${id}`, { headers: { "so-timezone": "UTC,includeTZOffset" } })).json!;
    expect(utc.StartDate).toBe("2026-06-01T14:00:00Z");
    const no = (await call("GET", `v1/Appointment/${id}`, { headers: { "so-timezone": "261,includeTZOffset" } })).json!;
    expect(no.StartDate).toBe("2026-06-01T16:00:00+02:00");
    expect(no.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/); // UTC fields as UTC
  });

  it("Z with fractions and offsets without a colon are converted to the tenant's zone", async () => {
    for (const [sent, shown] of [["2026-01-05T09:00:00.1234567Z", "2026-01-05T10:00:00"], ["2026-01-05T10:00:00+0100", "2026-01-05T10:00:00"], ["2026-01-05T10:00:00+14:00", "2026-01-04T21:00:00"]]) {
      const r = await call("POST", "v1/Appointment", { body: { Description: label("offset"), StartDate: sent } });
      expect(r.json!.StartDate, sent).toBe(shown);
    }
  });

  it("BirthDate: the browser's year-0000 MinValue is empty, year 2 (unknown year) is kept, a UTC midnight is the local day", async () => {
    const contactId = await newContact();
    for (const [sent, shown] of [["0000-12-31T23:06:32.000Z", "0001-01-01T00:00:00"], ["0002-05-13T00:00:00", "0002-05-13T00:00:00"], ["1999-05-12T22:00:00.000Z", "1999-05-13T00:00:00"]]) {
      const r = await call("POST", "v1/Person", { body: { Firstname: "Born", Lastname: label("birth"), Contact: { ContactId: contactId }, BirthDate: sent } });
      expect(r.json!.BirthDate, sent).toBe(shown);
    }
  });

  it("an impossible date is a 400 naming the member, never silently another day", async () => {
    const before = rows("appointments");
    for (const date of ["2026-02-30T10:00:00", "2026-04-31T10:00:00", "2026-03-01T24:00:00"]) {
      expect400(await call("POST", "v1/Appointment", { body: { Description: label(date), StartDate: date } }), "StartDate");
    }
    expect(rows("appointments")).toBe(before);
  });

  it("a date past DateTime.MaxValue in the tenant's zone is refused, not replaced by now", async () => {
    const r = await call("POST", "v1/Appointment", { body: { Description: label("max"), StartDate: "9999-12-31T23:59:59-05:00" } });
    expect(r.status === 400 ? "refused" : r.json!.StartDate).toMatch(/^(refused|9999-12-31T23:59:59)$/);
  });
});

describe("REST semantics (§4)", () => {
  it("SuperOffice's own Appointment.http sample (EndDate before StartDate) is accepted (§4.2)", async () => {
    const contactId = await newContact();
    const personId = await newPerson(contactId);
    const r = await call("POST", "v1/Appointment", {
      body: { Contact: { ContactId: contactId }, Person: { PersonId: personId }, Description: "A Simple API Test", StartDate: "2021-10-20T15:30:00", ActiveDate: "2021-10-20T16:00:00", EndDate: "2021-10-20T13:45:00" },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ Description: "A Simple API Test", StartDate: "2021-10-20T15:30:00", Contact: { ContactId: contactId } });
  });

  it("POST ignores the id in the body: it creates, and leaves the entity with that id alone (§4.2)", async () => {
    const before = (await call("GET", "v1/Contact/2")).json!;
    const r = await call("POST", "v1/Contact", { body: { ContactId: 2, Name: label("post with id") } });
    expect(r.json!.ContactId).not.toBe(2);
    expect((await call("GET", "v1/Contact/2")).json).toEqual(before);
  });

  it("a merge-patch object where an array is expected is appended (§4.3)", async () => {
    const id = await newContact({ Phones: [{ Value: "11111111" }] });
    const r = await call("PATCH", `v1/Contact/${id}`, { body: { Phones: { Value: "12345678" } } });
    expect(r.status, r.text).toBe(200);
    expect(r.json!.Phones.map((p: Json) => p.Value)).toEqual(["11111111", "12345678"]);
  });

  it("JSON Patch (RFC 6902) array indexes that are not numbers or past the end are a 400, and change nothing (§4.3)", async () => {
    const id = await newContact({ Phones: [{ Value: "11111111" }] });
    const before = await call("GET", `v1/Contact/${id}`);
    for (const op of [{ op: "add", path: "/Phones/abc", value: { Value: "2" } }, { op: "replace", path: "/Phones/7", value: { Value: "3" } }, { op: "remove", path: "/Phones/9" }]) {
      expect((await call("PATCH", `v1/Contact/${id}`, { body: [op] })).status, JSON.stringify(op)).toBe(400);
    }
    expect((await call("GET", `v1/Contact/${id}`)).json).toEqual(before.json);
  });

  it("GET with If-Unmodified-Since older than Last-Modified is a 412 (§2, §3, §4.1)", async () => {
    const id = await newContact();
    const lastModified = String((await call("GET", `v1/Contact/${id}`)).headers["last-modified"]);
    const older = new Date(Date.parse(lastModified) - 3_600_000).toUTCString();
    expect((await call("GET", `v1/Contact/${id}`, { headers: { "if-unmodified-since": older } })).status).toBe(412);
  });

  it("stale conditional headers are ignored on POST and on list endpoints (§2, the client's leaked headers)", async () => {
    const stale = { "if-unmodified-since": "Sat, 01 Feb 2020 00:00:00 GMT", "if-modified-since": new Date(Date.now() + 86_400_000).toUTCString() };
    expect((await call("POST", "v1/Contact", { body: { Name: label("stale") }, headers: stale })).status).toBe(200);
    expect((await call("GET", "v1/List/Category/Items", { headers: stale })).status).toBe(200);
    expect((await call("GET", "v1/Contact/default", { headers: stale })).status).toBe(200);
  });

  it("$select on GET by id nulls out the other members (§4.1)", async () => {
    const r = await call("GET", "v1/Contact/2?$select=Name,Department");
    expect(r.json!.Name).toEqual(expect.any(String));
    expect(r.json!.OrgNr).toBeNull();
    expect(r.json!.Category).toBeNull();
  });

  it("ids: 0 and int32 max are unknown (404), leading zeros are the same id, a negative id is an unknown id too", async () => {
    expect((await call("GET", "v1/Contact/0")).json!.ErrorType).toBe("SoNotFoundException");
    expect((await call("GET", "v1/Contact/2147483647")).status).toBe(404);
    expect((await call("GET", "v1/Contact/00002")).json!.ContactId).toBe(2);
    expect((await call("GET", "v1/Contact/-1")).status).toBe(404);
  });

  it("routing: any case, trailing slash on collection POST, Agent query names in any case (§1.2)", async () => {
    const r = await call("POST", "V1/CONTACT/", { body: { name: label("routing") } });
    expect(r.status, r.text).toBe(200);
    expect((await call("GET", `v1/contact/${r.json!.ContactId}`)).json!.ContactId).toBe(r.json!.ContactId);
    expect((await call("GET", "V1/Person/DEFAULT")).json!.PersonId).toBe(0);
    expect((await call("POST", `v1/agents/CONTACT/getcontactentity?CONTACTENTITYID=${r.json!.ContactId}`, { body: "null" })).json!.ContactId).toBe(r.json!.ContactId);
  });

  it("responses are application/json; charset=utf-8 throughout (§1.3)", async () => {
    const replies = [await call("GET", "v1/Contact/2"), await call("GET", "v1/Contact/default"), await call("POST", "v1/Contact", { body: { Name: label("ctype") } }), await call("POST", "v1/Agents/Contact/GetContactEntity?contactEntityId=2", { body: "null" }), await call("GET", "v1/User/currentPrincipal")];
    for (const r of replies) expect(String(r.headers["content-type"])).toMatch(/^application\/json; charset=utf-8$/i);
  });
});

describe("relations and cascades (§10)", () => {
  it("deleting an appointment clears the sale's link; deleting a sale clears the appointment's; a deleted company shows as null", async () => {
    const contactId = await newContact();
    const personId = await newPerson(contactId);
    const refs = { Contact: { ContactId: contactId }, Person: { PersonId: personId } };
    const saleId = (await call("POST", "v1/Sale", { body: { Heading: label("sale"), ...refs } })).json!.SaleId;
    const appointmentId = (await call("POST", "v1/Appointment", { body: { Description: label("appt"), ...refs, Sale: { SaleId: saleId } } })).json!.AppointmentId;
    expect((await call("PUT", `v1/Sale/${saleId}`, { body: { Appointment: { AppointmentId: appointmentId } } })).json!.Appointment.AppointmentId).toBe(appointmentId);
    expect((await call("DELETE", `v1/Appointment/${appointmentId}`)).status).toBe(204);
    expect((await call("GET", `v1/Appointment/${appointmentId}`)).status).toBe(404);
    expect((await call("GET", `v1/Sale/${saleId}`)).json!.Appointment).toBeNull();

    const second = (await call("POST", "v1/Appointment", { body: { Description: label("appt2"), ...refs, Sale: { SaleId: saleId } } })).json!.AppointmentId;
    expect((await call("DELETE", `v1/Sale/${saleId}`)).status).toBe(204);
    expect((await call("GET", `v1/Appointment/${second}`)).json!.Sale).toBeNull();

    expect((await call("DELETE", `v1/Contact/${contactId}`)).status).toBe(204);
    expect((await call("GET", `v1/Appointment/${second}`)).json).toMatchObject({ AppointmentId: second, Contact: null, Person: null });
  });
});

describe("Agents (§3, §7)", () => {
  it("the required Validate, GetContactWithPersons and CreateDefaultAppointmentEntityByType methods exist", async () => {
    const calls: [string, unknown][] = [
      ["Contact/ValidateContactEntity", { ContactEntity: { Name: "x" } }],
      ["Contact/GetContactWithPersons", { ContactId: 2 }],
      ["Person/ValidatePersonEntity", { PersonEntity: { Firstname: "x" } }],
      ["Appointment/ValidateAppointmentEntity", { AppointmentEntity: { Description: "x" } }],
      ["Appointment/CreateDefaultAppointmentEntityByType", { Type: "ToDo" }],
      ["Appointment/CreateDefaultAppointmentEntityByTypeAndAssociate", { Type: "Appointment", AssociateId: 1 }],
      ["Sale/ValidateSaleEntity", { SaleEntity: { Heading: "x" } }],
    ];
    const statuses: Record<string, number> = {};
    for (const [method, body] of calls) statuses[method] = (await call("POST", `v1/Agents/${method}`, { body })).status;
    expect(statuses).toEqual(Object.fromEntries(calls.map(([m]) => [m, 200])));
  });

  it("those methods answer what they name: typed defaults, the owner asked for, validation by member, the contact", async () => {
    const todo = (await call("POST", "v1/Agents/Appointment/CreateDefaultAppointmentEntityByType", { body: { type: "ToDo" } })).json!;
    expect(todo).toMatchObject({ AppointmentId: 0, Type: "inChecklist" });
    const other = (await call("GET", "v1/User/currentPrincipal")).json!;
    const owned = (await call("POST", "v1/Agents/Appointment/CreateDefaultAppointmentEntityByTypeAndAssociate", { body: { Type: "Appointment", AssociateId: other.AssociateId } })).json!;
    expect(owned).toMatchObject({ Type: "inDiary", Associate: { AssociateId: other.AssociateId } });
    expect((await call("POST", "v1/Agents/Appointment/CreateDefaultAppointmentEntityByTypeAndAssociate", { body: { Type: "Appointment", AssociateId: 987654 } })).status).toBe(400);
    const problems = (await call("POST", "v1/Agents/Contact/ValidateContactEntity", { body: { ContactEntity: { Name: "x", Category: { Id: 987654 } } } })).json!;
    expect(Object.keys(problems)).toEqual(["Category"]);
    expect((await call("POST", "v1/Agents/Contact/ValidateContactEntity", { body: { ContactEntity: { Name: "fine" } } })).json).toEqual({});
    const withPersons = (await call("POST", "v1/Agents/Contact/GetContactWithPersons", { body: { ContactId: 2 } })).json!;
    expect(withPersons).toEqual((await call("POST", "v1/Agents/Contact/GetContactEntity", { body: { ContactEntityId: 2 } })).json);
    expect((await call("POST", "v1/Agents/Contact/GetContactWithPersons?contactId=999999", { body: "null" })).text).toBe("null");
  });

  it("$select keeps a nested member's path and _Links; a form body binds nested members and list items", async () => {
    const picked = (await call("GET", "v1/Contact/2?$select=name,category/id")).json!;
    expect(picked.Name).toEqual(expect.any(String));
    expect(picked.Category).toMatchObject({ Id: expect.any(Number), Value: null });
    expect(picked.Department).toBeNull();
    expect(picked._Links).toMatchObject({ Self: expect.stringContaining("/Contact/2") });
    const name = label("form nested");
    const form = new URLSearchParams({ Name: name, "Category.Id": String(picked.Category.Id), "Emails[0].Value": "nested@example.com", "Emails[1][Value]": "second@example.com" });
    const r = await call("POST", "v1/Contact", { body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ Name: name, Category: { Id: picked.Category.Id }, Emails: [{ Value: "nested@example.com" }, { Value: "second@example.com" }] });
    expect((await call("POST", "v1/Contact", { body: "__proto__.x=1&Name=y", headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(400);
  });

  it("Get{E}Entity and Get{E} for a negative id answer 200 null like any unknown id", async () => {
    for (const path of ["Contact/GetContactEntity?contactEntityId=-5", "Person/GetPerson?personId=-1", "Sale/GetSaleEntity?saleEntityId=-2147483648"]) {
      const r = await call("POST", `v1/Agents/${path}`, { body: "null" });
      expect({ path, status: r.status, text: r.text }).toEqual({ path, status: 200, text: "null" });
    }
  });

  it("a missing required agent parameter is 200 with ASP.NET's {Message, MessageDetail} (§3)", async () => {
    const r = await call("POST", "v1/Agents/Contact/GetContactEntity", { body: "null" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ Message: "The request is invalid." });
    expect(String(r.json!.MessageDetail)).toMatch(/contactEntityId/i);
  });
});

describe("current principal and tenants (§8.2, §2)", () => {
  it("currentPrincipal agrees with currentAssociate, GetMyContact and the user's own person", async () => {
    const principal = (await call("GET", "v1/User/currentPrincipal")).json!;
    const associate = (await call("GET", "v1/User/currentAssociate")).json!;
    const myContact = (await call("POST", "v1/Agents/Contact/GetMyContact", { body: "null" })).json!;
    expect(principal).toMatchObject({ AssociateId: associate.AssociateId, Associate: associate.Name, PersonId: associate.PersonId, ContactId: myContact.ContactId, DatabaseContextIdentifier: TENANT, UserName: "ada.admin@example.com", RoleType: "Employee", UserType: "InternalAssociate" });
    expect((await call("POST", `v1/Agents/Associate/GetAssociate?associateId=${principal.AssociateId}`, { body: "null" })).json).toEqual(associate);
    const person = (await call("GET", `v1/Person/${principal.PersonId}`)).json!;
    expect(person).toMatchObject({ IsAssociate: true, Contact: { ContactId: principal.ContactId } });
    expect((await call("GET", "v1/User/currentPrincipal", { tenant: "Cust54321", token: tokenB })).json!.DatabaseContextIdentifier).toBe("Cust54321");
  });

  it("GET v1/User/currentToken returns the access token as a JSON string (§8.2)", async () => {
    const r = await call("GET", "v1/User/currentToken");
    expect(r.status, r.text).toBe(200);
    expect(r.json).toBe(token);
  });

  it("another tenant's ids are unknown here: not read, not referenced, not listed", async () => {
    let foreign = 0;
    for (let i = 0; i < 20 && !foreign; i++) {
      const id = (await call("POST", "v1/Contact", { tenant: "Cust54321", token: tokenB, body: { Name: label("foreign") } })).json!.ContactId as number;
      if (!db().prepare("SELECT 1 FROM contacts WHERE context_identifier = ? AND contact_id = ?").get(TENANT, id)) foreign = id;
    }
    expect(foreign).toBeGreaterThan(0);
    expect((await call("GET", `v1/Contact/${foreign}`, { tenant: "Cust54321", token: tokenB })).status).toBe(200); // warms the render cache
    expect((await call("GET", `v1/Contact/${foreign}`)).status).toBe(404);
    expect((await call("POST", `v1/Agents/Contact/GetContactEntity?contactEntityId=${foreign}`, { body: "null" })).text).toBe("null");
    expect((await call("POST", "v1/Agents/Contact/GetContactList", { body: [foreign] })).json).toEqual([]);
    const persons = rows("persons");
    expect400(await call("POST", "v1/Person", { body: { Firstname: "Cross", Lastname: label("tenant"), Contact: { ContactId: foreign } } }), "Contact");
    expect(rows("persons")).toBe(persons);
    expect((await call("GET", `v1/Contact/${foreign}`, { tenant: "Cust54321" })).status).toBe(401); // Cust12345's token
  });
});
