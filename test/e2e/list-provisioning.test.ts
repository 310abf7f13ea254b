import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as SoWebApi from "@superoffice/webapi" with { "resolution-mode": "require" };
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { tenantApiClient, type Reply } from "../support/http.js";
import { validateBody } from "../support/openapi.js";
import { signIn } from "../support/sign-in.js";
import { startReceiver, type Receiver } from "../support/webhook-receiver.js";

/**
 * Provisioning lists (issue #15) as SuperOffice's samples do it when an administrator approves an app:
 * items added, renamed and deleted in built-in lists (SuperOfficeDocs create-list-item / delete-list-item,
 * the DevNet ListHelper), a user-defined list created with its items (create-list), item visibility per
 * user group. Over real HTTP and through the official client's ListAgent; every body checked against the
 * official Swagger definition. New items show at once in entities, MDO lists and archive filters.
 */
const so = createRequire(import.meta.url)("@superoffice/webapi") as typeof SoWebApi;
const TENANT = "Cust12345";
let emulator: StartedEmulator;
let token: string;
// The package exports the ListAgent class but not the IListAgent interface getListAgent() returns.
let agent: ReturnType<SoWebApi.WebApi["getListAgent"]>;
let receiver: Receiver;
const call = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => token });

beforeAll(async () => {
  emulator = await startEmulator();
  token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
  const webapi = new so.WebApi({ baseUrl: `${emulator.url}/${TENANT}/api/` });
  webapi.authenticateWithToken(token);
  agent = webapi.getListAgent();
});
afterAll(async () => {
  await emulator?.stop();
  await receiver?.close();
});

/** 200 and a body valid as the official definition says. */
function valid(r: Reply, definition: string): any {
  expect(r.status, r.text.slice(0, 300)).toBe(200);
  const bodies = Array.isArray(r.json) ? r.json : [r.json];
  for (const b of bodies) expect(validateBody(definition, b)).toEqual([]);
  return r.json;
}

/** A SuperOffice error body with the given status. */
function refused(r: Reply, status: number, mentions: string): void {
  expect(r.status, r.text.slice(0, 300)).toBe(status);
  expect(r.json).toMatchObject({ Error: true, Message: expect.stringContaining(mentions) });
}

