import { describe, expect, it } from "vitest";
import { call, contactName, expectRows, ok, useSamplesEmulator } from "../support/superoffice-samples.js";

/**
 * SuperOffice's published REST samples (github.com/SuperOffice/RESTful-HTTP-Queries, src/*.http), request by
 * request, against the emulator: same method, path (tenant base URL → `/{ctx}/api/`), query, headers and body
 * structure, with ids adjusted to the seed. Each test names its sample file and request. Requests for what
 * README says is not emulated (dynamic archive, aggregates, $options, tickets, documents, udef/extra fields)
 * are left out.
 */
useSamplesEmulator();

/** [sample file and request, path and query as the sample writes them, columns each row must carry, minimum rows] */
const LISTS: [string, string, string[], number?][] = [
  ["ContactDetails.http 'GET v1/Contact/2/Persons'", "v1/Contact/2/Persons", [], 1],
  ["ContactDetails.http 'GET v1/contact?$select=contactPhone/formattedNumber,url/URLAddress,…&$orderby=contactId&$filter=contactId gt … and contactId lt …&$top=5000'", "v1/contact?$select=contactPhone/formattedNumber,url/URLAddress,contactId,category,business,country,number,code,orgnr,stop,registeredBy,registeredDate,nameDepartment,updatedBy,updatedDate,hasInterests&$orderby=contactId&$filter=contactId gt 50 and contactId lt 100&$top=5000", ["contactPhone/formattedNumber", "url/URLAddress", "contactId", "stop", "nameDepartment", "hasInterests", "registeredBy"], 49],
  ["ContactDetails.http 'GET v1/contact?$select=contactId,hasInfoText&$filter=contactId in (1,…,8)'", "v1/contact?$select=contactId,hasInfoText&$orderby=contactId&$filter=contactId in (1,2,3,4,5,6,7,8)", ["contactId", "hasInfoText"], 8],
  ["ContactDetails.http 'GET v1/contact?$filter=name begins Su' (unquoted)", "v1/contact?$filter=name begins Su", []],
  ["ContactDetails.http 'GET v1/contact?$select=name&$filter=contactInterestIds oneOf (2,3)'", "v1/contact?$select=name&$filter=contactInterestIds oneOf (2,3)", ["name"]],
  ["ContactDetails.http 'GET v1/Contact?$filter=phone/formattedNumber is …'", "v1/Contact?$filter=phone/formattedNumber is '+4790168242'", []],
  ["Person.http 'GET v1/person?$filter=lastName contains 'L\\'Oréal''", "v1/person?$filter=lastName contains 'L\\'Oréal'", []],
  ["Person.http 'GET v1/Person?$select=firstName,lastName,email/emailAddress,phone/formattedNumber'", "v1/Person?$select=firstName,lastName,email/emailAddress,phone/formattedNumber", ["firstName", "email/emailAddress", "phone/formattedNumber"], 1],
  ["Person.http 'GET v1/Person?$select=…,personCountry,personCountryId'", "v1/Person?$select=firstName,lastName,email/emailAddress,personCountry,personCountryId", ["personCountry", "personCountryId"], 1],
  ["Person.http 'GET v1/archive/simpleperson?$select=firstName,lastName&$filter=personId eq 3'", "v1/archive/simpleperson?$select=firstName,lastName&$filter=personId eq 3", ["firstName", "lastName"], 1],
  ["Person.http 'GET v1/archive/simpleperson?$select=personId,portraitThumbnail,firstName&$filter=personId=25'", "v1/archive/simpleperson?$select=personId,portraitThumbnail,firstName&$filter=personId=25", ["personId", "firstName"], 1],
  ["Appointment.http / ODataQueries.http 'GET v1/appointment?$select=type,text,contact/name'", "v1/appointment?$select=type,text,contact/name", ["type", "text", "contact/name"], 1],
  ["Sales.http 'Sale - Between startDate and endDate' (Archive/Sale)", "v1/Archive/Sale?$select=saleId,date,type,registeredDate,updatedDate,saleType,saleStatus,amount,probPercent,userGroup,source&$filter=date between ('2025-01-04','2026-11-14')", ["saleId", "date", "saleType", "saleStatus", "amount", "probPercent", "source"], 1],
  ["Sales.http 'GET v1/sale/5/activities?$select=saleId,contactId'", "v1/sale/5/activities?$select=saleId,contactId", ["saleId", "contactId"]],
  ["Appointment.http 'GET v1/Archive/Activity?$entities=appointment&$select=type,recordType,date,text&$orderby=appointmentId'", "v1/Archive/Activity?$entities=appointment&$select=type,recordType,date,text&$orderby=appointmentId", ["type", "recordType", "date", "text"], 1],
  ["Sales.http 'GET v1/archive/SaleActivity?$entities=appointment,document&…&$filter=saleId eq 5'", "v1/archive/SaleActivity?$entities=appointment,document&$select=saleId,contactId&$filter=saleId eq 5", ["saleId", "contactId"]],
  ["Archive.http 'GET v1/archive/internalusers?$select=associateDbId,fullName,personId,personEmail'", "v1/archive/internalusers?$select=associateDbId,fullName,personId,personEmail", ["associateDbId", "fullName", "personId", "personEmail"], 2],
  ["Archive.http 'GET v1/archive/simpleperson/?…birthYear between … and birthMonth between … and birthDay between …'", "v1/archive/simpleperson/?$select=firstName,lastname&$filter=birthYear between ('1972','1980') and birthMonth between ('1','6') and birthDay between ('1','25')", ["firstName", "lastname"]],
  ["Archive.http 'GET v1/archive/simpleperson/?$select=firstName,lastname&$filter=personId eq …'", "v1/archive/simpleperson/?$select=firstName,lastname&$filter=personId eq 61", ["firstName", "lastname"], 1],
  ["Archive.http 'GET v1/Archive/FindContact?$select=contactId%2Ccode%2Cname,email/emailAddress&$entities=contact'", "v1/Archive/FindContact?$select=contactId%2Ccode%2Cname,email/emailAddress&$entities=contact", ["contactId", "code", "name", "email/emailAddress"], 1],
  ["Archive.http 'GET v1/Archive/FindContact?…&$filter=contactid gt 0'", "v1/Archive/FindContact?$select=contactId,name,email/emailAddress&$entities=contact&$filter=contactid gt 0", ["contactId", "name"], 1],
  ["FindContact.http 'GET v1/Archive/FindContact?$select=…,contactUdef/SuperOffice:1'", "v1/Archive/FindContact?$select=contactId,name,associateId,contactAssociate/fullName,category,business,country,contactUdef/SuperOffice:1", ["contactId", "contactAssociate/fullName"], 1],
  ["Archive.http 'GET v1/Archive/SimpleContact?$select=email/emailAddress,contactId%2Ccode%2C…,contactAssociate/associateDbId'", "v1/Archive/SimpleContact?$select=email/emailAddress,contactId%2Ccode%2Cname%2CcontactAssociate%2FpersonId%2Ccategory%2Cbusiness%2Corgnr%2Cnumber,contactAssociate/associateDbId", ["email/emailAddress", "contactId", "contactAssociate/personId", "contactAssociate/associateDbId"], 1],
  ["EmailAddress.http 'GET v1/person?$filter=email/emailAddress eq …&$select=email/emailAddress,personId,firstName,lastName'", "v1/person?$filter=email/emailAddress eq 'tony@superoffice.com'&$select=email/emailAddress,personId,firstName,lastName", ["personId"]],
  ["EmailAddress.http 'GET v1/person?$filter=personId in (5,6,7,8)&$select=email/emailAddress,firstName,lastName'", "v1/person?$filter=personId in (5,6,7,8)&$select=email/emailAddress,firstName,lastName", ["email/emailAddress", "firstName"], 4],
];

