// The client runs in New York while tenant Cust12345 keeps Europe/Oslo time (as in tenant-api-client.test.ts).
process.env.TZ = "America/New_York";

import { createSign } from "node:crypto";
import { decodeJwt } from "jose";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import type * as SoWebApi from "@superoffice/webapi" with { "resolution-mode": "require" };
import { SO, TENANT, connect, contactWithPerson, emulator, label, populated, raw, so, status, useConformanceClient } from "../support/webapi-client-conformance.js";
import { signIn } from "../support/sign-in.js";

/**
 * The official client's Agents and REST classes used as an app uses them (netserver.md §11, §12 [C] items),
 * beyond tenant-api-client.test.ts's CRUD. Every response is validated against the Swagger definition for
 * its path (arrays item by item; List/MDO/Associate agents by the carrier the client converts them to).
 */
useConformanceClient();

describe("agent not-found conventions (§7: 200 with null)", () => {
  it("every Get agent the client uses resolves null for a missing id", async () => {
    const c = connect();
    const missing = 987654;
    const results = {
      contactEntity: await c.contacts.getContactEntityAsync(missing), contact: await c.contacts.getContactAsync(missing),
      personEntity: await c.persons.getPersonEntityAsync(missing), person: await c.persons.getPersonAsync(missing),
      appointmentEntity: await c.appointments.getAppointmentEntityAsync(missing), appointment: await c.appointments.getAppointmentAsync(missing),
      saleEntity: await c.sales.getSaleEntityAsync(missing), sale: await c.sales.getSaleAsync(missing),
      associate: await c.associates.getAssociateAsync(missing), category: await c.lists.getCategoryAsync(missing),
      mdoItem: await c.mdo.getListItemAsync("category", missing),
    };
    expect(results).toEqual(Object.fromEntries(Object.keys(results).map((k) => [k, null])));
  });
});

describe("the system user's ticket through authenticateWithTicket (§2, §12 item 2)", () => {
  async function systemTicket() {
    const app = emulator.apps.find((a) => a.kind === "server-to-server")!;
    const idToken = (await signIn(emulator, "ada.admin@example.com", TENANT, "server-to-server")).id_token;
    const systemToken = String(decodeJwt(idToken)[`${SO}system_token`]);
    const d = new Date(emulator.emulator.context.clock.now());
    const stamp = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()].map((x, i) => String(x).padStart(i ? 2 : 4, "0")).join("");
    const key = emulator.emulator.context.store.apps.privateKeyPem(app.clientId)!;
    const signed = `${systemToken}.${stamp}.${createSign("SHA256").update(`${systemToken}.${stamp}`).sign(key, "base64")}`;
    const res = await request(`${emulator.url}/Login/api/PartnerSystemUser/Authenticate`, {
      method: "POST", headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ SignedSystemToken: signed, ApplicationToken: app.clientSecret, ContextIdentifier: TENANT, ReturnTokenType: "JWT" }),
    });
    const reply = (await res.body.json()) as { IsSuccessful: boolean; Token: string };
    expect(reply.IsSuccessful).toBe(true);
    return { ticket: String(decodeJwt(reply.Token)[`${SO}ticket`]), appToken: app.clientSecret! };
  }

  it("creates, reads, updates and deletes through Agents and REST; the system associate is CreatedBy", async () => {
    const c = connect({ ticket: await systemTicket() });
    const draft = await c.contacts.createDefaultContactEntityAsync();
    draft.name = label("system user");
    const saved = await c.contacts.saveContactEntityAsync(draft);
    populated(saved);
    expect(saved.createdBy?.type).toBe("SystemAssociate");
    const read = await c.contactRest.getByIdAsync(saved.contactId!);
    read.department = "Changed by the system user";
    expect((await c.contactRest.putByIdAsync(saved.contactId!, read)).department).toBe("Changed by the system user");
    expect((await c.associates.getAssociateAsync(saved.createdBy!.associateId!))?.associateId).toBe(saved.createdBy!.associateId);
    await c.contacts.deleteContactEntityAsync(saved.contactId!);
    expect(await c.contacts.getContactEntityAsync(saved.contactId!)).toBeNull();
  });
});

