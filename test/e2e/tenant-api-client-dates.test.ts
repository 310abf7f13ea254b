// The client runs in New York while tenant Cust12345 keeps Europe/Oslo time: dates must not drift between
// the two. Node re-reads TZ when it is assigned, and vitest runs each file in its own process.
process.env.TZ = "America/New_York";

import { describe, expect, it } from "vitest";
import { apiUrl, appointmentCase, connect, contactCase, emulator, explained, label, op, raw, so, token, useClientEmulator } from "../support/tenant-api-client.js";

/**
 * The official client, `@superoffice/webapi`, against the emulator: its REST classes (ContactRestApi...)
 * and Agent classes (ContactAgent...) for create, read, PUT, PATCH, conditional reads and delete. Every
 * response body this file receives from an entity endpoint is validated against the definition the
 * official Swagger file names for that path (test/support/openapi.ts).
 */
useClientEmulator();

describe("PATCH through the client, as the docs write it (netserver.md §4.3)", () => {
  it("paths are case-insensitive and the leading slash is optional", async () => {
    const rest = connect().Contact.rest;
    const draft = await rest.getDefaultAsync();
    contactCase.fill(draft, label("patch paths"));
    const id = (await rest.postAsync(draft)).contactId!;
    const patched = await explained(rest.patchByIdAsync(id, [op("/NAME", "Upper-case path"), op("department", "No leading slash")]));
    expect([patched.name, patched.department]).toEqual(["Upper-case path", "No leading slash"]);
  });
});

