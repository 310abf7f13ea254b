// The client runs in New York while tenant Cust12345 keeps Europe/Oslo time: dates must not drift between
// the two. Node re-reads TZ when it is assigned, and vitest runs each file in its own process.
process.env.TZ = "America/New_York";

import { describe, expect, it } from "vitest";
import { CHANGED_BY_SAVE, appointmentCase, connect, contactCase, label, op, personCase, raw, rejectionStatus, saleCase, validated, withoutMembers, type EntityCase, useClientEmulator } from "../support/tenant-api-client.js";

/**
 * The official client, `@superoffice/webapi`, against the emulator: its REST classes (ContactRestApi...)
 * and Agent classes (ContactAgent...) for create, read, PUT, PATCH, conditional reads and delete. Every
 * response body this file receives from an entity endpoint is validated against the definition the
 * official Swagger file names for that path (test/support/openapi.ts).
 */
useClientEmulator();

describe("the test process", () => {
  it("runs in New York time, not in UTC and not in the tenant's zone", () => {
    expect(new Date("2026-03-02T12:00:00Z").getTimezoneOffset()).toBe(300);
    expect(new Date("2026-07-02T12:00:00Z").getTimezoneOffset()).toBe(240);
  });
});

function entitySuite<T extends object>(c: EntityCase<T>) {
  const endpoint = `v1/${c.name}`;

  describe(`${c.name} through the official client`, () => {
    it("REST: default, create, read, PUT, PATCH (operations and merge object), delete", async () => {
      const rest = c.rest(connect());
      const draft = await rest.getDefaultAsync();
      expect(c.id(draft)).toBe(0);
      const name = label(c.name);
      await c.fill(draft, name);

      const created = await rest.postAsync(draft);
      const id = c.id(created);
      expect(id).toBeGreaterThan(0);

      const read = await rest.getByIdAsync(id);
      expect(read).toEqual(created);

      c.edit(read);
      const put = await rest.putByIdAsync(id, read);
      expect(c.id(put)).toBe(id);
      expect(c.edited(put)).toBe(c.editedValue);

      const patched = await rest.patchByIdAsync(id, [op(c.patch.path, c.patch.value)]);
      expect(c.patch.read(patched)).toEqual(c.patch.value);
      expect(c.edited(patched)).toBe(c.editedValue);

      const merged = await rest.patchByIdAsync(id, c.merge.body);
      expect(c.merge.read(merged)).toEqual(c.merge.value);
      expect(c.patch.read(merged)).toEqual(c.patch.value);

      expect(await rest.getByIdAsync(id)).toEqual(merged);

      await rest.deleteByIdAsync(id);
      const gone = await rejectionStatus(rest.getByIdAsync(id));
      expect(gone.status).toBe(404);
      expect(gone.data).toMatchObject({ Error: true, ErrorType: "SoNotFoundException", ErrorMessage: `${c.name} id ${id} not found` });
    });

    it("REST: conditional reads give null for 304, reject for 412, and stale headers do not break later calls", async () => {
      // A connection of its own: the client copies its shared header object by reference, so
      // If-Modified-Since / If-Unmodified-Since stick to every later request of this connection.
      const conn = connect();
      const rest = c.rest(conn);
      const draft = await rest.getDefaultAsync();
      await c.fill(draft, label(`${c.name} conditional`));
      const id = c.id(await rest.postAsync(draft));

      let lastModified = "";
      const read = await rest.getByIdAsync(id, { responseCallback: (r) => void (lastModified = String(r.headers["last-modified"])) });
      expect(lastModified).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      const since = new Date(lastModified);

      expect(await rest.getByIdAsync(id, { ifModifiedSince: since })).toBeNull();
      const thrown = await rejectionStatus(rest.getByIdAsync(id, { ifModifiedSince: since, ifNotModifiedThrowError: true }));
      expect(thrown.status).toBe(304);
      expect(await rest.getByIdAsync(id, { ifModifiedSince: new Date(since.getTime() - 60_000) })).toEqual(read);

      const before = await raw("GET", `${endpoint}/${id}`);
      c.edit(read);
      const refused = await rejectionStatus(rest.putByIdAsync(id, read, { ifUnmodifiedSince: new Date(since.getTime() - 60_000) }));
      expect(refused.status).toBe(412);
      expect((await raw("GET", `${endpoint}/${id}`)).body).toEqual(before.body);

      // The stale If-Unmodified-Since now rides along on everything; Agents ignore it (netserver.md §2).
      const agent = c.agent(conn);
      expect(c.id((await agent.get(id))!)).toBe(id);
      expect(await rest.putByIdAsync(id, read, { ifUnmodifiedSince: new Date(Date.now() + 60_000) })).not.toBeNull();
      expect((await raw("DELETE", `${endpoint}/${id}`)).status).toBe(204);
    });

    it("Agents: CreateDefault, Save (create, then update), Get, Get summary, Delete", async () => {
      const agent = c.agent(connect());
      const draft = await agent.createDefault();
      expect(c.id(draft)).toBe(0);
      await c.fill(draft, label(`${c.name} agent`));
      const saved = await agent.save(draft);
      const id = c.id(saved);
      expect(id).toBeGreaterThan(0);

      const got = await agent.get(id);
      expect(got).toEqual(saved);

      c.edit(got!);
      const updated = await agent.save(got!);
      expect(c.id(updated)).toBe(id);
      expect(c.edited(updated)).toBe(c.editedValue);
      expect(await agent.summaryId(id)).toBe(id);

      await agent.remove(id);
      expect(await agent.get(id)).toBeNull();
      expect((await raw("GET", `${endpoint}/${id}`)).status).toBe(404);
    });

    it("a PUT of the entity exactly as the client read it (with offsets) changes nothing but UpdatedDate/UpdatedBy", async () => {
      const rest = c.rest(connect({ timezoneInclude: true }));
      const draft = await rest.getDefaultAsync();
      await c.fill(draft, label(`${c.name} round trip`));
      const id = c.id(await rest.postAsync(draft));
      const before = await raw("GET", `${endpoint}/${id}`);

      await rest.putByIdAsync(id, await rest.getByIdAsync(id));
      const after = await raw("GET", `${endpoint}/${id}`);
      expect(withoutMembers(after.body, CHANGED_BY_SAVE)).toEqual(withoutMembers(before.body, CHANGED_BY_SAVE));
      expect(after.body!.UpdatedDate).not.toBe("0001-01-01T00:00:00");
    });

    // Without offsets a client outside the tenant's zone moves local date-times on a round trip, as on SOD
    // (so-timezone.mdx: "fun ensues"); only entities without writable local dates round-trip that way.
    if (c.localDates) return;
    it("a PUT of the entity as the client read it without offsets changes nothing else either", async () => {
      const rest = c.rest(connect());
      const draft = await rest.getDefaultAsync();
      await c.fill(draft, label(`${c.name} round trip`));
      const id = c.id(await rest.postAsync(draft));
      const before = await raw("GET", `${endpoint}/${id}`);

      await rest.putByIdAsync(id, await rest.getByIdAsync(id));
      const after = await raw("GET", `${endpoint}/${id}`);
      expect(withoutMembers(after.body, CHANGED_BY_SAVE)).toEqual(withoutMembers(before.body, CHANGED_BY_SAVE));
    });
  });
}

entitySuite(contactCase);
entitySuite(personCase);
entitySuite(appointmentCase);
entitySuite(saleCase);

describe("validation coverage", () => {
  it("validated every entity body this file received against its Swagger definition", () => {
    expect(validated.get("ContactEntityWithLinks")).toBeGreaterThan(0);
    expect(validated.get("ContactEntity")).toBeGreaterThan(0);
    for (const e of ["Person", "Appointment", "Sale"] as const) {
      expect(validated.get(`${e}EntityWithLinks`), `${e}EntityWithLinks`).toBeGreaterThan(0);
      expect(validated.get(`${e}Entity`), `${e}Entity`).toBeGreaterThan(0);
      expect(validated.get(e), `${e} (Get${e} agent)`).toBeGreaterThan(0);
    }
    expect(validated.get("Contact"), "Contact (GetContact agent)").toBeGreaterThan(0);
  });
});
