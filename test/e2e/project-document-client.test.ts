import { describe, expect, it } from "vitest";
import { httpRequest } from "../support/http.js";
import { validateBody } from "../support/openapi.js";
import { apiUrl, op, parentContactId, parentPersonId, so, token, useClientEmulator, validated, watch } from "../support/tenant-api-client.js";

/**
 * The official client's ProjectRestApi, DocumentRestApi, ProjectAgent and DocumentAgent against the
 * emulator (issue #16): create, read, PUT, PATCH, delete and the agent round trips, every response
 * validated against the official Swagger definitions by the support's interceptor; and a document's
 * bytes through DocumentAgent's stream methods.
 */
useClientEmulator();

function connect() {
  const webapi = new so.WebApi(apiUrl);
  webapi.authenticateWithToken(token);
  return {
    projectRest: watch(webapi.getProjectRestApi()),
    projectAgent: watch(webapi.getProjectAgent()),
    documentRest: watch(webapi.getDocumentRestApi()),
    documentAgent: watch(webapi.getDocumentAgent()),
    // The stream methods answer bytes, not a carrier: not run through the carrier validation.
    streams: webapi.getDocumentAgent(),
    // Array answers (ProjectMember[]) are validated item by item below.
    projectLists: webapi.getProjectAgent(),
  };
}

describe("ProjectRestApi and ProjectAgent", () => {
  it("REST: default, create with a member, read, PUT, PATCH, delete", async () => {
    const c = connect();
    const draft = await c.projectRest.getDefaultAsync();
    expect(draft.projectId).toBe(0);
    draft.name = `Client project ${process.pid}`;
    draft.projectMembers = [{ personId: parentPersonId }];
    const created = await c.projectRest.postAsync(draft);
    expect(created.projectId).toBeGreaterThan(0);
    expect(created.projectMembers?.map((m) => m.contactId)).toEqual([parentContactId]);
    const id = created.projectId!;
    const read = await c.projectRest.getByIdAsync(id);
    expect(read.name).toBe(draft.name);
    read.description = "Put by the official client";
    expect((await c.projectRest.putByIdAsync(id, read)).description).toBe("Put by the official client");
    const patched = await c.projectRest.patchByIdAsync(id, [op("/Postit", "patched note")]);
    expect(patched.postit).toBe("patched note");
    await c.projectRest.deleteByIdAsync(id);
    await expect(c.projectRest.getByIdAsync(id)).rejects.toThrow();
    expect(validated.get("ProjectEntityWithLinks")).toBeGreaterThan(0);
  });

  it("Agent: CreateDefault, Save, Get, GetProject, GetProjectMembers, Delete", async () => {
    const c = connect();
    const draft = await c.projectAgent.createDefaultProjectEntityAsync();
    draft.name = `Agent project ${process.pid}`;
    const saved = await c.projectAgent.saveProjectEntityAsync(draft);
    const id = saved.projectId!;
    expect((await c.projectAgent.getProjectEntityAsync(id))?.name).toBe(draft.name);
    expect((await c.projectAgent.getProjectAsync(id))?.projectId).toBe(id);
    const members = await c.projectLists.getProjectMembersAsync(1);
    expect(members).not.toHaveLength(0);
    const rawMembers = (await httpRequest("POST", `${apiUrl}v1/Agents/Project/GetProjectMembers`, { body: { ProjectId: 1 }, headers: { authorization: `Bearer ${token}` } })).json;
    for (const m of rawMembers) expect(validateBody("ProjectMember", m)).toEqual([]);
    expect(members.map((m) => m.projectmemberId)).toEqual(rawMembers.map((m: any) => m.ProjectmemberId));
    await c.projectAgent.deleteProjectEntityAsync(id);
    expect(await c.projectAgent.getProjectEntityAsync(id)).toBeNull();
  });
});

describe("DocumentRestApi and DocumentAgent", () => {
  it("REST: default, create on a contact and person, read, PUT, PATCH, delete", async () => {
    const c = connect();
    const draft = await c.documentRest.getDefaultAsync();
    draft.header = `Client document ${process.pid}`;
    draft.contact = { contactId: parentContactId };
    draft.person = { personId: parentPersonId };
    const created = await c.documentRest.postAsync(draft);
    const id = created.documentId!;
    expect(created.person?.personId).toBe(parentPersonId);
    const read = await c.documentRest.getByIdAsync(id);
    read.yourRef = "YR-7";
    expect((await c.documentRest.putByIdAsync(id, read)).yourRef).toBe("YR-7");
    expect((await c.documentRest.patchByIdAsync(id, [op("/OurRef", "OR-1")])).ourRef).toBe("OR-1");
    await c.documentRest.deleteByIdAsync(id);
    await expect(c.documentRest.getByIdAsync(id)).rejects.toThrow();
    expect(validated.get("DocumentEntityWithLinks")).toBeGreaterThan(0);
  });

  it("Agent: save, get, and the bytes through SetDocumentStream / GetDocumentStream", async () => {
    const c = connect();
    const draft = await c.documentAgent.createDefaultDocumentEntityAsync();
    draft.header = `Streamed by the client ${process.pid}`;
    draft.contact = { contactId: parentContactId };
    const saved = await c.documentAgent.saveDocumentEntityAsync(draft);
    const id = saved.documentId!;
    expect((await c.documentAgent.getDocumentAsync(id))?.documentId).toBe(id);
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 10, 13]);
    const withBytes = await c.documentAgent.setDocumentStreamAsync(saved, bytes.buffer as ArrayBuffer, true);
    expect(withBytes.documentId).toBe(id);
    const back = (await c.streams.getDocumentStreamAsync(id)) as ArrayBuffer;
    expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
    // The client's typings make versionId required; its JS sends no VersionId when it is left out (the latest version).
    const streams: { getDocumentLengthAsync(documentId: number, versionId?: string): Promise<number> } = c.streams;
    expect(Number(await streams.getDocumentLengthAsync(id))).toBe(bytes.length);
    await c.documentAgent.deleteDocumentEntityAsync(id);
    expect(await c.documentAgent.getDocumentEntityAsync(id)).toBeNull();
  });
});
