import { describe, expect, it } from "vitest";
import { appointments, contacts, keys, list, localDay, lower, offset, persons, sales, sorted, textOrder, wall, type Json, useListsEmulator } from "../support/tenant-lists-e2e.js";

/**
 * The OData-like list endpoints end to end (netserver.md §4.5, §5, §10), over HTTP with a real token:
 * every expected result is computed independently (test/support/tenant-lists-e2e.ts), never with the
 * emulator's query builder, and every list body is validated against its endpoint's Swagger definition.
 */
useListsEmulator();

describe("$orderBy", () => {
  /** The returned rows are the expected set, and their sort keys come in the order of `compare`. */
  function expectOrdered<T extends { id: number }>(body: Json, rows: T[], compare: (a: T, b: T) => number, key: (r: T) => unknown) {
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(sorted(keys(body))).toEqual(sorted(rows.map((r) => r.id)));
    const got = keys(body).map((id) => key(byId.get(id)!));
    const want = [...rows].sort(compare).map(key);
    expect(got).toEqual(want);
  }

  it("Contact: name asc, then contactId desc", async () => {
    const rows = contacts().filter((c) => c.category_id === 1 || c.category_id === 2);
    const body = await list("Contact", { $filter: "category oneOf (1,2)", $select: "contactId,name", $orderBy: "name asc,contactId desc" });
    expectOrdered(body, rows, (a, b) => textOrder(a.name, b.name) || b.id - a.id, (r) => r.id);
  });

  it("Contact: name desc (no second column: ties may come in any order, names may not)", async () => {
    const rows = contacts().filter((c) => /^[a-h]/i.test(c.name));
    const body = await list("Contact", { $filter: "name between ('A','I')", $select: "contactId,name", $orderBy: "name desc" });
    expectOrdered(body, rows, (a, b) => textOrder(b.name, a.name), (r) => r.name.toLowerCase());
  });

  it("Sale: saleStatus asc, amount desc", async () => {
    const rows = sales();
    const body = await list("Sale", { $select: "saleId,saleStatus,amount", $orderBy: "saleStatus asc,amount desc" });
    expectOrdered(body, rows, (a, b) => textOrder(a.status, b.status) || b.amount - a.amount, (r) => `${r.status}|${r.amount}`);
  });

  it("Appointment: date desc, appointmentId asc (and $orderby in any case works the same)", async () => {
    const rows = appointments().filter((a) => a.associate_id === 3);
    const body = await list("Appointment", { $filter: "associateId associateIsOneOf (3)", $select: "appointmentId,date", $orderBy: "date desc,appointmentId asc" });
    expectOrdered(body, rows, (a, b) => (a.start_date < b.start_date ? 1 : a.start_date > b.start_date ? -1 : a.id - b.id), (r) => r.id);
    const lowerCase = await list("Appointment", { $filter: "associateId associateIsOneOf (3)", $select: "appointmentId,date", $orderby: "date desc,appointmentId asc" });
    expect(keys(lowerCase)).toEqual(keys(body));
  });

  it("Person: lastName asc, firstName desc", async () => {
    const rows = persons().filter((p) => lower(p.lastname).includes("sen"));
    const body = await list("Person", { $filter: "lastName contains 'sen'", $select: "personId,lastName,firstName", $orderBy: "lastName asc,firstName desc" });
    expectOrdered(body, rows, (a, b) => textOrder(a.lastname, b.lastname) || textOrder(b.firstname, a.firstname), (r) => `${r.lastname.toLowerCase()}|${r.firstname.toLowerCase()}`);
  });
});

