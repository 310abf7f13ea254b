// The reference point for the benchmarks: the smallest hono + @hono/node-server app that answers the same
// GET /health as the emulator, plus GET /json and /json-large, JSON documents about the size of the
// emulator's discovery document (~850 B) and JWKS (~1.6 KB), for the SuperID section; and for the tenant
// API section GET /json-contact/:id, a constant contact-shaped object of CONTACT_BYTES, and POST /echo,
// which parses a JSON body and answers a contact-shaped object of ECHO_BYTES carrying the posted fields;
// for the lists section GET /json-list?rows=R&bytes=B, an archive envelope of R Slim-mode contact rows
// (PrimaryKey, EntityName, name, category, number) of at least B bytes, built once per (R, B); and for the
// refresh-grant ceiling POST /token, which reads a form and answers a token response with one RS256 id_token
// signed by jose, over the claims the harness PUTs to /token-claims first (key and jose load then, not at start).
// "The same bytes": PUT /doc/:key stores a JSON document (the harness PUTs the emulator's own discovery, JWKS and
// contact bodies), and GET /doc/:key answers it with c.json(), so the floor serialises exactly those bytes.
// Plain JS so node runs it directly, with no build or loader cost.
// Usage: node test/bench/bare-hono.mjs PORT [CONTACT_BYTES [ECHO_BYTES]]   (port 0 lets the OS pick)
import { serve } from "@hono/node-server";
import { Hono } from "hono";

/** 14 fields, strings and string arrays like discovery's, padded until the JSON is at least `bytes` long. */
function documentOfSize(bytes) {
  for (let width = 1; ; width++) {
    const doc = {};
    for (let i = 0; i < 14; i++) doc[`field_${i}`] = i % 2 ? ["a", "b", "c"].map((s) => s.repeat(width)) : `v${i}`.padEnd(width * 2, "x");
    if (JSON.stringify(doc).length >= bytes) return doc;
  }
}

/** A list item (e.g. an email or a localized address field) as the tenant API nests them. */
const item = (value) => ({ Value: value, StrippedValue: value, Description: "", TableRight: null, FieldProperties: {} });
const associate = { AssociateId: 1, Name: "AH", PersonId: 1, Rank: 0, Tooltip: "", Type: "InternalAssociate", GroupIdx: 1, FullName: "Ada Hansen", FormalName: "Ada Hansen", Deleted: false, EjUserId: 0, UserName: null, ExtraFields: {}, CustomFields: {}, TableRight: { Mask: "FULL", Reason: "" }, FieldProperties: {} };

/**
 * Shaped like a ContactEntity (nested associates, list items, a person, an address), padded in its
 * Description until the JSON is at least `bytes` long in UTF-8; the harness passes the emulator's size.
 */
function contactOfSize(bytes) {
  const contact = (pad) => ({
    ContactId: 2, Name: "Jakobsen Smogeli-Jørgensen", Department: "", OrgNr: "158341921", Number1: "", Number2: "10002",
    UpdatedDate: "0001-01-01T00:00:00", CreatedDate: "2025-02-27T19:54:32",
    Emails: [item("post@example.test")], Interests: [], Urls: [item("https://www.example.test")], Phones: [item("+44 11591348")], Faxes: [],
    Description: "x".repeat(pad), UpdatedBy: null, CreatedBy: associate, Associate: associate,
    Business: { Id: 7, Value: "Hotel/Restaurant", Tooltip: "", TableRight: null, FieldProperties: {} },
    Category: { Id: 3, Value: "Supplier", Tooltip: "", CategoryGroup: "Other", EnableLeadStatus: false, Rank: 2, Deleted: false, TableRight: null, FieldProperties: {} },
    Country: { CountryId: 826, Name: "United Kingdom", CurrencyId: 80, EnglishName: "United Kingdom", TwoLetterISOCountry: "GB", Rank: 6, Tooltip: "", Deleted: false, TableRight: null, FieldProperties: {} },
    Persons: [{ PersonId: 7, Firstname: "Sandra", Lastname: "Moen", FullName: "Sandra Moen", ContactId: 2, Retired: 0, Rank: 0, TableRight: null, FieldProperties: {} }],
    NoMailing: false, Xstop: false, ActiveInterests: 0, GroupId: 1, Deleted: 0,
    Address: { Wgs84Latitude: 0, Wgs84Longitude: 0, LocalizedAddress: [[item("Nguyensvei 2")], [item("0569"), item("Nærfjell")]], Street: { Address1: "Nguyensvei 2", City: "Nærfjell", Zipcode: "0569" }, TableRight: null, FieldProperties: {} },
    UserDefinedFields: {}, ExtraFields: {}, CustomFields: {}, TableRight: { Mask: "Select, Update, Insert, Delete", Reason: "" }, FieldProperties: {},
    _Links: { Self: "http://localhost:1/Cust12345/api/v1/Contact/2", Archive: "http://localhost:1/Cust12345/api/v1/Contact" },
  });
  const base = Buffer.byteLength(JSON.stringify(contact(0)));
  return contact(Math.max(0, bytes - base));
}

