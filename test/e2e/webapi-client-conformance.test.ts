// The client runs in New York while tenant Cust12345 keeps Europe/Oslo time (as in tenant-api-client.test.ts).
process.env.TZ = "America/New_York";

import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type * as SoWebApi from "@superoffice/webapi" with { "resolution-mode": "require" };
import { connect, contactWithPerson, label, populated, principal, so, validated, useConformanceClient } from "../support/webapi-client-conformance.js";

/**
 * The official client's Agents and REST classes used as an app uses them (netserver.md §11, §12 [C] items),
 * beyond tenant-api-client.test.ts's CRUD. Every response is validated against the Swagger definition for
 * its path (arrays item by item; List/MDO/Associate agents by the carrier the client converts them to).
 */
useConformanceClient();

describe("list agents give what it takes to build valid entities (§12 item 11, §8.1 mapping)", () => {
  it("a contact built from GetCategories, GetBusinesses and GetCountries items reads back with those very carriers", async () => {
    const c = connect();
    const [categories, businesses, countries] = [await c.lists.getCategoriesAsync(), await c.lists.getBusinessesAsync(), await c.lists.getCountriesAsync()];
    for (const list of [categories, businesses, countries]) populated(list);
    const draft = await c.contacts.createDefaultContactEntityAsync();
    const country = countries.find((x) => x.countryId !== draft.country?.countryId)!;
    Object.assign(draft, { name: label("listed"), category: categories[1], business: businesses[0], country });
    const saved = await c.contacts.saveContactEntityAsync(draft);
    const read = await c.contactRest.getByIdAsync(saved.contactId!);
    populated(read);
    expect(read.category).toEqual(categories[1]);
    expect(read.business).toEqual(businesses[0]);
    expect(read.country).toEqual(country);
  });

  it("a sale built from GetCurrencies, GetAllSaleStages, GetAllSaleTypeEntities and GetSources takes their ids, names and probability", async () => {
    const c = connect();
    const { contact, person } = await contactWithPerson(c);
    const currencies = await c.lists.getCurrenciesAsync();
    const stages = await c.lists.getAllSaleStagesAsync(false);
    const types = await c.lists.getAllSaleTypeEntitiesAsync(false);
    const sources = await c.lists.getSourcesAsync();
    for (const list of [currencies, stages, types, sources]) populated(list);
    const draft = await c.sales.createDefaultSaleEntityAsync();
    Object.assign(draft, {
      heading: label("sale"), contact: { contactId: contact.contactId }, person: { personId: person.personId },
      currency: currencies.at(-1), rating: { id: stages[2]!.saleStageId }, probability: stages[2]!.probability, saleType: { id: types.at(-1)!.saleTypeId }, source: sources[0], amount: 1000,
    });
    const saved = await c.sales.saveSaleEntityAsync(draft);
    populated(saved);
    expect(saved.currency).toEqual(currencies.at(-1));
    expect([saved.rating?.id, saved.rating?.value, saved.probability]).toEqual([stages[2]!.saleStageId, stages[2]!.value, stages[2]!.probability]);
    expect([saved.saleType?.id, saved.saleType?.value]).toEqual([types.at(-1)!.saleTypeId, types.at(-1)!.name]);
    expect(saved.source).toEqual(sources[0]);
    expect(await c.saleRest.getByIdAsync(saved.saleId!)).toEqual(saved);
  });

  it("an appointment built with a GetAllTasks item and a person from GetPositions/MDO 'perspos' keep them", async () => {
    const c = connect();
    const tasks = await c.lists.getAllTasksAsync(false);
    const positions = await c.lists.getPositionsAsync();
    const mdoPositions = await c.mdo.getListAsync("perspos", true, "", false);
    populated([tasks, positions, mdoPositions]);
    expect(mdoPositions.map((p) => [p.id, p.name])).toEqual(positions.map((p) => [p.id, p.value]));
    const { contact, person } = await contactWithPerson(c);
    person.position = positions[1];
    const withPosition = await c.persons.savePersonEntityAsync(person);
    expect(withPosition.position).toEqual(positions[1]);
    const draft = await c.appointments.createDefaultAppointmentEntityAsync();
    Object.assign(draft, { description: label("task"), task: tasks[2], contact: { contactId: contact.contactId }, person: { personId: person.personId } });
    const saved = await c.appointments.saveAppointmentEntityAsync(draft);
    populated(saved);
    expect(saved.task).toEqual(tasks[2]);
    expect([saved.contact?.contactId, saved.person?.personId, saved.person?.contactId]).toEqual([contact.contactId, person.personId, contact.contactId]);
  });
});

