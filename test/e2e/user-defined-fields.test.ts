import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { tenantApiClient, type Reply, validReply } from "../support/http.js";
import { validateBody } from "../support/openapi.js";
import { signIn } from "../support/sign-in.js";

/**
 * User-defined fields (issue #15) through real HTTP: the seeded layouts (seeds/default.json), every field
 * type round-tripping through REST and Agents, bad values and unknown ProgIds as 400s naming the field,
 * fields created, published and deleted as SuperOffice's UserDefinedFieldHelper does. Bodies are
 * validated against the official Swagger definitions.
 */
const TENANT = "Cust12345";
let emulator: StartedEmulator;
let token: string;
const INFO = "SuperOffice.CRM.Services.UserDefinedFieldInfo";
const call = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => token });

beforeAll(async () => {
  emulator = await startEmulator();
  token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
});
afterAll(() => emulator?.stop());

const valid = validReply;

describe("seeded layouts", () => {
  it("publishes the seed's fields of every type on contact, person, sale and appointment", async () => {
    for (const entity of ["Contact", "Person", "Sale", "Appointment"]) {
      const r = await call("GET", `v1/${entity}/UdefLayout/Published`);
      expect(r.status).toBe(200);
      const layout = r.json;
      for (const f of layout) expect(validateBody(INFO, f)).toEqual([]);
      const types = layout.map((f: any) => f.FieldType);
      for (const t of ["ShortText", "Number", "Decimal", "Date", "UnlimitedDate", "Checkbox", "List"]) expect(types, entity).toContain(t);
      expect(layout[0]).toMatchObject({ ProgId: "SuperOffice:1", UdefIdentity: 1, Type: entity, HasBeenPublished: true });
    }
  });

  it("shows seeded values on entities, keyed by ProgId, with DisplayText companions for lists", async () => {
    const c = valid(await call("GET", "v1/Contact/2"), "Swagger-v1-Contact.json", "get", "/api/v1/Contact/{id}");
    const udf = c.UserDefinedFields;
    expect(udf["SuperOffice:3"]).toMatch(/^\[I:\d+\]$/);
    expect(udf["SuperOffice:4"]).toMatch(/^\[F:[\d.]+\]$/);
    expect(udf["SuperOffice:5"]).toMatch(/^\[D:\d\d\/\d\d\/\d{4}/);
    expect(udf["SuperOffice:7"]).toMatch(/^(True|False)$/);
    expect(udf["SuperOffice:8"]).toMatch(/^\[I:\d+\]$/);
    expect(udf).toHaveProperty("SuperOffice:8:DisplayText");
    expect(udf).toHaveProperty("SuperOffice:8:DisplayTooltip");
  });
});

describe("values round-trip", () => {
  const values = {
    "SuperOffice:1": "ABC-123",
    "SuperOffice:2": "A longer note for support",
    "SuperOffice:3": "[I:42]",
    "SuperOffice:4": "[F:12.75]",
    "SuperOffice:5": "[D:05/31/2026]",
    "SuperOffice:6": "1815-05-17",
    "SuperOffice:7": "True",
    "SuperOffice:8": "[I:2]",
  };
  const expected = {
    "SuperOffice:1": "ABC-123",
    "SuperOffice:2": "A longer note for support",
    "SuperOffice:3": "[I:42]",
    "SuperOffice:4": "[F:12.75]",
    "SuperOffice:5": "[D:05/31/2026 00:00:00.0000000]",
    "SuperOffice:6": "[D:05/17/1815 00:00:00.0000000]",
    "SuperOffice:7": "True",
    "SuperOffice:8": "[I:2]",
  };

  it("writes every type through REST POST, PUT and PATCH and reads them back", async () => {
    const created = valid(await call("POST", "v1/Contact", { body: JSON.stringify({ Name: "Udef AS", UserDefinedFields: values }) }), "Swagger-v1-Contact.json", "post", "/api/v1/Contact");
    expect(created.UserDefinedFields).toMatchObject(expected);
    const source = await call("GET", "v1/List/Source/Items/2").catch(() => undefined);
    if (source?.status === 200) expect(created.UserDefinedFields["SuperOffice:8:DisplayText"]).toBe(source.json.Name);
    expect(created.UserDefinedFields["SuperOffice:8:DisplayText"]).not.toBe("");
    const id = created.ContactId;
    const again = (await call("GET", `v1/Contact/${id}`)).json;
    expect(again.UserDefinedFields).toMatchObject(expected);

    const put = await call("PUT", `v1/Contact/${id}`, { body: JSON.stringify({ ...again, UserDefinedFields: { ...again.UserDefinedFields, "SuperOffice:3": 7, "SuperOffice:7": false, "SuperOffice:1": "" } }) });
    expect(put.status, put.text).toBe(200);
    expect(put.json.UserDefinedFields).toMatchObject({ "SuperOffice:3": "[I:7]", "SuperOffice:7": "False", "SuperOffice:1": "" });

    const patch = await call("PATCH", `v1/Contact/${id}`, { body: JSON.stringify([{ op: "replace", path: "/UserDefinedFields/SuperOffice:4", value: "3.5" }]) });
    expect(patch.status, patch.text).toBe(200);
    expect(patch.json.UserDefinedFields["SuperOffice:4"]).toBe("[F:3.5]");
    expect(patch.json.UserDefinedFields["SuperOffice:3"]).toBe("[I:7]");
  });

  it("writes through the Agents (SaveSaleEntity) and reads back with GetSaleEntity", async () => {
    const def = (await call("POST", "v1/Agents/Sale/CreateDefaultSaleEntity", { body: "{}" })).json;
    const sale = { ...def, Heading: "Udef sale", Contact: { ContactId: 2 }, UserDefinedFields: { "SuperOffice:2": "[I:12]", "SuperOffice:3": "[F:7.5]", "SuperOffice:6": "True", "SuperOffice:7": "[I:3]" } };
    const saved = (await call("POST", "v1/Agents/Sale/SaveSaleEntity", { body: JSON.stringify(sale) })).json;
    const got = valid(await call("POST", `v1/Agents/Sale/GetSaleEntity?saleEntityId=${saved.SaleId}`), "Swagger-v1-SaleAgent.json", "post", "/api/v1/Agents/Sale/GetSaleEntity");
    expect(got.UserDefinedFields).toMatchObject({ "SuperOffice:2": "[I:12]", "SuperOffice:3": "[F:7.5]", "SuperOffice:6": "True", "SuperOffice:7": "[I:3]" });
  });

  it("answers unknown ProgIds and wrong types with a 400 naming the field, and saves nothing", async () => {
    const bad = async (udf: Record<string, unknown>, needle: string) => {
      const r = await call("PUT", "v1/Person/2", { body: JSON.stringify({ UserDefinedFields: udf }) });
      expect(r.status).toBe(400);
      expect(r.json.ErrorType).toBe("ArgumentException");
      expect(r.text).toContain(needle);
    };
    await bad({ "SuperOffice:99": "x" }, "UserDefinedFields.SuperOffice:99");
    await bad({ "SuperOffice:2": "many" }, "UserDefinedFields.SuperOffice:2");
    await bad({ "SuperOffice:4": "31.02.2026" }, "UserDefinedFields.SuperOffice:4");
    await bad({ "SuperOffice:6": "maybe" }, "UserDefinedFields.SuperOffice:6");
    await bad({ "SuperOffice:7": "[I:9999]" }, "UserDefinedFields.SuperOffice:7");
    await bad({ "SuperOffice:1": "x".repeat(41) }, "UserDefinedFields.SuperOffice:1");
  });
});

describe("provisioning fields", () => {
  it("creates, publishes and deletes a field as UserDefinedFieldHelper does", async () => {
    const AGENT = "v1/Agents/UserDefinedFieldInfo";
    const info = valid(await call("POST", `${AGENT}/CreateUserDefinedFieldInfo`, { body: JSON.stringify({ OwnerType: "Contact", FieldType: "Number" }) }), "Swagger-v1-UserDefinedFieldInfoAgent.json", "post", "/api/v1/Agents/UserDefinedFieldInfo/CreateUserDefinedFieldInfo");
    const saved = valid(
      await call("POST", `${AGENT}/SaveUserDefinedFieldInfo`, { body: JSON.stringify({ ...info, FieldLabel: "App score", ProgId: "ExampleApp:Score", Type: "Contact" }) }),
      "Swagger-v1-UserDefinedFieldInfoAgent.json", "post", "/api/v1/Agents/UserDefinedFieldInfo/SaveUserDefinedFieldInfo",
    );
    expect(saved).toMatchObject({ ProgId: "ExampleApp:Score", FieldType: "Number", HasBeenPublished: false });
    // Not yet published: on the admin layout, not on entities.
    expect((await call("GET", "v1/Contact/UdefLayout")).json.map((f: any) => f.ProgId)).toContain("ExampleApp:Score");
    expect((await call("GET", "v1/Contact/UdefLayout/Published")).json.map((f: any) => f.ProgId)).not.toContain("ExampleApp:Score");
    expect((await call("POST", `${AGENT}/DetectUnpublishedChanges`, { body: JSON.stringify({ OwnerType: "Contact" }) })).json).toBe(true);
    const bad = await call("PUT", "v1/Contact/2", { body: JSON.stringify({ UserDefinedFields: { "ExampleApp:Score": "5" } }) });
    expect(bad.status).toBe(400);

    expect((await call("POST", `${AGENT}/Publish`, { body: JSON.stringify({ OwnerType: "Contact" }) })).status).toBe(200);
    const published = valid(await call("GET", "v1/Contact/UdefLayout/Published/ExampleApp:Score"), "Swagger-v1-Contact.json", "get", "/api/v1/Contact/UdefLayout/Published/{progidOrLabel}");
    expect(published.HasBeenPublished).toBe(true);
    const written = await call("PUT", "v1/Contact/2", { body: JSON.stringify({ UserDefinedFields: { "ExampleApp:Score": "5" } }) });
    expect(written.json.UserDefinedFields["ExampleApp:Score"]).toBe("[I:5]");

    // Delete: the field stays on entities until the next publish, then goes with its values.
    expect((await call("DELETE", "v1/Contact/UdefLayout/ExampleApp:Score")).status).toBe(204);
    expect((await call("GET", "v1/Contact/2")).json.UserDefinedFields).toHaveProperty("ExampleApp:Score");
    expect((await call("POST", "v1/Contact/UdefLayout/Publish")).status).toBe(200);
    expect((await call("GET", "v1/Contact/2")).json.UserDefinedFields).not.toHaveProperty("ExampleApp:Score");
    expect((await call("GET", "v1/Contact/UdefLayout/ExampleApp:Score")).status).toBe(404);
  });

  it("adds a field by type over REST and rejects a List field without a list", async () => {
    const added = valid(await call("POST", "v1/Person/UdefLayout?udefFieldType=Checkbox"), "Swagger-v1-Person.json", "post", "/api/v1/Person/UdefLayout");
    expect(added).toMatchObject({ FieldType: "Checkbox", Type: "Person", HasBeenPublished: false });
    const r = await call("POST", "v1/Agents/UserDefinedFieldInfo/SaveUserDefinedFieldInfo", { body: JSON.stringify({ Type: "Person", FieldType: "List", FieldLabel: "No list" }) });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/MdoListName/);
    expect((await call("POST", "v1/Person/UdefLayout/Revert")).status).toBe(204);
    expect((await call("GET", "v1/Person/UdefLayout")).json.map((f: any) => f.FieldType).filter((t: string) => t === "Checkbox")).toHaveLength(1);
  });
});

