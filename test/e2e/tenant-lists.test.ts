import { createRequire } from "node:module";
import type * as SuperOfficeWebApi from "@superoffice/webapi" with { "resolution-mode": "require" };
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { LIST_CATALOGUE } from "../../src/store/list-catalogue.js";
import { SHAPES, type CarrierName } from "../../src/tenant-api/carriers/shapes.generated.js";
import { responseDefinition, validateBody } from "../support/openapi.js";
import { tenantApiClient } from "../support/http.js";
import { signIn } from "../support/sign-in.js";

// The package's ESM build uses extension-less imports Node cannot resolve; its CommonJS build works.
const { WebApi } = createRequire(import.meta.url)("@superoffice/webapi") as typeof SuperOfficeWebApi;

type Json = Record<string, unknown>;
let emulator: StartedEmulator;
let token: string;
let api: string;

beforeAll(async () => {
  emulator = await startEmulator();
  token = (await signIn(emulator, "ada.admin@example.com", "Cust12345")).access_token;
  api = `${emulator.url}/Cust12345/api/v1`;
  // One deleted item to tell the includeDeleted switches apart (the seed deletes nothing).
  expect(emulator.emulator.context.store.crm.setListItemDeleted("Cust12345", "category", 6, true)).toBe(true);
});
afterAll(() => emulator?.stop());

const v1 = tenantApiClient({ origin: () => emulator.url, tenant: "Cust12345", token: () => token, prefix: "v1/" });
/** A body, when there is one, must be JSON: JSON.parse throws on anything else. */
async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const reply = await v1(method, path, { body });
  return { status: reply.status, json: reply.text === "" ? undefined : JSON.parse(reply.text) };
}

/** Every official member, in order, nothing else, and valid against the Swagger definition. */
function expectShape(name: CarrierName, value: Json) {
  expect(Object.keys(value)).toEqual(SHAPES[name].map((m) => m[0]));
  expect(validateBody(name, value)).toEqual([]);
}

const live = (list: keyof typeof LIST_CATALOGUE) => LIST_CATALOGUE[list].filter((i) => !(list === "category" && i.id === 6));

describe("REST v1/List", () => {
  const cases: [string, keyof typeof LIST_CATALOGUE, CarrierName, string, string][] = [
    ["Category", "category", "ListItemEntity", "Id", "Name"],
    ["Business", "business", "ListItemEntity", "Id", "Name"],
    ["Source", "source", "ListItemEntity", "Id", "Name"],
    ["Position", "position", "ListItemEntity", "Id", "Name"],
    ["Country", "country", "Country", "CountryId", "Name"],
    ["Currency", "currency", "CurrencyEntity", "CurrencyId", "Name"],
    ["Rating", "salestage", "SaleStageEntity", "SaleStageId", "Value"],
    ["SaleType", "saletype", "SaleTypeEntity", "SaleTypeId", "Name"],
    ["Task", "task", "TaskListItem", "TaskListItemId", "Value"],
  ];

  it.each(cases)("GET List/%s/Items returns the seeded items as the official carrier", async (rest, list, shape, idMember, nameMember) => {
    expect(responseDefinition("Swagger-v1-List.json", "get", `/api/v1/List/${rest}/Items/{id}`)).toBe(shape);
    const { status, json } = await call("GET", `List/${rest}/Items`);
    expect(status).toBe(200);
    expect(json.map((x: Json) => [x[idMember], x[nameMember]])).toEqual(live(list).map((i) => [i.id, i.name]));
    for (const item of json) expectShape(shape, item);

    const first = LIST_CATALOGUE[list][0]!;
    const one = await call("GET", `list/${rest.toLowerCase()}/items/${first.id}`);
    expect(one.status).toBe(200);
    expect(one.json).toEqual(json[0]);
  });

  it("carries each list's own attributes", async () => {
    const rating = (await call("GET", "List/Rating/Items")).json as Json[];
    expect(rating.map((r) => r.Probability)).toEqual([10, 25, 50, 75, 90]);
    const saleType = (await call("GET", "List/SaleType/Items/2")).json as Json;
    expect(saleType).toMatchObject({ SaleTypeId: 2, Name: "Project sale", SaleDuration: 90, DurationUnit: "Day", Deleted: false });
    expect((saleType.Stages as Json[]).map((s) => s.Name)).toEqual(LIST_CATALOGUE.salestage.map((s) => s.name));
    for (const s of saleType.Stages as Json[]) expectShape("SelectableMDOListItem", s);
    const currency = (await call("GET", "List/Currency/Items/79")).json as Json;
    expect(currency).toMatchObject({ CurrencyId: 79, Name: "EUR", Rate: 11.6, Units: 1 });
    const country = (await call("GET", "List/Country/Items/578")).json as Json;
    expect(country).toMatchObject({ CountryId: 578, Name: "Norway", TwoLetterISOCountry: "NO", ThreeLetterISOCountry: "NOR", CurrencyId: 76 });
    const task = (await call("GET", "List/Task/Items/2")).json as Json;
    expect(task).toMatchObject({ TaskListItemId: 2, Value: "Phone call", Type: "Phone", Direction: "Outgoing", ColorIndex: "LightGreen" });
    const category = (await call("GET", "List/Category/Items/1")).json as Json;
    expect(category).toEqual({ Id: 1, Name: "Customer", Tooltip: "", Deleted: false, UdListDefinitionId: 0, Rank: 0, TableRight: null, FieldProperties: {} });
  });

  it("leaves deleted items out unless includeDeleted=true, and finds them by id", async () => {
    expect((await call("GET", "List/Category/Items?includeDeleted=false")).json).toHaveLength(5);
    const all = (await call("GET", "List/Category/Items?includeDeleted=True")).json as Json[];
    expect(all).toHaveLength(6);
    expect(all[5]).toMatchObject({ Id: 6, Name: "Former customer", Deleted: true });
    expect((await call("GET", "List/Category/Items/6")).json).toMatchObject({ Id: 6, Deleted: true });
    expect((await call("GET", "List/Category/Items?includeDeleted=maybe")).status).toBe(400);
  });

  it("answers unknown ids, unknown lists and bad ids with SuperOffice errors", async () => {
    const missing = await call("GET", "List/Category/Items/999");
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ Error: true, ErrorType: "SoNotFoundException" });
    const noList = await call("GET", "List/NoSuchList/Items");
    expect(noList.status).toBe(404);
    expect(noList.json).toMatchObject({ Error: true, ErrorType: "NotFound" });
    expect(noList.json.Message).toContain('"NoSuchList"');
    expect((await call("GET", "List/NoSuchList/Items/1")).status).toBe(404);
    const bad = await call("GET", "List/Category/Items/abc");
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ Error: true, ErrorType: "ArgumentException" });
  });

  it("GET List describes the served lists", async () => {
    const { status, json } = await call("GET", "List");
    expect(status).toBe(200);
    expect(json.map((l: Json) => l.Name)).toEqual(["Category", "Business", "Country", "Currency", "Rating", "SaleType", "Task", "Source", "Position"]);
    for (const l of json) expectShape("ListEntity", l);
  });

  it("needs a signed-in caller", async () => {
    const res = await request(`${api}/List/Category/Items`);
    expect(res.statusCode).toBe(401);
    await res.body.dump();
  });
});

