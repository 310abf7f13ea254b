import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { tenantApiClient } from "../support/http.js";
import { signIn } from "../support/sign-in.js";

/**
 * The archive lists of projects and documents (issue #16): `GET v1/Project`, `GET v1/Document` and the
 * sub-archives between them and the other entities, each checked against the same rows fetched through
 * the entity endpoints and agents.
 */
const TENANT = "Cust12345";
let emulator: StartedEmulator;
let token: string;
const call = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => token });
const rows = async (path: string) => {
  const r = await call("GET", path);
  expect(r.status, r.text.slice(0, 300)).toBe(200);
  return r.json.value as Record<string, any>[];
};

beforeAll(async () => {
  emulator = await startEmulator();
  token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
});
afterAll(() => emulator?.stop());

describe("GET v1/Project", () => {
  it("lists every project with the values the entity shows", async () => {
    const list = await rows("v1/Project?$select=projectId,name,number,status,typeId,associateId,completed,memberCount&$top=500");
    expect(list).toHaveLength(30);
    for (const row of list.slice(0, 8)) {
      const p = (await call("GET", `v1/Project/${row.projectId}`)).json;
      expect(row.name).toBe(p.Name);
      expect(row.number).toBe(p.ProjectNumber);
      expect(row.status).toBe(p.ProjectStatus.Value);
      expect(row.typeId).toBe(p.ProjectType.Id);
      expect(row.completed).toBe(p.Completed);
      expect(row.memberCount).toBe(p.ProjectMembers.length);
    }
  });

  it("filters and orders by SuperOffice's column names", async () => {
    const all = await rows("v1/Project?$select=projectId,statusId&$top=500");
    const status = all[0]!.statusId;
    const filtered = await rows(`v1/Project?$select=projectId,statusId&$filter=statusId eq ${status}&$orderBy=projectId desc`);
    expect(filtered.map((r) => r.projectId)).toEqual(all.filter((r) => r.statusId === status).map((r) => r.projectId).sort((a, b) => b - a));
    expect((await call("GET", "v1/Project?$filter=noSuchColumn eq 1")).status).toBe(400);
  });

  it("members of a project match GetProjectMembers", async () => {
    const members = (await call("POST", "v1/Agents/Project/GetProjectMembers", { body: { ProjectId: 3 } })).json;
    const archive = await rows("v1/Project/3/Members?$select=projectMemberId,personId,contactId,person/firstName");
    expect(archive.map((r) => [r.projectMemberId, r.personId, r.contactId])).toEqual(members.map((m: any) => [m.ProjectmemberId, m.PersonId, m.ContactId]));
    expect(archive.map((r) => r["person/firstName"])).toEqual(members.map((m: any) => m.Firstname));
    expect((await call("GET", "v1/Project/999999/Members")).status).toBe(404);
  });

  it("activities of a project are the appointments that name it", async () => {
    const withProject = await rows("v1/Appointment?$select=appointmentId,projectId&$filter=projectId gt 0&$top=5");
    expect(withProject.length).toBeGreaterThan(0);
    const projectId = withProject[0]!.projectId;
    const activities = await rows(`v1/Project/${projectId}/Activities?$select=appointmentId,projectId`);
    expect(activities.map((a) => a.appointmentId)).toContain(withProject[0]!.appointmentId);
    for (const a of activities.slice(0, 5)) {
      expect((await call("GET", `v1/Appointment/${a.appointmentId}`)).json.Project.ProjectId).toBe(projectId);
    }
  });

  it("sales show the project they belong to", async () => {
    const sales = await rows("v1/Sale?$select=saleId,projectId&$filter=projectId gt 0&$top=3");
    expect(sales.length).toBeGreaterThan(0);
    for (const s of sales) {
      const sale = (await call("GET", `v1/Sale/${s.saleId}`)).json;
      expect(sale.Project.ProjectId).toBe(s.projectId);
    }
  });
});

describe("GET v1/Document", () => {
  it("lists every document with the values the entity shows", async () => {
    const list = await rows("v1/Document?$select=documentId,subject,name,contactId,personId,projectId,saleId,documentTemplate,size&$top=1000");
    expect(list).toHaveLength(200);
    for (const row of list.slice(0, 10)) {
      const d = (await call("GET", `v1/Document/${row.documentId}`)).json;
      expect(row.subject).toBe(d.Header);
      expect(row.name).toBe(d.Name);
      expect(row.contactId).toBe(d.Contact?.ContactId ?? 0);
      expect(row.personId).toBe(d.Person?.PersonId ?? 0);
      expect(row.projectId).toBe(d.Project?.ProjectId ?? 0);
      expect(row.saleId).toBe(d.Sale?.SaleId ?? 0);
      expect(row.documentTemplate).toBe(d.DocumentTemplate.Name);
      const length = (await call("GET", `v1/Document/${row.documentId}/Length`)).json;
      expect(row.size ?? 0).toBe(length);
    }
  });

  it("a contact's and a person's documents match the DocumentAgent lists", async () => {
    const some = await rows("v1/Document?$select=documentId,contactId,personId&$filter=personId gt 0&$top=1");
    const { contactId, personId } = some[0]!;
    const byContact = (await call("POST", "v1/Agents/Document/GetContactDocuments", { body: { ContactId: contactId } })).json.map((d: any) => d.DocumentId).sort();
    const archive = (await rows(`v1/Contact/${contactId}/Documents?$select=documentId`)).map((r) => r.documentId).sort();
    expect(archive).toEqual(byContact);
    const byPerson = (await call("POST", "v1/Agents/Document/GetPersonDocuments", { body: { PersonId: personId } })).json.map((d: any) => d.DocumentId).sort();
    expect((await rows(`v1/Person/${personId}/Documents?$select=documentId`)).map((r) => r.documentId).sort()).toEqual(byPerson);
  });

  it("filters on text columns and follows a new document", async () => {
    const created = (await call("POST", "v1/Document", { body: { Header: "Zebra archive probe", Contact: 7 } })).json;
    const hits = await rows("v1/Document?$select=documentId,subject&$filter=subject contains 'Zebra archive'");
    expect(hits.map((r) => r.documentId)).toEqual([created.DocumentId]);
    await call("DELETE", `v1/Document/${created.DocumentId}`);
    expect(await rows("v1/Document?$select=documentId&$filter=subject contains 'Zebra archive'")).toEqual([]);
  });
});
