import { describe, expect, it } from "vitest";
import { validateBody } from "../support/openapi.js";
import { appointments, contacts, list, lower, persons, sales, shown, type Json, useListsEmulator } from "../support/tenant-lists-e2e.js";

/**
 * The OData-like list endpoints end to end (netserver.md §4.5, §5, §10), over HTTP with a real token:
 * every expected result is computed independently (test/support/tenant-lists-e2e.ts), never with the
 * emulator's query builder, and every list body is validated against its endpoint's Swagger definition.
 */
useListsEmulator();

describe("$select, display typing and the envelope", () => {
  it("Contact: columns as given, list columns as names, associate columns as initials, dates local without suffix", async () => {
    const select = ["contactId", "name", "category", "associateId", "registeredDate", "updatedDate", "number", "contactAssociate/fullName", "email/emailAddress", "postAddress/city"];
    const body = await list("Contact", { $select: select.join(","), $filter: "contactId between (2,30)", $orderBy: "contactId" });
    const rows = contacts().filter((c) => c.id >= 2 && c.id <= 30).sort((a, b) => a.id - b.id);
    expect(rows.length).toBeGreaterThan(10);
    expect(body.value).toEqual(
      rows.map((c) => ({
        PrimaryKey: String(c.id),
        EntityName: "contact",
        contactId: c.id,
        name: c.name,
        category: c.category ?? "",
        associateId: c.initials ?? "",
        registeredDate: shown(c.created_date),
        updatedDate: shown(c.updated_date),
        number: c.number2,
        "contactAssociate/fullName": [c.owner_first, c.owner_last].filter(Boolean).join(" "),
        "email/emailAddress": (JSON.parse(c.emails) as { Value: string }[])[0]?.Value ?? "",
        "postAddress/city": c.postal_city,
      })),
    );
    for (const row of body.value) expect(Object.keys(row)).toEqual(["PrimaryKey", "EntityName", ...select]);
    // Registered dates are instants: shown in Oslo time, an hour or two ahead of the stored UTC.
    expect(body.value.some((r: Json, i: number) => r.registeredDate !== rows[i]!.created_date)).toBe(true);
  });

  it("output keys are the $select strings exactly as written, in any case", async () => {
    const body = await list("Contact", { $select: "ContactId,NAME,contactassociate/FULLNAME", $filter: "contactId eq 5" });
    const c = contacts().find((r) => r.id === 5)!;
    expect(body.value).toEqual([{ PrimaryKey: "5", EntityName: "contact", ContactId: 5, NAME: c.name, "contactassociate/FULLNAME": `${c.owner_first} ${c.owner_last}` }]);
  });

  it("$jsonSafe=true turns unsafe characters in output names into _", async () => {
    const body = await list("Contact", { $select: "contactId,contactAssociate/fullName,email/emailAddress", $filter: "contactId eq 5", $jsonSafe: "true" });
    expect(Object.keys(body.value[0])).toEqual(["PrimaryKey", "EntityName", "contactId", "contactAssociate_fullName", "email_emailAddress"]);
    const c = contacts().find((r) => r.id === 5)!;
    expect(body.value[0].contactAssociate_fullName).toBe(`${c.owner_first} ${c.owner_last}`);
  });

  it("Person: nested personContact/… columns; fullName without double spaces", async () => {
    const body = await list("Person", { $select: "personId,fullName,contactId,personContact/name,personContact/category", $filter: "personContact/name begins 'A'", $orderBy: "personId" });
    const rows = persons().filter((p) => lower(p.company).startsWith("a")).sort((a, b) => a.id - b.id);
    expect(body.value).toEqual(
      rows.map((p) => ({
        PrimaryKey: String(p.id),
        EntityName: "person",
        personId: p.id,
        fullName: [p.firstname, p.middle_name, p.lastname].filter(Boolean).join(" "),
        contactId: p.contact_id,
        "personContact/name": p.company,
        "personContact/category": p.company_category ?? "",
      })),
    );
  });

  it("Appointment: ints as numbers, booleans, task names, initials, local dates", async () => {
    const body = await list("Appointment", { $select: "appointmentId,date,endDate,type,associateId,completed,contactId,text", $filter: "appointmentId between (1,80)", $orderBy: "appointmentId" });
    const rows = appointments().filter((a) => a.id >= 1 && a.id <= 80).sort((a, b) => a.id - b.id);
    expect(body.value).toEqual(
      rows.map((a) => ({
        PrimaryKey: String(a.id),
        EntityName: "appointment",
        appointmentId: a.id,
        date: shown(a.start_date),
        endDate: shown(a.end_date),
        type: a.task ?? "",
        associateId: a.initials,
        completed: a.completed === "Completed",
        contactId: a.live_contact_id,
        text: a.description,
      })),
    );
    expect(body.value.every((r: Json) => !/(Z|[+-]\d\d:\d\d)$/.test(r.date))).toBe(true);
  });

  it("Sale: decimals and ints as numbers, currency as its name, the sale date on the tenant's calendar", async () => {
    const body = await list("Sale", { $select: "saleId,heading,amount,saleStatus,probPercent,date,currency,associateId", $filter: "saleId between (1,60)", $orderBy: "saleId" });
    const rows = sales().filter((s) => s.id >= 1 && s.id <= 60).sort((a, b) => a.id - b.id);
    expect(body.value).toEqual(
      rows.map((s) => ({
        PrimaryKey: String(s.id),
        EntityName: "sale",
        saleId: s.id,
        heading: s.heading,
        amount: s.amount,
        saleStatus: s.status,
        probPercent: s.probability,
        date: shown(s.saledate),
        currency: s.currency ?? "",
        associateId: s.initials,
      })),
    );
  });

  it("$mode=Full: PrimaryKey a number, each column with RawValue and DisplayValue", async () => {
    const body = await list("Contact", { $select: "name,category", $filter: "contactId eq 5", $mode: "Full" });
    const c = contacts().find((r) => r.id === 5)!;
    expect(body.value).toHaveLength(1);
    const row = body.value[0];
    expect(row.PrimaryKey).toBe(5);
    expect(row.EntityName).toBe("contact");
    expect(row.Column.name).toMatchObject({ RawValue: c.name, DisplayValue: c.name });
    expect(row.Column.category).toMatchObject({ RawValue: c.category_id, DisplayValue: c.category });
  });

  it("without $select: the provider's default columns, and a PrimaryKey/EntityName on every row", async () => {
    for (const [entity, name, idKey] of [["Contact", "contact", "contactId"], ["Person", "person", "personId"], ["Appointment", "appointment", "appointmentId"], ["Sale", "sale", "saleId"]] as const) {
      const body = await list(entity, { $top: 3 });
      expect(body.value).toHaveLength(3);
      for (const row of body.value) {
        expect(row.EntityName).toBe(name);
        expect(row.PrimaryKey).toEqual(expect.stringMatching(/^\d+$/));
        expect(row[idKey]).toBe(Number(row.PrimaryKey));
      }
    }
  });

  it("v1/Archive/{provider} serves the same rows as v1/{Entity}, with the provider name in any case", async () => {
    const params = { $select: "contactId,name", $filter: "name begins 'S'", $orderBy: "contactId" };
    const entity = await list("Contact", params);
    expect((await list("Archive/SimpleContact", params)).value).toEqual(entity.value);
    expect((await list("Archive/simplecontact", params)).value).toEqual(entity.value);
    const sale = await list("Sale", { $select: "saleId", $filter: "amount gt 250000" });
    expect((await list("Archive/FindSale", { $select: "saleId", $filter: "amount gt 250000" })).value).toEqual(sale.value);
  });
});

describe("the Swagger definition of list bodies", () => {
  it("ODataSlimResponse rows hold any JSON value (.NET object), but a row itself must be an object", () => {
    const envelope = (value: unknown[]) => ({ "odata.metadata": "x/$metadata", "odata.nextLink": null, value });
    expect(validateBody("ODataSlimResponse", envelope([{ PrimaryKey: "1", EntityName: "contact", n: 1, b: true, d: "2026-01-01T00:00:00", z: null, o: { a: 1 }, l: [1] }]))).toEqual([]);
    expect(validateBody("ODataSlimResponse", envelope(["not a row"]))).not.toEqual([]);
    expect(validateBody("ODataSlimResponse", { ...envelope([]), "odata.metadata": 5 })).not.toEqual([]);
  });
});
