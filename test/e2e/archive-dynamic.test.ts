import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type * as SoWebApi from "@superoffice/webapi" with { "resolution-mode": "require" };
import { call, emulator, expectError, postJson, query, sql, TENANT, token, useListsEmulator, type Json } from "../support/tenant-lists-e2e.js";

/**
 * `GET|POST v1/Archive/dynamic` and the ArchiveAgent with provider `dynamic` (SuperOffice's dot syntax):
 * every answer is checked against the same data fetched through the entity endpoints (`GET v1/Contact`,
 * `v1/Person`, `v1/Contact/{id}`) or, for lists and aggregates, counted independently from those endpoints.
 */
useListsEmulator();
const so = createRequire(import.meta.url)("@superoffice/webapi") as typeof SoWebApi;

async function get(path: string, params: Record<string, string | number> = {}): Promise<Json> {
  const reply = await call("GET", `${path}${query(params)}`);
  expect(reply.status, `GET ${path}${query(params)}: ${reply.text.slice(0, 400)}`).toBe(200);
  return reply.json;
}
const dynamic = (params: Record<string, string | number>) => get("Archive/dynamic", params);
const all = { $top: 100000 };
const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

describe("columns, joins, filters, order and paging", () => {
  it("contact.name and its own columns match GET v1/Contact row for row", async () => {
    const body = await dynamic({ $select: "contact.contact_id,contact.name,contact.category_idx.name,contact.number2", $orderBy: "contact.contact_id", ...all });
    const entity = await get("Contact", { $select: "contactId,name,category,number", $orderBy: "contactId", ...all });
    expect(body.value.length).toBe(entity.value.length);
    expect(body.value.length).toBeGreaterThan(20);
    expect(body.value).toEqual(
      entity.value.map((c: Json) => ({ PrimaryKey: c.PrimaryKey, EntityName: "contact", "contact.contact_id": c.contactId, "contact.name": c.name, "contact.category_idx.name": c.category, "contact.number2": c.number })),
    );
    expect(body["odata.nextLink"]).toBeNull();
  });

  it("contact.category_idx.name follows the foreign key to the category list (outer join), as GET v1/Contact/{id} shows it", async () => {
    const body = await dynamic({ $select: "contact.name,contact.category_idx.name,contact.associate_id.name", $filter: "contact.contact_id le 8", $orderBy: "contact.contact_id" });
    expect(body.value.length).toBeGreaterThan(3);
    for (const row of body.value) {
      const entity = await get(`Contact/${row.PrimaryKey}`);
      expect(row["contact.name"]).toBe(entity.Name);
      expect(row["contact.category_idx.name"]).toBe(entity.Category?.Value ?? "");
      expect(row["contact.associate_id.name"]).toBe(entity.Associate?.Name ?? "");
    }
  });

  it("contact.name, person.firstname joins the persons to their contact; a filter on each side and $top=50", async () => {
    const body = await dynamic({ $select: "contact.name,person.firstname,person.person_id", $filter: "contact.name begins 'A' and person.firstname ne ''", $orderBy: "contact.name,person.person_id", $top: 50 });
    const persons = (await get("Person", { $select: "personId,firstName,contactId,fullName", $filter: "firstName ne ''", ...all })).value as Json[];
    const contacts = new Map(((await get("Contact", { $select: "contactId,name", ...all })).value as Json[]).map((c) => [c.contactId, c.name]));
    const expected = persons
      .filter((p) => /^a/i.test(contacts.get(p.contactId) ?? ""))
      .map((p) => ({ name: contacts.get(p.contactId) as string, first: p.firstName, id: p.personId }))
      // SQLite's NOCASE: ASCII letters folded, then code units.
      .sort((a, b) => (fold(a.name) < fold(b.name) ? -1 : fold(a.name) > fold(b.name) ? 1 : a.id - b.id))
      .slice(0, 50);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.value.map((r: Json) => ({ name: r["contact.name"], first: r["person.firstname"], id: r["person.person_id"] }))).toEqual(expected);
  });

  it("person.contact_id.name (from the person side) equals GET v1/Person's company name; :inner join drops persons without a contact", async () => {
    const outer = await dynamic({ $select: "person.person_id,person.contact_id.name", $orderBy: "person.person_id", ...all });
    const entity = await get("Person", { $select: "personId,personContact/name", $orderBy: "personId", ...all });
    expect(outer.value.map((r: Json) => [Number(r.PrimaryKey), r["person.contact_id.name"]])).toEqual(entity.value.map((p: Json) => [p.personId, p["personContact/name"]]));
    const inner = await dynamic({ $select: "person.person_id,person:contact_id.name", ...all });
    expect(inner.value.length).toBe(entity.value.filter((p: Json) => p["personContact/name"] !== "").length);
  });

  it("right join: category.(contact->category_idx).name lists each category's contacts", async () => {
    const body = await dynamic({ $select: "category.name,category.(contact->category_idx).name", $filter: "category.category_id eq 1", ...all });
    const contacts = (await get("Contact", { $select: "name", $filter: "category eq 1", ...all })).value as Json[];
    expect(body.value.map((r: Json) => r["category.(contact->category_idx).name"]).sort()).toEqual(contacts.map((c) => c.name).sort());
    expect(body.value.every((r: Json) => r.EntityName === "Category" && r.PrimaryKey === "1")).toBe(true);
  });

  it("list tables, associates and webhook_usage are tables too; $skip pages; $inlineCount counts", async () => {
    const categories = await dynamic({ $select: "category.category_id,category.name", $orderBy: "category.name desc", $inlineCount: "true" });
    const expected = sql<{ item_id: number; name: string }>("SELECT item_id, name FROM list_items WHERE context_identifier = ? AND list_name = 'category' ORDER BY name COLLATE NOCASE DESC");
    expect(categories.value.map((r: Json) => [r["category.category_id"], r["category.name"]])).toEqual(expected.map((e) => [e.item_id, e.name]));
    expect(categories["odata.count"]).toBe(expected.length);
    const paged = await dynamic({ $select: "category.name", $orderBy: "category.name desc", $skip: 2, $top: 2 });
    expect(paged.value.map((r: Json) => r["category.name"])).toEqual(expected.slice(2, 4).map((e) => e.name));
    const users = await dynamic({ $select: "associate.associate_id,associate.name,associate.deleted" });
    expect(users.value.length).toBeGreaterThan(0);
    expect(users.value.every((u: Json) => typeof u["associate.name"] === "string" && u["associate.deleted"] === 0)).toBe(true);
    const usage = await dynamic({ $select: "webhook_usage.webhook_usage_id,webhook_usage.total_calls,webhook_usage.total_errors,webhook_usage.consecutive_errors,webhook_usage.last_error" });
    expect(usage.value).toEqual([]);
  });

  it("projects and their members are tables when the emulator keeps them: they match GET v1/Project", async () => {
    const projects = (await get("Project", { $select: "projectId,name", $orderBy: "projectId", ...all })).value as Json[];
    expect(projects.length).toBeGreaterThan(0);
    const body = await dynamic({ $select: "project.project_id,project.name", $orderBy: "project.project_id", ...all });
    expect(body.value.map((r: Json) => [r["project.project_id"], r["project.name"]])).toEqual(projects.map((p) => [p.projectId, p.name]));
    const members = await dynamic({ $select: "projectmember.project_id.name,projectmember.contact_id.name", ...all });
    expect(members.value.length).toBeGreaterThan(0);
    const names = new Set(projects.map((p) => p.name));
    expect(members.value.every((m: Json) => names.has(m["projectmember.project_id.name"]))).toBe(true);
  });

  it("POST v1/Archive/dynamic takes the parameters form-encoded", async () => {
    const form = new URLSearchParams({ $select: "contact.name", $filter: "contact.contact_id eq 3" });
    const reply = await call("POST", "Archive/dynamic", { headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.value).toEqual([{ PrimaryKey: "3", EntityName: "contact", "contact.name": (await get("Contact/3")).Name }]);
  });
});