describe("REST: items in built-in lists", () => {
  it("adds a category (create-list-item.md), which entities, the MDO list and archive filters see at once", async () => {
    const added = valid(await call("POST", "v1/List/Category/Items", { body: { Name: "Provisioned partner", Tooltip: "Added by an app" } }), "ListItemEntity");
    expect(added).toMatchObject({ Name: "Provisioned partner", Tooltip: "Added by an app", Deleted: false });
    expect(added.Id).toBeGreaterThan(6);

    const all = valid(await call("GET", "v1/List/Category/Items"), "ListItemEntity");
    expect(all.map((i: any) => i.Id)).toContain(added.Id);
    const mdo = await call("GET", "v1/MDOList/category");
    expect(mdo.json.map((i: any) => i.Name)).toContain("Provisioned partner");

    const contact = await call("POST", "v1/Contact", { body: { Name: "Category user AS", Category: { Id: added.Id } } });
    expect(contact.status).toBe(200);
    expect(contact.json.Category).toMatchObject({ Id: added.Id, Value: "Provisioned partner" });
    const rows = (await call("GET", `v1/contact?$select=name,category&$filter=category equals ${added.Id}`)).json.value;
    expect(rows).toEqual([expect.objectContaining({ name: "Category user AS", category: "Provisioned partner" })]);
  });

  it("renames and deletes an item; a deleted item leaves lists but still resolves where it is used", async () => {
    const added = valid(await call("POST", "v1/List/Source/Items", { body: { Name: "Partner portal" } }), "ListItemEntity");
    const renamed = valid(await call("PUT", `v1/List/Source/Items/${added.Id}`, { body: { Name: "Partner portal 2", Rank: 9 } }), "ListItemEntity");
    expect(renamed).toMatchObject({ Id: added.Id, Name: "Partner portal 2", Rank: 9, Tooltip: "" });

    const sale = await call("POST", "v1/Sale", { body: { Heading: "Via portal", Contact: { ContactId: 2 }, Source: { Id: added.Id }, Amount: 10 } });
    expect(sale.status, sale.text).toBe(200);

    expect((await call("DELETE", `v1/List/Source/Items/${added.Id}`)).status).toBe(204);
    expect((await call("GET", "v1/List/Source/Items")).json.map((i: any) => i.Id)).not.toContain(added.Id);
    expect((await call("GET", "v1/List/Source/Items?includeDeleted=true")).json.map((i: any) => i.Id)).toContain(added.Id);
    expect((await call("GET", "v1/MDOList/source")).json.map((i: any) => i.Id)).not.toContain(added.Id);
    expect(valid(await call("GET", `v1/List/Source/Items/${added.Id}`), "ListItemEntity")).toMatchObject({ Deleted: true });
    expect((await call("GET", `v1/Sale/${sale.json.SaleId}`)).json.Source).toMatchObject({ Id: added.Id, Value: "Partner portal 2" });
  });

  it("writes lists with carriers of their own in that carrier (Country, SaleStageEntity, TaskListItem)", async () => {
    const country = valid(await call("POST", "v1/List/Country/Items", { body: { Name: "Iceland", TwoLetterISOCountry: "IS", CurrencyId: 79, DialInPrefix: "354" } }), "Country");
    expect(country).toMatchObject({ Name: "Iceland", TwoLetterISOCountry: "IS", CurrencyId: 79, DialInPrefix: "354" });
    const stage = valid(await call("POST", "v1/List/Rating/Items", { body: { Value: "Contract sent", Probability: 95 } }), "SaleStageEntity");
    expect(stage).toMatchObject({ Value: "Contract sent", Probability: 95 });
    const task = valid(await call("POST", "v1/List/Task/Items", { body: { Value: "Demo", Type: "Appointment", Direction: "Outgoing" } }), "TaskListItem");
    expect(task).toMatchObject({ Value: "Demo", Type: "Appointment", Direction: "Outgoing" });
  });

  it("answers bad input with SuperOffice error bodies", async () => {
    refused(await call("POST", "v1/List/Category/Items", { body: {} }), 400, "needs a name");
    refused(await call("POST", "v1/List/Category/Items", { body: "[1]" }), 400, "ListItemEntity");
    refused(await call("POST", "v1/List/Rating/Items", { body: { Value: "x", Probability: "lots" } }), 400, "Probability");
    refused(await call("POST", "v1/List/Task/Items", { body: { Value: "x", Type: "Telepathy" } }), 400, "Type");
    refused(await call("PUT", "v1/List/Category/Items/99999", { body: { Name: "x" } }), 404, "99999");
    refused(await call("DELETE", "v1/List/Category/Items/99999"), 404, "99999");
    refused(await call("POST", "v1/List/NoSuchList/Items", { body: { Name: "x" } }), 404, "NoSuchList");
    refused(await call("DELETE", "v1/List/Category"), 400, "built-in");
  });
});

describe("REST: user-defined lists (create-list.md)", () => {
  it("creates a list, fills it by id and by name, lists it, renames and deletes it", async () => {
    const list = valid(await call("POST", "v1/List", { body: { Name: "App Tiers", Tooltip: "Provisioned", UseGroupsAndHeadings: false } }), "ListEntityWithLinks");
    expect(list).toMatchObject({ Name: "App Tiers", Tooltip: "Provisioned", Deleted: false, IsCustomList: false });
    expect(list.Id).toBeGreaterThan(100);
    expect(list._Links.Self).toContain(`/List/${list.Id}`);

    const gold = valid(await call("POST", `v1/List/${list.Id}/Items`, { body: { Name: "Gold", Tooltip: "Gold" } }), "ListItemEntity");
    expect(gold).toMatchObject({ Id: 1, UdListDefinitionId: list.Id });
    valid(await call("POST", "v1/List/app tiers/Items", { body: { Name: "Silver" } }), "ListItemEntity");
    expect((await call("GET", `v1/List/${list.Id}/Items`)).json.map((i: any) => i.Name)).toEqual(["Gold", "Silver"]);
    expect((await call("GET", "v1/List/App Tiers/MDOItems")).json.map((i: any) => i.Name)).toEqual(["Gold", "Silver"]);
    expect((await call("GET", "v1/List")).json.map((l: any) => l.Name)).toContain("App Tiers");

    refused(await call("POST", "v1/List", { body: { Name: "app tiers" } }), 400, "already has a list");
    refused(await call("POST", "v1/List", { body: { Name: "Category" } }), 400, "already has a list");
    refused(await call("POST", "v1/List", { body: { Tooltip: "no name" } }), 400, "needs a name");

    expect(valid(await call("PUT", `v1/List/${list.Id}`, { body: { Name: "App Levels" } }), "ListEntityWithLinks")).toMatchObject({ Name: "App Levels", Tooltip: "Provisioned" });
    expect((await call("DELETE", `v1/List/${list.Id}`)).status).toBe(204);
    refused(await call("GET", `v1/List/${list.Id}/Items`), 404, String(list.Id));
    expect((await call("GET", "v1/List")).json.map((l: any) => l.Name)).not.toContain("App Levels");
  });
});

