import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";
import { generateSeedData } from "../../src/seed/generate.js";
import { loadSeedData } from "../../src/seed/load.js";
import { readSeedFile } from "../../src/seed/seed-file.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrations.js";
import { ARCHIVE_PROVIDERS, ENTITY_PROVIDERS, providerByName } from "../../src/tenant-api/archive/providers/index.js";
import type { ArchiveColumn, ArchiveProvider } from "../../src/tenant-api/archive/providers/provider.js";

const ctx = "Cust12345";
const providers = ARCHIVE_PROVIDERS;
const provider = (name: string) => providerByName(name)!;

function seeded(): Db {
  const db = openDatabase({ memory: true });
  migrate(db);
  loadSeedData(db, generateSeedData(readSeedFile(DEFAULT_SEED_FILE).seed));
  return db;
}

const column = (p: ArchiveProvider, name: string): ArchiveColumn => {
  const c = p.columns.find((col) => [col.name, ...(col.aliases ?? [])].some((n) => n.toLowerCase() === name.toLowerCase()));
  if (!c) throw new Error(`${p.name} has no column ${name}`);
  return c;
};

/** The raw and display values of some columns, one row per primary key. */
function rows(db: Db, p: ArchiveProvider, names: string[], extraWhere = ""): Record<string, unknown>[] {
  const select = names.flatMap((n, i) => {
    const c = column(p, n);
    return [`${c.sql} AS v${i}`, `${c.displaySql ?? c.sql} AS d${i}`];
  });
  const sql = `SELECT ${p.primaryKey} AS pk, ${select.join(", ")} FROM ${p.from} WHERE ${p.where}${extraWhere} ORDER BY ${p.defaultOrder}`;
  return (db.prepare(sql).all({ ctx }) as Record<string, unknown>[]).map((r) => {
    const out: Record<string, unknown> = { pk: r.pk };
    names.forEach((n, i) => {
      out[n] = r[`v${i}`];
      out[`${n}:display`] = r[`d${i}`];
    });
    return out;
  });
}

const count = (db: Db, sql: string) => Number(db.prepare(sql).pluck().get({ ctx }));
const isDate = (v: unknown) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2})?$/.test(v);

