import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";
import { tenantApiClient } from "../support/http.js";

/**
 * `v1/Contact/{id}/Projects` and `v1/Project/{id}/Contacts` (Swagger-v1-Contact/Project.json): the sub-archives
 * that link through project members, checked against the members each project lists.
 */
let emulator: StartedEmulator;
let call: ReturnType<typeof tenantApiClient>;
beforeAll(async () => {
  emulator = await startEmulator();
  const { access_token } = await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" });
  call = tenantApiClient({ origin: () => emulator.url, tenant: "Cust12345", token: () => access_token });
});
afterAll(() => emulator?.stop());

type Rows = { value: Record<string, unknown>[] };
const ids = (rows: Rows, key: string) => rows.value.map((r) => Number(r[key])).sort((a, b) => a - b);

describe("sub-archives through project members", () => {
  it("a project's contacts are its members' companies, and each of those contacts lists the project", async () => {
    const projects = (await call("GET", "v1/Project?$select=projectId&$top=40")).json as Rows;
    let checked = 0;
    for (const projectId of ids(projects, "projectId")) {
      const members = (await call("GET", `v1/Project/${projectId}/Members?$select=contactId`)).json as Rows;
      const memberContacts = [...new Set(ids(members, "contactId").filter((id) => id > 0))];
      const contacts = await call("GET", `v1/Project/${projectId}/Contacts?$select=contactId,name`);
      expect(contacts.status).toBe(200);
      expect(ids(contacts.json as Rows, "contactId")).toEqual(memberContacts);
      for (const contactId of memberContacts) {
        const theirs = (await call("GET", `v1/Contact/${contactId}/Projects?$select=projectId`)).json as Rows;
        expect(ids(theirs, "projectId")).toContain(projectId);
      }
      if (memberContacts.length > 0) checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("every project a contact lists has a member from that contact; filters and paging apply on top", async () => {
    const contact = (await call("GET", "v1/Project/1/Contacts?$select=contactId&$top=1")).json as Rows;
    const contactId = Number(contact.value[0]?.contactId ?? 2);
    const projects = (await call("GET", `v1/Contact/${contactId}/Projects?$select=projectId,name&$orderBy=name`)).json as Rows;
    for (const projectId of ids(projects, "projectId")) {
      const members = (await call("GET", `v1/Project/${projectId}/Members?$select=contactId`)).json as Rows;
      expect(ids(members, "contactId")).toContain(contactId);
    }
    const first = (await call("GET", `v1/Contact/${contactId}/Projects?$select=projectId&$top=1`)).json as Rows;
    expect(first.value.length).toBeLessThanOrEqual(1);
  });

  it("a contact without projects lists none; an unknown parent is SuperOffice's 404", async () => {
    const created = (await call("POST", "v1/Contact", { body: { Name: "No Projects AS" } })).json as { ContactId: number };
    expect(((await call("GET", `v1/Contact/${created.ContactId}/Projects`)).json as Rows).value).toEqual([]);
    const unknown = await call("GET", "v1/Project/999999/Contacts");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ ErrorType: "SoNotFoundException" });
  });
});