describe("paging with $top and $skip", () => {
  async function pages(path: string, params: Record<string, string>, size: number) {
    const all: number[] = [];
    for (let skip = 0; ; skip += size) {
      const body = await list(path, { ...params, $top: size, $skip: skip });
      expect(body.value.length).toBeLessThanOrEqual(size);
      all.push(...keys(body));
      if (body.value.length < size) return { all, pageCount: skip / size + 1 };
    }
  }

  it("Appointment: 25 at a time over 400+ rows, each exactly once and in order", async () => {
    const params = { $filter: "date after '2025-11-30'", $select: "appointmentId,date", $orderBy: "date desc,appointmentId asc" };
    const rows = appointments().filter((a) => localDay(a.start_date) > "2025-11-30");
    expect(rows.length).toBeGreaterThan(100);
    const want = [...rows].sort((a, b) => (a.start_date < b.start_date ? 1 : a.start_date > b.start_date ? -1 : a.id - b.id)).map((r) => r.id);
    const unpaged = keys(await list("Appointment", params));
    expect(unpaged).toEqual(want);
    const { all, pageCount } = await pages("Appointment", params, 25);
    expect(pageCount).toBe(Math.floor(want.length / 25) + 1);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(want);
  });

  it("Contact: 25 at a time by name, contactId", async () => {
    const params = { $filter: "category oneOf (1,2,3)", $select: "contactId,name", $orderBy: "name asc,contactId asc" };
    const rows = contacts().filter((c) => [1, 2, 3].includes(c.category_id ?? 0));
    expect(rows.length).toBeGreaterThan(100);
    const want = [...rows].sort((a, b) => textOrder(a.name, b.name) || a.id - b.id).map((r) => r.id);
    expect(keys(await list("Contact", params))).toEqual(want);
    const { all } = await pages("Contact", params, 25);
    expect(all).toEqual(want);
  });

  it("a $skip past the end is an empty page, still counting every row", async () => {
    const total = contacts().length;
    const body = await list("Contact", { $select: "contactId", $skip: total + 10, $inlineCount: "true" });
    expect(body.value).toEqual([]);
    expect(body["odata.count"]).toBe(total);
  });
});

describe("SO-TimeZone", () => {
  const params = { $select: "appointmentId,date,endDate", $filter: "appointmentId between (1,60)", $orderBy: "appointmentId" };

  it("US-NY shows appointment dates 6 hours earlier than the tenant's Oslo time", async () => {
    const oslo = await list("Appointment", params);
    const ny = await list("Appointment", params, { "SO-TimeZone": "US-NY" });
    const rows = appointments().filter((a) => a.id <= 60).sort((a, b) => a.id - b.id);
    expect(keys(ny)).toEqual(rows.map((r) => r.id));
    expect(ny.value.map((r: Json) => r.date)).toEqual(rows.map((r) => wall(r.start_date, "America/New_York")));
    ny.value.forEach((row: Json, i: number) => {
      const o = oslo.value[i];
      // The seed's appointments lie between November and early March: standard time on both sides.
      expect(Date.parse(`${o.date}Z`) - Date.parse(`${row.date}Z`), `appointment ${row.appointmentId}`).toBe(6 * 3_600_000);
      expect(Date.parse(`${o.endDate}Z`) - Date.parse(`${row.endDate}Z`)).toBe(6 * 3_600_000);
      expect(row.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    });
  });

  it(",includeTZOffset carries the offset: -05:00 for US-NY, +01:00 for NO, Z for UTC", async () => {
    const rows = appointments().filter((a) => a.id <= 60).sort((a, b) => a.id - b.id);
    const ny = await list("Appointment", params, { "SO-TimeZone": "US-NY,includeTZOffset" });
    expect(ny.value.map((r: Json) => r.date)).toEqual(rows.map((r) => `${wall(r.start_date, "America/New_York")}${offset(r.start_date, "America/New_York")}`));
    expect(ny.value.every((r: Json) => r.date.endsWith("-05:00"))).toBe(true);
    const no = await list("Appointment", params, { "SO-TimeZone": "NO,includeTZOffset" });
    expect(no.value.map((r: Json) => r.date)).toEqual(rows.map((r) => `${wall(r.start_date)}+01:00`));
    const utc = await list("Appointment", params, { "SO-TimeZone": "UTC,includeTZOffset" });
    expect(utc.value.map((r: Json) => r.date)).toEqual(rows.map((r) => `${r.start_date}Z`));
  });
});