describe("archive providers", () => {
  let db: Db;
  beforeAll(() => {
    db = seeded();
  });

  it("are found by name case-insensitively and back the entity list endpoints", () => {
    expect(ARCHIVE_PROVIDERS.map((p) => p.name)).toEqual(["SimpleContact", "Person", "FindAppointment", "FindSale", "InternalUsers", "Project", "ProjectMember", "Document"]);
    expect(providerByName("simplecontact")).toBe(ARCHIVE_PROVIDERS[0]);
    expect(providerByName("FINDSALE")?.name).toBe("FindSale");
    expect(providerByName("Nope")).toBeUndefined();
    expect(ENTITY_PROVIDERS).toEqual({ Contact: "SimpleContact", Person: "Person", Appointment: "FindAppointment", Sale: "FindSale", Project: "Project", Document: "Document" });
    for (const name of Object.values(ENTITY_PROVIDERS)) expect(providerByName(name)?.name).toBe(name);
  });

  describe.each(providers.map((p) => [p.name, p] as const))("%s", (_, p) => {
    it("has unique column names and aliases, and known default columns", () => {
      const names = p.columns.flatMap((c) => [c.name, ...(c.aliases ?? [])]).map((n) => n.toLowerCase());
      expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
      for (const name of p.defaultSelect) column(p, name);
      for (const c of p.columns) {
        if (c.type === "list" || c.type === "associate") expect(c.displaySql, c.name).toBeTruthy();
        if (c.type !== "list") expect(c.list, c.name).toBeUndefined();
      }
    });

    it("answers every column with values of its type", () => {
      for (const c of p.columns) {
        const sql = `SELECT ${c.sql} AS v, ${c.displaySql ?? c.sql} AS d FROM ${p.from} WHERE ${p.where} ORDER BY ${p.defaultOrder} LIMIT 5`;
        const result = db.prepare(sql).all({ ctx }) as { v: unknown; d: unknown }[];
        expect(result.length, c.name).toBeGreaterThan(0);
        for (const { v, d } of result) {
          if (v === null) continue;
          switch (c.type) {
            case "int":
            case "decimal":
            case "list":
            case "associate":
              expect(typeof v, `${p.name} ${c.name}`).toBe("number");
              if (c.type === "int" || c.type === "list" || c.type === "associate") expect(Number.isInteger(v), c.name).toBe(true);
              if (c.displaySql && d !== null) expect(typeof d, `${p.name} ${c.name} display`).toBe("string");
              break;
            case "bool":
              expect([0, 1], `${p.name} ${c.name}`).toContain(v);
              break;
            case "date":
            case "datetime":
              expect(isDate(v), `${p.name} ${c.name}: ${String(v)}`).toBe(true);
              break;
            case "string":
              expect(typeof v, `${p.name} ${c.name}`).toBe("string");
              break;
          }
        }
      }
    });

    // Constant columns must not be integer literals: `ORDER BY 0` means "result column 0" to SQLite.
    it("selects, filters and orders all columns in one query", () => {
      const select = p.columns.map((c, i) => `${c.sql} AS c${i}`).join(", ");
      const filter = p.columns.map((c) => `(${c.sql}) IS NULL OR (${c.sql}) IS NOT NULL`).join(" AND ");
      const order = p.columns.map((c) => c.sql).join(", ");
      const result = db.prepare(`SELECT ${select} FROM ${p.from} WHERE ${p.where} AND ${filter} ORDER BY ${order} LIMIT 3`).all({ ctx });
      expect(result).toHaveLength(3);
    });

    it("sees only the tenant's rows", () => {
      const mine = count(db, `SELECT count(*) FROM ${p.from} WHERE ${p.where}`);
      const other = db.prepare(`SELECT count(*) FROM ${p.from} WHERE ${p.where}`).pluck().get({ ctx: "Cust00000" });
      expect(mine).toBeGreaterThan(0);
      expect(other).toBe(0);
    });
  });

  it("SimpleContact: live companies, with list names, initials and composite values", () => {
    const p = provider("SimpleContact");
    const names = ["contactId", "name", "nameDepartment", "category", "number", "code", "associateId", "contactAssociate/fullName", "contactAssociate/name", "email/emailAddress", "phone/formattedNumber"];
    const result = rows(db, p, names);
    expect(result).toHaveLength(count(db, "SELECT count(*) FROM contacts WHERE context_identifier = @ctx AND deleted_date IS NULL"));
    const c = db.prepare("SELECT * FROM contacts WHERE context_identifier = @ctx AND contact_id = 2").get({ ctx }) as Record<string, any>;
    const row = result.find((r) => r.pk === 2)!;
    const category = db.prepare("SELECT name FROM list_items WHERE context_identifier = @ctx AND list_name = 'category' AND item_id = ?").pluck().get({ ctx }, c.category_id);
    const owner = db.prepare("SELECT * FROM associates WHERE context_identifier = @ctx AND associate_id = ?").get({ ctx }, c.associate_id) as Record<string, any>;
    expect(row).toMatchObject({ contactId: 2, name: c.name, category: c.category_id, "category:display": category, number: c.number2, code: c.number1 });
    expect(row.nameDepartment).toBe(c.department ? `${c.name}, ${c.department}` : c.name);
    expect(row).toMatchObject({ associateId: c.associate_id, "associateId:display": owner.name, "contactAssociate/name": owner.name });
    expect(row["contactAssociate/fullName"]).toBe(`${owner.first_name} ${owner.last_name}`);
    expect(row["email/emailAddress"]).toBe(JSON.parse(c.emails)[0].Value);
    expect(row["phone/formattedNumber"]).toBe(JSON.parse(c.phones)[0].Value);
    expect(column(p, "number").aliases).toContain("number2");
    expect(column(p, "code").aliases).toContain("number1");
  });

  it("Person: live persons of live companies, with full names and the company group", () => {
    const p = provider("Person");
    const live = "SELECT count(*) FROM persons WHERE context_identifier = @ctx AND deleted_date IS NULL";
    expect(rows(db, p, ["personId"])).toHaveLength(count(db, live));
    const person = db.prepare("SELECT * FROM persons WHERE context_identifier = @ctx AND contact_id > 1 ORDER BY person_id LIMIT 1").get({ ctx }) as Record<string, any>;
    const row = rows(db, p, ["fullName", "contactId", "personContact/name", "personContact/category", "personDirectPhone/formattedNumber", "email/emailAddress"]).find((r) => r.pk === person.person_id)!;
    const contact = db.prepare("SELECT * FROM contacts WHERE context_identifier = @ctx AND contact_id = ?").get({ ctx }, person.contact_id) as Record<string, any>;
    expect(row).toMatchObject({ fullName: `${person.firstname} ${person.lastname}`, contactId: contact.contact_id, "personContact/name": contact.name, "personContact/category": contact.category_id });
    expect(row["personDirectPhone/formattedNumber"]).toBe(JSON.parse(person.office_phones)[0].Value);
    expect(row["email/emailAddress"]).toBe(JSON.parse(person.emails)[0].Value);
  });

  it("FindAppointment: every appointment, with task names, the owner's initials and linked rows", () => {
    const p = provider("FindAppointment");
    const result = rows(db, p, ["appointmentId", "date", "time", "endDate", "type", "associateId", "contact/name", "person/fullName", "associate/fullName", "sale/heading", "saleId", "completed"]);
    expect(result).toHaveLength(count(db, "SELECT count(*) FROM appointments WHERE context_identifier = @ctx"));
    const withSale = db.prepare("SELECT * FROM appointments WHERE context_identifier = @ctx AND sale_id IS NOT NULL AND person_id IS NOT NULL LIMIT 1").get({ ctx }) as Record<string, any>;
    const row = result.find((r) => r.pk === withSale.appointment_id)!;
    const lookup = (sql: string, id: unknown) => db.prepare(sql).get({ ctx }, id) as Record<string, any>;
    const task = lookup("SELECT name FROM list_items WHERE context_identifier = @ctx AND list_name = 'task' AND item_id = ?", withSale.task_id);
    const owner = lookup("SELECT * FROM associates WHERE context_identifier = @ctx AND associate_id = ?", withSale.associate_id);
    const person = lookup("SELECT * FROM persons WHERE context_identifier = @ctx AND person_id = ?", withSale.person_id);
    const sale = lookup("SELECT heading FROM sales WHERE context_identifier = @ctx AND sale_id = ?", withSale.sale_id);
    const contact = lookup("SELECT name FROM contacts WHERE context_identifier = @ctx AND contact_id = ?", withSale.contact_id);
    expect(row).toMatchObject({
      date: withSale.start_date,
      time: withSale.start_date,
      endDate: withSale.end_date,
      type: withSale.task_id,
      "type:display": task.name,
      "associateId:display": owner.name,
      "associate/fullName": `${owner.first_name} ${owner.last_name}`,
      "contact/name": contact.name,
      "person/fullName": `${person.firstname} ${person.lastname}`,
      saleId: withSale.sale_id,
      "sale/heading": sale.heading,
      completed: withSale.completed === "Completed" ? 1 : 0,
    });
    expect(result.some((r) => r.saleId === 0 && r["sale/heading"] === null)).toBe(true);
  });

  it("FindSale: every sale, with stage, currency and weighted amounts", () => {
    const p = provider("FindSale");
    const result = rows(db, p, ["saleId", "heading", "amount", "amountWeighted", "probPercent", "saleStatus", "stage", "stageName", "currency", "contact/name", "associate/name"]);
    expect(result).toHaveLength(count(db, "SELECT count(*) FROM sales WHERE context_identifier = @ctx"));
    const sale = db.prepare("SELECT * FROM sales WHERE context_identifier = @ctx ORDER BY sale_id LIMIT 1").get({ ctx }) as Record<string, any>;
    const item = (list: string, id: unknown) =>
      db.prepare("SELECT name FROM list_items WHERE context_identifier = @ctx AND list_name = ? AND item_id = ?").pluck().get({ ctx }, list, id);
    const row = result[0]!;
    expect(row).toMatchObject({ pk: sale.sale_id, heading: sale.heading, amount: sale.amount, probPercent: sale.probability, saleStatus: sale.status });
    expect(row).toMatchObject({ stage: sale.sale_stage_id, "stage:display": item("salestage", sale.sale_stage_id), stageName: item("salestage", sale.sale_stage_id) });
    expect(row).toMatchObject({ currency: sale.currency_id, "currency:display": item("currency", sale.currency_id) });
    expect(row.amountWeighted).toBeCloseTo((sale.amount * sale.probability) / 100);
  });

  it("InternalUsers: users and resources, not the system user", () => {
    const p = provider("InternalUsers");
    const result = rows(db, p, ["associateDbId", "name", "userName", "fullName", "type", "isAdministrator"]);
    expect(result).toHaveLength(count(db, "SELECT count(*) FROM associates WHERE context_identifier = @ctx AND type <> 'SystemAssociate'"));
    expect(result.some((r) => r.type === "SystemAssociate")).toBe(false);
    const user = db.prepare("SELECT a.*, u.username FROM associates a JOIN users u ON u.user_id = a.user_id WHERE a.context_identifier = @ctx LIMIT 1").get({ ctx }) as Record<string, any>;
    expect(result.find((r) => r.pk === user.associate_id)).toMatchObject({
      associateDbId: user.associate_id,
      name: user.name,
      userName: user.username,
      fullName: `${user.first_name} ${user.last_name}`,
      isAdministrator: user.is_administrator,
    });
  });

  it("hide soft-deleted companies and their persons, and unlink them from appointments and sales", () => {
    const local = seeded();
    const contactId = Number(local.prepare("SELECT contact_id FROM sales WHERE context_identifier = @ctx AND person_id IS NOT NULL LIMIT 1").pluck().get({ ctx }));
    const before = (name: string) => rows(local, provider(name), [name === "SimpleContact" ? "contactId" : "personId"]).length;
    const [contacts, persons] = [before("SimpleContact"), before("Person")];
    const personsThere = Number(local.prepare("SELECT count(*) FROM persons WHERE context_identifier = @ctx AND contact_id = ?").pluck().get({ ctx }, contactId));
    // Only the company is marked: its persons disappear with it even before any cascade marks them.
    local.prepare("UPDATE contacts SET deleted_date = '2026-01-01T00:00:00' WHERE context_identifier = @ctx AND contact_id = ?").run({ ctx }, contactId);
    expect(before("SimpleContact")).toBe(contacts - 1);
    expect(before("Person")).toBe(persons - personsThere);
    const sales = rows(local, provider("FindSale"), ["contactId", "contact/name", "personId"], ` AND s.contact_id = ${contactId}`);
    expect(sales.length).toBeGreaterThan(0);
    for (const sale of sales) expect(sale).toMatchObject({ contactId: 0, "contact/name": null });
  });

  it("reach a value for every stored column (no join goes nowhere)", () => {
    const local = seeded();
    // The seed leaves these empty: fill them so their columns are checked too.
    for (const table of ["contacts", "persons", "appointments", "sales", "projects", "project_members", "documents"]) local.exec(`UPDATE ${table} SET updated_by = 2, updated_date = created_date`);
    local.exec("UPDATE persons SET birth_date = '1980-05-17'");
    for (const p of providers) {
      const empty = p.columns
        .filter((c) => c.sql !== "NULL" && !/deleteddate$/i.test(c.name))
        .filter((c) => local.prepare(`SELECT count(${c.sql}) FROM ${p.from} WHERE ${p.where}`).pluck().get({ ctx }) === 0)
        .map((c) => c.name);
      expect(empty, p.name).toEqual([]);
    }
    const person = rows(local, provider("Person"), ["birthdate", "birthYear", "birthMonth", "birthDay", "personUpdatedBy"])[0]!;
    expect(person).toMatchObject({ birthdate: "1980-05-17", birthYear: 1980, birthMonth: 5, birthDay: 17, personUpdatedBy: 2 });
    expect(typeof person["personUpdatedBy:display"]).toBe("string");
  });

  it("leave out the joins a query does not use", () => {
    for (const p of providers) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT ${p.primaryKey} FROM ${p.from} WHERE ${p.where}`).all({ ctx }) as { detail: string }[];
      expect(plan.some((s) => /list_items/.test(s.detail)), `${p.name}: ${plan.map((s) => s.detail).join("; ")}`).toBe(false);
    }
  });
});