describe("aggregates", () => {
  it("Count(contact.contact_id) grouped by category: one footer per category, counts as GET v1/Contact finds them, grand total", async () => {
    const body = await dynamic({ $select: "Count(contact.contact_id):HideDetail,GroupBy(contact.category_idx.name):Footer,HideDetail", $options: "GrandTotal=true" });
    const contacts = (await get("Contact", { $select: "category", ...all })).value as Json[];
    const counts = new Map<string, number>();
    for (const c of contacts) counts.set(c.category, (counts.get(c.category) ?? 0) + 1);
    expect(counts.size).toBeGreaterThan(2);
    const footers = body.value.filter((r: Json) => r.EntityName === "footer:1");
    const byCategory = Object.fromEntries(footers.map((r: Json) => [r["GroupBy(contact.category_idx.name):Footer,HideDetail"], r["Count(contact.contact_id):HideDetail"]]));
    expect(byCategory).toEqual(Object.fromEntries(counts));
    expect(footers.map((r: Json) => r.PrimaryKey)).toEqual(footers.map((_: Json, i: number) => String(i + 1)));
    expect(body.value.at(-1)).toEqual({ PrimaryKey: "1", EntityName: "grandtotal", "Count(contact.contact_id):HideDetail": contacts.length, "GroupBy(contact.category_idx.name):Footer,HideDetail": "" });
  });

  it("Sum, Avg, Min, Max of sale amounts per currency name match GET v1/Sale; a filter restricts them; headers and footers", async () => {
    const body = await dynamic({
      $select: "Sum(sale.amount):HideDetail,Avg(sale.amount):HideDetail,Min(sale.amount):HideDetail,Max(sale.amount):HideDetail,CountAll(sale.sale_id):HideDetail,GroupBy(sale.currency_id.name):Header,Footer,HideDetail",
      $filter: "sale.amount gt 0",
    });
    const sales = ((await get("Sale", { $select: "amount,currency", ...all })).value as Json[]).filter((s) => s.amount > 0);
    const groups = new Map<string, number[]>();
    for (const s of sales) groups.set(s.currency, [...(groups.get(s.currency) ?? []), s.amount]);
    const footers = body.value.filter((r: Json) => r.EntityName === "footer:1");
    expect(body.value.filter((r: Json) => r.EntityName === "header:1").length).toBe(footers.length);
    expect(footers.length).toBe(groups.size);
    for (const f of footers) {
      const amounts = groups.get(f["GroupBy(sale.currency_id.name):Header,Footer,HideDetail"])!;
      expect(f["CountAll(sale.sale_id):HideDetail"]).toBe(amounts.length);
      expect(f["Sum(sale.amount):HideDetail"]).toBeCloseTo(amounts.reduce((a, b) => a + b, 0), 6);
      expect(f["Avg(sale.amount):HideDetail"]).toBeCloseTo(amounts.reduce((a, b) => a + b, 0) / amounts.length, 6);
      expect(f["Min(sale.amount):HideDetail"]).toBe(Math.min(...amounts));
      expect(f["Max(sale.amount):HideDetail"]).toBe(Math.max(...amounts));
    }
  });

  it("two GroupBy levels nest: footers of level 2 inside each level-1 group", async () => {
    const body = await dynamic({ $select: "Count(person.person_id):HideDetail,GroupBy(person.contact_id.category_idx):Footer,HideDetail,GroupBy(person.position_idx):Footer,HideDetail,2" });
    const persons = (await get("Person", { $select: "personId", ...all })).value as Json[];
    const level1 = body.value.filter((r: Json) => r.EntityName === "footer:1");
    const level2 = body.value.filter((r: Json) => r.EntityName === "footer:2");
    const total = (rows: Json[]) => rows.reduce((a, r) => a + r["Count(person.person_id):HideDetail"], 0);
    expect(total(level1)).toBe(persons.length);
    expect(total(level2)).toBe(persons.length);
    expect(body.value.at(-1).EntityName).toBe("footer:1");
  });
});

