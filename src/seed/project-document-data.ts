import { Faker, base, en, nb_NO } from "@faker-js/faker";
import { toStoreDateTime, wallTimeToUtc } from "../shared/time-zone.js";
import { derivedSeedNumber } from "./identifiers.js";
import { LIST_CATALOGUE } from "../store/list-catalogue.js";
import type { Row } from "./seed-data.js";

/**
 * A tenant's projects, project members and documents, linked as SOD links them: members are persons
 * (with their company) on a project; a document belongs to a contact (often one of its persons), a
 * project or a sale; some appointments and sales belong to a project. They draw from a faker stream of
 * their own, seeded by (seed, ContextIdentifier, "projects"), so the contacts, persons, appointments and
 * sales generated before them stay exactly as they were; appointments and sales only gain `project_id`.
 */
export interface ProjectDocumentInput {
  seed: number;
  referenceMs: number;
  contextIdentifier: string;
  timeZone: string;
  projects: number;
  documents: number;
  associateIds: readonly number[];
  contacts: readonly Row[];
  persons: readonly Row[];
  appointments: Row[];
  sales: Row[];
}

const DAY = 86_400_000;

/** Seed files from before projects and documents existed: amounts in proportion to the contacts. */
export function defaultProjectCount(contacts: number): number {
  return Math.ceil(contacts / 10);
}
export function defaultDocumentCount(contacts: number): number {
  return Math.ceil((contacts * 2) / 3);
}

export function generateProjectsAndDocuments(input: ProjectDocumentInput): { projects: Row[]; project_members: Row[]; documents: Row[]; document_content: Row[] } {
  const { contextIdentifier: ctx, referenceMs, timeZone } = input;
  const faker = new Faker({ locale: [nb_NO, en, base] });
  faker.seed(derivedSeedNumber(input.seed, ctx, "projects"));
  const pick = <T>(items: readonly T[]): T => faker.helpers.arrayElement(items);
  const past = (maxDays: number) => toStoreDateTime(referenceMs - faker.number.int({ min: 1, max: maxDays }) * DAY - faker.number.int({ min: 0, max: 86_399 }) * 1000);
  const localDay = (dayOffset: number) => wallTimeToUtc(`${new Date(referenceMs + dayOffset * DAY).toISOString().slice(0, 10)}T00:00:00`, timeZone);
  const customerPersons = input.persons.filter((p) => Number(p.contact_id) !== 1);
  const personsOf = new Map<number, Row[]>();
  for (const p of customerPersons) personsOf.set(Number(p.contact_id), [...(personsOf.get(Number(p.contact_id)) ?? []), p]);
  const customers = input.contacts.filter((c) => Number(c.contact_id) !== 1);

  const projects: Row[] = [];
  const members: Row[] = [];
  const projectCount = input.associateIds.length > 0 ? input.projects : 0;
  for (let i = 0; i < projectCount; i++) {
    const projectId = i + 1;
    const status = pick(LIST_CATALOGUE.projectstatus);
    const created = past(540);
    projects.push({
      context_identifier: ctx,
      project_id: projectId,
      associate_id: pick(input.associateIds),
      name: `${faker.commerce.productAdjective()} ${faker.commerce.product()} ${pick(["rollout", "pilot", "upgrade", "launch", "audit"])}`,
      project_number: String(10000 + projectId),
      description: faker.lorem.sentence(),
      postit: faker.datatype.boolean(0.3) ? faker.lorem.sentence() : "",
      type_id: pick(LIST_CATALOGUE.projecttype).id,
      status_id: status.id,
      urls: "[]",
      done: status.name === "Finished" ? 1 : 0,
      end_date: localDay(faker.number.int({ min: -90, max: 180 })),
      created_date: created,
      created_by: pick(input.associateIds),
      updated_date: null,
      updated_by: null,
    });
    // Members: persons of customer companies, each at most once per project.
    const chosen = customerPersons.length > 0 ? faker.helpers.arrayElements(customerPersons, { min: 1, max: Math.min(5, customerPersons.length) }) : [];
    for (const person of chosen) {
      members.push({
        context_identifier: ctx,
        projectmember_id: members.length + 1,
        project_id: projectId,
        contact_id: person.contact_id ?? null,
        person_id: person.person_id ?? null,
        member_type_id: pick(LIST_CATALOGUE.projectmembertype).id,
        comment: faker.datatype.boolean(0.3) ? faker.lorem.words(4) : "",
        created_date: created,
        created_by: pick(input.associateIds),
        updated_date: null,
        updated_by: null,
      });
    }
  }

  // About one appointment and sale in seven belongs to a project.
  for (const rows of [input.appointments, input.sales]) {
    for (const row of rows) row.project_id = projects.length > 0 && faker.datatype.boolean(0.15) ? Number(pick(projects).project_id) : null;
  }

  const documents: Row[] = [];
  const content: Row[] = [];
  const documentCount = input.associateIds.length > 0 && customers.length > 0 ? input.documents : 0;
  for (let i = 0; i < documentCount; i++) {
    const documentId = i + 1;
    const template = pick(LIST_CATALOGUE.doctmpl);
    const on = pick(["contact", "contact", "person", "project", "sale"] as const);
    let contactId: number | null = null;
    let personId: number | null = null;
    let projectId: number | null = null;
    let saleId: number | null = null;
    if (on === "project" && projects.length > 0) {
      projectId = Number(pick(projects).project_id);
    } else if (on === "sale" && input.sales.length > 0) {
      const sale = pick(input.sales);
      saleId = Number(sale.sale_id);
      contactId = (sale.contact_id as number | null) ?? null;
      personId = (sale.person_id as number | null) ?? null;
      projectId = (sale.project_id as number | null) ?? null;
    } else {
      const contact = pick(customers);
      contactId = Number(contact.contact_id);
      const persons = personsOf.get(contactId);
      if (persons && (on === "person" || faker.datatype.boolean(0.3))) personId = Number(pick(persons).person_id);
    }
    const dayOffset = faker.number.int({ min: -365, max: 0 });
    const header = `${template.name}: ${faker.commerce.productName()}`;
    const extension = String(template.attributes?.Extension ?? "");
    documents.push({
      context_identifier: ctx,
      document_id: documentId,
      associate_id: pick(input.associateIds),
      contact_id: contactId,
      person_id: personId,
      project_id: projectId,
      sale_id: saleId,
      template_id: template.id,
      header,
      name: `${header.replace(/[^\p{L}\p{N}]+/gu, "_").slice(0, 40)}_${documentId}${extension}`,
      our_ref: "",
      your_ref: faker.datatype.boolean(0.2) ? faker.string.alphanumeric(8).toUpperCase() : "",
      attention: "",
      description: faker.lorem.sentence(),
      external_ref: "",
      document_date: localDay(dayOffset),
      completed: dayOffset < -7 ? "Completed" : "NotStarted",
      created_date: toStoreDateTime(referenceMs + dayOffset * DAY),
      created_by: pick(input.associateIds),
      updated_date: null,
      updated_by: null,
    });
    // Text templates come with a short body; the others are documents whose file was never uploaded.
    if (template.attributes?.MimeType === "text/plain") {
      content.push({ context_identifier: ctx, document_id: documentId, content_type: "text/plain", content: `${header}\n\n${faker.lorem.paragraphs(2)}\n` });
    }
  }

  return { projects, project_members: members, documents, document_content: content };
}
