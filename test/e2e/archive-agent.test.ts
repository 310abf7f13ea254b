import { createRequire } from "node:module";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type * as SoWebApi from "@superoffice/webapi" with { "resolution-mode": "require" };
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { validateBody } from "../support/openapi.js";
import { signIn } from "../support/sign-in.js";

/**
 * ArchiveAgent end to end (Swagger-v1-ArchiveAgent.json): every operation the emulator implements, over
 * HTTP with a real token, through the official client where it has the method. Every answer is validated
 * against its Swagger definition with every member present, and every search is checked against the
 * OData list (`GET v1/Contact`, `v1/Archive/{provider}`) with the same terms: same rows, same order, and a
 * header row count equal to the number of rows all pages hold together.
 */
const so = createRequire(import.meta.url)("@superoffice/webapi") as typeof SoWebApi;
const TENANT = "Cust12345";
type Json = Record<string, any>;

let emulator: StartedEmulator;
let token: string;
let apiUrl: string;
beforeAll(async () => {
  emulator = await startEmulator();
  token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
  apiUrl = `${emulator.url}/${TENANT}/api/`;
});
afterAll(() => emulator?.stop());

// ---------------------------------------------------------------------------------------------------------
// Every 200 answer against the definition Swagger-v1-ArchiveAgent.json gives its operation.

const LIST_ITEMS = ["GetArchiveListByColumns", "GetArchiveListByColumnsWithContext", "GetArchiveList", "GetArchiveListWithContext", "GetArchiveListByColumns2", "GetArchiveListByColumnsWithContext2", "GetArchiveList2", "GetArchiveListWithContext2"];
const LIST_RESULTS = ["GetArchiveListByColumnsWithHeader", "GetArchiveListByColumnsWithHeaderWithContext", "GetArchiveListByColumnsWithHeader2", "GetArchiveListByColumnsWithHeaderWithContext2", "CreateDefaultArchiveListResult"];
const CONFIGURATIONS = ["GetArchiveConfiguration", "GetArchiveConfigurationWithContext", "GetArchiveConfigurationV2"];
const VOIDS = ["SetChosenColumns", "SetChosenColumnsV2", "SetChosenEntities", "SetChosenEntitiesV2", "SetColumnWidths", "SetColumnWidthsV2"];
const RESPONSE: Record<string, { def?: string; array: boolean }> = {
  ...Object.fromEntries(LIST_ITEMS.map((m) => [m, { def: "SuperOffice.CRM.Services.ArchiveListItem", array: true }])),
  ...Object.fromEntries(LIST_RESULTS.map((m) => [m, { def: "SuperOffice.CRM.Services.ArchiveListResult", array: false }])),
  ...Object.fromEntries(CONFIGURATIONS.map((m) => [m, { def: "SuperOffice.CRM.Services.ArchiveConfiguration", array: false }])),
  GetAvailableColumns: { def: "SuperOffice.CRM.ArchiveLists.ArchiveColumnInfo", array: true },
  GetAvailableEntities: { def: "SuperOffice.CRM.Services.MDOListItem", array: true },
  GetProviderNames: { array: true },
  GetGroupAssociateIds: { array: true },
};

const called = new Set<string>();
const invalid: string[] = [];

function check(method: string, status: number, data: unknown) {
  called.add(`${method} ${status}`);
  if (status >= 500) return invalid.push(`${method}: ${status}`);
  if (status >= 400) {
    const body = data as Json | null;
    if (body?.Error !== true || typeof body.ErrorMessage !== "string") invalid.push(`${method}: ${status} without the SuperOffice error body`);
    return;
  }
  if (VOIDS.includes(method)) return status === 204 || invalid.push(`${method}: expected 204, got ${status}`);
  const expected = RESPONSE[method];
  if (!expected) return invalid.push(`${method}: no Swagger response known`);
  if (data === null) return; // an agent's null for an unknown provider
  if (expected.array !== Array.isArray(data)) return invalid.push(`${method}: expected ${expected.array ? "an array" : "an object"}`);
  if (!expected.def) return;
  const errors = (expected.array ? (data as unknown[]) : [data]).flatMap((item) => validateBody(expected.def!, item));
  if (errors.length) invalid.push(`${method}: not a valid ${expected.def}:\n  ${[...new Set(errors)].slice(0, 10).join("\n  ")}`);
}
afterEach(() => {
  expect(invalid.splice(0), "answers that do not validate against Swagger-v1-ArchiveAgent.json").toEqual([]);
});

