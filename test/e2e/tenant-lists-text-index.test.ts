import { describe, expect, it } from "vitest";
import { archiveQueryRepository } from "../../src/store/archive-queries.js";
import { archiveQuery } from "../../src/tenant-api/archive/archive-query.js";
import { personProvider } from "../../src/tenant-api/archive/providers/person.js";
import { simpleContactProvider } from "../../src/tenant-api/archive/providers/simple-contact.js";
import { dateCodec } from "../../src/tenant-api/json/dates.js";
import { contacts, db, emulator, idsWhere, keys, list, persons, postJson, TENANT, token, useListsEmulator, type ContactRow } from "../support/tenant-lists-e2e.js";

/**
 * Issue #19: `name contains …` narrowed by schema v17's trigram index of company names (v18: person names), and a deep `$skip` read
 * from the page's keys first (src/store/archive-queries.ts). Both must give exactly the rows and order of the
 * plain query: every expectation is computed here from the store's rows with SQLite's own rules (LIKE and
 * NOCASE fold ASCII letters only, ties broken by id), never with the emulator's query builder. The last part
 * checks that the fast shapes are really the ones run, and that the index follows inserts, renames, deletes
 * and reset.
 */
useListsEmulator();

const ascii = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
const byName = (desc: boolean) => (a: ContactRow, b: ContactRow) => {
  const [x, y] = [ascii(a.name), ascii(b.name)];
  const order = x < y ? -1 : x > y ? 1 : a.id - b.id;
  return desc ? -order : order;
};
/** Live companies whose name holds the needle as SQLite's LIKE sees it, in `$orderBy=name` order. */
const containing = (needle: string, desc = false) =>
  contacts()
    .filter((c) => (/[^\x00-\x7f]/.test(needle) ? c.name.toLocaleLowerCase("nb").includes(needle.toLocaleLowerCase("nb")) : ascii(c.name).includes(ascii(needle))))
    .sort(byName(desc))
    .map((c) => c.id);
const contains = (needle: string) => `name contains '${needle.replace(/'/g, "''")}'`;

describe("name contains: the same rows and order as the scan", () => {
  const fixed = ["ans", "SEN", "and", "AS ", "Holm", "x\"y", "50%", "a_b", "ab", "a", "Nær", "ØRN", "berg", "zzqq"];
  // Needles cut from the middle of real names, so some match few rows and some many.
  const fromNames = () => contacts().filter((_, i) => i % 37 === 5).slice(0, 8).map((c) => c.name.slice(1, 1 + Math.min(6, Math.max(3, c.name.length - 2))));

  it.each(fixed)("'%s', every row, $orderBy=name and name desc", async (needle) => {
    for (const desc of [false, true]) {
      const body = await list("Contact", { $select: "contactId,name", $filter: contains(needle), $orderBy: desc ? "name desc" : "name" });
      expect(keys(body), `${needle} ${desc ? "desc" : "asc"}`).toEqual(containing(needle, desc));
    }
  });

  it("needles from the tenant's own names, with $top and $skip", async () => {
    const needles = fromNames();
    expect(needles.length).toBeGreaterThan(3);
    for (const needle of needles) {
      const want = containing(needle);
      expect(want.length, needle).toBeGreaterThan(0);
      const page = await list("Contact", { $select: "contactId", $filter: contains(needle), $orderBy: "name", $top: 3, $skip: 1 });
      expect(keys(page), needle).toEqual(want.slice(1, 4));
      const and = await list("Contact", { $select: "contactId", $filter: `${contains(needle)} and category ne 1`, $orderBy: "name" });
      const notFirst = new Set(contacts().filter((c) => c.category_id !== 1).map((c) => c.id));
      expect(keys(and), `${needle} and category`).toEqual(want.filter((id) => notFirst.has(id)));
    }
  });
});

describe("Person firstName / lastName contains: the same rows as the scan", () => {
  const asLike = (needle: string) => (text: string) =>
    /[^\x00-\x7f]/.test(needle) ? text.toLocaleLowerCase("nb").includes(needle.toLocaleLowerCase("nb")) : ascii(text).includes(ascii(needle));
  it.each(["sen", "SEN", "and", "an", "Ø", "zzqq", "x\"y"])("'%s'", async (needle) => {
    const like = asLike(needle);
    const last = await list("Person", { $select: "personId", $filter: `lastName contains '${needle}'` });
    expect([...keys(last)].sort((a, b) => a - b)).toEqual(idsWhere(persons(), (p) => like(p.lastname)));
    const first = await list("Person", { $select: "personId", $filter: `firstName contains '${needle}' or lastName eq 'nobody'` });
    expect([...keys(first)].sort((a, b) => a - b)).toEqual(idsWhere(persons(), (p) => like(p.firstname)));
  });
  it("a needle from a real last name finds its people, paged", async () => {
    const name = persons().find((p) => p.lastname.length >= 6)!.lastname;
    const needle = name.slice(1, 5);
    const all = keys(await list("Person", { $select: "personId", $filter: `lastName contains '${needle}'`, $orderBy: "lastName" }));
    expect([...all].sort((a, b) => a - b)).toEqual(idsWhere(persons(), (p) => asLike(needle)(p.lastname)));
    const page = await list("Person", { $select: "personId", $filter: `lastName contains '${needle}'`, $orderBy: "lastName", $top: 2, $skip: 1 });
    expect(keys(page)).toEqual(all.slice(1, 3));
  });
});