describe("refusals", () => {
  const refused = async (params: Record<string, string>, status = 400) => expectError(await call("GET", `Archive/dynamic${query(params)}`), status);

  it("unknown tables and columns are 400s naming them, in $select, $filter and $orderBy", async () => {
    expect(await refused({ $select: "contactz.name" })).toMatch(/unknown table contactz/);
    expect(await refused({ $select: "contact.nam" })).toMatch(/unknown column nam in table contact/);
    expect(await refused({ $select: "contact.name", $filter: "contact.secret eq 1" })).toMatch(/\$filter: unknown column secret/);
    expect(await refused({ $select: "contact.name", $orderBy: "person.nope" })).toMatch(/\$orderBy: unknown column nope in table person/);
    expect(await refused({ $select: "contact.name.x" })).toMatch(/contact.name is not a foreign key/);
    expect(await refused({ $select: "" })).toMatch(/needs columns/);
    expect(await refused({ $select: "contact.name,webhook.name" })).toMatch(/no foreign key joins webhook to contact/);
  });

  it("bad aggregates and modifiers are 400s", async () => {
    expect(await refused({ $select: "Bogus(contact.name):HideDetail" })).toMatch(/unknown aggregate function Bogus/);
    expect(await refused({ $select: "Percent(contact.contact_id)" })).toMatch(/Percent is not emulated/);
    expect(await refused({ $select: "Sum(contact.name):HideDetail" })).toMatch(/needs a number column/);
    expect(await refused({ $select: "Count(contact.contact_id):Sideways" })).toMatch(/unknown modifier Sideways/);
    expect(await refused({ $select: "contact.name,Count(contact.contact_id)" })).toMatch(/HideDetail/);
  });

  it("injection attempts never reach SQL: names are checked against the schema, values are bound", async () => {
    expect(await refused({ $select: "contact.name; DROP TABLE contacts" })).toMatch(/not a dynamic column/);
    expect(await refused({ $select: "contact.name--" })).toMatch(/not a dynamic column/);
    expect(await refused({ $select: "sqlite_master.name" })).toMatch(/unknown table sqlite_master/);
    expect(await refused({ $select: "contact.(tenants->context_identifier).name" })).toMatch(/unknown table tenants/);
    expect(await refused({ $select: "contact.category_idx[tenants].name" })).toMatch(/unknown table tenants/);
    const body = await dynamic({ $select: "contact.name", $filter: "contact.name eq 'x'' OR 1=1 --'" });
    expect(body.value).toEqual([]);
    expect(sql("SELECT count(*) AS n FROM contacts WHERE context_identifier = ?")[0]!.n).toBeGreaterThan(0);
  });

  it("another tenant's rows are never reached, through any join", async () => {
    const other = "Cust54321";
    const before = (await dynamic({ $select: "Count(contact.contact_id):HideDetail" })).value[0]["Count(contact.contact_id):HideDetail"];
    const mine = sql<{ n: number }>("SELECT count(*) AS n FROM contacts WHERE context_identifier = ? AND deleted_date IS NULL")[0]!.n;
    expect(before).toBe(mine);
    const foreign = sql<{ n: number }>("SELECT count(*) AS n FROM contacts WHERE context_identifier <> ?")[0]!.n;
    expect(foreign, `the seed has other tenants (${other})`).toBeGreaterThan(0);
  });
});

