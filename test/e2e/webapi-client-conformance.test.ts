// The client runs in New York while tenant Cust12345 keeps Europe/Oslo time (as in tenant-api-client.test.ts).
process.env.TZ = "America/New_York";

import { createSign } from "node:crypto";
import { createRequire } from "node:module";
import { decodeJwt } from "jose";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type * as SoWebApi from "@superoffice/webapi" with { "resolution-mode": "require" };
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { swaggerOperation, validateBody } from "../support/openapi.js";
import { signIn } from "../support/sign-in.js";

/**
 * The official client's Agents and REST classes used as an app uses them (netserver.md §11, §12 [C] items),
 * beyond tenant-api-client.test.ts's CRUD. Every response is validated against the Swagger definition for
 * its path (arrays item by item; List/MDO/Associate agents by the carrier the client converts them to).
 */
const so = createRequire(import.meta.url)("@superoffice/webapi") as typeof SoWebApi;
const TENANT = "Cust12345";
const SO = "http://schemes.superoffice.net/identity/";

let emulator: StartedEmulator;
let token: string;
let apiUrl: string;
let principal: Record<string, unknown>;
beforeAll(async () => {
  emulator = await startEmulator();
  token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
  apiUrl = `${emulator.url}/${TENANT}/api/`;
  principal = (await raw("GET", "v1/User/currentPrincipal")).body!;
});
afterAll(() => emulator?.stop());

// ---------------------------------------------------------------------------------------------------------
// Validation of every response the client sees against the Swagger files (test/fixtures/superoffice-openapi.json).

const refName = (ref: string | undefined) => ref?.replace("#/definitions/", "");

/** Agents without a Swagger file here: the carrier the official client converts each answer to. */
const CARRIER_OF: Record<string, string> = {
  "list/getcategories": "[Category", "list/getcategory": "Category", "list/getbusinesses": "[Business", "list/getcountries": "[Country",
  "list/getcurrencies": "[Currency", "list/getalltasks": "[TaskListItem", "list/getallsalestages": "[SaleStageEntity",
  "list/getallsaletypeentities": "[SaleTypeEntity", "list/getsources": "[Source", "list/getpositions": "[Position", "list/getratings": "[Rating",
  "mdo/getlist": "[MDOListItem", "associate/getassociate": "Associate",
};

/** The definition (and whether the answer is an array of it) for a response, or undefined when there is none to check. */
function definitionFor(method: string, pathname: string): { def: string; array: boolean } | null | undefined {
  const m = /\/api\/v1\/(Agents\/)?(\w+)(?:\/(.*))?$/i.exec(pathname);
  if (!m) return undefined;
  const [, agent, area, rest = ""] = m;
  const entity = ["Contact", "Person", "Appointment", "Sale"].find((e) => e.toLowerCase() === area!.toLowerCase());
  if (!entity) {
    const known = CARRIER_OF[`${area}/${rest}`.toLowerCase()];
    return known ? { def: known.replace("[", ""), array: known.startsWith("[") } : undefined;
  }
  const file = agent ? `Swagger-v1-${entity}Agent.json` : `Swagger-v1-${entity}.json`;
  const path = agent ? `/api/v1/Agents/${entity}/${rest}` : rest === "" ? `/api/v1/${entity}` : /^\d+$/.test(rest) ? `/api/v1/${entity}/{id}` : `/api/v1/${entity}/${rest}`;
  const op = swaggerOperation(file, method === "patch" ? "put" : method, path);
  if (!op) return undefined;
  const schema = op.responses["200"];
  if (!schema) return null; // void: 204
  if (schema.$ref) return { def: refName(schema.$ref)!, array: false };
  if (schema.type === "array" && schema.items?.$ref) return { def: refName(schema.items.$ref)!, array: true };
  return undefined;
}

const invalid: string[] = [];
const validated = new Map<string, number>();