describe("time zone options timezone / timezoneInclude (§1.4, §11, §12 item 22)", () => {
  const start = new Date("2026-05-04T08:15:00Z");
  const end = new Date("2026-05-04T09:45:00Z");
  async function appointmentAt() {
    const rest = connect({ timezone: "UTC", timezoneInclude: true }).appointmentRest;
    const draft = await rest.getDefaultAsync();
    Object.assign(draft, { description: label("tz"), startDate: start, endDate: end });
    return (await rest.postAsync(draft)).appointmentId!;
  }

  it("timezone 'UTC' + timezoneInclude: the client reads the same instants; the wire shows Z; a PUT moves nothing", async () => {
    const id = await appointmentAt();
    const rest = connect({ timezone: "UTC", timezoneInclude: true }).appointmentRest;
    const read = await rest.getByIdAsync(id);
    expect([read.startDate?.getTime(), read.endDate?.getTime()]).toEqual([start.getTime(), end.getTime()]);
    expect((await raw("GET", `v1/Appointment/${id}`, { "SO-TimeZone": "UTC,includeTZOffset" })).body!.StartDate).toBe("2026-05-04T08:15:00Z");
    await rest.putByIdAsync(id, read);
    expect((await raw("GET", `v1/Appointment/${id}`)).body!.StartDate).toBe("2026-05-04T10:15:00");
  });

  it("timezone 'US-NY' without offsets: wall times in the client's own zone, so its Dates are right and a PUT round-trips", async () => {
    const id = await appointmentAt();
    const rest = connect({ timezone: "US-NY" }).appointmentRest;
    expect((await raw("GET", `v1/Appointment/${id}`, { "SO-TimeZone": "US-NY" })).body!.StartDate).toBe("2026-05-04T04:15:00");
    const read = await rest.getByIdAsync(id);
    expect(read.startDate?.getTime()).toBe(start.getTime());
    const saved = await rest.putByIdAsync(id, read);
    expect([saved.startDate?.getTime(), saved.endDate?.getTime()]).toEqual([start.getTime(), end.getTime()]);
  });

  it("per-request options override the connection's: getByIdAsync(id, {timezone, timezoneInclude}) and on agents", async () => {
    const id = await appointmentAt();
    const c = connect();
    const read = await c.appointmentRest.getByIdAsync(id, { timezone: "UTC", timezoneInclude: true });
    expect(read.startDate?.getTime()).toBe(start.getTime());
    // The client's IAppointmentAgent (what getAppointmentAgent() returns) leaves out the per-request options
    // its AppointmentAgent class declares and honours on these two methods.
    const appointments: Pick<SoWebApi.AppointmentAgent, "getAppointmentEntityAsync" | "getAppointmentAsync"> = c.appointments;
    const viaAgent = await appointments.getAppointmentEntityAsync(id, { timezone: "UTC", timezoneInclude: true });
    expect(viaAgent?.endDate?.getTime()).toBe(end.getTime());
    const summary = await appointments.getAppointmentAsync(id, { timezoneInclude: true });
    expect(summary?.startDate?.getTime()).toBe(start.getTime());
  });
});

describe("language options (§1.4, §11: SO-Language, Accept-Language, SO-Culture, DoNotParse)", () => {
  it("languageCode/cultureCode and ResourceParsing.DoNotParse leave calls working and values unchanged", async () => {
    const plain = connect();
    const expected = await plain.lists.getCategoriesAsync();
    const { contact } = await contactWithPerson(plain);
    for (const options of [{ languageCode: "en", cultureCode: "en" }, { languageCode: "no" }, { resourceParsing: so.ResourceParsing.DoNotParse }]) {
      const c = connect(options);
      expect(await c.lists.getCategoriesAsync(), JSON.stringify(options)).toEqual(expected);
      expect((await c.contactRest.getByIdAsync(contact.contactId!)).name).toBe(contact.name);
      expect((await plain.lists.getCategoriesAsync({ languageCode: "" }))).toEqual(expected);
    }
  });
});

