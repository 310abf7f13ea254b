import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { tenantApiClient, validReply } from "../support/http.js";
import { signIn } from "../support/sign-in.js";

/**
 * Project over REST and Agents (issue #16), like the four entities: default, get, create, replace, patch,
 * delete, conditional requests, lenient input, SuperOffice error bodies; its members; the links of
 * appointments, sales and documents to it. Every 200 entity body is validated against the definition
 * the official Swagger file names for the path.
 */
const TENANT = "Cust12345";
let emulator: StartedEmulator;
let token: string;
const call = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => token });
const FILE = "Swagger-v1-Project.json";
const AGENT = "Swagger-v1-ProjectAgent.json";

beforeAll(async () => {
  emulator = await startEmulator();
  token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
});
afterAll(() => emulator?.stop());

const valid = validReply;

describe("Project over REST", () => {
  it("shows a seeded project with every member, its members and its lists", async () => {
    const p = valid(await call("GET", "v1/Project/1"), FILE, "get", "/api/v1/Project/{id}");
    expect(p.ProjectId).toBe(1);
    expect(p.Name).not.toBe("");
    expect(p.ProjectStatus.Id).toBeGreaterThan(0);
    expect(p.ProjectType.Value).not.toBe("");
    expect(p.ProjectMembers.length).toBeGreaterThan(0);
    for (const m of p.ProjectMembers) {
      expect(m.ProjectId).toBe(1);
      const person = await call("GET", `v1/Person/${m.PersonId}`);
      expect(person.json.Contact.ContactId).toBe(m.ContactId);
      expect(m.FullName).toBe(person.json.FullName ?? m.FullName);
    }
    expect(p._Links.Self).toMatch(/\/api\/v1\/Project\/1$/);
    const simple = valid(await call("GET", "v1/Project/1/Simple"), FILE, "get", "/api/v1/Project/{id}/Simple");
    expect(simple).toMatchObject({ ProjectId: 1, Name: p.Name, ProjectNumber: p.ProjectNumber, Status: p.ProjectStatus.Value });
  });

  it("has a default entity owned by the caller", async () => {
    const d = valid(await call("GET", "v1/Project/default"), FILE, "get", "/api/v1/Project/default");
    expect(d.ProjectId).toBe(0);
    expect(d.Associate.AssociateId).toBe(1);
    expect(d.ProjectMembers).toEqual([]);
  });

  it("creates with members (lenient case and bare ids), replaces, patches and deletes", async () => {
    const person = (await call("GET", "v1/Person/10")).json;
    const created = valid(
      await call("POST", "v1/Project", { body: { name: "Emulator rollout", projectstatus: { Id: 2 }, ProjectType: 1, Urls: [{ Value: "https://example.test/p" }], ProjectMembers: [{ PersonId: 10, ProjectMemberTypeId: 1, Comment: "lead" }] } }),
      FILE,
      "post",
      "/api/v1/Project",
    );
    expect(created).toMatchObject({ Name: "Emulator rollout", ProjectStatus: { Id: 2 }, ProjectType: { Id: 1 }, Completed: false });
    expect(created.ProjectNumber).toBe(String(created.ProjectId));
    expect(created.Urls[0].Value).toBe("https://example.test/p");
    expect(created.ProjectMembers).toHaveLength(1);
    expect(created.ProjectMembers[0]).toMatchObject({ PersonId: 10, ContactId: person.Contact.ContactId, Comment: "lead", ProjectMemberTypeId: 1 });
    const id = created.ProjectId;

    const put = valid(await call("PUT", `v1/Project/${id}`, { body: { ...created, Name: "Renamed", ProjectMembers: [...created.ProjectMembers, { PersonId: 11 }] } }), FILE, "put", "/api/v1/Project/{id}");
    expect(put.Name).toBe("Renamed");
    expect(put.ProjectMembers.map((m: any) => m.PersonId)).toEqual([10, 11]);
    expect(put.ProjectMembers[0].ProjectmemberId).toBe(created.ProjectMembers[0].ProjectmemberId);

    const patched = await call("PATCH", `v1/Project/${id}`, { body: [{ op: "replace", path: "/Completed", value: true }] });
    expect(patched.status).toBe(200);
    expect(patched.json.Completed).toBe(true);
    expect(patched.json.Name).toBe("Renamed");

    const members = await call("POST", "v1/Agents/Project/GetProjectMembers", { body: { ProjectId: id } });
    expect(members.json.map((m: any) => m.PersonId)).toEqual([10, 11]);

    expect((await call("DELETE", `v1/Project/${id}`)).status).toBe(204);
    const gone = await call("GET", `v1/Project/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.json.ErrorType).toBe("SoNotFoundException");
    expect((await call("POST", "v1/Agents/Project/GetProjectMembers", { body: { ProjectId: id } })).json).toEqual([]);
  });

  it("answers bad input with SuperOffice error bodies and writes nothing", async () => {
    const before = (await call("POST", "v1/Agents/Project/GetProjectEntity", { body: { ProjectEntityId: 1 } })).json;
    for (const body of [{ ProjectStatus: { Id: 999 } }, { ProjectMembers: [{ PersonId: 999999 }] }, { ProjectMembers: "x" }, { Completed: "maybe" }, { EndDate: "not a date" }]) {
      const r = await call("PUT", "v1/Project/1", { body: { Name: "should not stick", ...body } });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.ErrorType).toBeTruthy();
      expect(r.json.Message ?? r.json.ErrorMessage).toBeTruthy();
    }
    const after = (await call("POST", "v1/Agents/Project/GetProjectEntity", { body: { ProjectEntityId: 1 } })).json;
    expect(after.Name).toBe(before.Name);
    expect((await call("GET", "v1/Project/abc")).status).toBe(400);
    const validation = await call("POST", "v1/Project/Validate", { body: { ProjectType: { Id: 99 } } });
    expect(Object.keys(validation.json)).toEqual(["ProjectType"]);
  });

  it("honours If-Modified-Since and If-Unmodified-Since", async () => {
    const r = await call("GET", "v1/Project/2");
    const modified = String(r.headers["last-modified"]);
    expect((await call("GET", "v1/Project/2", { headers: { "if-modified-since": modified } })).status).toBe(304);
    expect((await call("PUT", "v1/Project/2", { body: { Name: "x" }, headers: { "if-unmodified-since": "Mon, 01 Jan 2001 00:00:00 GMT" } })).status).toBe(412);
  });
});

describe("Project over Agents", () => {
  const agent = (method: string, body?: unknown) => call("POST", `v1/Agents/Project/${method}`, { body });

  it("creates by SaveProjectEntity with id 0, reads, lists, completes and deletes", async () => {
    const def = valid(await agent("CreateDefaultProjectEntity"), AGENT, "post", "/api/v1/Agents/Project/CreateDefaultProjectEntity");
    const saved = valid(await agent("SaveProjectEntity", { ...def, Name: "Agent project", ProjectNumber: "AG-1" }), AGENT, "post", "/api/v1/Agents/Project/SaveProjectEntity");
    expect(saved.ProjectNumber).toBe("AG-1");
    const id = saved.ProjectId;
    valid(await agent("GetProjectEntity", { ProjectEntityId: id }), AGENT, "post", "/api/v1/Agents/Project/GetProjectEntity");
    const simple = valid(await agent("GetProject", { ProjectId: id }), AGENT, "post", "/api/v1/Agents/Project/GetProject");
    expect(simple.Name).toBe("Agent project");
    const list = await agent("GetProjectList", [id, 999999, 1]);
    expect(list.json.map((p: any) => p.ProjectId)).toEqual([id, 1]);
    expect((await agent("SetCompleted", { ProjectId: id, IsCompleted: true })).status).toBe(204);
    expect((await agent("GetProjectEntity", { ProjectEntityId: id })).json.Completed).toBe(true);
    expect((await agent("ValidateProjectEntity", { ProjectEntity: { ProjectStatus: { Id: 77 } } })).json).toHaveProperty("ProjectStatus");
    expect((await agent("DeleteProjectEntity", { ProjectEntityId: id })).status).toBe(204);
    const missing = await agent("GetProjectEntity", { ProjectEntityId: id });
    expect(missing.status).toBe(200);
    expect(missing.json).toBeNull();
  });

  it("finds the projects of a company and a person through their members", async () => {
    const members = (await agent("GetProjectMembers", { ProjectId: 1 })).json;
    const m = members[0];
    const fromPerson = (await agent("GetProjectsFromPerson", { PersonId: m.PersonId })).json;
    expect(fromPerson.map((p: any) => p.ProjectId)).toContain(1);
    const fromContact = (await agent("GetProjectsFromContact", { ContactId: m.ContactId })).json;
    expect(fromContact.map((p: any) => p.ProjectId)).toContain(1);
    const mine = (await agent("GetMyProjects", { IncludeMemberProjects: false })).json;
    for (const p of mine) expect(p.AssociateId).toBe(1);
  });
});

describe("links to a project", () => {
  it("deleting a project keeps its appointments, sales and documents, without the link", async () => {
    const project = (await call("POST", "v1/Project", { body: { Name: "Linked" } })).json;
    const sale = (await call("POST", "v1/Sale", { body: { Heading: "Project sale", Project: { ProjectId: project.ProjectId } } })).json;
    const doc = (await call("POST", "v1/Document", { body: { Header: "Project doc", Project: project.ProjectId } })).json;
    expect(doc.Project.ProjectId).toBe(project.ProjectId);
    expect((await call("DELETE", `v1/Project/${project.ProjectId}`)).status).toBe(204);
    expect((await call("GET", `v1/Document/${doc.DocumentId}`)).json.Project).toBeNull();
    expect((await call("GET", `v1/Sale/${sale.SaleId}`)).status).toBe(200);
  });
});
