import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { tenantApiClient, validReply } from "../support/http.js";
import { signIn } from "../support/sign-in.js";

/**
 * Document over REST and Agents (issue #16): the entity like the four others, validated against the
 * official Swagger definitions, and its bytes: REST Content/Length, the DocumentAgent stream methods,
 * raw and base64, the size limit, and bytes that survive a restart of an emulator with a data directory.
 */
const TENANT = "Cust12345";
let emulator: StartedEmulator;
let token: string;
const call = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => token });
const FILE = "Swagger-v1-Document.json";
const AGENT = "Swagger-v1-DocumentAgent.json";
const agent = (method: string, body?: unknown, headers?: Record<string, string>) => call("POST", `v1/Agents/Document/${method}`, { body, headers });

beforeAll(async () => {
  emulator = await startEmulator();
  token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
});
afterAll(() => emulator?.stop());

const valid = validReply;

describe("Document over REST and Agents", () => {
  it("shows seeded documents on a contact, person, project or sale, each schema-valid", async () => {
    const kinds = new Set<string>();
    for (let id = 1; id <= 40; id++) {
      const d = valid(await call("GET", `v1/Document/${id}`), FILE, "get", "/api/v1/Document/{id}");
      expect(d.DocumentId).toBe(id);
      expect(d.Type).toBe("Document");
      expect(d.DocumentTemplate.DocumentTemplateId).toBeGreaterThan(0);
      if (d.Sale) kinds.add("sale");
      else if (d.Project) kinds.add("project");
      else if (d.Person) kinds.add("person");
      else if (d.Contact) kinds.add("contact");
      if (d.Person && d.Contact) {
        const person = (await call("GET", `v1/Person/${d.Person.PersonId}`)).json;
        expect(person.Contact.ContactId).toBe(d.Contact.ContactId);
      }
    }
    expect([...kinds].sort()).toEqual(["contact", "person", "project", "sale"]);
  });

  it("creates, replaces, patches and deletes, with a file name made from the header", async () => {
    const def = valid(await call("GET", "v1/Document/default"), FILE, "get", "/api/v1/Document/default");
    expect(def).toMatchObject({ DocumentId: 0, Completed: "NotStarted" });
    const created = valid(await call("POST", "v1/Document", { body: { header: "Offer for pumps", Contact: 5, DocumentTemplate: { Id: 1 }, OurRef: "AH" } }), FILE, "post", "/api/v1/Document");
    expect(created.Name).toBe(`Offer_for_pumps_${created.DocumentId}.txt`);
    expect(created.Contact.ContactId).toBe(5);
    const id = created.DocumentId;
    const put = valid(await call("PUT", `v1/Document/${id}`, { body: { ...created, YourRef: "Y-1", Completed: "Completed" } }), FILE, "put", "/api/v1/Document/{id}");
    expect(put).toMatchObject({ YourRef: "Y-1", Completed: "Completed", OurRef: "AH" });
    const patched = await call("PATCH", `v1/Document/${id}`, { body: [{ op: "replace", path: "/Description", value: "patched" }] });
    expect(patched.json.Description).toBe("patched");
    const modified = String((await call("GET", `v1/Document/${id}`)).headers["last-modified"]);
    expect((await call("GET", `v1/Document/${id}`, { headers: { "if-modified-since": modified } })).status).toBe(304);
    expect((await call("DELETE", `v1/Document/${id}`)).status).toBe(204);
    expect((await call("GET", `v1/Document/${id}`)).json.ErrorType).toBe("SoNotFoundException");
  });

  it("refuses a person of another company, an unknown template and a bad date, writing nothing", async () => {
    const other = (await call("GET", "v1/Person/20")).json;
    const contactId = other.Contact.ContactId === 5 ? 6 : 5;
    for (const body of [{ Contact: contactId, Person: 20 }, { DocumentTemplate: 99 }, { Date: "tomorrow-ish" }, { Sale: 999999 }]) {
      const r = await call("POST", "v1/Document", { body: { Header: "no", ...body } });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.ErrorType).toBeTruthy();
    }
  });

  it("agents: default, save, get, list, validate, delete, and the lists by owner", async () => {
    const def = valid(await agent("CreateDefaultDocumentEntity"), AGENT, "post", "/api/v1/Agents/Document/CreateDefaultDocumentEntity");
    const saved = valid(await agent("SaveDocumentEntity", { ...def, Header: "Agent doc", Project: { ProjectId: 1 } }), AGENT, "post", "/api/v1/Agents/Document/SaveDocumentEntity");
    const id = saved.DocumentId;
    valid(await agent("GetDocumentEntity", { DocumentEntityId: id }), AGENT, "post", "/api/v1/Agents/Document/GetDocumentEntity");
    const simple = valid(await agent("GetDocument", { DocumentId: id }), AGENT, "post", "/api/v1/Agents/Document/GetDocument");
    expect(simple).toMatchObject({ DocumentId: id, Header: "Agent doc", ProjectId: 1 });
    expect((await agent("GetDocumentList", [id])).json.map((d: any) => d.DocumentId)).toEqual([id]);
    expect((await agent("GetProjectDocuments", { ProjectId: 1 })).json.map((d: any) => d.DocumentId)).toContain(id);
    const onContact = (await agent("GetContactDocuments", { ContactId: 5, Count: 2 })).json;
    expect(onContact.length).toBeLessThanOrEqual(2);
    for (const d of onContact) expect(d.ContactId).toBe(5);
    expect((await agent("ValidateDocumentEntity", { DocumentEntity: { Sale: 999999 } })).json).toHaveProperty("Sale");
    expect((await agent("DeleteDocumentEntity", { DocumentEntityId: id })).status).toBe(204);
    expect((await agent("GetDocumentEntity", { DocumentEntityId: id })).json).toBeNull();
  });
});

