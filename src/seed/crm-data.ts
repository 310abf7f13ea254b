import { Faker, base, en, nb_NO } from "@faker-js/faker";
import { toStoreDateTime, wallTimeToUtc } from "../shared/time-zone.js";
import { derivedSeedNumber } from "./identifiers.js";
import { LIST_CATALOGUE, LIST_NAMES, homeOf } from "../store/list-catalogue.js";
import type { DataCounts } from "./seed-file.js";
import type { Row, SeedTable } from "./seed-data.js";
import { defaultDocumentCount, defaultProjectCount, generateProjectsAndDocuments } from "./project-document-data.js";

/**
 * Fake CRM data for one tenant: its associates (the seeded users first), its lists, its own company with
 * a person for every associate, and the requested numbers of contacts, persons, appointments and sales,
 * then its projects and documents (project-document-data.ts, a stream of their own).
 * Each tenant draws from its own faker stream seeded by (seed, ContextIdentifier), so tenants are
 * independent and every run produces the same rows.
 */
export interface TenantCrmInput {
  seed: number;
  referenceMs: number;
  contextIdentifier: string;
  companyName: string;
  timeZone: string;
  counts: DataCounts;
  members: { userId: number; firstName: string; lastName: string; initials: string; administrator: boolean }[];
}

const DAY = 86_400_000;