describe("MDO lists", () => {
  it("GET MDOList/{name} serves each seeded list and the associates", async () => {
    const lists: [string, keyof typeof LIST_CATALOGUE][] = [
      ["category", "category"], ["business", "business"], ["country", "country"], ["currency", "currency"], ["prob", "salestage"],
      ["saletype", "saletype"], ["source", "source"], ["perspos", "position"], ["task", "task"],
    ];
    for (const [name, list] of lists) {
      const { status, json } = await call("GET", `MDOList/${name}?flat=True&additional=&query=`);
      expect(status, name).toBe(200);
      expect(json.map((x: Json) => [x.Id, x.Name]), name).toEqual(live(list).map((i) => [i.id, i.name]));
      for (const item of json) expectShape("MDOListItem", item);
    }
    const associates = (await call("GET", "MDOList/Associate?flat=true")).json as Json[];
    expect(associates[0]).toMatchObject({ Id: 1, Name: "Ada Hansen", FullName: "Ada Hansen" });
    expect(associates[1]).toMatchObject({ Id: 2, Name: "Bob Nilsen" });
    expect(associates.length).toBeGreaterThan(2);
  });

  it("filters by query, case-insensitively, and refuses unknown names", async () => {
    expect((await call("GET", "MDOList/country?flat=True&query=DEN")).json.map((x: Json) => x.Name)).toEqual(["Sweden", "Denmark"]);
    expect((await call("GET", "MDOList/associate?query=nilsen")).json.map((x: Json) => x.Id)).toEqual([2]);
    expect((await call("GET", "List/Business/MDOItems?query=REST")).json.map((x: Json) => x.Name)).toEqual(["Hotel/Restaurant"]);
    const unknown = await call("GET", "MDOList/nosuchlist");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ Error: true, ErrorType: "NotFound" });
  });

  it("Agents/MDO/GetList takes its arguments from the body or the query, in any case", async () => {
    const body = await call("POST", "Agents/MDO/GetList", { Name: "prob", ForceFlatList: true, AdditionalInfo: "", OnlyHistory: false });
    expect(body.status).toBe(200);
    expect(body.json.map((x: Json) => x.Name)).toEqual(LIST_CATALOGUE.salestage.map((s) => s.name));
    const query = await call("POST", "Agents/MDO/GetList?name=currency&forceFlatList=true&searchValue=k");
    expect(query.json.map((x: Json) => x.Name)).toEqual(["NOK", "SEK", "DKK"]);
    expect((await call("POST", "Agents/MDO/GetList", { name: "task", onlyHistory: true })).json).toEqual([]);
    expect((await call("POST", "Agents/MDO/GetList", {})).status).toBe(400);
    expect((await call("POST", "Agents/MDO/GetList", { name: "nosuchlist" })).status).toBe(404);
  });
});

