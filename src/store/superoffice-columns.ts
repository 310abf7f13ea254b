import type { CrmEntity } from "./change-feed.js";

/**
 * The emulator's CRM columns by the names SuperOffice's database gives them (SuperOffice's database
 * reference: tables contact, person, appointment, sale), for the change feed's `changes` and a webhook's
 * `Changes`. `null` marks what SuperOffice keeps in a child table (phone, email, url, address, udef...):
 * webhooks report only changes of the entity's own root table (webhooks.md §6), so those never appear.
 * Bookkeeping columns of the emulator's own (context_identifier, deleted_with_contact) are left out too.
 */
type ColumnMap = Readonly<Record<string, string | null>>;

const BOOKKEEPING = { context_identifier: null, deleted_with_contact: null } as const;

const CONTACT: ColumnMap = {
  ...BOOKKEEPING,
  contact_id: "contact_id",
  name: "name",
  department: "department",
  org_nr: "orgnr",
  number1: "number1",
  number2: "number2",
  category_id: "category_idx",
  business_id: "business_idx",
  country_id: "country_id",
  associate_id: "associate_id",
  description: "text_id",
  no_mailing: "nomailing",
  created_date: "registered",
  created_by: "registered_associate_id",
  updated_date: "updated",
  updated_by: "updated_associate_id",
  deleted_date: "deleted",
  street_address1: null,
  street_zipcode: null,
  street_city: null,
  postal_address1: null,
  postal_zipcode: null,
  postal_city: null,
  phones: null,
  emails: null,
  urls: null,
  faxes: null,
};

const PERSON: ColumnMap = {
  ...BOOKKEEPING,
  person_id: "person_id",
  contact_id: "contact_id",
  firstname: "firstname",
  middle_name: "middleName",
  lastname: "lastname",
  mrmrs: "mrmrs",
  title: "title",
  position_id: "position_idx",
  country_id: "country_id",
  associate_id: "associate_id",
  birth_date: "birthdate",
  person_number: "personNumber",
  description: "text_id",
  retired: "retired",
  no_mailing: "nomailing",
  rank: "rank",
  created_date: "registered",
  created_by: "registered_associate_id",
  updated_date: "updated",
  updated_by: "updated_associate_id",
  deleted_date: "deleted",
  emails: null,
  office_phones: null,
  mobile_phones: null,
  private_phones: null,
  other_phones: null,
  urls: null,
  faxes: null,
  private_address: null,
};

const APPOINTMENT: ColumnMap = {
  ...BOOKKEEPING,
  appointment_id: "appointment_id",
  associate_id: "associate_id",
  contact_id: "contact_id",
  person_id: "person_id",
  sale_id: "sale_id",
  project_id: "project_id",
  task_id: "task_idx",
  type: "type",
  title: "title",
  description: "text_id",
  location: "location",
  start_date: "do_by",
  end_date: "endDate",
  is_allday: "isAllDay",
  is_free: "free_busy",
  private: "private",
  completed: "status",
  alarm_lead_seconds: "alarm",
  has_alarm: "alarm",
  agenda: "agenda_text_id",
  internal_notes: "internal_notes_text_id",
  created_date: "registered",
  created_by: "registered_associate_id",
  updated_date: "updated",
  updated_by: "updated_associate_id",
};

const SALE: ColumnMap = {
  ...BOOKKEEPING,
  sale_id: "sale_id",
  associate_id: "associate_id",
  contact_id: "contact_id",
  person_id: "person_id",
  appointment_id: "appointment_id",
  project_id: "project_id",
  heading: "heading",
  sale_text: "text_id",
  number: "number1",
  amount: "amount",
  earning: "earning",
  currency_id: "currency_id",
  sale_type_id: "saleType_id",
  sale_stage_id: "probability_idx",
  source_id: "source_id",
  probability: "probPercent",
  status: "status",
  saledate: "saledate",
  done: "done",
  created_date: "registered",
  created_by: "registered_associate_id",
  updated_date: "updated",
  updated_by: "updated_associate_id",
};

const PROJECT: ColumnMap = {
  ...BOOKKEEPING,
  project_id: "project_id",
  associate_id: "associate_id",
  name: "name",
  project_number: "project_number",
  description: "text_id",
  postit: "postitText_id",
  type_id: "type_idx",
  status_id: "status_idx",
  done: "done",
  end_date: "endDate",
  created_date: "registered",
  created_by: "registered_associate_id",
  updated_date: "updated",
  updated_by: "updated_associate_id",
  urls: null,
};

const PROJECTMEMBER: ColumnMap = {
  ...BOOKKEEPING,
  projectmember_id: "projectmember_id",
  project_id: "project_id",
  contact_id: "contact_id",
  person_id: "person_id",
  member_type_id: "mtype_idx",
  comment: "text_id",
  created_date: "registered",
  created_by: "registered_associate_id",
  updated_date: "updated",
  updated_by: "updated_associate_id",
};

/** SuperOffice keeps a document's links and date on its appointment row; its own table has the texts. */
const DOCUMENT: ColumnMap = {
  ...BOOKKEEPING,
  document_id: "document_id",
  associate_id: "associate_id",
  contact_id: "contact_id",
  person_id: "person_id",
  project_id: "project_id",
  sale_id: "sale_id",
  template_id: "doctmpl_id",
  header: "header",
  name: "name",
  our_ref: "oref",
  your_ref: "yref",
  attention: "attention",
  description: "text_id",
  external_ref: "external_ref",
  document_date: "do_by",
  completed: "status",
  created_date: "registered",
  created_by: "registered_associate_id",
  updated_date: "updated",
  updated_by: "updated_associate_id",
};

/** A list item (list_items): the columns every SuperOffice list table has; the rest is the emulator's own. */
const LIST: ColumnMap = { context_identifier: null, list_name: null, item_id: null, attributes: null, name: "name", tooltip: "tooltip", rank: "rank", deleted: "deleted" };

export const SUPEROFFICE_COLUMNS: Readonly<Record<CrmEntity, ColumnMap>> = {
  contact: CONTACT,
  person: PERSON,
  appointment: APPOINTMENT,
  sale: SALE,
  project: PROJECT,
  projectmember: PROJECTMEMBER,
  document: DOCUMENT,
  list: LIST,
};

/**
 * SuperOffice's names for the given emulator columns of an entity's root table, in order, once each. A
 * column the map does not know is reported as it is named (a new column is never silently dropped).
 */
export function superOfficeColumns(entity: CrmEntity, columns: Iterable<string>): string[] {
  const map = SUPEROFFICE_COLUMNS[entity];
  const names = new Set<string>();
  for (const column of columns) {
    const name = Object.hasOwn(map, column) ? map[column] : column;
    if (name) names.add(name);
  }
  return [...names];
}