describe("dates between a New York client and an Oslo tenant", () => {
  /** Oslo wall-clock time of an instant, as NetServer shows it without a suffix. */
  const osloWallTime = (ms: number) =>
    new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Oslo", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date(ms)).replace(" ", "T");

  it("CreatedDate comes as Oslo wall time without a suffix, whatever the emulator process's zone", async () => {
    const t0 = emulator.emulator.context.clock.now();
    const created = await raw("POST", "v1/Contact", { body: { Name: label("dates") } });
    const t1 = emulator.emulator.context.clock.now();
    const shown = String(created.body!.CreatedDate);
    expect(shown).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(shown >= osloWallTime(Math.floor(t0 / 1000) * 1000) && shown <= osloWallTime(t1)).toBe(true);
  });

  it("with SO-TimeZone includeTZOffset the client reads CreatedDate as the right instant", async () => {
    const rest = connect({ timezoneInclude: true }).Contact.rest;
    const t0 = Math.floor(emulator.emulator.context.clock.now() / 1000) * 1000;
    const draft = await rest.getDefaultAsync();
    draft.name = label("created instant");
    const created = await rest.postAsync(draft);
    const t1 = emulator.emulator.context.clock.now();
    expect(created.createdDate!.getTime()).toBeGreaterThanOrEqual(t0);
    expect(created.createdDate!.getTime()).toBeLessThanOrEqual(t1);
    // "Created and Updated Date ... are always UTC ... If you specify includeTZOffset they are always tagged as UTC times."
    const shown = await raw("GET", `v1/Contact/${created.contactId}`, { headers: { "SO-TimeZone": "includeTZOffset" } });
    expect(String(shown.body!.CreatedDate)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("an appointment's StartDate set as a JS Date comes back as the same instant, shown as Oslo local time", async () => {
    const start = new Date("2026-03-02T09:30:00+01:00");
    const end = new Date("2026-03-02T10:30:00+01:00");
    const plain = connect().Appointment.rest;
    const draft = await plain.getDefaultAsync();
    await appointmentCase.fill(draft, label("StartDate"));
    draft.startDate = start;
    draft.endDate = end;
    draft.activeDate = start;
    const created = await plain.postAsync(draft);
    const id = created.appointmentId!;

    // On the wire: Oslo wall time, no suffix (netserver.md §1.4).
    const shown = await raw("GET", `v1/Appointment/${id}`);
    expect(shown.body!.StartDate).toBe("2026-03-02T09:30:00");
    expect(shown.body!.EndDate).toBe("2026-03-02T10:30:00");

    // Without SO-TimeZone the client parses that as its own wall time, as it does against SOD: same clock
    // reading, another instant (so-timezone.mdx: "fun ensues").
    expect([created.startDate!.getHours(), created.startDate!.getMinutes(), created.startDate!.getDate()]).toEqual([9, 30, 2]);

    // With includeTZOffset the same instant comes back, and a round trip does not move it.
    const tz = connect({ timezoneInclude: true }).Appointment.rest;
    const read = await tz.getByIdAsync(id);
    expect(read.startDate!.getTime()).toBe(start.getTime());
    expect(read.endDate!.getTime()).toBe(end.getTime());
    const withOffset = await raw("GET", `v1/Appointment/${id}`, { headers: { "SO-TimeZone": "includeTZOffset" } });
    expect(withOffset.body!.StartDate).toBe("2026-03-02T09:30:00+01:00");
    const inNewYork = await raw("GET", `v1/Appointment/${id}`, { headers: { "SO-TimeZone": "US-NY,includeTZOffset" } });
    expect(Date.parse(String(inNewYork.body!.StartDate))).toBe(start.getTime());

    const saved = await tz.putByIdAsync(id, read);
    expect(saved.startDate!.getTime()).toBe(start.getTime());
    const again = await raw("GET", `v1/Appointment/${id}`);
    expect(again.body!.StartDate).toBe("2026-03-02T09:30:00");
    expect(again.body!.EndDate).toBe("2026-03-02T10:30:00");
  });
});

describe("searching with ArchiveAgent.getArchiveListByColumnsAsync (netserver.md §5.6)", () => {
  it("finds what the OData list finds for the same terms, with SuperOffice's encoded display values", async () => {
    const webapi = new so.WebApi(apiUrl);
    webapi.authenticateWithToken(token);
    const items = await webapi.getArchiveAgent().getArchiveListByColumnsAsync(
      "SimpleContact",
      ["contactId", "name", "registeredDate"],
      [{ name: "name", direction: so.OrderBySortType.ASC }],
      [
        { name: "name", operator: "begins", values: ["A"], isActive: true, interOperator: so.InterRestrictionOperator.And },
        { name: "contactId", operator: ">", values: ["[I:1]"], isActive: true },
        { name: "name", operator: "contains", values: ["this restriction is switched off"], isActive: false },
      ],
      ["contact"],
      0,
      25,
    );
    const odata = (await raw("GET", `v1/Contact?${new URLSearchParams({ $select: "contactId,name", $filter: "name begins 'A' and contactId gt 1", $orderBy: "name asc", $top: "25" })}`)).body as { value: { PrimaryKey: string; name: string }[] };
    expect(odata.value.length).toBeGreaterThan(1);
    expect(items.map((i) => i.primaryKey)).toEqual(odata.value.map((r) => Number(r.PrimaryKey)));
    expect(items.map((i) => i.columnData!.name!.displayValue)).toEqual(odata.value.map((r) => r.name));
    for (const item of items) {
      expect(item.entityName).toBe("contact");
      expect(item.columnData!.contactId!.displayValue).toBe(`[I:${item.primaryKey}]`);
      expect(item.columnData!.registeredDate!.displayValue).toMatch(/^\[D:\d{2}\/\d{2}\/\d{4}\]$/);
    }
    // Page 1 of 2-row pages is what $skip=2&$top=2 gives for the same order.
    const page = await webapi.getArchiveAgent().getArchiveListByColumnsAsync("SimpleContact", ["contactId"], [{ name: "name", direction: so.OrderBySortType.ASC }], [{ name: "name", operator: "begins", values: ["A"], isActive: true }], ["contact"], 1, 2);
    const skipped = (await raw("GET", `v1/Contact?${new URLSearchParams({ $select: "contactId", $filter: "name begins 'A'", $orderBy: "name asc", $top: "2", $skip: "2" })}`)).body as { value: { PrimaryKey: string }[] };
    expect(page.map((i) => i.primaryKey)).toEqual(skipped.value.map((r) => Number(r.PrimaryKey)));
    expect(page).toHaveLength(2);
  });
});
