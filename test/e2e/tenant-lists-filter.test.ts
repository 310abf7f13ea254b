import { beforeAll, describe, expect, it } from "vitest";
import { appointments, call, contacts, idsWhere, keys, list, localDay, lower, persons, postJson, sales, sorted, sql, wall, type Json, useListsEmulator } from "../support/tenant-lists-e2e.js";

/**
 * The OData-like list endpoints end to end (netserver.md §4.5, §5, §10), over HTTP with a real token:
 * every expected result is computed independently (test/support/tenant-lists-e2e.ts), never with the
 * emulator's query builder, and every list body is validated against its endpoint's Swagger definition.
 */
useListsEmulator();

describe("$filter: the rows SQL on the store finds, for each entity list", () => {
  interface Case {
    entity: "Contact" | "Person" | "Appointment" | "Sale";
    filter: string;
    expected: () => number[];
  }
  const cases: Case[] = [
    { entity: "Contact", filter: "name begins 'A'", expected: () => idsWhere(contacts(), (c) => lower(c.name).startsWith("a")) },
    { entity: "Contact", filter: "category oneOf (1,3)", expected: () => idsWhere(contacts(), (c) => c.category_id === 1 || c.category_id === 3) },
    { entity: "Contact", filter: "number eq '10005'", expected: () => idsWhere(contacts(), (c) => c.number2 === "10005") },
    { entity: "Contact", filter: "contactId between (10,20)", expected: () => idsWhere(contacts(), (c) => c.id >= 10 && c.id <= 20) },
    { entity: "Contact", filter: "name contains 'as' and category eq 2", expected: () => idsWhere(contacts(), (c) => lower(c.name).includes("as") && c.category_id === 2) },
    { entity: "Contact", filter: "(name begins 'A' or name begins 'B') and contactDeleted set false", expected: () => idsWhere(contacts(), (c) => /^[ab]/i.test(c.name)) },
    { entity: "Contact", filter: "associateId associateIsOneOf (1,6) and category ne 1", expected: () => idsWhere(contacts(), (c) => (c.associate_id === 1 || c.associate_id === 6) && c.category_id !== 1) },
    { entity: "Contact", filter: "contactAssociate/lastName eq 'Haugen'", expected: () => idsWhere(contacts(), (c) => c.owner_last === "Haugen") },
    { entity: "Person", filter: "lastName contains 'sen'", expected: () => idsWhere(persons(), (p) => lower(p.lastname).includes("sen")) },
    { entity: "Person", filter: "personContact/name begins 'A'", expected: () => idsWhere(persons(), (p) => lower(p.company).startsWith("a")) },
    { entity: "Person", filter: "firstName eq 'Ada' or lastName begins 'Aa'", expected: () => idsWhere(persons(), (p) => lower(p.firstname) === "ada" || lower(p.lastname).startsWith("aa")) },
    { entity: "Appointment", filter: "associateId associateIsOneOf (1,2)", expected: () => idsWhere(appointments(), (a) => a.associate_id === 1 || a.associate_id === 2) },
    { entity: "Appointment", filter: "date before '2026-01-01'", expected: () => idsWhere(appointments(), (a) => localDay(a.start_date) < "2026-01-01") },
    { entity: "Appointment", filter: "date between ('2025-12-01','2025-12-31')", expected: () => idsWhere(appointments(), (a) => localDay(a.start_date) >= "2025-12-01" && localDay(a.start_date) <= "2025-12-31") },
    { entity: "Appointment", filter: "completed set true", expected: () => idsWhere(appointments(), (a) => a.completed === "Completed") },
    { entity: "Appointment", filter: "completed set false and type oneOf (1,2)", expected: () => idsWhere(appointments(), (a) => a.completed !== "Completed" && (a.task === "Meeting" || a.task === "Phone call")) },
    { entity: "Sale", filter: "amount gt 250000", expected: () => idsWhere(sales(), (s) => s.amount > 250000) },
    { entity: "Sale", filter: "saleStatus eq 'Open'", expected: () => idsWhere(sales(), (s) => s.status === "Open") },
    { entity: "Sale", filter: "probPercent ge 50", expected: () => idsWhere(sales(), (s) => s.probability >= 50) },
    { entity: "Sale", filter: "heading contains 'Chair'", expected: () => idsWhere(sales(), (s) => lower(s.heading).includes("chair")) },
    // `and` binds tighter than `or`.
    { entity: "Sale", filter: "saleStatus eq 'Sold' or saleStatus eq 'Lost' and amount gt 250000", expected: () => idsWhere(sales(), (s) => s.status === "Sold" || (s.status === "Lost" && s.amount > 250000)) },
  ];
  const idColumn = { Contact: "contactId", Person: "personId", Appointment: "appointmentId", Sale: "saleId" } as const;

  it.each(cases)("$entity: $filter", async ({ entity, filter, expected }) => {
    const want = expected();
    const body = await list(entity, { $filter: filter, $select: idColumn[entity], $inlineCount: "true" });
    expect(sorted(keys(body))).toEqual(want);
    expect(body.value).toHaveLength(want.length);
    expect(body["odata.count"]).toBe(want.length);
    // PrimaryKey is the entity's id, as a string in Slim mode.
    for (const row of body.value) expect(row.PrimaryKey).toBe(String(row[idColumn[entity]]));
  });

  it("the filters above are not trivial: each selects some rows and leaves some out", () => {
    const totals = { Contact: contacts().length, Person: persons().length, Appointment: appointments().length, Sale: sales().length };
    for (const c of cases) {
      const n = c.expected().length;
      expect(n, c.filter).toBeGreaterThan(0);
      expect(n, c.filter).toBeLessThan(totals[c.entity]);
    }
  });

  it("without $filter: every live row of the tenant, and odata.count says how many", async () => {
    for (const [entity, rows] of [["Contact", contacts()], ["Person", persons()], ["Appointment", appointments()], ["Sale", sales()]] as const) {
      const body = await list(entity, { $select: idColumn[entity], $inlineCount: "true" });
      expect(sorted(keys(body)), entity).toEqual(sorted(rows.map((r) => r.id)));
      expect(body["odata.count"]).toBe(rows.length);
    }
  });

  it("$inlineCount counts all matching rows, not just the page $top returns", async () => {
    const want = idsWhere(contacts(), (c) => c.category_id === 1 || c.category_id === 3);
    const body = await list("Contact", { $filter: "category oneOf (1,3)", $select: "contactId", $top: 5, $inlineCount: "true" });
    expect(body.value).toHaveLength(5);
    expect(body["odata.count"]).toBe(want.length);
  });

  it("a deleted company drops out of a filter that would match it, and comes back when undeleted", async () => {
    const victim = contacts().find((c) => /^b/i.test(c.name) && c.id !== 1 && !sql("SELECT 1 FROM associates a JOIN persons p ON p.context_identifier = a.context_identifier AND p.person_id = a.person_id WHERE a.context_identifier = ? AND p.contact_id = ?", c.id).length)!;
    expect(victim).toBeDefined();
    const filter = { $filter: "(name begins 'A' or name begins 'B') and contactDeleted set false", $select: "contactId", $inlineCount: "true" };
    expect((await call("DELETE", `Contact/${victim.id}`)).status).toBe(204);
    try {
      const want = idsWhere(contacts(), (c) => /^[ab]/i.test(c.name));
      expect(want).not.toContain(victim.id);
      const body = await list("Contact", filter);
      expect(sorted(keys(body))).toEqual(want);
      expect(body["odata.count"]).toBe(want.length);
    } finally {
      expect((await postJson("Agents/Contact/Undelete", { Id: victim.id })).status).toBe(204);
    }
    expect(keys(await list("Contact", filter))).toContain(victim.id);
  });

  it("text is compared case-insensitively beyond ASCII too: 'øst' finds the companies named Øst…", async () => {
    // SuperOffice runs on a case-insensitive collation: `name begins 'a'` finds "Aalerud AS", and
    // `name begins 'øst'` must find "Østby-Hagen" the same way (the seed has companies named Ø…).
    const want = idsWhere(contacts(), (c) => lower(c.name).startsWith("øst"));
    expect(want.length).toBeGreaterThan(0);
    expect(sorted(keys(await list("Contact", { $filter: "name begins 'Øst'", $select: "contactId" })))).toEqual(want);
    expect(sorted(keys(await list("Contact", { $filter: "name begins 'øst'", $select: "contactId" })))).toEqual(want);
    const one = contacts().find((c) => c.name === "Østby-Hagen");
    if (one) expect(keys(await list("Contact", { $filter: "name eq 'østby-hagen'", $select: "contactId" }))).toEqual([one.id]);
  });
});