export function generateTenantCrm(input: TenantCrmInput): Partial<Record<SeedTable, Row[]>> {
  const { contextIdentifier: ctx, timeZone, counts, referenceMs } = input;
  const faker = new Faker({ locale: [nb_NO, en, base] });
  faker.seed(derivedSeedNumber(input.seed, ctx));
  const home = homeOf(timeZone);
  const pick = <T>(items: readonly T[]): T => faker.helpers.arrayElement(items);
  const ids = (list: keyof typeof LIST_CATALOGUE) => LIST_CATALOGUE[list].map((i) => i.id);
  const past = (maxDays: number) => toStoreDateTime(referenceMs - faker.number.int({ min: 1, max: maxDays }) * DAY - faker.number.int({ min: 0, max: 86_399 }) * 1000);
  const localAt = (dayOffset: number, hour: number, minute: number) => {
    const day = new Date(referenceMs + dayOffset * DAY).toISOString().slice(0, 10);
    return wallTimeToUtc(`${day}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00`, timeZone);
  };

  const listItems: Row[] = LIST_NAMES.flatMap((list) =>
    LIST_CATALOGUE[list].map((item, rank) => ({
      context_identifier: ctx,
      list_name: list,
      item_id: item.id,
      name: item.name,
      tooltip: "",
      rank,
      deleted: 0,
      attributes: JSON.stringify(item.attributes ?? {}),
    })),
  );

  // Associates: seeded users first (so their ids are small and stable), then generated colleagues.
  const associates: Row[] = [];
  const persons: Row[] = [];
  const usedNames = new Set<string>();
  const loginName = (initials: string) => {
    let name = initials.toUpperCase();
    for (let n = 2; usedNames.has(name); n++) name = `${initials.toUpperCase()}${n}`;
    usedNames.add(name);
    return name;
  };
  const colleagues = Array.from({ length: counts.associates }, () => {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    return { userId: null, firstName, lastName, initials: `${firstName[0]}${lastName[0]}`, administrator: false };
  });
  const ownerContactId = 1;
  const created = toStoreDateTime(referenceMs - 730 * DAY);
  [...input.members, ...colleagues].forEach((m, i) => {
    const associateId = i + 1;
    associates.push({
      context_identifier: ctx,
      associate_id: associateId,
      user_id: m.userId,
      name: loginName(m.initials),
      first_name: m.firstName,
      last_name: m.lastName,
      person_id: associateId,
      is_administrator: m.administrator ? 1 : 0,
      type: "InternalAssociate",
      group_id: 1,
      deleted: 0,
    });
    persons.push(personRow(associateId, ownerContactId, m.firstName, m.lastName, slug(input.companyName), created));
  });
  const associateIds = associates.map((a) => Number(a.associate_id));
  // The tenant's system user (what SOTicket credentials act as); it owns nothing generated.
  associates.push({
    context_identifier: ctx,
    associate_id: associates.length + 1,
    user_id: null,
    name: "SYSTEM",
    first_name: "System",
    last_name: "User",
    person_id: null,
    is_administrator: 1,
    type: "SystemAssociate",
    group_id: 1,
    deleted: 0,
  });

  const contacts: Row[] = [contactRow(ownerContactId, input.companyName, 1, created)];
  for (let i = 0; i < counts.contacts; i++) {
    contacts.push(contactRow(ownerContactId + 1 + i, faker.company.name(), pick(ids("category")), past(720)));
  }

  const customerIds = contacts.slice(1).map((c) => Number(c.contact_id));
  const personsByContact = new Map<number, number[]>();
  for (let i = 0; i < counts.persons && customerIds.length > 0; i++) {
    const personId = persons.length + 1;
    const contactId = i < customerIds.length ? customerIds[i]! : pick(customerIds);
    const contact = contacts[contactId - 1]!;
    const row = personRow(personId, contactId, faker.person.firstName(), faker.person.lastName(), slug(String(contact.name)), past(700));
    row.position_id = pick(ids("position"));
    row.associate_id = contact.associate_id ?? null;
    persons.push(row);
    personsByContact.set(contactId, [...(personsByContact.get(contactId) ?? []), personId]);
  }
  const personOf = (contactId: number | null) => {
    const list = contactId === null ? undefined : personsByContact.get(contactId);
    return list && faker.datatype.boolean(0.7) ? pick(list) : null;
  };

  const appointments: Row[] = [];
  for (let i = 0; i < counts.appointments; i++) {
    const dayOffset = faker.number.int({ min: -60, max: 60 });
    const start = localAt(dayOffset, faker.number.int({ min: 8, max: 16 }), pick([0, 30]));
    const minutes = pick([30, 60, 60, 90, 120]);
    const contactId = customerIds.length > 0 && faker.datatype.boolean(0.9) ? pick(customerIds) : null;
    const task = pick(LIST_CATALOGUE.task);
    appointments.push({
      context_identifier: ctx,
      appointment_id: i + 1,
      associate_id: pick(associateIds),
      contact_id: contactId,
      person_id: personOf(contactId),
      sale_id: null,
      task_id: task.id,
      type: "inDiary",
      title: contactId === null ? task.name : `${task.name}: ${contacts[contactId - 1]!.name}`,
      description: faker.lorem.sentence(),
      location: faker.datatype.boolean(0.4) ? faker.location.city() : "",
      start_date: start,
      end_date: toStoreDateTime(Date.parse(`${start}Z`) + minutes * 60_000),
      is_allday: 0,
      is_free: 0,
      private: "Public",
      completed: dayOffset < 0 && faker.datatype.boolean(0.8) ? "Completed" : "NotStarted",
      alarm_lead_seconds: 0,
      has_alarm: 0,
      created_date: toStoreDateTime(referenceMs + Math.min(dayOffset, 0) * DAY - 7 * DAY),
      created_by: pick(associateIds),
      updated_date: null,
      updated_by: null,
    });
  }

  const sales: Row[] = [];
  const unlinkedByContact = new Map<number, Row[]>();
  for (const a of appointments) {
    if (a.contact_id !== null) unlinkedByContact.set(Number(a.contact_id), [...(unlinkedByContact.get(Number(a.contact_id)) ?? []), a]);
  }
  for (let i = 0; i < counts.sales && customerIds.length > 0; i++) {
    const saleId = i + 1;
    const contactId = pick(customerIds);
    const stage = pick(LIST_CATALOGUE.salestage);
    const dayOffset = faker.number.int({ min: -120, max: 120 });
    const status = dayOffset >= 0 ? "Open" : pick(["Sold", "Sold", "Lost", "Open", "Stalled"]);
    const amount = faker.number.int({ min: 5, max: 500 }) * 1000;
    const candidates = unlinkedByContact.get(contactId);
    const appointment = candidates && candidates.length > 0 && faker.datatype.boolean(0.3) ? candidates.shift()! : null;
    if (appointment) appointment.sale_id = saleId;
    sales.push({
      context_identifier: ctx,
      sale_id: saleId,
      associate_id: pick(associateIds),
      contact_id: contactId,
      person_id: personOf(contactId),
      appointment_id: appointment ? (appointment.appointment_id ?? null) : null,
      heading: faker.commerce.productName(),
      sale_text: faker.lorem.sentence(),
      number: String(20000 + saleId),
      amount,
      earning: Math.round(amount * 0.3),
      currency_id: faker.datatype.boolean(0.8) ? home.currencyId : pick(ids("currency")),
      sale_type_id: pick(ids("saletype")),
      sale_stage_id: stage.id,
      source_id: pick(ids("source")),
      probability: status === "Sold" ? 100 : status === "Lost" ? 0 : Number(stage.attributes!.Probability),
      status,
      saledate: localAt(dayOffset, 0, 0),
      created_date: past(365),
      created_by: pick(associateIds),
      updated_date: null,
      updated_by: null,
    });
  }

  const linked = generateProjectsAndDocuments({
    seed: input.seed,
    referenceMs,
    contextIdentifier: ctx,
    timeZone,
    projects: counts.projects ?? defaultProjectCount(counts.contacts),
    documents: counts.documents ?? defaultDocumentCount(counts.contacts),
    associateIds,
    contacts,
    persons,
    appointments,
    sales,
  });

  const sequences: Row[] = [
    ["associate", associates.length],
    ["contact", contacts.length],
    ["person", persons.length],
    ["appointment", appointments.length],
    ["sale", sales.length],
    ["project", linked.projects.length],
    ["projectmember", linked.project_members.length],
    ["document", linked.documents.length],
  ].map(([entity, last]) => ({ context_identifier: ctx, entity: entity as string, next_id: (last as number) + 1 }));

  return { associates, list_items: listItems, id_sequences: sequences, contacts, persons, appointments, sales, ...linked };

  function contactRow(contactId: number, name: string, categoryId: number, createdDate: string): Row {
    const domain = slug(name);
    const foreign = contactId !== ownerContactId && faker.datatype.boolean(0.15);
    const countryId = foreign ? pick(ids("country")) : home.countryId;
    const dial = String(LIST_CATALOGUE.country.find((c) => c.id === countryId)!.attributes!.DialInPrefix);
    return {
      context_identifier: ctx,
      contact_id: contactId,
      name,
      department: contactId !== ownerContactId && faker.datatype.boolean(0.2) ? faker.commerce.department() : "",
      org_nr: faker.string.numeric(9),
      number1: "",
      number2: String(10000 + contactId),
      category_id: categoryId,
      business_id: pick(ids("business")),
      country_id: countryId,
      associate_id: contactId === ownerContactId ? 1 : pick(associateIds),
      description: contactId === ownerContactId ? "The tenant's own company" : faker.company.catchPhrase(),
      street_address1: faker.location.streetAddress(),
      street_zipcode: faker.location.zipCode(),
      street_city: faker.location.city(),
      postal_address1: faker.datatype.boolean(0.3) ? `Postboks ${faker.number.int({ min: 1, max: 9999 })}` : "",
      postal_zipcode: faker.location.zipCode(),
      postal_city: faker.location.city(),
      phones: JSON.stringify([{ Value: `+${dial} ${faker.string.numeric(8)}`, Description: "" }]),
      emails: JSON.stringify([{ Value: `post@${domain}`, Description: "" }]),
      urls: JSON.stringify([{ Value: `https://www.${domain}`, Description: "" }]),
      no_mailing: 0,
      created_date: createdDate,
      created_by: 1,
      updated_date: null,
      updated_by: null,
      deleted_date: null,
    };
  }

  function personRow(personId: number, contactId: number, firstname: string, lastname: string, domain: string, createdDate: string): Row {
    return {
      context_identifier: ctx,
      person_id: personId,
      contact_id: contactId,
      firstname,
      middle_name: "",
      lastname,
      mrmrs: "",
      title: "",
      position_id: null,
      country_id: home.countryId,
      associate_id: null,
      birth_date: null,
      person_number: String(1000 + personId),
      description: "",
      emails: JSON.stringify([{ Value: `${ascii(firstname)}.${ascii(lastname)}@${domain}`, Description: "" }]),
      office_phones: JSON.stringify([{ Value: faker.phone.number({ style: "international" }), Description: "" }]),
      mobile_phones: JSON.stringify([]),
      retired: 0,
      no_mailing: 0,
      rank: 0,
      created_date: createdDate,
      created_by: 1,
      updated_date: null,
      updated_by: null,
      deleted_date: null,
    };
  }
}

function ascii(s: string): string {
  return s
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/å/g, "a")
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "");
}

function slug(companyName: string): string {
  const words = companyName.split(/[\s,&-]+/).map(ascii).filter((w) => w && !["as", "asa", "ab", "ltd", "og", "and", "sa", "da", "ans"].includes(w));
  return `${(words.slice(0, 2).join("") || "company").slice(0, 30)}.example`;
}