describe("ArchiveAgent with provider dynamic", () => {
  it("GetArchiveListByColumns (raw) and the official client's ArchiveAgent answer the same rows as the OData list", async () => {
    const odata = await dynamic({ $select: "contact.name,contact.category_idx.name", $filter: "contact.contact_id le 5", $orderBy: "contact.contact_id" });
    const raw = await postJson("Agents/Archive/GetArchiveListByColumns", { ProviderName: "dynamic", Columns: ["contact.name", "contact.category_idx.name"], SortOrder: [{ Name: "contact.contact_id", Direction: "ASC" }], Restriction: [{ Name: "contact.contact_id", Operator: "le", Values: ["5"], IsActive: true }], Page: 0, PageSize: 50 });
    expect(raw.status, raw.text).toBe(200);
    expect(raw.json.length, raw.text.slice(0, 500)).toBeGreaterThan(2);
    // The raw answer is PascalCase; the official client hands its rows over camelCased.
    const names = (rows: Json[]) =>
      rows.map((r) => {
        const data = r.ColumnData ?? r.columnData;
        const shown = (key: string) => data[key].DisplayValue ?? data[key].displayValue;
        return [String(r.PrimaryKey ?? r.primaryKey), shown("contact.name"), shown("contact.category_idx.name")];
      });
    expect(names(raw.json)).toEqual(odata.value.map((r: Json) => [r.PrimaryKey, r["contact.name"], r["contact.category_idx.name"]]));

    const webapi = new so.WebApi({ baseUrl: `${emulator.url}/${TENANT}/api/` });
    webapi.authenticateWithToken(token);
    const rows = await webapi.getArchiveAgent().getArchiveListByColumns2Async("dynamic", "contact.name,contact.category_idx.name", "contact.contact_id asc", "contact.contact_id le 5", "", 0, 50);
    expect(names(rows as unknown as Json[])).toEqual(names(raw.json));
  });

  it("aggregates through the agent; an unknown column is a 400 naming Columns", async () => {
    const reply = await postJson("Agents/Archive/GetArchiveListByColumns2", { ProviderName: "dynamic", Columns: "Count(contact.contact_id):HideDetail,GroupBy(contact.category_idx):Footer,HideDetail", SortOrder: "", Restriction: "", Entities: "", Page: 0, PageSize: 100 });
    expect(reply.status, reply.text).toBe(200);
    const total = (reply.json as Json[]).reduce((a, r) => a + Number(/\d+/.exec(r.ColumnData["Count(contact.contact_id):HideDetail"].DisplayValue)![0]), 0);
    expect(total).toBe(sql<{ n: number }>("SELECT count(*) AS n FROM contacts WHERE context_identifier = ? AND deleted_date IS NULL")[0]!.n);
    const bad = await postJson("Agents/Archive/GetArchiveListByColumns", { ProviderName: "dynamic", Columns: ["contact.nope"], Page: 0, PageSize: 5 });
    expect(expectError(bad, 400)).toMatch(/^Columns: unknown column nope in table contact/);
  });
});