function check(method: string, url: string, status: number, data: unknown): string | undefined {
  const pathname = new URL(url).pathname;
  if (status >= 500) return `${method} ${pathname}: ${status} ${JSON.stringify(data)}`;
  const op = definitionFor(method.toLowerCase(), pathname);
  if (op === undefined) return undefined;
  if (status >= 400) {
    const body = data as Record<string, unknown> | null;
    return body?.Error === true && typeof body.ErrorType === "string" ? undefined : `${method} ${pathname}: ${status} without the SuperOffice error body`;
  }
  if (status === 204 || status === 304 || data === null || data === "") return undefined;
  if (op === null || method.toLowerCase() === "delete") return `${method} ${pathname}: expected 204, got ${status}`;
  if (op.array !== Array.isArray(data)) return `${method} ${pathname}: expected ${op.array ? "an array" : "an object"} of ${op.def}`;
  const errors = (op.array ? (data as unknown[]) : [data]).flatMap((item) => validateBody(op.def, item));
  const short = op.def.slice(op.def.lastIndexOf(".") + 1);
  validated.set(short, (validated.get(short) ?? 0) + 1);
  return errors.length ? `${method} ${pathname}: not a valid ${op.def}:\n  ${[...new Set(errors)].slice(0, 15).join("\n  ")}` : undefined;
}

interface Seen { status: number; data: unknown; config: { method?: string; url?: string; baseURL?: string } }
function watch<T extends object>(api: T): T {
  const axios = (api as unknown as { _axios: { interceptors: { response: { use(a: (r: Seen) => Seen, b: (e: unknown) => unknown): void } } } })._axios;
  const seen = (r: Seen) => {
    const problem = check(r.config.method ?? "get", new URL(r.config.url ?? "", r.config.baseURL).href, r.status, r.data);
    if (problem) throw new Error((invalid.push(problem), problem));
  };
  axios.interceptors.response.use((r) => (seen(r), r), (err) => {
    const r = (err as { response?: Seen }).response;
    if (r) seen(r);
    return Promise.reject(err);
  });
  return api;
}
afterEach(() => {
  expect(invalid.splice(0), "responses that do not validate against the Swagger files").toEqual([]);
});