describe("related references through the client (§10, §12 items 5-7)", () => {
  it("a sale linked to an appointment shows its summary; deleting the appointment clears the link", async () => {
    const c = connect();
    const { contact, person } = await contactWithPerson(c);
    const appointment = await c.appointments.createDefaultAppointmentEntityAsync();
    Object.assign(appointment, { description: label("linked"), contact: { contactId: contact.contactId }, person: { personId: person.personId } });
    const savedAppointment = await c.appointments.saveAppointmentEntityAsync(appointment);
    const sale = await c.sales.createDefaultSaleEntityAsync();
    Object.assign(sale, { heading: label("linked sale"), contact: { contactId: contact.contactId }, appointment: { appointmentId: savedAppointment.appointmentId } });
    const saved = await c.sales.saveSaleEntityAsync(sale);
    expect([saved.appointment?.appointmentId, saved.appointment?.description, saved.appointment?.contactId]).toEqual([savedAppointment.appointmentId, savedAppointment.description, contact.contactId]);
    expect((await c.sales.getSaleAsync(saved.saleId!))?.saleId).toBe(saved.saleId);
    await c.appointments.deleteAppointmentEntityAsync(savedAppointment.appointmentId!);
    expect((await c.saleRest.getByIdAsync(saved.saleId!)).appointment).toBeNull();
  });

  it("ContactEntity.Persons and ContactAgent.GetPersons list the persons saved on the company", async () => {
    const c = connect();
    const { contact, person } = await contactWithPerson(c);
    const persons = await c.contacts.getPersonsAsync(contact.contactId!);
    populated(persons);
    expect(persons.map((p) => p.personId)).toEqual([person.personId]);
    const entity = await c.contacts.getContactEntityAsync(contact.contactId!);
    expect(entity!.persons).toEqual(persons);
    expect(persons[0]).toMatchObject({ contactId: contact.contactId, contactName: contact.name, firstname: "Kari", fullName: `Kari ${person.lastname}` });
  });
});

describe("the other entity agents an app calls (§7, §12 item 20)", () => {
  it("Get{E}List, GetContactWithPersons, Validate, Undelete and CreateDefaultAppointmentEntityByType", async () => {
    const c = connect();
    const { contact, person } = await contactWithPerson(c);
    const contacts = await c.contacts.getContactListAsync([contact.contactId!, 987654]);
    expect(contacts.map((x) => x.contactId)).toEqual([contact.contactId]);
    expect(await c.contacts.getContactAsync(contact.contactId!)).toEqual(contacts[0]);
    expect((await c.persons.getPersonListAsync([person.personId!])).map((x) => x.personId)).toEqual([person.personId]);
    const withPersons = await c.contacts.getContactWithPersonsAsync(contact.contactId!);
    expect(withPersons.persons?.map((p) => p.personId)).toEqual([person.personId]);
    expect(await c.contacts.validateContactEntityAsync(withPersons)).toEqual({});
    const todo = await c.appointments.createDefaultAppointmentEntityByTypeAsync(so.TaskType.ToDo);
    expect([todo.appointmentId, todo.type]).toEqual([0, "inChecklist"]);
    const saved = await c.appointments.saveAppointmentEntityAsync(Object.assign(todo, { description: label("todo"), contact: { contactId: contact.contactId } }));
    expect((await c.appointments.getAppointmentListAsync([saved.appointmentId!]))[0]).toMatchObject({ appointmentId: saved.appointmentId, type: "inChecklist", contactId: contact.contactId });
    const sale = await c.sales.saveSaleEntityAsync(Object.assign(await c.sales.createDefaultSaleEntityAsync(), { heading: label("listed sale"), contact: { contactId: contact.contactId } }));
    expect((await c.sales.getSaleListAsync([sale.saleId!]))[0]).toMatchObject({ saleId: sale.saleId, title: sale.heading, contactId: contact.contactId });
    await c.contacts.deleteContactEntityAsync(contact.contactId!);
    expect(await c.persons.getPersonEntityAsync(person.personId!)).toBeNull();
    await c.contacts.undeleteAsync(contact.contactId!);
    expect((await c.persons.getPersonEntityAsync(person.personId!))?.contact?.contactId).toBe(contact.contactId);
  });
});

