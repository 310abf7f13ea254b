import { beforeAll, describe, expect, it } from "vitest";
import { archiveQueryRepository } from "../../src/store/archive-queries.js";
import { archiveQuery } from "../../src/tenant-api/archive/archive-query.js";
import { personProvider } from "../../src/tenant-api/archive/providers/person.js";
import { simpleContactProvider } from "../../src/tenant-api/archive/providers/simple-contact.js";
import { dateCodec } from "../../src/tenant-api/json/dates.js";
import { db, emulator, keys, list, persons, postJson, TENANT, token, useListsEmulator } from "../support/tenant-lists-e2e.js";

/**
 * Issue #19: `contains` with a needle of two characters (below a trigram) is narrowed by the trigram indexes
 * of schema v17/v18 (the trigrams that begin with the needle, from the index's vocabulary) and the tail index
 * of schema v19 (texts ending with it). Whatever the plan, the rows must be exactly a scan's: every expectation
 * here is SQLite's own `LIKE … ESCAPE '\'` over the store's rows (ASCII needles) or a JavaScript substring test
 * of the Norwegian lower case (other needles), in `$orderBy=name` order, never the emulator's query builder.
 * The tenant gets names made for the edges: texts of one and two characters, a needle only at the end, LIKE's
 * metacharacters and the escape, quotes, non-ASCII letters, a deleted company, and another tenant's rows.
 */
useListsEmulator();

const NAMES = ["ab", "Ab", "a", "B", "xAB", "Cab Ltd", "Krabbe AS", "50%", "5%0", "a_b", "axb", "a\\b", "x\"y", "Jørn ab", "øst", "ØB", "Øb", "ab ØRN", "zq", "Q", "en", "N", "q%"];
const OTHER_TENANT = "Cust54321";
const NEEDLES = [
  // One character: a scan.
  ...["a", "B", "%", "_", "\\", "ø", "q", "\"", " "],
  // Two: the index and the tail, where ASCII.
  ...["ab", "AB", "aB", "an", "en", "EN", "zq", "qz", "b ", "% ", "%0", "5%", "q%", "a_", "_b", "\\b", "a\\", "x\"", "\"y", " a", "AS", "s "],
  // Two, not ASCII: a scan through unicode_lower.
  ...["ø", "Jø", "øB", "ØR", "Øb"],
  // Three and more: the trigram phrase.
  ...["abb", "krab", "Rab", "ØRN", "n a", "a_b", "50%"],
];

const ascii = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
const nonAscii = (s: string) => /[^\x00-\x7f]/.test(s);
const like = (needle: string) => `%${needle.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
/** The filter's text literal: single quotes doubled, backslashes doubled (the lexer reads `\\` as one). */
const literal = (needle: string) => `'${needle.replace(/'/g, "''").replace(/\\/g, "\\\\")}'`;

interface Named {
  id: number;
  name: string;
}
/** Live rows of the tenant, `$orderBy=<column>` order (NOCASE folds A-Z only; ties by id). */
const ordered = (rows: Named[]) => [...rows].sort((a, b) => (ascii(a.name) < ascii(b.name) ? -1 : ascii(a.name) > ascii(b.name) ? 1 : a.id - b.id)).map((r) => r.id);
/** The scan: SQLite's LIKE for ASCII needles, the Norwegian lower case for others (as the emulator documents). */
function scan(table: "contacts" | "persons", column: string, id: string, needle: string): number[] {
  if (!nonAscii(needle)) {
    const rows = db()
      .prepare(`SELECT ${id} AS id, ${column} AS name FROM ${table} WHERE context_identifier = ? AND deleted_date IS NULL AND ${column} LIKE ? ESCAPE '\\'`)
      .all(TENANT, like(needle)) as Named[];
    return ordered(rows);
  }
  const all = db().prepare(`SELECT ${id} AS id, ${column} AS name FROM ${table} WHERE context_identifier = ? AND deleted_date IS NULL`).all(TENANT) as Named[];
  return ordered(all.filter((r) => r.name.toLocaleLowerCase("nb").includes(needle.toLocaleLowerCase("nb"))));
}