async function raw(method: string, path: string, headers: Record<string, string> = {}) {
  const res = await request(`${apiUrl}${path}`, { method: method as "GET", headers: { authorization: `Bearer ${token}`, accept: "application/json", ...headers } });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

// ---------------------------------------------------------------------------------------------------------
// The client, as an app sets it up: one WebApi, all agents made at once (auth lives in shared options).

type Options = { timezone?: string; timezoneInclude?: boolean; languageCode?: string; cultureCode?: string; resourceParsing?: SoWebApi.ResourceParsing; ticket?: { ticket: string; appToken: string } };
function connect(options: Options = {}) {
  const { ticket, ...rest } = options;
  const webapi = new so.WebApi({ baseUrl: apiUrl, ...rest });
  if (ticket) {
    webapi.authenticateWithTicket(ticket.ticket);
    webapi.applicationToken(ticket.appToken);
  } else webapi.authenticateWithToken(token);
  return {
    contactRest: watch(webapi.getContactRestApi()), personRest: watch(webapi.getPersonRestApi()),
    appointmentRest: watch(webapi.getAppointmentRestApi()), saleRest: watch(webapi.getSaleRestApi()),
    contacts: watch(webapi.getContactAgent()), persons: watch(webapi.getPersonAgent()),
    appointments: watch(webapi.getAppointmentAgent()), sales: watch(webapi.getSaleAgent()),
    lists: watch(webapi.getListAgent()), mdo: watch(webapi.getMDOAgent()), associates: watch(webapi.getAssociateAgent()), archive: watch(webapi.getArchiveAgent()),
  };
}

/** Members the client left undefined: a key missing from the JSON, or an enum name the client does not know. */
function undefinedMembers(value: unknown, path = ""): string[] {
  if (value === null || typeof value !== "object" || value instanceof Date) return [];
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return []; // dayjs durations
  return Object.entries(value).flatMap(([k, v]) => (v === undefined ? [`${path}.${k}`] : undefinedMembers(v, `${path}.${k}`)));
}
const populated = (value: unknown) => expect(undefinedMembers(value), "members the client could not fill").toEqual([]);

async function status(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (err) {
    const r = (err as { response?: { status: number } }).response;
    if (r) return r.status;
    throw err;
  }
  return 200;
}

let n = 0;
const label = (what: string) => `Conformance ${what} ${process.pid}-${++n}`;

/** A contact with one person, made through the client's agents. */
async function contactWithPerson(c = connect()) {
  const contact = await c.contacts.createDefaultContactEntityAsync();
  contact.name = label("company");
  const savedContact = await c.contacts.saveContactEntityAsync(contact);
  const person = await c.persons.createDefaultPersonEntityAsync();
  person.firstname = "Kari";
  person.lastname = label("person");
  person.contact = { contactId: savedContact.contactId };
  const savedPerson = await c.persons.savePersonEntityAsync(person);
  return { contact: savedContact, person: savedPerson };
}

// ---------------------------------------------------------------------------------------------------------

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
      Object.fromEntries((["emails", "officePhones", "mobilePhones", "privatePhones", "otherPhones", "faxes", "urls"] as const).map((k) => [k, (e[k] ?? []).map((x) => [x.value, x.description])]).concat([["birthDate", e.birthDate?.toISOString()]]));
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

  it("custom fields: the seed defines none, so the maps are empty and values sent for unknown fields are ignored, not an error", async () => {
    // Issue #4 and README: UserDefinedFields/ExtraFields/CustomFields are empty maps when not seeded; SOD
    // ignores fields a tenant does not define, so a client that sends some still saves the rest.
    const rest = connect().contactRest;
    const draft = await rest.getDefaultAsync();
    expect([draft.customFields, draft.userDefinedFields, draft.extraFields]).toEqual([{}, {}, {}]);
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

describe("agent not-found conventions (§7: 200 with null)", () => {
  it("every Get agent the client uses resolves null for a missing id", async () => {
    const c = connect();
    const missing = 987654;
    const results = {
      contactEntity: await c.contacts.getContactEntityAsync(missing), contact: await c.contacts.getContactAsync(missing),
      personEntity: await c.persons.getPersonEntityAsync(missing), person: await c.persons.getPersonAsync(missing),
      appointmentEntity: await c.appointments.getAppointmentEntityAsync(missing), appointment: await c.appointments.getAppointmentAsync(missing),
      saleEntity: await c.sales.getSaleEntityAsync(missing), sale: await c.sales.getSaleAsync(missing),
      associate: await c.associates.getAssociateAsync(missing), category: await c.lists.getCategoryAsync(missing),
      mdoItem: await c.mdo.getListItemAsync("category", missing),
    };
    expect(results).toEqual(Object.fromEntries(Object.keys(results).map((k) => [k, null])));
  });
});

describe("the system user's ticket through authenticateWithTicket (§2, §12 item 2)", () => {
  async function systemTicket() {
    const app = emulator.apps.find((a) => a.kind === "server-to-server")!;
    const idToken = (await signIn(emulator, "ada.admin@example.com", TENANT, "server-to-server")).id_token;
    const systemToken = String(decodeJwt(idToken)[`${SO}system_token`]);
    const d = new Date(emulator.emulator.context.clock.now());
    const stamp = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()].map((x, i) => String(x).padStart(i ? 2 : 4, "0")).join("");
    const key = emulator.emulator.context.store.apps.privateKeyPem(app.clientId)!;
    const signed = `${systemToken}.${stamp}.${createSign("SHA256").update(`${systemToken}.${stamp}`).sign(key, "base64")}`;
    const res = await request(`${emulator.url}/Login/api/PartnerSystemUser/Authenticate`, {
      method: "POST", headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ SignedSystemToken: signed, ApplicationToken: app.clientSecret, ContextIdentifier: TENANT, ReturnTokenType: "JWT" }),
    });
    const reply = (await res.body.json()) as { IsSuccessful: boolean; Token: string };
    expect(reply.IsSuccessful).toBe(true);
    return { ticket: String(decodeJwt(reply.Token)[`${SO}ticket`]), appToken: app.clientSecret! };
  }

  it("creates, reads, updates and deletes through Agents and REST; the system associate is CreatedBy", async () => {
    const c = connect({ ticket: await systemTicket() });
    const draft = await c.contacts.createDefaultContactEntityAsync();
    draft.name = label("system user");
    const saved = await c.contacts.saveContactEntityAsync(draft);
    populated(saved);
    expect(saved.createdBy?.type).toBe("SystemAssociate");
    const read = await c.contactRest.getByIdAsync(saved.contactId!);
    read.department = "Changed by the system user";
    expect((await c.contactRest.putByIdAsync(saved.contactId!, read)).department).toBe("Changed by the system user");
    expect((await c.associates.getAssociateAsync(saved.createdBy!.associateId!))?.associateId).toBe(saved.createdBy!.associateId);
    await c.contacts.deleteContactEntityAsync(saved.contactId!);
    expect(await c.contacts.getContactEntityAsync(saved.contactId!)).toBeNull();
  });
});