describe("document content", () => {
  const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80, 0x0a]);

  it("round-trips raw bytes over REST, with the content type, length and deletion", async () => {
    const doc = (await call("POST", "v1/Document", { body: { Header: "Raw", Contact: 3 } })).json;
    const id = doc.DocumentId;
    expect((await call("GET", `v1/Document/${id}/Length`)).json).toBe(0);
    const put = await call("PUT", `v1/Document/${id}/Content`, { body: bytes, headers: { "content-type": "application/pdf" } });
    valid(put, FILE, "put", "/api/v1/Document/{documentId}/Content");
    const raw = await call("GET", `v1/Document/${id}/Content`, { headers: { accept: "application/octet-stream" } });
    expect(raw.status).toBe(200);
    expect(raw.headers["content-type"]).toBe("application/pdf");
    expect(raw.bytes.equals(bytes)).toBe(true);
    const asJson = await call("GET", `v1/Document/${id}/Content`);
    expect(Buffer.from(asJson.json, "base64").equals(bytes)).toBe(true);
    expect((await call("GET", `v1/Document/${id}/Length`)).json).toBe(bytes.length);
    // The Swagger's `format: byte` body: a JSON base64 string.
    await call("PUT", `v1/Document/${id}/Content`, { body: JSON.stringify(Buffer.from("hello").toString("base64")) });
    expect((await call("GET", `v1/Document/${id}/Content`, { headers: { accept: "application/octet-stream" } })).text).toBe("hello");
    const deleted = await call("DELETE", `v1/Document/${id}/Content`);
    expect(deleted.json.Success).toBe(true);
    expect((await call("GET", `v1/Document/${id}/Length`)).json).toBe(0);
    expect((await call("GET", "v1/Document/999999/Content")).status).toBe(404);
    expect((await call("PUT", `v1/Document/${id}/Content`, { body: JSON.stringify("not base64!") })).status).toBe(400);
  });

  it("round-trips through the DocumentAgent stream methods, refusing to overwrite unless told", async () => {
    const set = valid(
      await agent("SetDocumentStream", { DocumentEntity: { DocumentId: 0, Header: "Streamed", Contact: { ContactId: 4 } }, Stream: bytes.toString("base64"), OverwriteExistingData: false }),
      AGENT,
      "post",
      "/api/v1/Agents/Document/SetDocumentStream",
    );
    const id = set.DocumentId;
    expect(id).toBeGreaterThan(0);
    const octets = await agent("GetDocumentStream", { DocumentId: id }, { accept: "application/octet-stream" });
    expect(octets.bytes.equals(bytes)).toBe(true);
    expect((await agent("GetDocumentLength", { DocumentId: id })).json).toBe(bytes.length);
    const again = await agent("SetDocumentStream", { DocumentEntity: set, Stream: Buffer.from("x").toString("base64") });
    expect(again.status).toBe(400);
    valid(await agent("SetDocumentStreamFromId", { DocumentId: id, Stream: Buffer.from("replaced").toString("base64") }), AGENT, "post", "/api/v1/Agents/Document/SetDocumentStreamFromId");
    expect(Buffer.from((await agent("GetDocumentStream", { DocumentId: id })).json, "base64").toString()).toBe("replaced");
    expect((await agent("DeletePhysicalDocument", { DocumentId: id })).json.Success).toBe(true);
  });

  it("seeded text documents have their bytes; an upload over the size limit is a 413", async () => {
    let found = 0;
    for (let id = 1; id <= 30 && found === 0; id++) {
      const r = await call("GET", `v1/Document/${id}/Content`, { headers: { accept: "application/octet-stream" } });
      if (r.bytes.length > 0) {
        found = id;
        expect(r.headers["content-type"]).toBe("text/plain");
        expect(r.text).toContain((await call("GET", `v1/Document/${id}`)).json.Header);
      }
    }
    expect(found).toBeGreaterThan(0);
    const big = await call("PUT", `v1/Document/${found}/Content`, { body: new Uint8Array(1_100_000), headers: { "content-type": "application/octet-stream" } });
    expect(big.status).toBe(413);
  });
});

describe("document content across a restart", () => {
  it("keeps the bytes in the data directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sod-documents-"));
    try {
      const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
      let first: StartedEmulator | undefined = await startEmulator({ dataDir: dir });
      let t = (await signIn(first, "ada.admin@example.com", TENANT)).access_token;
      const at = (e: StartedEmulator) => tenantApiClient({ origin: () => e.url, tenant: TENANT, token: () => t });
      const doc = (await at(first)("POST", "v1/Document", { body: { Header: "Durable", Contact: 2 } })).json;
      expect((await at(first)("PUT", `v1/Document/${doc.DocumentId}/Content`, { body: bytes, headers: { "content-type": "image/png" } })).status).toBe(200);
      await first.stop();
      first = undefined;
      const second = await startEmulator({ dataDir: dir });
      try {
        t = (await signIn(second, "ada.admin@example.com", TENANT)).access_token;
        const back = await at(second)("GET", `v1/Document/${doc.DocumentId}/Content`, { headers: { accept: "application/octet-stream" } });
        expect(back.headers["content-type"]).toBe("image/png");
        expect(back.bytes.equals(bytes)).toBe(true);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