// ODataQueries.http: one request per operator, the select list as the sample writes it (`contact/name?` included).
const C = "v1/contact?$select=name,associateId,contactAssociate/fullName&$filter=";
// The sample's `contact/name?` (a stray `?`) is tested once below; the operator rows select `contact/name`.
const A = "v1/appointment?$select=date,type,text,contact/name&$filter=date ";
const contactFilters = ["hasInterests set true", "name begins 'S'", "name is 'Testing null Orgnr'", "name contains 'Orgnr'", "name notBegins 'S'", "name notContains 'Owl'", "name notEnds 'Landing'", "name isNot 'SuperOffice Software Limited'", "name between ('A','S')", "contactId = 5", "contactId eq 2", "contactId ne 2", "contactId le 5", "contactId lt 5", "contactId gt 5", "contactId ge 5", "contactId set 5", "contactId equals 5", "contactId greater 5", "contactId less 5", "contactId unequals 5"];
const dateFilters = ["before '2020-05-28'", "after '2020-05-28'", "date '2020-05-28'", "between ('2020-05-11','2020-05-31')", "beforeOrEqual '2020-05-28'", "dateTime '2020-05-28T15:00:00'", "beforeTime '2020-05-28T15:00:00'", "beforeToday", "today", "afterToday", "lastWeek", "thisWeek", "nextWeek", "lastMonth", "thisMonth", "nextMonth", "lastQuarter", "thisQuarter", "nextQuarter", "thisHalf", "thisYear"];
LISTS.push(["ODataQueries.http 'GET v1/contact?$select=name,associateId,contactAssociate/fullName'", C.replace("&$filter=", ""), ["name", "associateId", "contactAssociate/fullName"], 1]);
for (const f of contactFilters) LISTS.push([`ODataQueries.http 'GET v1/contact?…&$filter=${f}'`, C + f, ["name", "associateId", "contactAssociate/fullName"]]);
for (const f of dateFilters) LISTS.push([`ODataQueries.http 'GET v1/appointment?$select=date,type,text,contact/name&$filter=date ${f}'`, A + f, ["type", "text"]]);
LISTS.push(["ODataQueries.http 'GET v1/appointment?$select=date,type,text,contact/name?&$filter=…' (as written, with the stray ?)", "v1/appointment?$select=date,type,text,contact/name?&$filter=date before '2020-05-28'", ["date", "type", "text"]]);
LISTS.push(["ODataQueries.http 'GET v1/appointment?$select=date, type,…' (space after the comma)", "v1/appointment?$select=date, type,text,contact/name&$filter=date date '2020-05-28'", ["date", "type"]]);
LISTS.push(["Archive.http's trailing slash (`v1/archive/{provider}/?…`) on an emulated provider", "v1/archive/SimpleContact/?$select=name,department&$top=5", ["name", "department"], 5]);
for (const f of ["registeredBy associateIsOneOf (1,6)", "registeredBy associateIsNotOneOf (1,6)", "category equals 4", "category oneOf (3,6)", "category notOneOf (3,6)"]) {
  LISTS.push([`ODataQueries.http 'GET v1/contact?$select=name,associateId&$filter=${f}'`, `v1/contact?$select=name,associateId&$filter=${f}`, ["name", "associateId"]]);
}