describe("time zone options timezone / timezoneInclude (§1.4, §11, §12 item 22)", () => {
  const start = new Date("2026-05-04T08:15:00Z");
  const end = new Date("2026-05-04T09:45:00Z");
  async function appointmentAt() {
    const rest = connect({ timezone: "UTC", timezoneInclude: true }).appointmentRest;
    const draft = await rest.getDefaultAsync();
    Object.assign(draft, { description: label("tz"), startDate: start, endDate: end });
    return (await rest.postAsync(draft)).appointmentId!;
  }

  it("timezone 'UTC' + timezoneInclude: the client reads the same instants; the wire shows Z; a PUT moves nothing", async () => {
    const id = await appointmentAt();
    const rest = connect({ timezone: "UTC", timezoneInclude: true }).appointmentRest;
    const read = await rest.getByIdAsync(id);
    expect([read.startDate?.getTime(), read.endDate?.getTime()]).toEqual([start.getTime(), end.getTime()]);
    expect((await raw("GET", `v1/Appointment/${id}`, { "SO-TimeZone": "UTC,includeTZOffset" })).body!.StartDate).toBe("2026-05-04T08:15:00Z");
    await rest.putByIdAsync(id, read);
    expect((await raw("GET", `v1/Appointment/${id}`)).body!.StartDate).toBe("2026-05-04T10:15:00");
  });

  it("timezone 'US-NY' without offsets: wall times in the client's own zone, so its Dates are right and a PUT round-trips", async () => {
    const id = await appointmentAt();
    const rest = connect({ timezone: "US-NY" }).appointmentRest;
    expect((await raw("GET", `v1/Appointment/${id}`, { "SO-TimeZone": "US-NY" })).body!.StartDate).toBe("2026-05-04T04:15:00");
    const read = await rest.getByIdAsync(id);
    expect(read.startDate?.getTime()).toBe(start.getTime());
    const saved = await rest.putByIdAsync(id, read);
    expect([saved.startDate?.getTime(), saved.endDate?.getTime()]).toEqual([start.getTime(), end.getTime()]);
  });

  it("per-request options override the connection's: getByIdAsync(id, {timezone, timezoneInclude}) and on agents", async () => {
    const id = await appointmentAt();
    const c = connect();
    const read = await c.appointmentRest.getByIdAsync(id, { timezone: "UTC", timezoneInclude: true });
    expect(read.startDate?.getTime()).toBe(start.getTime());
    const viaAgent = await c.appointments.getAppointmentEntityAsync(id, { timezone: "UTC", timezoneInclude: true });
    expect(viaAgent?.endDate?.getTime()).toBe(end.getTime());
    const summary = await c.appointments.getAppointmentAsync(id, { timezoneInclude: true });
    expect(summary?.startDate?.getTime()).toBe(start.getTime());
  });
});

describe("language options (§1.4, §11: SO-Language, Accept-Language, SO-Culture, DoNotParse)", () => {
  it("languageCode/cultureCode and ResourceParsing.DoNotParse leave calls working and values unchanged", async () => {
    const plain = connect();
    const expected = await plain.lists.getCategoriesAsync();
    const { contact } = await contactWithPerson(plain);
    for (const options of [{ languageCode: "en", cultureCode: "en" }, { languageCode: "no" }, { resourceParsing: so.ResourceParsing.DoNotParse }]) {
      const c = connect(options);
      expect(await c.lists.getCategoriesAsync(), JSON.stringify(options)).toEqual(expected);
      expect((await c.contactRest.getByIdAsync(contact.contactId!)).name).toBe(contact.name);
      expect((await plain.lists.getCategoriesAsync({ languageCode: "" }))).toEqual(expected);
    }
  });
});

