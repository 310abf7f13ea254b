import { describe, expect, it } from "vitest";
import { DAY, appointments, call, emulator, expectError, freshToken, idsWhere, keys, list, persons, postJson, query, sales, sorted, sql, type Json, useListsEmulator } from "../support/tenant-lists-e2e.js";

/**
 * The OData-like list endpoints end to end (netserver.md §4.5, §5, §10), over HTTP with a real token:
 * every expected result is computed independently (test/support/tenant-lists-e2e.ts), never with the
 * emulator's query builder, and every list body is validated against its endpoint's Swagger definition.
 */
useListsEmulator();

describe("sub-archives return exactly their parent's rows", () => {
  const busiestContact = () =>
    sql<{ id: number }>(
      `SELECT c.contact_id AS id FROM contacts c WHERE c.context_identifier = ? AND c.deleted_date IS NULL AND c.contact_id <> 1
        ORDER BY (SELECT count(*) FROM persons p WHERE p.context_identifier = c.context_identifier AND p.contact_id = c.contact_id AND p.deleted_date IS NULL) > 0 DESC,
                 (SELECT count(*) FROM appointments a WHERE a.context_identifier = c.context_identifier AND a.contact_id = c.contact_id) +
                 (SELECT count(*) FROM sales s WHERE s.context_identifier = c.context_identifier AND s.contact_id = c.contact_id) DESC, c.contact_id LIMIT 1`,
    )[0]!.id;

  it("Contact/{id}/Persons, /Appointments, /Sales", async () => {
    const id = busiestContact();
    const wantPersons = idsWhere(persons(), (p) => p.contact_id === id);
    const wantAppointments = idsWhere(appointments(), (a) => a.contact_id === id);
    const wantSales = idsWhere(sales(), (s) => s.contact_id === id);
    expect(wantPersons.length).toBeGreaterThan(0);
    expect(wantAppointments.length).toBeGreaterThan(1);
    expect(wantSales.length).toBeGreaterThan(1);
    expect(sorted(keys(await list(`Contact/${id}/Persons`)))).toEqual(wantPersons);
    expect(sorted(keys(await list(`Contact/${id}/Appointments`)))).toEqual(wantAppointments);
    expect(sorted(keys(await list(`Contact/${id}/Sales`)))).toEqual(wantSales);
    const persons$ = await list(`Contact/${id}/Persons`, { $select: "personId,contactId,lastName", $inlineCount: "true" });
    expect(persons$["odata.count"]).toBe(wantPersons.length);
    for (const row of persons$.value) expect(row.contactId).toBe(id);
  });

  it("accept $select, $filter, $top and $orderBy", async () => {
    const id = busiestContact();
    const completed = idsWhere(appointments(), (a) => a.contact_id === id && a.completed === "Completed");
    const body = await list(`Contact/${id}/Appointments`, { $select: "appointmentId,contactId,completed", $filter: "completed set true", $inlineCount: "true" });
    expect(sorted(keys(body))).toEqual(completed);
    expect(body["odata.count"]).toBe(completed.length);
    for (const row of body.value) expect(row).toEqual({ PrimaryKey: String(row.appointmentId), EntityName: "appointment", appointmentId: row.appointmentId, contactId: id, completed: true });
    const top = await list(`Contact/${id}/Sales`, { $select: "saleId,amount", $orderBy: "amount desc,saleId", $top: 1 });
    const best = sales().filter((s) => s.contact_id === id).sort((a, b) => b.amount - a.amount || a.id - b.id)[0]!;
    expect(top.value).toEqual([{ PrimaryKey: String(best.id), EntityName: "sale", saleId: best.id, amount: best.amount }]);
    // A filter on another company's id within the sub-archive finds nothing.
    expect((await list(`Contact/${id}/Persons`, { $filter: `contactId eq ${id + 1}` })).value).toEqual([]);
  });

  it("Person/{id}/Appointments and /Sales", async () => {
    const { id } = sql<{ id: number }>(
      `SELECT p.person_id AS id FROM persons p WHERE p.context_identifier = ? AND p.deleted_date IS NULL
        ORDER BY (SELECT count(*) FROM appointments a WHERE a.context_identifier = p.context_identifier AND a.person_id = p.person_id) > 1 DESC,
                 (SELECT count(*) FROM sales s WHERE s.context_identifier = p.context_identifier AND s.person_id = p.person_id) DESC LIMIT 1`,
    )[0]!;
    const wantAppointments = idsWhere(appointments(), (a) => a.person_id === id);
    const wantSales = idsWhere(sales(), (s) => s.person_id === id);
    expect(wantAppointments.length).toBeGreaterThan(1);
    expect(wantSales.length).toBeGreaterThan(0);
    expect(sorted(keys(await list(`Person/${id}/Appointments`)))).toEqual(wantAppointments);
    expect(sorted(keys(await list(`Person/${id}/Sales`)))).toEqual(wantSales);
    const top = await list(`Person/${id}/Appointments`, { $select: "appointmentId,personId", $top: 1, $orderBy: "appointmentId desc" });
    expect(top.value).toEqual([{ PrimaryKey: String(wantAppointments.at(-1)), EntityName: "appointment", appointmentId: wantAppointments.at(-1), personId: id }]);
  });

  it("Sale/{id}/Activities", async () => {
    const { id } = sql<{ id: number }>(
      `SELECT sale_id AS id FROM appointments WHERE context_identifier = ? AND sale_id IS NOT NULL GROUP BY sale_id ORDER BY count(*) DESC, sale_id LIMIT 1`,
    )[0]!;
    const want = idsWhere(appointments(), (a) => a.sale_id === id);
    expect(want.length).toBeGreaterThan(0);
    const body = await list(`Sale/${id}/Activities`, { $select: "appointmentId,saleId,date" });
    expect(sorted(keys(body))).toEqual(want);
    for (const row of body.value) expect(row.saleId).toBe(id);
    // A sale without activities: an empty list, not a 404.
    const idle = sql<{ id: number }>("SELECT sale_id AS id FROM sales s WHERE context_identifier = ? AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.context_identifier = s.context_identifier AND a.sale_id = s.sale_id) LIMIT 1")[0]!.id;
    expect((await list(`Sale/${idle}/Activities`)).value).toEqual([]);
  });
});