/** The official client's ArchiveAgent, every answer checked. */
function client(bearer = token) {
  const webapi = new so.WebApi({ baseUrl: apiUrl });
  webapi.authenticateWithToken(bearer);
  const agent = webapi.getArchiveAgent();
  type Seen = { status: number; data: unknown; config: { url?: string } };
  const axios = (agent as unknown as { _axios: { interceptors: { response: { use(a: (r: Seen) => Seen, b: (e: unknown) => unknown): void } } } })._axios;
  const seen = (r: Seen) => check(String(r.config.url).split("/").pop()!.split("?")[0]!, r.status, r.data);
  axios.interceptors.response.use((r) => (seen(r), r), (err) => {
    const r = (err as { response?: Seen }).response;
    if (r) seen(r);
    return Promise.reject(err);
  });
  return agent;
}

/** A raw agent call (PascalCase JSON as SuperOffice's own samples send it), every answer checked. */
async function agent(method: string, body: unknown, options: { bearer?: string; raw?: string } = {}): Promise<{ status: number; json: any }> {
  const res = await request(`${apiUrl}v1/Agents/Archive/${method}`, {
    method: "POST",
    headers: { authorization: `Bearer ${options.bearer ?? token}`, accept: "application/json", "content-type": "application/json" },
    body: options.raw ?? JSON.stringify(body),
  });
  const text = await res.body.text();
  const json = text ? JSON.parse(text) : null;
  check(method, res.statusCode, json);
  return { status: res.statusCode, json };
}