describe("REST: item visibility per user group", () => {
  it("hides an item from groups not chosen; the MDO list follows", async () => {
    const item = valid(await call("POST", "v1/List/Business/Items", { body: { Name: "Space mining" } }), "ListItemEntity");
    const groups = valid(await call("GET", `v1/List/Business/Items/${item.Id}/UserGroups`), "SelectableMDOListItem");
    expect(groups).toEqual([expect.objectContaining({ Id: 1, Selected: true })]);

    const none = valid(await call("PUT", `v1/List/Business/Items/${item.Id}/UserGroups`, { body: [{ ...groups[0], Selected: false }] }), "SelectableMDOListItem");
    expect(none[0].Selected).toBe(false);
    expect((await call("GET", "v1/MDOList/business")).json.map((i: any) => i.Id)).not.toContain(item.Id);
    // Still an item of the list (administration sees it), just not offered to this user's group.
    expect((await call("GET", "v1/List/Business/Items")).json.map((i: any) => i.Id)).toContain(item.Id);

    valid(await call("PUT", `v1/List/Business/Items/${item.Id}/UserGroups`, { body: [{ Id: 1, Selected: true }] }), "SelectableMDOListItem");
    expect((await call("GET", "v1/MDOList/business")).json.map((i: any) => i.Id)).toContain(item.Id);
    refused(await call("PUT", `v1/List/Business/Items/${item.Id}/UserGroups`, { body: [{ Id: 42, Selected: true }] }), 400, "no user group 42");
  });
});

describe("Agents: the official client's ListAgent", () => {
  it("AddFromListName, GetAllFromListName, SaveFromListName, DeleteFromListName (the samples' ListHelper steps)", async () => {
    const added = await agent.addFromListNameAsync("Position", { name: "Chief App Officer", tooltip: "provisioned" } as SoWebApi.ListItemEntity);
    expect(added).toMatchObject({ name: "Chief App Officer", tooltip: "provisioned", deleted: false });
    const all = await agent.getAllFromListNameAsync("Position", false);
    expect(all.map((i) => i.id)).toContain(added.id);
    const saved = await agent.saveFromListNameAsync(added.id!, "Position", { ...added, name: "Chief Apps Officer" });
    expect(saved.name).toBe("Chief Apps Officer");
    await agent.deleteFromListNameAsync(added.id!, "Position");
    expect((await agent.getAllFromListNameAsync("Position", false)).map((i) => i.id)).not.toContain(added.id);
    expect((await agent.getAllFromListNameAsync("Position", true)).find((i) => i.id === added.id)?.deleted).toBe(true);
  });

  it("CreateDefaultListEntity + SaveListEntity, then SaveListItemEntity into it (create-list.md, create-list-item.md)", async () => {
    const def = await agent.createDefaultListEntityAsync();
    expect(def.id).toBe(0);
    const list = await agent.saveListEntityAsync({ ...def, name: "Client Levels", tooltip: "via agent" });
    expect(list.id).toBeGreaterThan(100);
    const itemDefault = await agent.createDefaultListItemEntityAsync();
    const item = await agent.saveListItemEntityAsync({ ...itemDefault, name: "Level 1", udListDefinitionId: list.id });
    expect(item).toMatchObject({ name: "Level 1", udListDefinitionId: list.id });
    expect((await agent.getAllFromListDefinitionAsync(list.id!, false)).map((i) => i.name)).toEqual(["Level 1"]);
    await agent.deleteListEntityAsync(list.id!);
    expect(await agent.getListEntityAsync(list.id!)).toBeNull();
  });

  it("SaveCategoryEntity keeps the CategoryGroup; SetVisibleForUserGroupsFromListName hides it from every group", async () => {
    const cat = await agent.saveCategoryEntityAsync({ ...(await agent.createDefaultCategoryEntityAsync()), name: "Reseller", categoryGroup: so.CategoryGroup.Partner });
    expect(cat).toMatchObject({ name: "Reseller", categoryGroup: so.CategoryGroup.Partner });
    expect((await agent.getCategoryEntityAsync(cat.categoryId!)).name).toBe("Reseller");
    const groups = await agent.setVisibleForUserGroupsFromListNameAsync("Category", cat.categoryId!, []);
    expect(groups.map((g) => g.selected)).toEqual([false]);
    expect((await call("GET", "v1/MDOList/category")).json.map((i: any) => i.Id)).not.toContain(cat.categoryId);
  });

  it("the lists' own Save methods: SaveSaleTypeEntity, SaveCurrencyEntity, SaveCountry (request-wrapped)", async () => {
    const type = await agent.saveSaleTypeEntityAsync({ ...(await agent.createDefaultSaleTypeEntityAsync()), name: "Subscription", saleDuration: 7 });
    expect(type).toMatchObject({ name: "Subscription", saleDuration: 7 });
    expect((await agent.getAllSaleTypeEntitiesAsync(false)).map((t) => t.saleTypeId)).toContain(type.saleTypeId);
    const currency = await agent.saveCurrencyEntityAsync({ ...(await agent.createDefaultCurrencyEntityAsync()), name: "ISK", rate: 0.08, units: 1 });
    expect(currency).toMatchObject({ name: "ISK", rate: 0.08 });
    const country = valid(await call("POST", "v1/Agents/List/SaveCountry", { body: { Country: { Name: "Greenland", TwoLetterISOCountry: "GL" } } }), "Country");
    expect(country).toMatchObject({ Name: "Greenland", TwoLetterISOCountry: "GL" });
    expect((await call("GET", `v1/List/Country/Items/${country.CountryId}`)).json.Name).toBe("Greenland");
  });

  it("answers a missing list or item on writes with 4xx", async () => {
    await expect(agent.addFromListNameAsync("NoSuchList", { name: "x" } as SoWebApi.ListItemEntity)).rejects.toThrow();
    const r = await call("POST", "v1/Agents/List/DeleteFromListName", { body: { UdListDefinitionName: "Category", Id: 99999 } });
    refused(r, 404, "99999");
    refused(await call("POST", "v1/Agents/List/AddFromListName", { body: { UdListDefinitionName: "Category" } }), 400, "Item is required");
  });
});

