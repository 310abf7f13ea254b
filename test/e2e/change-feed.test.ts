import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";
import type { CrmChange } from "../../src/store/change-feed.js";

/**
 * The change feed (store/change-feed.ts): every committed write of a CRM row is published once, after
 * commit, with SuperOffice's column names; rolled-back writes publish nothing. Driven over HTTP through the
 * tenant API, as an app would make the changes.
 */
let emulator: StartedEmulator;
let token: string;
let events: CrmChange[];
let adaAssociateId: number;
const TENANT = "Cust12345";

beforeAll(async () => {
  emulator = await startEmulator();
  token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
  const me = (await api("GET", "v1/User/currentAssociate")) as { AssociateId: number };
  adaAssociateId = me.AssociateId;
  emulator.emulator.context.store.changes.subscribe((batch) => events.push(...batch));
});
afterAll(() => emulator?.stop());
beforeEach(() => {
  events = [];
});

async function api(method: string, path: string, body?: unknown, expectStatus?: number): Promise<unknown> {
  const res = await fetch(`${emulator.url}/${TENANT}/api/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (expectStatus !== undefined) expect(res.status, await res.clone().text()).toBe(expectStatus);
  else expect(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`).toBe(true);
  return res.status === 204 ? undefined : res.json();
}

const brief = (e: CrmChange) => `${e.entity}.${e.kind}#${e.id}`;