describe("Agents/List", () => {
  it("returns the small carriers from the plain methods and entity carriers from the GetAll methods", async () => {
    const categories = await call("POST", "Agents/List/GetCategories");
    expect(categories.json.map((c: Json) => c.Value)).toEqual(live("category").map((c) => c.name));
    for (const c of categories.json) expectShape("Category", c);
    expect(categories.json[1]).toMatchObject({ Id: 2, Value: "Prospect", CategoryGroup: "PotentialCustomer" });

    const shapes: [string, CarrierName, keyof typeof LIST_CATALOGUE][] = [
      ["GetBusinesses", "Business", "business"], ["GetCountries", "Country", "country"], ["GetCurrencies", "Currency", "currency"],
      ["GetRatings", "Rating", "salestage"], ["GetAllSaleType", "SaleType", "saletype"], ["GetSources", "Source", "source"],
      ["GetPositions", "Position", "position"], ["GetAllCurrencies", "CurrencyEntity", "currency"], ["GetAllSaleStages", "SaleStageEntity", "salestage"],
      ["GetAllSaleTypeEntities", "SaleTypeEntity", "saletype"], ["GetAllTasks", "TaskListItem", "task"], ["GetAllCountries", "Country", "country"],
    ];
    for (const [method, shape, list] of shapes) {
      const { status, json } = await call("POST", `Agents/List/${method}`, null);
      expect(status, method).toBe(200);
      expect(json, method).toHaveLength(LIST_CATALOGUE[list].length);
      for (const item of json) expectShape(shape, item);
    }
  });

  it("reads includeDeleted, single ids and id lists; a missing item is null", async () => {
    expect((await call("POST", "Agents/List/GetCategories")).json).toHaveLength(5);
    expect((await call("POST", "Agents/List/GetAllCountries", { includeDeleted: true })).json).toHaveLength(8);
    expect((await call("POST", "Agents/List/GetCategory?categoryId=3")).json).toMatchObject({ Id: 3, Value: "Supplier" });
    expect((await call("POST", "Agents/List/GetCategory", { CategoryId: 6 })).json).toMatchObject({ Id: 6, Deleted: true });
    const missing = await call("POST", "Agents/List/GetBusiness?businessId=999");
    expect(missing.status).toBe(200);
    expect(missing.json).toBeNull();
    expect((await call("POST", "Agents/List/GetSaleStageEntity?saleStageEntityId=4")).json).toMatchObject({ SaleStageId: 4, Probability: 75 });
    expect((await call("POST", "Agents/List/GetPositionList", [1, 999, 3])).json.map((p: Json) => p.Value)).toEqual(["CEO", "CTO"]);
    expect((await call("POST", "Agents/List/GetCategory")).status).toBe(400);
  });
});

describe("the official client @superoffice/webapi", () => {
  function client() {
    const webApi = new WebApi(`${emulator.url}/Cust12345/api/`);
    webApi.authenticateWithToken(token);
    return webApi;
  }

  it("reads lists through ListAgent", async () => {
    const lists = client().getListAgent();
    const categories = await lists.getCategoriesAsync();
    expect(categories.map((c) => c.value)).toEqual(live("category").map((c) => c.name));
    expect((await lists.getCategoryAsync(1)).value).toBe("Customer");
    expect((await lists.getAllTasksAsync(false)).map((t) => t.value)).toEqual(LIST_CATALOGUE.task.map((t) => t.name));
    expect((await lists.getAllSaleStagesAsync(false)).map((s) => s.probability)).toEqual([10, 25, 50, 75, 90]);
    expect((await lists.getAllSaleTypeEntitiesAsync(false))[0]).toMatchObject({ saleTypeId: 1, name: "Standard sale", saleDuration: 30 });
    expect((await lists.getAllCurrenciesAsync(true)).map((c) => c.name)).toEqual(LIST_CATALOGUE.currency.map((c) => c.name));
    expect((await lists.getCountriesAsync()).map((c) => c.twoLetterISOCountry)).toContain("NO");
    expect((await lists.getBusinessesAsync()).length).toBe(LIST_CATALOGUE.business.length);
    expect((await lists.getSourcesAsync()).length).toBe(LIST_CATALOGUE.source.length);
    expect((await lists.getPositionsAsync()).length).toBe(LIST_CATALOGUE.position.length);
    expect((await lists.getRatingsAsync()).length).toBe(LIST_CATALOGUE.salestage.length);
    expect(await lists.getSourceAsync(999)).toBeNull();
  });

  it("reads MDO lists through MDOAgent", async () => {
    const mdo = client().getMDOAgent();
    const stages = await mdo.getListAsync("prob", true, "", false);
    expect(stages.map((s) => s.name)).toEqual(LIST_CATALOGUE.salestage.map((s) => s.name));
    const found = await mdo.getListWithRestrictionAsync("associate", "", "hansen");
    expect(found.map((a) => a.id)).toContain(1);
    expect((await mdo.getListItemAsync("category", 2)).name).toBe("Prospect");
  });
});