describe("webhooks: list events (webhooks.md §8)", () => {
  it("sends list.{name}.created/changed/softdeleted with empty FieldValues, and list.{id}.* for a user-defined list", async () => {
    receiver = await startReceiver();
    const events = ["list.category.created", "list.category.changed", "list.category.softdeleted", "list.probability.created"];
    const udList = valid(await call("POST", "v1/List", { body: { Name: "Hooked list" } }), "ListEntityWithLinks");
    events.push(`list.${udList.Id}.created`);
    expect((await call("POST", "v1/Webhook", { body: { Name: "Lists", Events: events, TargetUrl: receiver.url, Secret: "list-secret-123" } })).status).toBe(200);

    const item = valid(await call("POST", "v1/List/Category/Items", { body: { Name: "Hooked" } }), "ListItemEntity");
    await call("PUT", `v1/List/Category/Items/${item.Id}`, { body: { Name: "Hooked 2" } });
    await call("DELETE", `v1/List/Category/Items/${item.Id}`);
    await call("POST", "v1/List/Rating/Items", { body: { Value: "Hooked stage", Probability: 60 } });
    const udItem = valid(await call("POST", `v1/List/${udList.Id}/Items`, { body: { Name: "Hooked item" } }), "ListItemEntity");

    const created = await receiver.waitFor((r) => r.json?.Event === "list.category.created");
    expect(created.json).toMatchObject({ PrimaryKey: item.Id, Entity: "list.category", FieldValues: {}, ContextIdentifier: TENANT });
    expect(created.json.Changes).toEqual(expect.arrayContaining(["name", "tooltip"]));
    const changed = await receiver.waitFor((r) => r.json?.Event === "list.category.changed");
    expect(changed.json).toMatchObject({ PrimaryKey: item.Id, Changes: ["name"], FieldValues: {} });
    expect((await receiver.waitFor((r) => r.json?.Event === "list.category.softdeleted")).json).toMatchObject({ PrimaryKey: item.Id, Changes: ["deleted"] });
    expect((await receiver.waitFor((r) => r.json?.Event === "list.probability.created")).json.Entity).toBe("list.probability");
    expect((await receiver.waitFor((r) => r.json?.Event === `list.${udList.Id}.created`)).json).toMatchObject({ PrimaryKey: udItem.Id, Entity: `list.${udList.Id}` });
  });
});