describe("OData lists and archives", () => {
  it.each(LISTS)("%s", async (_title, path, columns, min) => {
    expectRows(await call("GET", encodeURI(path).replace(/%25/g, "%")), columns, min ?? 0);
  });
});

describe("Archive.http (agents), Lists.http", () => {
  const byColumns = (provider: string, columns: string[], restriction: unknown) => ({
    ProviderName: provider, Columns: columns, SortOrder: [{ Name: columns[0], Direction: "ASC" }], Restriction: [restriction], Entities: [provider === "Person" ? "person" : "contact"], Page: 0, PageSize: 1000000,
  });
  it("Archive.http 'GetArchiveListByColumns?$select=contactId,name' FindContact, contactId in (5..13)", async () => {
    const r = await call("POST", "v1/Agents/Archive/GetArchiveListByColumns?$select=contactId,name", { body: byColumns("FindContact", ["contactId", "name"], { Name: "contactId", Operator: "in", Values: ["5", "6", "7", "8", "9", "10", "11", "12", "13"], IsActive: true }) });
    ok(r);
    expect(r.json.length).toBe(9);
  });
  it("Archive.http 'GetArchiveListByColumns?$select=contactId,name' FindContact, name in (…)", async () => {
    const r = await call("POST", "v1/Agents/Archive/GetArchiveListByColumns?$select=contactId,name", { body: byColumns("FindContact", ["contactId", "name"], { Name: "name", Operator: "in", Values: [contactName, "Testing Orgnr"], IsActive: true }) });
    ok(r);
    expect(r.json.length).toBeGreaterThanOrEqual(1);
  });
  it("Archive.http 'GetArchiveListByColumns' Person, personId = 25", async () => {
    const r = await call("POST", "v1/Agents/Archive/GetArchiveListByColumns", { body: byColumns("Person", ["personId", "firstName"], { Name: "personId", Operator: "=", Values: ["25"], IsActive: true }) });
    ok(r);
    expect(r.json).toHaveLength(1);
    expect(r.json[0].ColumnData.personId.DisplayValue).toMatch(/25/);
  });
  const LIST_GETS = ["v1/List/Country/Items", "v1/List", "v1/List/Category/Items/2", "v1/List/Category/Headings", "v1/List/Category/MDOItems", "v1/List/Country/MDOItems"];
  it.each(LIST_GETS)("Lists.http 'GET %s'", async (path) => {
    const r = await call("GET", path, { headers: { accept: "application/json; charset=utf-8" } });
    ok(r);
    expect(r.json).toBeTruthy();
  });
  const LIST_POSTS: [string, unknown][] = [
    ["v1/Agents/List/GetCategory?categoryId=3", undefined],
    ["v1/Agents/List/GetCategories", undefined],
    ["v1/Agents/List/GetListEntityByName", '{\n  "Name": "Category",\n}'],
  ];
  it.each(LIST_POSTS)("Lists.http 'POST %s' %j", async (path, body) => {
    const r = await call("POST", path, { headers: { accept: "application/json; charset=utf-8", "content-type": "application/json; charset=utf-8" }, body });
    ok(r);
    expect(r.json).toBeTruthy();
  });
});

