import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { databaseOf } from "../../src/store/store.js";
import { tenantApiClient, type Reply, type TenantCallOptions } from "../support/http.js";
import { signIn } from "../support/sign-in.js";

/**
 * How the tenant API refuses (netserver.md §3, spec/README.md "REST error body"): every status with the
 * SuperOffice error body, nothing written by a refused request, and never a 500.
 */
let emulator: StartedEmulator;
let token: string;
const TENANT = "Cust12345";

beforeAll(async () => {
  emulator = await startEmulator();
  token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
});
afterAll(() => emulator?.stop());

/** One request to the tenant API; whatever it is, the answer must not be a 5xx other than the tenant's 503. */
const call = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => token, expected5xx: (status, tenant) => status === 503 && tenant === "Cust99999" });

/** The SuperOffice error body: exactly these five members, both message keys the same. */
function expectSoError(reply: Reply, status: number, errorType?: string): string {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  expect(Object.keys(reply.json ?? {}).sort()).toEqual(["Error", "ErrorMessage", "ErrorSource", "ErrorType", "Message"]);
  expect(reply.json!.Error).toBe(true);
  if (errorType) expect(reply.json!.ErrorType).toBe(errorType);
  else expect(reply.json!.ErrorType).toMatch(/^\w+$/);
  expect(reply.json!.ErrorMessage).toEqual(expect.any(String));
  expect(String(reply.json!.ErrorMessage).length).toBeGreaterThan(0);
  expect(reply.json!.Message).toBe(reply.json!.ErrorMessage);
  expect(reply.json!.ErrorSource).toBe("SuperOffice.Services.Implementation");
  expect(reply.text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/); // no stack trace
  return String(reply.json!.ErrorMessage);
}

let uniq = 0;
const label = (what: string) => `Errors test ${what} ${process.pid}-${++uniq}`;

async function newContact(name = label("contact")): Promise<number> {
  const reply = await call("POST", "v1/Contact", { body: { Name: name, Department: "Unchanged" } });
  expect(reply.status, reply.text).toBe(200);
  return Number(reply.json!.ContactId);
}

/** Contacts of the tenant as stored, including soft-deleted ones: what a refused request must not change. */
function contactRows(): number {
  const db = databaseOf(emulator.emulator.context.store);
  return (db.prepare("SELECT count(*) AS n FROM contacts WHERE context_identifier = ?").get(TENANT) as { n: number }).n;
}