/** The OData list with the same terms; all pages. */
async function odata(path: string, params: Record<string, string>): Promise<Json> {
  const res = await request(`${apiUrl}v1/${path}?${new URLSearchParams({ ...params, $inlineCount: "true" })}`, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
  const body = (await res.body.json()) as Json;
  expect(res.statusCode, JSON.stringify(body).slice(0, 300)).toBe(200);
  return body;
}
const odataKeys = (body: Json) => (body.value as Json[]).map((r) => Number(r.PrimaryKey));

async function expectError(reply: Promise<{ status: number; json: any }>, status: number, member: string) {
  const { status: got, json } = await reply;
  expect(got, JSON.stringify(json)).toBe(status);
  expect(json.ErrorMessage).toContain(member);
}

// ---------------------------------------------------------------------------------------------------------

describe("WithHeader: a pager's row count and pages", () => {
  const sort = [{ name: "name", direction: so.OrderBySortType.ASC }];
  const restriction = [{ name: "name", operator: "contains", values: ["a"], isActive: true }];

  it("GetArchiveListByColumnsWithHeader: RowCount (rowcount=true) is the OData count, and the pages together are the OData rows", async () => {
    const expected = await odata("Contact", { $select: "contactId", $filter: "name contains 'a'", $orderBy: "name asc" });
    expect(expected["odata.count"]).toBeGreaterThan(10);
    const archive = client();
    const pages: number[] = [];
    for (let page = 0; ; page++) {
      const result = await archive.getArchiveListByColumnsWithHeaderAsync("SimpleContact", ["contactId", "name"], sort, restriction, ["contact"], page, 7, "rowcount=true");
      expect(result.rowCount).toBe(expected["odata.count"]);
      if (result.rows!.length === 0) break;
      expect(result.rows!.length).toBeLessThanOrEqual(7);
      pages.push(...result.rows!.map((r) => r.primaryKey!));
      for (const row of result.rows!) expect(row.columnData!.contactId!.displayValue).toBe(`[I:${row.primaryKey}]`);
    }
    expect(pages).toEqual(odataKeys(expected));
    expect(pages).toHaveLength(expected["odata.count"]);
  });

  it("without rowcount=true the header is not counted (RowCount 0); a negative page skips that many rows", async () => {
    const expected = await odata("Contact", { $select: "contactId", $filter: "name contains 'a'", $orderBy: "name asc" });
    const archive = client();
    const plain = await archive.getArchiveListByColumnsWithHeaderAsync("SimpleContact", ["contactId"], sort, restriction, ["contact"], 0, 5, "");
    expect(plain.rowCount).toBe(0);
    expect(plain.rows!.map((r) => r.primaryKey)).toEqual(odataKeys(expected).slice(0, 5));
    const skipped = await archive.getArchiveListByColumnsWithHeaderAsync("SimpleContact", ["contactId"], sort, restriction, ["contact"], -3, 4, "rowCount=true");
    expect(skipped.rows!.map((r) => r.primaryKey)).toEqual(odataKeys(expected).slice(3, 7));
    expect(skipped.rowCount).toBe(expected["odata.count"]);
  });

  it("the string forms (…2) and the Context forms answer as the carrier forms and the OData list", async () => {
    const filter = "name begins 'A' or category = 2";
    const expected = await odata("Contact", { $select: "contactId,name", $filter: filter, $orderBy: "name desc" });
    const keys = odataKeys(expected);
    const archive = client();
    const header2 = await archive.getArchiveListByColumnsWithHeader2Async("SimpleContact", "contactId, name", "name desc", filter, "contact", 0, 1000, "rowcount=true");
    expect(header2.rows!.map((r) => r.primaryKey)).toEqual(keys);
    expect(header2.rowCount).toBe(keys.length);
    const context2 = await archive.getArchiveListByColumnsWithHeaderWithContext2Async("SimpleContact", "contactId,name", "name desc", filter, "contact", 0, 1000, "rowcount=true", "");
    expect(context2).toEqual(header2);
    const byColumns2 = await archive.getArchiveListByColumns2Async("SimpleContact", "contactId,name", "name desc", filter, "contact", 0, 1000);
    expect(byColumns2).toEqual(header2.rows);
    expect(await archive.getArchiveListByColumnsWithContext2Async("SimpleContact", "contactId,name", "name desc", filter, "contact", 0, 1000, "")).toEqual(byColumns2);
    // GetArchiveListByColumns2 names its restriction `Restrictions`, as SuperOffice's sample sends it.
    const sample = await agent("GetArchiveListByColumns2", { ProviderName: "SimpleContact", Columns: "contactId,name", SortOrder: "name desc", Restrictions: filter, Entities: "contact", Page: 0, PageSize: 1000 });
    expect(sample.json.map((r: Json) => r.PrimaryKey)).toEqual(keys);
    expect(sample.json[0].ColumnData.name.DisplayValue).toBe(expected.value[0].name);

    const carrier = [{ name: "name", operator: "begins", values: ["A"], isActive: true, interOperator: so.InterRestrictionOperator.Or }, { name: "category", operator: "=", values: ["[I:2]"], isActive: true }];
    const order = [{ name: "name", direction: so.OrderBySortType.DESC }];
    const withContext = await archive.getArchiveListByColumnsWithContextAsync("SimpleContact", ["contactId", "name"], order, carrier, ["contact"], 0, 1000, "");
    expect(withContext).toEqual(header2.rows);
    expect(await archive.getArchiveListByColumnsAsync("SimpleContact", ["contactId", "name"], order, carrier, ["contact"], 0, 1000)).toEqual(withContext);
    const headerContext = await archive.getArchiveListByColumnsWithHeaderWithContextAsync("SimpleContact", ["contactId", "name"], order, carrier, ["contact"], 0, 1000, "rowcount=true", "");
    expect(headerContext).toEqual(header2);
  });

  it("CreateDefaultArchiveListResult is an empty, uncounted result", async () => {
    expect(await client().createDefaultArchiveListResultAsync()).toMatchObject({ rowCount: 0, rows: [] });
  });
});

describe("archive configurations: chosen columns, entities and widths per user", () => {
  it("GetArchiveConfiguration starts at the provider's defaults, the columns the OData list shows without $select", async () => {
    const archive = client();
    const config = await archive.getArchiveConfigurationAsync("fresh-gui", "SimpleContact");
    const bare = await odata("Archive/SimpleContact", { $top: "1" });
    const defaults = Object.keys(bare.value[0]).filter((k) => k !== "PrimaryKey" && k !== "EntityName");
    expect(config.archiveColumnInfo!.map((c) => c.name)).toEqual(defaults);
    expect(config.archiveEntityInfo!.map((e) => [e.type, e.selected])).toEqual([["contact", true]]);
    expect(config.archiveOrderByInfo).toEqual([]);
    const rows = await archive.getArchiveListAsync("fresh-gui", "SimpleContact", [], [], [], 0, 3);
    expect(Object.keys(rows[0]!.columnData!)).toEqual(defaults);
  });

  it("SetChosenColumns then GetArchiveList / GetArchiveList2 search with exactly those columns, per GUI name and context", async () => {
    const archive = client();
    await archive.setChosenColumnsAsync("person-gui", "Person", ["lastName", "personId", "contactId"]);
    const config = await archive.getArchiveConfigurationAsync("person-gui", "Person");
    expect(config.archiveColumnInfo!.map((c) => c.name)).toEqual(["lastName", "personId", "contactId"]);
    const expected = await odata("Person", { $select: "lastName,personId,contactId", $filter: "contactId = 3", $orderBy: "lastName asc" });
    const rows = await archive.getArchiveListAsync("person-gui", "Person", [{ name: "lastName", direction: so.OrderBySortType.ASC }], [{ name: "contactId", operator: "=", values: ["[I:3]"], isActive: true }], [], 0, 100);
    expect(rows.map((r) => r.primaryKey)).toEqual(odataKeys(expected));
    expect(rows.map((r) => Object.keys(r.columnData!))).toEqual(rows.map(() => ["lastName", "personId", "contactId"]));
    expect(rows.map((r) => r.columnData!.lastName!.displayValue)).toEqual(expected.value.map((r: Json) => r.lastName));
    expect(await archive.getArchiveList2Async("person-gui", "Person", "lastName asc", "contactId = 3", "", 0, 100)).toEqual(rows);
    // Another GUI name and another context are other configurations; the context one is set with V2.
    expect((await archive.getArchiveConfigurationAsync("other-gui", "Person")).archiveColumnInfo!.map((c) => c.name)).toEqual(["personId", "fullName", "contactId"]);
    expect((await archive.getArchiveConfigurationWithContextAsync("person-gui", "Person", "ctx")).archiveColumnInfo!.map((c) => c.name)).toEqual(["personId", "fullName", "contactId"]);
    await archive.setChosenColumnsV2Async("person-gui", "Person", "ctx", "", ["firstName"]);
    expect(Object.keys((await archive.getArchiveListWithContextAsync("person-gui", "Person", [], [], [], 0, 1, "ctx"))[0]!.columnData!)).toEqual(["firstName"]);
    expect(Object.keys((await archive.getArchiveListWithContext2Async("person-gui", "Person", "", "", "", 0, 1, "ctx"))[0]!.columnData!)).toEqual(["firstName"]);
    expect(Object.keys((await archive.getArchiveListAsync("person-gui", "Person", [], [], [], 0, 1))[0]!.columnData!)).toEqual(["lastName", "personId", "contactId"]);
  });

  it("configurations belong to the user who set them, and OwnerKeys is a key of V2's", async () => {
    const ada = client();
    await ada.setChosenColumnsAsync("mine", "FindSale", ["heading", "amount"]);
    const bob = client((await signIn(emulator, "bob.user@example.com", TENANT)).access_token);
    expect((await bob.getArchiveConfigurationAsync("mine", "FindSale")).archiveColumnInfo!.map((c) => c.name)).toEqual(["saleId", "heading", "amount", "saleStatus"]);
    await ada.setChosenColumnsV2Async("mine", "FindSale", "", "selection=12", ["saleId"]);
    const owned = await ada.getArchiveConfigurationV2Async("mine", "FindSale", "", "selection=12");
    expect([owned.ownerKeys, owned.archiveColumnInfo!.map((c) => c.name)]).toEqual(["selection=12", ["saleId"]]);
    expect((await ada.getArchiveConfigurationV2Async("mine", "FindSale", "", "")).archiveColumnInfo!.map((c) => c.name)).toEqual(["heading", "amount"]);
    // Kept in the store: the raw agent with PascalCase members sees the same configuration.
    const again = await agent("GetArchiveConfiguration", { GuiName: "mine", ProviderName: "findsale" });
    expect(again.json.ArchiveColumnInfo.map((c: Json) => c.Name)).toEqual(["heading", "amount"]);
  });

  it("SetColumnWidths: widths follow the columns, percentages add up to 100; SetChosenEntities marks the chosen entity", async () => {
    const archive = client();
    await archive.setChosenColumnsAsync("widths", "SimpleContact", ["name", "department", "contactId"]);
    await archive.setColumnWidthsAsync("widths", ["1%", "1%", "2%"]);
    expect((await archive.getArchiveConfigurationAsync("widths", "SimpleContact")).archiveColumnInfo!.map((c) => c.width)).toEqual(["25%", "25%", "50%"]);
    await archive.setColumnWidthsV2Async("widths", "SimpleContact", "", "", ["20c", "10", "70%"]);
    expect((await archive.getArchiveConfigurationAsync("widths", "SimpleContact")).archiveColumnInfo!.map((c) => c.width)).toEqual(["20c", "10c", "100%"]);
    await archive.setChosenEntitiesAsync("widths", "SimpleContact", ["CONTACT"]);
    await archive.setChosenEntitiesV2Async("widths", "SimpleContact", "ctx", "", ["contact"]);
    expect((await archive.getArchiveConfigurationAsync("widths", "SimpleContact")).archiveEntityInfo!.map((e) => [e.type, e.selected])).toEqual([["contact", true]]);
  });
});

describe("provider descriptions and groups", () => {
  it("GetAvailableEntities names each provider's entity; GetAvailableColumns and GetProviderNames describe the providers", async () => {
    const archive = client();
    const names = await archive.getProviderNamesAsync();
    for (const provider of names) {
      const entities = await archive.getAvailableEntitiesAsync(provider, "");
      expect(entities.length, provider).toBe(1);
      const columns = await archive.getAvailableColumnsAsync(provider, "");
      expect(columns.length, provider).toBeGreaterThan(3);
    }
    expect((await archive.getAvailableEntitiesAsync("Person", "")).map((e) => e.type)).toEqual(["person"]);
    expect((await agent("GetAvailableEntities", { ProviderName: "NoSuchProvider" })).json).toBeNull();
  });

  it("GetGroupAssociateIds lists the active users of the groups, as InternalUsers does", async () => {
    const users = await odata("Archive/InternalUsers", { $select: "associateDbId,usergroup,isActive", $orderBy: "associateDbId asc" });
    const inGroup1 = (users.value as Json[]).filter((u) => u.usergroup === 1 && u.isActive).map((u) => Number(u.PrimaryKey));
    expect(inGroup1.length).toBeGreaterThan(0);
    expect(await client().getGroupAssociateIdsAsync([1])).toEqual(inGroup1);
    expect((await agent("GetGroupAssociateIds", { GroupIds: ["1", 99] })).json).toEqual(inGroup1);
    expect((await agent("GetGroupAssociateIds", { GroupIds: [] })).json).toEqual([]);
  });
});

describe("bad input is a 400 naming the member, never a 500", () => {
  const columns = { ProviderName: "SimpleContact", Columns: ["contactId"], Page: 0, PageSize: 10 };
  it.each([
    ["GetArchiveListByColumns", { ...columns, Columns: "contactId" }, "Columns"],
    ["GetArchiveListByColumns", { ...columns, Page: "first" }, "Page"],
    ["GetArchiveListByColumnsWithHeader", { ...columns, PageSize: -1 }, "PageSize"],
    ["GetArchiveListByColumnsWithHeader", { ...columns, SortOrder: [{ Name: "name", Direction: "UP" }] }, "SortOrder[0].Direction"],
    ["GetArchiveListByColumnsWithHeader", { ...columns, Restriction: [{ Name: "name; drop", Operator: "=", Values: ["x"] }] }, "Restriction[0].Name"],
    ["GetArchiveListByColumns2", { ...columns, Columns: "contactId,(x)" }, "Columns[1]"],
    ["GetArchiveListByColumnsWithHeader2", { ...columns, Columns: "contactId", SortOrder: "name sideways" }, "SortOrder"],
    ["GetArchiveListByColumnsWithHeader2", { ...columns, Columns: "contactId", Restriction: "name begins" }, "Restriction: 'begins' needs a value"],
    ["GetArchiveListByColumnsWithHeader2", { ...columns, Columns: "contactId", Restriction: "noSuchColumn = 1" }, "Restriction"],
    ["GetArchiveListByColumns2", { ...columns, Columns: "contactId", Restrictions: "name = 'x' and" }, "Restrictions"],
    ["GetArchiveListByColumns", { ...columns, Restriction: [{ Name: "name", Operator: "isAbout", Values: ["x"] }] }, "Restriction"],
    ["GetArchiveListByColumns", { ...columns, Columns: ["Count(contactId)"] }, "Columns[0]"],
    ["GetArchiveListByColumns", { ...columns, SortOrder: [{ Name: "shoeSize" }] }, "SortOrder"],
    ["SetChosenColumns", { GuiName: "x", ProviderName: "Person", ChosenColumns: ["lastName", "shoeSize"] }, "ChosenColumns[1]"],
    ["SetChosenEntities", { GuiName: "x", ProviderName: "Person", Entities: ["sale"] }, "Entities[0]"],
    ["SetColumnWidths", { GuiName: "x", ColumnWidths: ["wide"] }, "ColumnWidths[0]"],
    ["GetArchiveConfiguration", { GuiName: "x".repeat(201), ProviderName: "Person" }, "GuiName"],
    ["GetArchiveList", { GuiName: 5, ProviderName: "Person", Page: 0, PageSize: 1, Restriction: {} }, "Restriction"],
    ["GetGroupAssociateIds", { GroupIds: ["one"] }, "GroupIds[0]"],
  ])("%s %j", async (method, body, member) => {
    await expectError(agent(method, body), 400, member);
  });

  it("an unknown provider is a 404 naming it; a body that is not JSON is a 400", async () => {
    for (const method of ["GetArchiveListByColumnsWithHeader", "GetArchiveList2", "GetArchiveConfigurationV2", "SetChosenColumns"]) {
      await expectError(agent(method, { ...columns, GuiName: "x", ProviderName: "NoSuch" }), 404, "NoSuch");
    }
    await expectError(agent("GetArchiveListByColumns2", null, { raw: "{\"ProviderName\": " }), 400, "JSON");
  });
});

describe("coverage", () => {
  it("called every implemented ArchiveAgent operation with a good answer", () => {
    const good = [...called].filter((c) => / 20[04]$/.test(c)).map((c) => c.split(" ")[0]);
    for (const method of [...LIST_ITEMS, ...LIST_RESULTS, ...CONFIGURATIONS, ...VOIDS, "GetAvailableColumns", "GetAvailableEntities", "GetProviderNames", "GetGroupAssociateIds"]) {
      expect(good, method).toContain(method);
    }
  });
});