describe("deep $skip: the same page as the plain query", () => {
  it.each(["name", "name desc", "number", "contactId desc"])("$orderBy=%s", async (orderBy) => {
    const all = keys(await list("Contact", { $select: "contactId", $orderBy: orderBy }));
    expect(all.length).toBeGreaterThan(260); // past the store's deep-skip threshold (200)
    if (orderBy.startsWith("name")) expect(all).toEqual(contacts().sort(byName(orderBy.endsWith("desc"))).map((c) => c.id));
    for (const skip of [199, 200, 250, all.length - 5, all.length, all.length + 10]) {
      const page = await list("Contact", { $select: "contactId", $orderBy: orderBy, $top: 20, $skip: skip });
      expect(keys(page), `$skip=${skip}`).toEqual(all.slice(skip, skip + 20));
    }
    const rest = await list("Contact", { $select: "contactId", $orderBy: orderBy, $skip: 230 });
    expect(keys(rest)).toEqual(all.slice(230));
  });
});

describe("the fast shapes are the ones run, and the index keeps up with writes", () => {
  const plan = (filter: string | undefined, skip?: string, provider = simpleContactProvider) => {
    const archive = archiveQueryRepository(db());
    const env = { archive, contextIdentifier: TENANT, dates: dateCodec("Europe/Oslo"), apiBase: "http://localhost/api/v1", timeZone: "Europe/Oslo", nowMs: Date.now(), currentAssociateId: 1 };
    const { sql, params } = archive.page(archiveQuery(provider, { select: provider === personProvider ? "personId" : "name", filter, orderBy: provider === personProvider ? undefined : "name", top: "10", skip }, env).query);
    return (db().prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join("; ");
  };
  const integrity = () => {
    db().prepare("INSERT INTO contacts_name_trigram (contacts_name_trigram, rank) VALUES ('integrity-check', 1)").run();
    db().prepare("INSERT INTO persons_name_trigram (persons_name_trigram, rank) VALUES ('integrity-check', 1)").run();
  };
  const named = async (needle: string) => keys(await list("Contact", { $select: "contactId", $filter: contains(needle) }));

  it("a rare needle is looked up in the trigram index; a short one and a deep skip are not scans of the name index", () => {
    expect(plan(contains("zzqq"))).toMatch(/contacts_name_trigram VIRTUAL TABLE/);
    expect(plan(contains("ab"))).not.toMatch(/VIRTUAL TABLE/);
    expect(plan(undefined, "250")).toMatch(/__rows/);
    expect(plan(undefined, "20")).not.toMatch(/__rows/);
    expect(plan("lastName contains 'zzqq'", undefined, personProvider)).toMatch(/persons_name_trigram VIRTUAL TABLE/);
    expect(plan("firstName contains 'zzqq' or lastName eq 'x'", undefined, personProvider)).not.toMatch(/VIRTUAL TABLE/);
  });

  it("create, rename, delete and reset", async () => {
    const created = await postJson("Contact", { Name: "Qwzx Trigram Probe AS", Category: { Id: 1 } });
    expect(created.status, created.text).toBe(200);
    const id = Number(created.json.ContactId);
    expect(await named("wzx trig")).toEqual([id]);
    integrity();

    const url = `${emulator.url}/${TENANT}/api/v1/Contact/${id}`;
    const headers = { authorization: `Bearer ${token}`, accept: "application/json", "content-type": "application/json" };
    const renamed = await fetch(url, { method: "PATCH", headers, body: JSON.stringify([{ op: "replace", path: "/Name", value: "Plainly Otherwise Named" }]) });
    expect(renamed.status, await renamed.text()).toBe(200);
    expect(await named("wzx trig")).toEqual([]);
    expect(await named("nly othe")).toEqual([id]);
    integrity();

    expect((await fetch(url, { method: "DELETE", headers })).status).toBeLessThan(300);
    expect(await named("nly othe")).toEqual([]);
    integrity();

    await emulator.reset();
    integrity();
    expect(db().prepare("SELECT count(*) FROM contacts_name_trigram WHERE contacts_name_trigram MATCH '\"Otherwise\"'").pluck().get()).toBe(0);
  });
});