/** An archive answer as `GET v1/Contact?$select=name,category,number` gives it, names padded to `bytes`. */
function listOfSize(rows, bytes) {
  const envelope = (pad) => ({
    "odata.metadata": "http://localhost:1/Cust10100/api/v1/Archive//$metadata",
    "odata.nextLink": null,
    value: Array.from({ length: rows }, (_, i) => ({ PrimaryKey: String(1000 + i), EntityName: "contact", name: `A${i}${"x".repeat(pad)}`, category: "Customer", number: String(10000 + i) })),
  });
  const base = Buffer.byteLength(JSON.stringify(envelope(0)));
  return envelope(rows > 0 ? Math.max(0, Math.round((bytes - base) / rows)) : 0);
}
const lists = new Map();

const port = Number(process.argv[2] ?? 0);
const small = documentOfSize(845);
const large = documentOfSize(1610);
const contact = contactOfSize(Number(process.argv[3] ?? 5200));
const echoed = contactOfSize(Number(process.argv[4] ?? 3600));
/** Documents the harness PUT, answered as they are. */
const docs = new Map();
const app = new Hono()
  .get("/health", (c) => c.json({ status: "ok" }))
  .put("/doc/:key", async (c) => {
    docs.set(c.req.param("key"), await c.req.json());
    return c.body(null, 204);
  })
  .get("/doc/:key", (c) => {
    const doc = docs.get(c.req.param("key"));
    return doc === undefined ? c.json({ error: "not found" }, 404) : c.json(doc);
  })
  .get("/json", (c) => c.json(small))
  .get("/json-large", (c) => c.json(large))
  // The id is read and answered, as the emulator's route does; the object is otherwise constant.
  .get("/json-contact/:id", (c) => c.json({ ...contact, ContactId: Number(c.req.param("id")) }))
  .get("/json-list", (c) => {
    const rows = Number(c.req.query("rows") ?? 50);
    const bytes = Number(c.req.query("bytes") ?? 0);
    const key = `${rows}:${bytes}`;
    if (!lists.has(key)) lists.set(key, listOfSize(rows, bytes));
    return c.json(lists.get(key));
  })
  .post("/echo", async (c) => {
    const body = await c.req.json();
    return c.json({ ...echoed, Name: body.Name, Category: { ...echoed.Category, ...body.Category } });
  });

/** The id_token signer of POST /token: set by PUT /token-claims, with a key made there. */
let signer;
app
  .put("/token-claims", async (c) => {
    const { generateKeyPairSync } = await import("node:crypto");
    const { SignJWT } = await import("jose");
    const { header, claims } = await c.req.json();
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    // Object.assign: members added after a leading spread are slow on Node 20 (README, "Object spreads").
    signer = (iat) => new SignJWT(Object.assign({}, claims, { iat, nbf: iat - 60, exp: iat + 300 })).setProtectedHeader(header).sign(privateKey);
    return c.body(null, 204);
  })
  // What the least an HTTP token endpoint can do: split the form, sign one id_token, answer JSON.
  .post("/token", async (c) => {
    const form = new URLSearchParams(await c.req.text());
    if (!signer || !form.get("refresh_token")) return c.json({ error: "invalid_request" }, 400);
    const idToken = await signer(Math.floor(Date.now() / 1000));
    return c.json({ token_type: "Bearer", access_token: accessToken, expires_in: 3600, id_token: idToken });
  });
const accessToken = `8A:Cust12345.${"x".repeat(128)}`;

const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info) => {
  // Same shape as the emulator's ready line, so the harness parses both alike.
  console.log(`bare ready at http://localhost:${info.port}`);
});

process.once("SIGTERM", () => {
  // The harness's keep-alive connection would otherwise hold close() open.
  server.close(() => process.exit(0));
  if ("closeIdleConnections" in server) server.closeIdleConnections();
});