function rowCount(table: "contacts" | "persons" | "appointments" | "sales"): number {
  const db = databaseOf(emulator.emulator.context.store);
  return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE context_identifier = ?`).get(TENANT) as { n: number }).n;
}

function contactsNamed(name: string): number {
  const db = databaseOf(emulator.emulator.context.store);
  return (db.prepare("SELECT count(*) AS n FROM contacts WHERE context_identifier = ? AND name = ?").get(TENANT, name) as { n: number }).n;
}

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

describe("names that live on Object.prototype", () => {
  // The emulator runs in this process, so a polluted prototype would show here.
  const polluted = () => (({}) as Record<string, unknown>).polluted;

  it("a JSON Patch or merge patch through __proto__ or constructor is refused and pollutes nothing", async () => {
    const id = await newContact();
    const before = await call("GET", `v1/Contact/${id}`);
    for (const path of ["/__proto__/polluted", "/constructor/prototype/polluted", "/Category/__proto__/polluted", "/__proto__"]) {
      expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: [{ op: "add", path, value: "yes" }] }), 400);
    }
    expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: '{"__proto__": {"polluted": "yes"}}' }), 400);
    expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: '{"Category": {"__proto__": {"polluted": "yes"}}}' }), 400);
    expect(polluted()).toBeUndefined();
    expect((await call("GET", `v1/Contact/${id}`)).json).toEqual(before.json);
  });

  it("an SO-TimeZone, $filter operator, function or period named like an Object member is a 400", async () => {
    for (const zone of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expectSoError(await call("GET", "v1/Contact/2", { headers: { "so-timezone": zone } }), 400);
    }
    for (const filter of ["name constructor 'x'", "name toString 'x'", "constructor(name,'x')", "__proto__(name)", "registered constructor"]) {
      expectSoError(await call("GET", `v1/Contact?$select=name&$filter=${encodeURIComponent(filter)}`), 400);
    }
  });
});

describe("413 for an oversize body", () => {
  it("refuses it before reading, with the SuperOffice error body, and writes nothing", async () => {
    const rows = contactRows();
    const max = emulator.emulator.context.config.maxBodyBytes;
    const name = "x".repeat(max + 1);
    expectSoError(await call("POST", "v1/Contact", { body: { Name: name } }), 413, "RequestTooLarge");
    const id = await newContact();
    expectSoError(await call("PUT", `v1/Contact/${id}`, { body: { Name: name } }), 413, "RequestTooLarge");
    expect(contactRows()).toBe(rows + 1);
  });

  it("answers every oversize request with the 413 (a keep-alive 413 must not be followed by a dropped connection)", async () => {
    // The client sends the whole declared body; the 413 says keep-alive, so the connection must stay
    // usable (or the response must say Connection: close). Repeated, because a dropped connection
    // surfaces in undici only when it loses the race ("other side closed" instead of the 413).
    const max = emulator.emulator.context.config.maxBodyBytes;
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      try {
        const reply = await call("POST", "v1/Contact", { body: { Name: "y".repeat(max + 1 + i * 1000) } });
        outcomes.push(String(reply.status));
      } catch (err) {
        outcomes.push((err as Error).message);
      }
    }
    expect(outcomes).toEqual(Array(10).fill("413"));
  });
});

describe("401 for missing or unusable credentials", () => {
  const expect401 = (reply: Reply) => {
    expectSoError(reply, 401);
    expect(String(reply.headers["www-authenticate"] ?? "")).toMatch(/^Bearer\b/);
  };

  it("no Authorization header: WWW-Authenticate and the SuperOffice body", async () => {
    expect401(await call("GET", "v1/Contact/1", { token: null }));
    expect401(await call("POST", "v1/Contact", { token: null, body: { Name: "Anonymous" } }));
    expect(contactsNamed("Anonymous")).toBe(0);
  });

  it("a malformed or unknown token, or another scheme", async () => {
    expect401(await call("GET", "v1/Contact/1", { token: "not-a-token" }));
    expect401(await call("GET", "v1/Contact/1", { token: `8A:${TENANT}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA` }));
    expect401(await call("GET", "v1/Contact/1", { token: null, headers: { authorization: "Basic YWRhOnNlY3JldA==" } }));
    expect401(await call("GET", "v1/Contact/1", { token: null, headers: { authorization: "Bearer" } }));
  });

  it("a token of Cust12345 on Cust54321", async () => {
    const reply = await call("GET", "v1/Contact/1", { tenant: "Cust54321" });
    expect401(reply);
    expect(String(reply.json!.ErrorMessage)).toMatch(/Cust12345/);
    expect((await call("GET", "v1/Contact/1")).status).toBe(200); // the same token on its own tenant
  });

  it("a revoked token", async () => {
    const own = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
    expect((await call("GET", "v1/Contact/1", { token: own })).status).toBe(200);
    const app = emulator.apps.find((a) => a.kind === "web")!;
    const revoked = await request(`${emulator.url}/login/common/oauth/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: own, token_type_hint: "access_token", client_id: app.clientId, client_secret: app.clientSecret! }).toString(),
    });
    await revoked.body.dump();
    expect(revoked.statusCode).toBe(200);
    expect401(await call("GET", "v1/Contact/1", { token: own }));
    expect((await call("GET", "v1/Contact/1")).status).toBe(200); // other tokens still work
  });

  it("an expired token", async () => {
    const clock = emulator.emulator.context.clock;
    const own = (await signIn(emulator, "bob.user@example.com", TENANT)).access_token;
    expect((await call("GET", "v1/Contact/1", { token: own })).status).toBe(200);
    clock.advance(2 * 3_600_000);
    try {
      expect401(await call("GET", "v1/Contact/1", { token: own }));
      expect401(await call("POST", "v1/Agents/Contact/GetContactEntity?contactEntityId=1", { token: own, body: "null" }));
    } finally {
      clock.advance(-2 * 3_600_000);
    }
    expect((await call("GET", "v1/Contact/1", { token: own })).status).toBe(200);
  });
});

describe("tenants that cannot answer", () => {
  it("a tenant in OfflineMaintenance: 503 with Retry-After, with or without a token", async () => {
    for (const options of [{ tenant: "Cust99999", token: null }, { tenant: "Cust99999" }] satisfies TenantCallOptions[]) {
      for (const path of ["v1/Contact/1", "v1/Contact/default", ""]) {
        const reply = await call("GET", path, options);
        expect(expectSoError(reply, 503, "TenantNotRunning")).toMatch(/OfflineMaintenance/);
        expect(String(reply.headers["retry-after"])).toMatch(/^\d+$/);
        expect(Number(reply.headers["retry-after"])).toBeGreaterThan(0);
      }
    }
  });

  it("an unknown tenant: 404", async () => {
    for (const path of ["v1/Contact/1", ""]) {
      expectSoError(await call("GET", path, { tenant: "Cust00000" }), 404);
      expectSoError(await call("GET", path, { tenant: "Cust00000", token: null }), 404);
    }
  });
});