describe("lossless round trips of what the client writes (§1.5, §12 items 3, 5, 21)", () => {
  it("Person: every phone, e-mail, fax and URL list the client sets reads back", async () => {
    const rest = connect().personRest;
    const { contact } = await contactWithPerson();
    const draft = await rest.getDefaultAsync();
    const el = (value: string, description: string) => [{ value, description }];
    Object.assign(draft, {
      firstname: "Lists", lastname: label("phones"), contact: { contactId: contact.contactId },
      emails: el("lists@example.com", "Work"), officePhones: el("+47 22 00 00 01", "Office"), mobilePhones: el("+47 900 00 002", "Mobile"),
      privatePhones: el("+47 22 00 00 03", "Home"), otherPhones: el("+47 22 00 00 04", "Other"), faxes: el("+47 22 00 00 05", "Fax"), urls: el("https://lists.example.com", "Web"),
    });
    draft.birthDate = new Date("1990-05-13T00:00:00Z");
    const saved = await rest.postAsync(draft);
    const values = (e: SoWebApi.PersonEntity) =>
      Object.fromEntries((["emails", "officePhones", "mobilePhones", "privatePhones", "otherPhones", "faxes", "urls"] as const).map((k): [string, unknown] => [k, (e[k] ?? []).map((x) => [x.value, x.description])]).concat([["birthDate", e.birthDate?.toISOString()]]));
    expect(values(await rest.getByIdAsync(saved.personId!))).toEqual(values(draft));
  });

  it("Contact: faxes, URLs, e-mails and the street/postal address the client sets read back", async () => {
    const rest = connect().contactRest;
    const draft = await rest.getDefaultAsync();
    Object.assign(draft, { name: label("contact lists"), faxes: [{ value: "+47 22 00 00 09", description: "Fax" }], urls: [{ value: "https://c.example.com", description: "Web" }], emails: [{ value: "post@c.example.com", description: "Post" }] });
    draft.address = { ...draft.address, street: { ...draft.address?.street, address1: "Storgata 1", zipcode: "0155", city: "Oslo" }, postal: { ...draft.address?.postal, address1: "Postboks 7", zipcode: "0101", city: "Oslo" } };
    const saved = await rest.postAsync(draft);
    const read = await rest.getByIdAsync(saved.contactId!);
    expect({
      faxes: read.faxes?.map((x) => x.value), urls: read.urls?.map((x) => x.value), emails: read.emails?.map((x) => x.value),
      address: [read.address?.street?.address1, read.address?.street?.zipcode, read.address?.postal?.address1, read.address?.postal?.city],
    }).toEqual({ faxes: ["+47 22 00 00 09"], urls: ["https://c.example.com"], emails: ["post@c.example.com"], address: ["Storgata 1", "0155", "Postboks 7", "Oslo"] });
  });

  it("Appointment: Title, Agenda, InternalNotes, Location, IsAlldayEvent, Private and Completed read back", async () => {
    const rest = connect().appointmentRest;
    const draft = await rest.getDefaultAsync();
    Object.assign(draft, { description: label("texts"), title: "The title", agenda: "1. Coffee", internalNotes: "Bring cake", location: "Room 2", private: so.AppointmentPrivate.PrivateUser, completed: so.ActivityStatus.Completed });
    const saved = await rest.postAsync(draft);
    const read = await rest.getByIdAsync(saved.appointmentId!);
    expect([read.title, read.agenda, read.internalNotes, read.location, read.private, read.completed]).toEqual(["The title", "1. Coffee", "Bring cake", "Room 2", "PrivateUser", "Completed"]);
  });

  it("Appointment: an alarm lead time set as a dayjs Duration (sent as ISO 'PT15M') reads back as 15 minutes", async () => {
    const dayjs = createRequire(import.meta.url)("dayjs") as { duration(v: Record<string, number>): SoWebApi.AppointmentEntity["alarmLeadTime"] };
    const rest = connect().appointmentRest;
    const draft = await rest.getDefaultAsync();
    Object.assign(draft, { description: label("alarm"), hasAlarm: true, alarmLeadTime: dayjs.duration({ minutes: 15 }), isAlldayEvent: true });
    const read = await rest.getByIdAsync((await rest.postAsync(draft)).appointmentId!);
    expect([read.hasAlarm, read.alarmLeadTime?.asMinutes(), read.isAlldayEvent]).toEqual([true, 15, true]);
  });

  it("Sale: Status and Completed (the Done field, independent of the status) read back as the client set them", async () => {
    const rest = connect().saleRest;
    const draft = await rest.getDefaultAsync();
    Object.assign(draft, { heading: label("done"), status: so.SaleStatus.Open, completed: so.ActivityStatus.Completed, saleText: "Text", number: "S-1" });
    const saved = await rest.postAsync(draft);
    const read = await rest.getByIdAsync(saved.saleId!);
    expect([read.status, read.completed, read.saleText, read.number]).toEqual(["Open", "Completed", "Text", "S-1"]);
  });

  it("custom fields: the seed's user-defined fields fill the default's map, extra and custom fields are empty, and unknown custom fields are ignored, not an error", async () => {
    // README, "User-defined fields": the default entity carries every published field with its empty value;
    // ExtraFields/CustomFields are not seeded, and SOD ignores fields a tenant does not define, so a client
    // that sends some still saves the rest.
    const rest = connect().contactRest;
    const draft = await rest.getDefaultAsync();
    expect([draft.customFields, draft.extraFields]).toEqual([{}, {}]);
    expect(draft.userDefinedFields).toMatchObject({ "SuperOffice:1": "", "SuperOffice:7": "False" });
    draft.name = label("udf");
    draft.customFields = { "SuperOffice:1": "written by the client", "x_unknown:org": "[I:0]" };
    const saved = await rest.postAsync(draft);
    const read = await rest.getByIdAsync(saved.contactId!);
    expect(read.name).toBe(draft.name);
    expect(read.customFields).toEqual({});
  });
});