describe("archive columns", () => {
  it("selects, filters and orders by udef columns named by ProgId", async () => {
    const select = "contactId,contactUdef/SuperOffice:3,contactUdef/SuperOffice:7,contactUdef/SuperOffice:8";
    const r = await call("GET", `v1/Contact?$select=${encodeURIComponent(select)}&$filter=${encodeURIComponent("contactUdef/SuperOffice:3 gt 500")}&$orderBy=${encodeURIComponent("contactUdef/SuperOffice:3 desc")}&$top=20`);
    expect(r.status, r.text).toBe(200);
    const rows = r.json.value;
    expect(rows.length).toBeGreaterThan(0);
    const numbers = rows.map((x: any) => x["contactUdef/SuperOffice:3"]);
    for (const n of numbers) expect(n).toBeGreaterThan(500);
    expect(numbers).toEqual([...numbers].sort((a: number, b: number) => b - a));
    const one = (await call("GET", `v1/Contact/${rows[0].PrimaryKey}`)).json.UserDefinedFields;
    expect(one["SuperOffice:3"]).toBe(`[I:${numbers[0]}]`);
    expect(rows[0]["contactUdef/SuperOffice:8"]).toBe(one["SuperOffice:8:DisplayText"]);
    expect(typeof rows[0]["contactUdef/SuperOffice:7"]).toBe("boolean");
  });

  it("answers an unknown udef column in $filter with a 400", async () => {
    const r = await call("GET", `v1/Contact?$filter=${encodeURIComponent("contactUdef/SuperOffice:99 eq 1")}`);
    expect(r.status).toBe(400);
  });
});

describe("tenants made through the admin API", () => {
  it("have the seed's published fields, with values, like the seeded tenants", async () => {
    const tenant = await emulator.admin.tenants.create({ profile: "small" });
    await emulator.admin.tenants.addUser(tenant.contextIdentifier, { username: "udef.tester@example.com", administrator: true });
    const { access_token } = await emulator.admin.signIn({ tenant: tenant.contextIdentifier, user: "udef.tester@example.com" });
    const theirs = tenantApiClient({ origin: () => emulator.url, tenant: tenant.contextIdentifier, token: () => access_token });
    const seeded = (await call("GET", "v1/Contact/UdefLayout/Published")).json.map((f: any) => [f.ProgId, f.FieldType]);
    const made = await theirs("GET", "v1/Contact/UdefLayout/Published");
    expect(made.status).toBe(200);
    expect(made.json.map((f: any) => [f.ProgId, f.FieldType])).toEqual(seeded);
    const rows = (await theirs("GET", `v1/Contact?$select=${encodeURIComponent("contactId,contactUdef/SuperOffice:1")}&$top=50`)).json.value;
    expect(rows.some((r: any) => r["contactUdef/SuperOffice:1"] !== "")).toBe(true);
  });
});