describe("change feed", () => {
  it("create: one event with every column by SuperOffice's names, the actor and the emulator's time", async () => {
    const before = emulator.emulator.context.clock.now();
    const contact = (await api("POST", "v1/Contact", { Name: "Feed AS", Department: "Sales", Category: { Id: 1 } })) as { ContactId: number };
    expect(events.map(brief)).toEqual([`contact.created#${contact.ContactId}`]);
    const [e] = events;
    expect(e).toMatchObject({ contextIdentifier: TENANT, associateId: adaAssociateId, status: undefined });
    expect(e!.changes).toEqual(expect.arrayContaining(["contact_id", "name", "department", "category_idx", "registered", "registered_associate_id"]));
    expect(e!.changes).not.toContain("context_identifier");
    expect(e!.changes).not.toContain("phones"); // a child table in SuperOffice's database
    expect(e!.at).toBeGreaterThanOrEqual(before);
    expect(e!.row).toMatchObject({ name: "Feed AS", department: "Sales" });
  });

  it("update: only the changed columns; a child-table-only change still touches `updated`", async () => {
    const { ContactId: id } = (await api("POST", "v1/Contact", { Name: "Changes AS" })) as { ContactId: number };
    events = [];
    await api("PATCH", `v1/Contact/${id}`, [{ op: "replace", path: "/Department", value: "Support" }]);
    expect(events.map(brief)).toEqual([`contact.changed#${id}`]);
    expect(events[0]!.changes).toEqual(expect.arrayContaining(["department", "updated", "updated_associate_id"]));
    expect(events[0]!.changes).not.toContain("name");
    events = [];
    await api("PUT", `v1/Contact/${id}`, { Phones: [{ Value: "+47 22 00 00 00" }] });
    expect(events.map(brief)).toEqual([`contact.changed#${id}`]);
    expect(events[0]!.changes).toContain("updated");
    expect(events[0]!.changes).not.toContain("phones");
  });

  it("soft delete and undelete: the contact and the persons it took along, each once", async () => {
    const { ContactId: id } = (await api("POST", "v1/Contact", { Name: "Gone AS" })) as { ContactId: number };
    const { PersonId: personId } = (await api("POST", "v1/Person", { Firstname: "Ola", Lastname: "Gone", Contact: { ContactId: id } })) as { PersonId: number };
    events = [];
    await api("DELETE", `v1/Contact/${id}`);
    expect(events.map(brief).sort()).toEqual([`contact.softdeleted#${id}`, `person.softdeleted#${personId}`].sort());
    expect(events.find((e) => e.entity === "contact")!.changes).toContain("deleted");
    events = [];
    await api("POST", "v1/Agents/Contact/Undelete", { Id: id }, 204);
    expect(events.map(brief).sort()).toEqual([`contact.undeleted#${id}`, `person.undeleted#${personId}`].sort());
    expect(events.every((e) => e.associateId === adaAssociateId)).toBe(true);
  });

  it("a sale's status change says from and to", async () => {
    const { SaleId: id } = (await api("POST", "v1/Sale", { Heading: "Feed deal", Amount: 1000 })) as { SaleId: number };
    events = [];
    await api("PATCH", `v1/Sale/${id}`, [{ op: "replace", path: "/Status", value: "Sold" }]);
    expect(events.map(brief)).toEqual([`sale.changed#${id}`]);
    expect(events[0]!.status).toEqual({ from: "Open", to: "Sold" });
    expect(events[0]!.changes).toContain("status");
  });

  it("hard delete: the appointment's deleted, and the sale that pointed at it changed", async () => {
    const { AppointmentId: appointmentId } = (await api("POST", "v1/Appointment", { Title: "Feed meeting", StartDate: "2026-12-10T10:00:00", EndDate: "2026-12-10T11:00:00" })) as { AppointmentId: number };
    const { SaleId: saleId } = (await api("POST", "v1/Sale", { Heading: "Linked", Appointment: { AppointmentId: appointmentId } })) as { SaleId: number };
    events = [];
    await api("DELETE", `v1/Appointment/${appointmentId}`);
    expect(events.map(brief).sort()).toEqual([`appointment.deleted#${appointmentId}`, `sale.changed#${saleId}`].sort());
    const deleted = events.find((e) => e.kind === "deleted")!;
    expect(deleted.changes).toEqual([]);
    expect(deleted.row).toMatchObject({ appointment_id: appointmentId, title: "Feed meeting" });
    expect(events.find((e) => e.entity === "sale")!.changes).toEqual(["appointment_id"]);
  });

  it("the retention purge: deleted for good, by the system (associate 0)", async () => {
    const { ContactId: id } = (await api("POST", "v1/Contact", { Name: "Purged AS" })) as { ContactId: number };
    await api("DELETE", `v1/Contact/${id}`);
    events = [];
    emulator.emulator.context.clock.advance(15 * 86_400_000);
    try {
      token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
      await api("GET", "v1/User/currentPrincipal"); // the tenant API purges on its requests
      const purged = events.filter((e) => e.kind === "deleted" && e.entity === "contact");
      expect(purged.map(brief)).toContain(`contact.deleted#${id}`);
      expect(purged.every((e) => e.associateId === 0 && e.changes.length === 0)).toBe(true);
    } finally {
      emulator.emulator.context.clock.reset();
    }
  });

  it("rolled back: refused input and a failing transaction publish nothing and leave nothing", async () => {
    await api("POST", "v1/Contact", { Name: "Bad", Category: { Id: 999999 } }, 400);
    expect(events).toEqual([]);

    const store = emulator.emulator.context.store;
    const id = store.crm.peekId(TENANT, "contact");
    expect(() =>
      store.transaction(() => {
        store.crm.insert("contacts", { context_identifier: TENANT, contact_id: store.crm.nextId(TENANT, "contact"), name: "Never", created_date: "2026-01-01 00:00:00" });
        throw new Error("after the write");
      }),
    ).toThrow("after the write");
    expect(events).toEqual([]);
    expect(store.crm.get("contacts", "contact_id", TENANT, id, true)).toBeUndefined();
  });

  it("a nested failure caught by its caller drops only its own events", () => {
    const store = emulator.emulator.context.store;
    const insert = (name: string) => {
      const id = store.crm.nextId(TENANT, "contact");
      store.crm.insert("contacts", { context_identifier: TENANT, contact_id: id, name, created_date: "2026-01-01 00:00:00" });
      return id;
    };
    const kept = store.transaction(() => {
      const outer = insert("Kept");
      try {
        store.transaction(() => {
          insert("Dropped");
          throw new Error("inner");
        });
      } catch {
        // the caller decides the inner part may fail
      }
      return outer;
    });
    expect(events.map(brief)).toEqual([`contact.created#${kept}`]);
  });

  it("listeners inside the transaction commit with it; listeners after commit see committed rows", () => {
    const store = emulator.emulator.context.store;
    const seen: string[] = [];
    const stopInside = store.changes.subscribe(() => seen.push("inside"), { phase: "transaction" });
    const stopAfter = store.changes.subscribe((batch) => {
      seen.push("after");
      expect(store.crm.get("contacts", "contact_id", TENANT, batch[0]!.id)).toBeDefined();
    });
    try {
      const id = store.crm.nextId(TENANT, "contact");
      store.crm.insert("contacts", { context_identifier: TENANT, contact_id: id, name: "Ordered", created_date: "2026-01-01 00:00:00" });
      expect(seen).toEqual(["inside", "after"]);
    } finally {
      stopInside();
      stopAfter();
    }
  });
});