describe("default entities as SOD seeds them (§6.2-6.4 captured defaults, §12 item 13)", () => {
  it("CreateDefaultContactEntity pre-allocates Number2 and hints Name, Number2, Business, Category as UIHintMandatory", async () => {
    const draft = await connect().contacts.createDefaultContactEntityAsync();
    expect(draft.number2, "Number2 pre-allocated from the number series").toMatch(/^\d+$/);
    // The client turns the mask's names into EFieldRight flags.
    const mandatory = Object.entries(draft.fieldProperties ?? {}).filter(([, p]) => ((p?.fieldRight?.mask as number) & so.EFieldRight.UIHintMandatory) !== 0).map(([k]) => k);
    expect(mandatory.sort()).toEqual(expect.arrayContaining(["Business", "Category", "Name", "Number2"]));
  });

  it("CreateDefaultAppointmentEntity carries the non-recurring Recurrence, VisibleFor All, PublishTo far future and the owner as participant", async () => {
    const draft = await connect().appointments.createDefaultAppointmentEntityAsync();
    // An app reading draft.recurrence.isRecurrence must not crash on null (Appointment63.json has the object).
    expect(draft.recurrence?.isRecurrence).toBe(false);
    expect(draft.visibleFor?.map((v) => v.visibility)).toEqual(["All"]);
    expect(draft.publishTo?.getFullYear()).toBe(9999);
    expect(draft.participants?.map((p) => p.associateId)).toEqual([principal.AssociateId]);
  });
});

describe("the current user (§8.2, §12 item 12)", () => {
  it("AssociateAgent.GetAssociate for the principal's AssociateId is the default entities' Associate/CreatedBy", async () => {
    const c = connect();
    const me = await c.associates.getAssociateAsync(Number(principal.AssociateId));
    populated(me);
    expect(me).toMatchObject({ associateId: principal.AssociateId, personId: principal.PersonId, name: principal.Associate, fullName: principal.FullName, type: "InternalAssociate", deleted: false });
    const contact = await c.contacts.createDefaultContactEntityAsync();
    expect(contact.associate).toEqual(me);
    const sale = await c.saleRest.getDefaultAsync();
    expect(sale.associate).toEqual(me);
    const saved = await c.contacts.saveContactEntityAsync(Object.assign(contact, { name: label("mine") }));
    expect(saved.createdBy).toEqual(me);
  });

  it("ContactAgent.GetMyContact is the principal's own company as a ContactEntity (Swagger), with the user's person on it", async () => {
    const c = connect();
    const mine = await c.contacts.getMyContactAsync();
    populated(mine);
    expect(mine).toEqual(await c.contacts.getContactEntityAsync(Number(principal.ContactId)));
    expect(mine.persons?.map((p) => p.personId)).toContain(principal.PersonId);
    const myPerson = await c.persons.getPersonEntityAsync(Number(principal.PersonId));
    expect([myPerson?.contact?.contactId, myPerson?.isAssociate]).toEqual([principal.ContactId, true]);
  });
});

describe("validation coverage", () => {
  it("validated the responses of every agent family this file calls", () => {
    for (const def of ["ContactEntity", "PersonEntity", "AppointmentEntity", "SaleEntity", "ContactEntityWithLinks", "Person", "Contact", "Associate", "Category", "Country", "TaskListItem", "SaleStageEntity", "MDOListItem"]) {
      expect(validated.get(def) ?? 0, def).toBeGreaterThan(0);
    }
  });
});