describe("soft delete round trip (netserver.md §10)", () => {
  /** A company (not the tenant's own, none of its persons a user) with persons, appointments and sales. */
  function deletableContact(exclude: number[] = []): number {
    return sql<{ id: number }>(
      `SELECT c.contact_id AS id FROM contacts c WHERE c.context_identifier = ? AND c.deleted_date IS NULL AND c.contact_id <> 1
          AND NOT EXISTS (SELECT 1 FROM associates a JOIN persons p ON p.context_identifier = a.context_identifier AND p.person_id = a.person_id
                          WHERE a.context_identifier = c.context_identifier AND p.contact_id = c.contact_id)
          AND EXISTS (SELECT 1 FROM persons p WHERE p.context_identifier = c.context_identifier AND p.contact_id = c.contact_id AND p.deleted_date IS NULL)
          AND EXISTS (SELECT 1 FROM appointments a WHERE a.context_identifier = c.context_identifier AND a.contact_id = c.contact_id)
          AND EXISTS (SELECT 1 FROM sales s WHERE s.context_identifier = c.context_identifier AND s.contact_id = c.contact_id)
          ${exclude.length ? `AND c.contact_id NOT IN (${exclude.join(",")})` : ""}
        ORDER BY c.contact_id LIMIT 1`,
    )[0]!.id;
  }
  const appointmentsOf = (contactId: number) => sql<{ id: number; person_id: number | null }>("SELECT appointment_id AS id, person_id FROM appointments WHERE context_identifier = ? AND contact_id = ? ORDER BY 1", contactId);
  const salesOf = (contactId: number) => sql<{ id: number; person_id: number | null }>("SELECT sale_id AS id, person_id FROM sales WHERE context_identifier = ? AND contact_id = ? ORDER BY 1", contactId);
  const personsOf = (contactId: number) => sql<{ id: number }>("SELECT person_id AS id FROM persons WHERE context_identifier = ? AND contact_id = ? AND deleted_date IS NULL ORDER BY 1", contactId).map((r) => r.id);
  const used: number[] = [];

  it("DELETE a company with persons: gone everywhere, references show 0; Undelete brings it back with its persons", async () => {
    const id = deletableContact();
    used.push(id);
    const people = personsOf(id);
    const apps = appointmentsOf(id);
    const deals = salesOf(id);
    expect(people.length).toBeGreaterThan(0);
    const personFilter = { $filter: `personId in (${people.join(",")})`, $select: "personId" };
    const appFilter = { $filter: `appointmentId in (${apps.map((a) => a.id).join(",")})`, $select: "appointmentId,contactId,personId,contact/name", $orderBy: "appointmentId" };
    const saleFilter = { $filter: `saleId in (${deals.map((s) => s.id).join(",")})`, $select: "saleId,contactId,personId", $orderBy: "saleId" };
    const appsBefore = await list("Appointment", appFilter);
    expect(appsBefore.value.map((r: Json) => r.contactId)).toEqual(apps.map(() => id));
    expect(sorted(keys(await list(`Contact/${id}/Persons`)))).toEqual(people);

    expect((await call("DELETE", `Contact/${id}`)).status).toBe(204);
    expectError(await call("GET", `Contact/${id}`), 404);
    for (const p of people) expectError(await call("GET", `Person/${p}`), 404);
    expect((await list("Contact", { $filter: `contactId eq ${id}`, $select: "contactId" })).value).toEqual([]);
    expect(keys(await list("Contact", { $select: "contactId" }))).not.toContain(id);
    expect((await list("Person", personFilter)).value).toEqual([]);
    expect((await list("Person", { $filter: `contactId eq ${id}`, $select: "personId" })).value).toEqual([]);
    expectError(await call("GET", `Contact/${id}/Persons`), 404);
    expectError(await call("GET", `Contact/${id}/Appointments`), 404);
    expectError(await call("GET", `Person/${people[0]}/Appointments`), 404);
    // Appointments and sales stay, their company (and its persons) shown as absent.
    const appsDuring = await list("Appointment", appFilter);
    expect(appsDuring.value).toEqual(apps.map((a) => ({ PrimaryKey: String(a.id), EntityName: "appointment", appointmentId: a.id, contactId: 0, personId: 0, "contact/name": "" })));
    const salesDuring = await list("Sale", saleFilter);
    expect(salesDuring.value).toEqual(deals.map((s) => ({ PrimaryKey: String(s.id), EntityName: "sale", saleId: s.id, contactId: 0, personId: 0 })));
    // Filtering on the deleted company finds nothing; on contactId 0 the appointments are there.
    expect((await list("Appointment", { $filter: `contactId eq ${id}`, $select: "appointmentId" })).value).toEqual([]);
    expect(keys(await list("Appointment", { $filter: "contactId eq 0", $select: "appointmentId" }))).toEqual(expect.arrayContaining(apps.map((a) => a.id)));

    expect((await postJson("Agents/Contact/Undelete", { Id: id })).status).toBe(204);
    expect((await call("GET", `Contact/${id}`)).status).toBe(200);
    for (const p of people) expect((await call("GET", `Person/${p}`)).status).toBe(200);
    expect(keys(await list("Contact", { $filter: `contactId eq ${id}`, $select: "contactId" }))).toEqual([id]);
    expect(sorted(keys(await list("Person", personFilter)))).toEqual(people);
    expect(sorted(keys(await list(`Contact/${id}/Persons`)))).toEqual(people);
    expect((await list("Appointment", appFilter)).value).toEqual(appsBefore.value);
    expect((await list("Sale", saleFilter)).value.map((r: Json) => r.contactId)).toEqual(deals.map(() => id));
  });

  it("DELETE a person alone, then Undelete it", async () => {
    const contactId = deletableContact(used);
    used.push(contactId);
    const [personId, ...others] = personsOf(contactId);
    expect((await call("DELETE", `Person/${personId}`)).status).toBe(204);
    expectError(await call("GET", `Person/${personId}`), 404);
    expect((await call("GET", `Contact/${contactId}`)).status).toBe(200);
    expect(sorted(keys(await list(`Contact/${contactId}/Persons`)))).toEqual(others);
    expect((await list("Person", { $filter: `personId eq ${personId}`, $select: "personId" })).value).toEqual([]);
    expectError(await call("GET", `Person/${personId}/Appointments`), 404);
    const refs = sql<{ id: number }>("SELECT appointment_id AS id FROM appointments WHERE context_identifier = ? AND person_id = ?", personId).map((r) => r.id);
    if (refs.length) {
      const body = await list("Appointment", { $filter: `appointmentId in (${refs.join(",")})`, $select: "appointmentId,personId,contactId" });
      for (const row of body.value) expect(row).toMatchObject({ personId: 0, contactId });
    }

    expect((await postJson("Agents/Person/Undelete", { Id: personId })).status).toBe(204);
    expect((await call("GET", `Person/${personId}`)).status).toBe(200);
    expect(sorted(keys(await list(`Contact/${contactId}/Persons`)))).toEqual(sorted([personId!, ...others]));
    expect(keys(await list("Person", { $filter: `personId eq ${personId}`, $select: "personId" }))).toEqual([personId]);
    expectError(await postJson("Agents/Person/Undelete", { Id: 999999 }), 404);
    expectError(await postJson("Agents/Contact/Undelete", { Id: 999999 }), 404);
  });

  it("undeleting a company does not bring back a person deleted on their own just before it", async () => {
    const company = await postJson("Contact", { Name: `Lists e2e undelete ${process.pid}` });
    expect(company.status, company.text).toBe(200);
    const contactId = Number(company.json.ContactId);
    const made: number[] = [];
    for (const lastname of ["Alone", "Along"]) {
      const p = await postJson("Person", { Firstname: "Lists", Lastname: lastname, Contact: { ContactId: contactId } });
      expect(p.status, p.text).toBe(200);
      made.push(Number(p.json.PersonId));
    }
    const [alone, along] = made as [number, number];
    // Both deletions within one clock second, where a second-resolution timestamp cannot tell them apart.
    const clock = emulator.emulator.context.clock;
    while (clock.now() % 1000 > 200) await new Promise((r) => setTimeout(r, 1000 - (clock.now() % 1000) + 5));
    expect((await call("DELETE", `Person/${alone}`)).status).toBe(204);
    expect((await call("DELETE", `Contact/${contactId}`)).status).toBe(204);
    expect((await postJson("Agents/Contact/Undelete", { Id: contactId })).status).toBe(204);
    expect((await call("GET", `Person/${along}`)).status).toBe(200);
    expectError(await call("GET", `Person/${alone}`), 404);
    expect(sorted(keys(await list(`Contact/${contactId}/Persons`)))).toEqual([along]);
  });

  it("after 14 days a deleted company is purged: Undelete is 404, the row is gone, references are cleared", async () => {
    const id = deletableContact(used);
    used.push(id);
    const people = personsOf(id);
    const apps = appointmentsOf(id);
    const deals = salesOf(id);
    expect((await call("DELETE", `Contact/${id}`)).status).toBe(204);
    // A purge right now (the retention has not passed) keeps it.
    await list("Contact", { $top: 1 });
    expect(sql("SELECT 1 FROM contacts WHERE context_identifier = ? AND contact_id = ?", id)).toHaveLength(1);

    const clock = emulator.emulator.context.clock;
    const shift = 15 * DAY + 2 * 60_000; // past the retention, and more than the purge's minute apart
    clock.advance(shift);
    try {
      const later = await freshToken(); // the first token has expired 15 days on
      const reply = await call("GET", `Contact${query({ $top: 1, $select: "contactId" })}`, { token: later });
      expect(reply.status, reply.text).toBe(200);
      expect(sql("SELECT 1 FROM contacts WHERE context_identifier = ? AND contact_id = ?", id)).toEqual([]);
      expect(sql(`SELECT 1 FROM persons WHERE context_identifier = ? AND person_id IN (${people.join(",")})`)).toEqual([]);
      expectError(await postJson("Agents/Contact/Undelete", { Id: id }, later), 404);
      expectError(await postJson("Agents/Person/Undelete", { Id: people[0] }, later), 404);
      const appRows = sql<{ contact_id: number | null; person_id: number | null }>(`SELECT contact_id, person_id FROM appointments WHERE context_identifier = ? AND appointment_id IN (${apps.map((a) => a.id).join(",")}) ORDER BY appointment_id`);
      expect(appRows).toHaveLength(apps.length);
      expect(appRows.map((r) => r.contact_id)).toEqual(apps.map(() => null));
      expect(appRows.map((r) => r.person_id)).toEqual(apps.map((a) => (a.person_id !== null && people.includes(a.person_id) ? null : a.person_id)));
      const saleRows = sql<{ contact_id: number | null }>(`SELECT contact_id FROM sales WHERE context_identifier = ? AND sale_id IN (${deals.map((s) => s.id).join(",")})`);
      expect(saleRows.map((r) => r.contact_id)).toEqual(deals.map(() => null));
      // And the lists still show those appointments, without a company.
      const body = await list("Appointment", { $filter: `appointmentId in (${apps.map((a) => a.id).join(",")})`, $select: "appointmentId,contactId" }, { authorization: `Bearer ${later}` });
      expect(body.value.map((r: Json) => r.contactId)).toEqual(apps.map(() => 0));
    } finally {
      clock.advance(-shift);
    }
  });
});