describe("conditional options (§11 table, §12 item 10)", () => {
  async function fresh() {
    const c = connect();
    const draft = await c.contactRest.getDefaultAsync();
    draft.name = label("conditional");
    const id = (await c.contactRest.postAsync(draft)).contactId!;
    let lastModified = "";
    await c.contactRest.getByIdAsync(id, { responseCallback: (r) => void (lastModified = String(r.headers["last-modified"])) });
    return { c, id, since: new Date(lastModified) };
  }

  it("getByIdAsync: a stale ifUnmodifiedSince rejects with 412, a current one resolves the entity", async () => {
    const { id, since } = await fresh();
    expect(await status(connect().contactRest.getByIdAsync(id, { ifUnmodifiedSince: new Date(since.getTime() - 60_000) }))).toBe(412);
    expect((await connect().contactRest.getByIdAsync(id, { ifUnmodifiedSince: new Date(since.getTime() + 60_000) })).contactId).toBe(id);
  });

  it("patchByIdAsync and deleteByIdAsync with a stale ifUnmodifiedSince reject with 412 and change nothing", async () => {
    const { id, since } = await fresh();
    const stale = new Date(since.getTime() - 60_000);
    const before = (await raw("GET", `v1/Contact/${id}`)).body;
    expect(await status(connect().contactRest.patchByIdAsync(id, { department: "Not written" }, { ifUnmodifiedSince: stale }))).toBe(412);
    expect(await status(connect().contactRest.deleteByIdAsync(id, { ifUnmodifiedSince: stale }))).toBe(412);
    expect((await raw("GET", `v1/Contact/${id}`)).body).toEqual(before);
  });

  it("after a later update, ifModifiedSince the old Last-Modified resolves the new entity; Last-Modified is its UpdatedDate", async () => {
    const { c, id, since } = await fresh();
    emulator.emulator.context.clock.advance(5_000);
    const patched = await c.contactRest.patchByIdAsync(id, { department: "Later" });
    const read = await connect().contactRest.getByIdAsync(id, { ifModifiedSince: since });
    expect(read?.department).toBe("Later");
    let lastModified = "";
    const tz = await connect({ timezoneInclude: true }).contactRest.getByIdAsync(id, { responseCallback: (r) => void (lastModified = String(r.headers["last-modified"])) });
    expect(Date.parse(lastModified)).toBe(Math.floor(tz.updatedDate!.getTime() / 1000) * 1000);
    expect(await connect().contactRest.getByIdAsync(id, { ifModifiedSince: new Date(lastModified) })).toBeNull();
    expect(patched.department).toBe("Later");
  });
});

describe("ArchiveAgent: provider names, available columns, searches for what the client saved (§5.6, §12 item 17)", () => {
  it("GetProviderNames and GetAvailableColumns describe the providers; every listed column can be selected", async () => {
    const c = connect();
    const names = await c.archive.getProviderNamesAsync();
    expect(names).toEqual(expect.arrayContaining(["SimpleContact", "Person", "FindAppointment", "FindSale", "InternalUsers"]));
    for (const provider of ["SimpleContact", "Person", "FindAppointment", "FindSale"]) {
      const columns = await c.archive.getAvailableColumnsAsync(provider, "");
      populated(columns);
      const visible = columns.filter((col) => col.isVisible).map((col) => col.name!);
      expect(visible.length, provider).toBeGreaterThan(3);
      const rows = await c.archive.getArchiveListByColumnsAsync(provider, visible, [], [], [], 0, 2);
      populated(rows);
      for (const row of rows) expect(Object.keys(row.columnData!).sort(), provider).toEqual([...visible].sort());
    }
  });

  it("FindSale and Person find the sale and person just saved through the agents, with encoded values", async () => {
    const c = connect();
    const { contact, person } = await contactWithPerson(c);
    const sale = await c.sales.createDefaultSaleEntityAsync();
    Object.assign(sale, { heading: label("findable"), contact: { contactId: contact.contactId }, person: { personId: person.personId }, amount: 4321 });
    const saved = await c.sales.saveSaleEntityAsync(sale);
    const rows = await c.archive.getArchiveListByColumnsAsync("FindSale", ["saleId", "heading", "amount", "contactId"], [], [{ name: "heading", operator: "=", values: [saved.heading!], isActive: true }], ["sale"], 0, 10);
    expect(rows.map((r) => r.primaryKey)).toEqual([saved.saleId]);
    expect(rows[0]!.columnData!.heading!.displayValue).toBe(saved.heading);
    expect(rows[0]!.columnData!.contactId!.displayValue).toBe(`[I:${contact.contactId}]`);
    const people = await c.archive.getArchiveListByColumnsAsync("Person", ["personId", "lastname"], [], [{ name: "contactId", operator: "=", values: [`[I:${contact.contactId}]`], isActive: true }], ["person"], 0, 10);
    expect(people.map((r) => [r.primaryKey, r.columnData!.lastname!.displayValue])).toEqual([[person.personId, person.lastname]]);
  });
});

describe("validation coverage", () => {
  it("validated the responses of every agent family this file calls", () => {
    for (const def of ["ContactEntity", "PersonEntity", "AppointmentEntity", "SaleEntity", "ContactEntityWithLinks", "Person", "Contact", "Associate", "Category", "Country", "TaskListItem", "SaleStageEntity", "MDOListItem"]) {
      expect(validated.get(def) ?? 0, def).toBeGreaterThan(0);
    }
  });
});