/** The page statement the store runs, for its query plan. */
function plan(filter: string, provider = simpleContactProvider): string {
  const archive = archiveQueryRepository(db());
  const env = { archive, contextIdentifier: TENANT, dates: dateCodec("Europe/Oslo"), apiBase: "http://localhost/api/v1", timeZone: "Europe/Oslo", nowMs: Date.now(), currentAssociateId: 1 };
  const { sql, params } = archive.page(archiveQuery(provider, { select: provider === personProvider ? "personId" : "name", filter, top: "10" }, env).query);
  return (db().prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join("; ");
}

let deletedId = 0;
beforeAll(async () => {
  for (const name of NAMES) {
    const reply = await postJson("Contact", { Name: name, Category: { Id: 1 } });
    expect(reply.status, reply.text).toBe(200);
  }
  const doomed = await postJson("Contact", { Name: "ab deleted", Category: { Id: 1 } });
  deletedId = Number(doomed.json.ContactId);
  const removed = await fetch(`${emulator.url}/${TENANT}/api/v1/Contact/${deletedId}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
  expect(removed.status).toBeLessThan(300);
  const contactId = Number((await postJson("Contact", { Name: "People Holder AS", Category: { Id: 1 } })).json.ContactId);
  for (const [first, last] of [["Al", "Ng"], ["Bo", "Li"], ["Ab", "Ab"], ["Jø", "Øb"], ["A", "B"], ["Liab", "Nabb"]]) {
    const reply = await postJson("Person", { Firstname: first, Lastname: last, Contact: { ContactId: contactId } });
    expect(reply.status, reply.text).toBe(200);
  }
  // Another tenant's rows with the same names: in the indexes, never in this tenant's lists.
  const other = (await emulator.admin.signIn({ tenant: OTHER_TENANT, user: "ada.admin@example.com" })).access_token;
  for (const name of ["ab", "Zab", "xab", "a"]) {
    const res = await fetch(`${emulator.url}/${OTHER_TENANT}/api/v1/Contact`, {
      method: "POST",
      headers: { authorization: `Bearer ${other}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ Name: name, Category: { Id: 1 } }),
    });
    expect(res.status).toBe(200);
  }
});

describe("Contact name contains: every needle gives the scan's rows and order", () => {
  it.each(NEEDLES)("%j", async (needle) => {
    const want = scan("contacts", "name", "contact_id", needle);
    const body = await list("Contact", { $select: "contactId,name", $filter: `name contains ${literal(needle)}`, $orderBy: "name" });
    expect(keys(body)).toEqual(want);
    expect(keys(body)).not.toContain(deletedId);
    const page = await list("Contact", { $select: "contactId", $filter: `name contains ${literal(needle)}`, $orderBy: "name desc", $top: 3, $skip: 1 });
    expect(keys(page)).toEqual([...want].reverse().slice(1, 4));
  });

  it("the edges are really there: short names, a needle only at the end, other tenants", () => {
    expect(scan("contacts", "name", "contact_id", "ab").length).toBeGreaterThanOrEqual(6); // ab, Ab, xAB, Cab Ltd, Krabbe AS, Jørn ab, ab ØRN
    const otherAb = db().prepare("SELECT count(*) FROM contacts WHERE context_identifier = ? AND name LIKE '%ab%'").pluck().get(OTHER_TENANT) as number;
    expect(otherAb).toBeGreaterThanOrEqual(3);
  });

  it("two ASCII characters are looked up in the trigram index and the tail index; one character is a scan", () => {
    for (const needle of ["ab", "zq", "qz", "q%"]) {
      // The candidates first (SQLite may flatten their subquery), then each company by rowid.
      const p = plan(`name contains ${literal(needle)}`);
      expect(p, needle).toMatch(/contacts_name_tail.*SEARCH c USING INTEGER PRIMARY KEY/);
    }
    expect(plan("name contains 'ab'")).toMatch(/contacts_name_trigram VIRTUAL TABLE/); // 'ab ' and friends exist
    for (const scanned of ["a", "Jø"]) expect(plan(`name contains '${scanned}'`), scanned).not.toMatch(/contacts_name_tail|VIRTUAL TABLE/);
    expect(plan("firstName contains 'al'", personProvider)).toMatch(/persons_firstname_tail/);
    expect(plan("lastName contains 'ab'", personProvider)).toMatch(/persons_lastname_tail/);
  });
});

describe("Person firstName / lastName contains: the scan's rows", () => {
  const personNeedles = ["a", "al", "AL", "ng", "b", "ab", "AB", "jø", "øb", "li", "bb", "ia", "zq", "nab", "ABB"];
  it.each(personNeedles)("%j", async (needle) => {
    for (const [field, column] of [["firstName", "firstname"], ["lastName", "lastname"]] as const) {
      const body = await list("Person", { $select: "personId", $filter: `${field} contains ${literal(needle)}`, $orderBy: field });
      // The Person archive shows a person only while the company (if any) is live too.
      const live = new Set(persons().map((p) => p.id));
      expect(keys(body), `${field} ${needle}`).toEqual(scan("persons", column, "person_id", needle).filter((id) => live.has(id)));
    }
  });
});