describe("conditional options (§11 table, §12 item 10)", () => {
  async function fresh() {
    const c = connect();
    const draft = await c.contactRest.getDefaultAsync();
    draft.name = label("conditional");
    const id = (await c.contactRest.postAsync(draft)).contactId!;
    let lastModified = "";
    await c.contactRest.getByIdAsync(id, { responseCallback: (r) => void (lastModified = String(r.headers["last-modified"])) });
    return { c, id, since: new Date(lastModified) };
  }

  it("getByIdAsync: a stale ifUnmodifiedSince rejects with 412, a current one resolves the entity", async () => {
    const { id, since } = await fresh();
    expect(await status(connect().contactRest.getByIdAsync(id, { ifUnmodifiedSince: new Date(since.getTime() - 60_000) }))).toBe(412);
    expect((await connect().contactRest.getByIdAsync(id, { ifUnmodifiedSince: new Date(since.getTime() + 60_000) })).contactId).toBe(id);
  });

  it("patchByIdAsync and deleteByIdAsync with a stale ifUnmodifiedSince reject with 412 and change nothing", async () => {
    const { id, since } = await fresh();
    const stale = new Date(since.getTime() - 60_000);
    const before = (await raw("GET", `v1/Contact/${id}`)).body;
    expect(await status(connect().contactRest.patchByIdAsync(id, { department: "Not written" }, { ifUnmodifiedSince: stale }))).toBe(412);
    expect(await status(connect().contactRest.deleteByIdAsync(id, { ifUnmodifiedSince: stale }))).toBe(412);
    expect((await raw("GET", `v1/Contact/${id}`)).body).toEqual(before);
  });

  it("after a later update, ifModifiedSince the old Last-Modified resolves the new entity; Last-Modified is its UpdatedDate", async () => {
    const { c, id, since } = await fresh();
    emulator.emulator.context.clock.advance(5_000);
    const patched = await c.contactRest.patchByIdAsync(id, { department: "Later" });
    const read = await connect().contactRest.getByIdAsync(id, { ifModifiedSince: since });
    expect(read?.department).toBe("Later");
    let lastModified = "";
    const tz = await connect({ timezoneInclude: true }).contactRest.getByIdAsync(id, { responseCallback: (r) => void (lastModified = String(r.headers["last-modified"])) });
    expect(Date.parse(lastModified)).toBe(Math.floor(tz.updatedDate!.getTime() / 1000) * 1000);
    expect(await connect().contactRest.getByIdAsync(id, { ifModifiedSince: new Date(lastModified) })).toBeNull();
    expect(patched.department).toBe("Later");
  });
});

describe("ArchiveAgent: provider names, available columns, searches for what the client saved (§5.6, §12 item 17)", () => {
  it("GetProviderNames and GetAvailableColumns describe the providers; every listed column can be selected", async () => {
    const c = connect();
    const names = await c.archive.getProviderNamesAsync();
    expect(names).toEqual(expect.arrayContaining(["SimpleContact", "Person", "FindAppointment", "FindSale", "InternalUsers"]));
    for (const provider of ["SimpleContact", "Person", "FindAppointment", "FindSale"]) {
      const columns = await c.archive.getAvailableColumnsAsync(provider, "");
      populated(columns);
      const visible = columns.filter((col) => col.isVisible).map((col) => col.name!);
      expect(visible.length, provider).toBeGreaterThan(3);
      const rows = await c.archive.getArchiveListByColumnsAsync(provider, visible, [], [], [], 0, 2);
      populated(rows);
      for (const row of rows) expect(Object.keys(row.columnData!).sort(), provider).toEqual([...visible].sort());
    }
  });

  it("FindSale and Person find the sale and person just saved through the agents, with encoded values", async () => {
    const c = connect();
    const { contact, person } = await contactWithPerson(c);
    const sale = await c.sales.createDefaultSaleEntityAsync();
    Object.assign(sale, { heading: label("findable"), contact: { contactId: contact.contactId }, person: { personId: person.personId }, amount: 4321 });
    const saved = await c.sales.saveSaleEntityAsync(sale);
    const rows = await c.archive.getArchiveListByColumnsAsync("FindSale", ["saleId", "heading", "amount", "contactId"], [], [{ name: "heading", operator: "=", values: [saved.heading!], isActive: true }], ["sale"], 0, 10);
    expect(rows.map((r) => r.primaryKey)).toEqual([saved.saleId]);
    expect(rows[0]!.columnData!.heading!.displayValue).toBe(saved.heading);
    expect(rows[0]!.columnData!.contactId!.displayValue).toBe(`[I:${contact.contactId}]`);
    const people = await c.archive.getArchiveListByColumnsAsync("Person", ["personId", "lastname"], [], [{ name: "contactId", operator: "=", values: [`[I:${contact.contactId}]`], isActive: true }], ["person"], 0, 10);
    expect(people.map((r) => [r.primaryKey, r.columnData!.lastname!.displayValue])).toEqual([[person.personId, person.lastname]]);
  });
});
