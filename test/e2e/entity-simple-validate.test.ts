import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { databaseOf } from "../../src/store/store.js";
import { tenantApiClient } from "../support/http.js";
import { responseDefinition, validateBody } from "../support/openapi.js";

/** `GET v1/{Entity}/{id}/Simple` and `POST v1/{Entity}/Validate` (netserver.md §4.5, §6.8). */
let emulator: StartedEmulator;
let token: string;
beforeAll(async () => {
  emulator = await startEmulator();
  token = (await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" })).access_token;
});
afterAll(() => emulator?.stop());

const v1 = tenantApiClient({ origin: () => emulator.url, tenant: "Cust12345", token: () => token, prefix: "v1/" });
/** The body must be JSON: JSON.parse throws on anything else. */
const call = async (method: string, path: string, body?: unknown) => {
  const reply = await v1(method, path, { body });
  return { status: reply.status, body: JSON.parse(reply.text) as Record<string, unknown> };
};

describe("Simple and Validate", () => {
  it.each([
    ["Contact", 2, "Swagger-v1-Contact.json", "/api/v1/Contact/{id}/Simple", "ContactId"],
    ["Person", 7, "Swagger-v1-Person.json", "/api/v1/Person/{id}/Simple", "PersonId"],
    ["Appointment", 1, "Swagger-v1-Appointment.json", "/api/v1/Appointment/{id}/Simple", "AppointmentId"],
    ["Sale", 1, "Swagger-v1-Sale.json", "/api/v1/Sale/{id}/Simple", "SaleId"],
  ])("%s/{id}/Simple is the official simple carrier", async (entity, id, file, path, idMember) => {
    const { status, body } = await call("GET", `${entity}/${id}/Simple`);
    expect(status).toBe(200);
    expect(body[idMember]).toBe(id);
    expect(validateBody(responseDefinition(file, "get", path), body)).toEqual([]);
    expect((await call("GET", `${entity}/999999/Simple`)).status).toBe(404);
  });

  it("Validate answers {} for a good entity and names the member of a bad one, saving nothing", async () => {
    const before = databaseOf(emulator.emulator.context.store).prepare("SELECT count(*) FROM persons").pluck().get();
    expect(await call("POST", "Person/Validate", { Firstname: "Ann", Contact: { ContactId: 2 } })).toEqual({ status: 200, body: {} });
    const bad = await call("POST", "Person/Validate", { Firstname: "Ann", Contact: { ContactId: 999999 } });
    expect(bad.status).toBe(200);
    expect(bad.body).toEqual({ Contact: "Contact: there is no contact with id 999999 in Cust12345" });
    const wrongType = await call("POST", "Contact/Validate", { Name: { nested: true } });
    expect(Object.keys(wrongType.body)).toEqual(["Name"]);
    expect(databaseOf(emulator.emulator.context.store).prepare("SELECT count(*) FROM persons").pluck().get()).toBe(before);
  });
});