describe("dates are compared on the tenant's calendar (Europe/Oslo), not on stored UTC", () => {
  // Three appointments around local midnights: 00:30 on 1 December is 23:30 UTC on 30 November; 23:30 on
  // 31 December is still 31 December in UTC; 00:15 on 1 January is 23:15 UTC on 31 December.
  const locals = ["2025-12-01T00:30:00", "2025-12-31T23:30:00", "2026-01-01T00:15:00"];
  const ends = ["2025-12-01T00:40:00", "2025-12-31T23:40:00", "2026-01-01T00:25:00"];
  const ids: number[] = [];

  beforeAll(async () => {
    for (const [i, start] of locals.entries()) {
      const reply = await postJson("Appointment", { Description: `Lists e2e midnight ${start}`, StartDate: start, EndDate: ends[i], Associate: { AssociateId: 1 } });
      expect(reply.status, reply.text).toBe(200);
      ids.push(Number(reply.json.AppointmentId));
    }
  });

  it("the appointments are stored in UTC, an hour behind Oslo's winter time", () => {
    const stored = ids.map((id) => sql<{ start_date: string }>("SELECT start_date FROM appointments WHERE context_identifier = ? AND appointment_id = ?", id)[0]!.start_date);
    expect(stored).toEqual(["2025-11-30T23:30:00", "2025-12-31T22:30:00", "2025-12-31T23:15:00"]);
    expect(stored.map((s) => wall(s))).toEqual(locals);
  });

  it("between ('2025-12-01','2025-12-31') takes the first two, before '2026-01-01' the first two, date '2026-01-01' the last", async () => {
    const select = { $select: "appointmentId,date" };
    const between = keys(await list("Appointment", { ...select, $filter: "date between ('2025-12-01','2025-12-31')" }));
    expect(ids.filter((id) => between.includes(id))).toEqual([ids[0], ids[1]]);
    const before = keys(await list("Appointment", { ...select, $filter: "date before '2026-01-01'" }));
    expect(ids.filter((id) => before.includes(id))).toEqual([ids[0], ids[1]]);
    const onDay = await list("Appointment", { ...select, $filter: "date date '2026-01-01'" });
    expect(sorted(keys(onDay))).toEqual(idsWhere(appointments(), (a) => localDay(a.start_date) === "2026-01-01"));
    expect(keys(onDay)).toContain(ids[2]);
    const after = keys(await list("Appointment", { ...select, $filter: "date after '2025-11-30'" }));
    expect(ids.filter((id) => after.includes(id))).toEqual(ids);
  });

  it("and the rows show the local times the appointments were made with", async () => {
    const body = await list("Appointment", { $select: "appointmentId,date", $filter: `appointmentId in (${ids.join(",")})`, $orderBy: "appointmentId" });
    expect(body.value.map((r: Json) => r.date)).toEqual(locals);
  });
});