/**
 * Samples for what the emulator does not emulate (README, "Differences from SOD"): each gets a clear 4xx in
 * SuperOffice's error shape naming what is missing, never a 500 or a wrong answer.
 */
describe("samples for what is not emulated answer a clear 4xx", () => {
  const NOT_EMULATED: [string, string, string, unknown?][] = [
    ["ContactDetails.http 'GET v1/Contact/Duplicates/…'", "GET", "v1/Contact/Duplicates/Super"],
    ["ContactDetails.http 'POST Agents/Contact/GetDuplicates'", "POST", "v1/Agents/Contact/GetDuplicates", { Name: "Super" }],
    ["Archive.http 'GET v1/archive/emailpersonaddress'", "GET", "v1/archive/emailpersonaddress?$select=emailAddress"],
    ["Archive.http 'GET v1/archive/recyclecontact/'", "GET", "v1/archive/recyclecontact/?$select=name,department"],
    ["Archive.http 'GET v1/archive/recycleperson/'", "GET", "v1/archive/recycleperson/?$select=firstName"],
  ];
  it.each(NOT_EMULATED)("%s", async (_title, method, path, body) => {
    const r = await call(method, path, body === undefined ? {} : { body });
    expect(r.status, r.text.slice(0, 300)).toBe(404);
    expect(r.json).toMatchObject({ Error: true, ErrorType: expect.any(String) });
    expect(String(r.json.ErrorMessage)).not.toBe("");
  });

});

describe("Lists.http 'POST v1/Agents/List/GetListEntityByName'", () => {
  it("answers the list as GET v1/List shows it, in any case, and null for a list that does not exist", async () => {
    const all = (await call("GET", "v1/List")).json as unknown as { Name: string }[];
    const byName = await call("POST", "v1/Agents/List/GetListEntityByName", { body: { Name: "CATEGORY" } });
    ok(byName);
    expect(byName.json).toEqual(all.find((l) => l.Name.toLowerCase() === "category"));
    const missing = await call("POST", "v1/Agents/List/GetListEntityByName", { body: { Name: "nosuchlist" } });
    expect(missing.status).toBe(200);
    expect(missing.text).toBe("null");
  });
});

describe("Lists.http and Interests.http MDO lists", () => {
  it("MDOList/contact_freetextsearch and MDO/GetList contact search companies by name; Lists lists the lists", async () => {
    const all = (await call("GET", "v1/contact?$select=contactId,name&$top=1000")).json as unknown as { value: { PrimaryKey: string; name: string }[] };
    const expected = all.value.filter((r) => r.name.toLowerCase().includes("su")).map((r) => Number(r.PrimaryKey)).sort((a, b) => a - b);
    const found = await call("GET", "v1/MDOList/contact_freetextsearch?query=Su");
    ok(found);
    expect((found.json as unknown as { Id: number }[]).map((i) => i.Id).sort((a, b) => a - b)).toEqual(expected);
    const agent = await call("POST", "v1/Agents/MDO/GetList", { body: { Name: "contact", ForceFlatList: false, AdditionalInfo: "contact_id=5,4", OnlyHistory: false, SearchValue: "su" } });
    ok(agent);
    expect((agent.json as unknown as { Id: number }[]).map((i) => i.Id).sort((a, b) => a - b)).toEqual(expected);
    // GetListItem finds any live company, not only those on the first page of the search.
    const byName = [...all.value].sort((a, b) => a.name.localeCompare(b.name));
    expect(byName.length).toBeGreaterThan(200);
    const last = byName.at(-1)!; // beyond the 200 a company list shows
    const item = await call("POST", "v1/Agents/MDO/GetListItem", { body: { ListName: "contact", Id: Number(last.PrimaryKey) } });
    ok(item);
    expect(item.json).toMatchObject({ Id: Number(last.PrimaryKey), Name: last.name });
    const lists = await call("GET", "v1/MDOList/Lists");
    ok(lists);
    expect((lists.json as unknown as { Name: string }[]).map((l) => l.Name)).toEqual(expect.arrayContaining(["Category", "Business", "Country"]));
  });

  it("Interests.http 'GET v1/MDOList/persint' and 'contint': the interest lists exist and are empty (none seeded)", async () => {
    for (const name of ["persint", "contint"]) {
      const r = await call("GET", `v1/MDOList/${name}`);
      ok(r);
      expect(r.json).toEqual([]);
    }
  });
});
