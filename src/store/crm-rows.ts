/**
 * One row type per CRM table, column for column as the schema declares them (src/store/schema/*.ts):
 * `TEXT NOT NULL` is a string, `INTEGER`/`REAL NOT NULL` a number, a column without NOT NULL may be null.
 * Booleans are stored as 0/1 and JSON lists (phones, emails, urls) as text. These are type aliases, not
 * interfaces, so a typed row is still a `CrmValues` bag where code handles any table (the change feed).
 */

/** A stored CRM value: SQLite's TEXT, INTEGER and REAL, or NULL. */
export type CrmValue = string | number | null;
/** Columns by name, for code that handles every table alike (change feed, SQL writers). */
export type CrmValues = Record<string, CrmValue>;

/** The columns every CRM table has: its tenant and who created and last changed the row, when. */
export type Stamped = {
  context_identifier: string;
  created_date: string;
  created_by: number | null;
  updated_date: string | null;
  updated_by: number | null;
};

export type ContactRow = Stamped & {
  contact_id: number;
  name: string;
  department: string;
  org_nr: string;
  number1: string;
  number2: string;
  category_id: number | null;
  business_id: number | null;
  country_id: number | null;
  associate_id: number | null;
  description: string;
  street_address1: string;
  street_zipcode: string;
  street_city: string;
  postal_address1: string;
  postal_zipcode: string;
  postal_city: string;
  phones: string;
  emails: string;
  urls: string;
  faxes: string;
  no_mailing: number;
  deleted_date: string | null;
};

export type PersonRow = Stamped & {
  person_id: number;
  contact_id: number | null;
  firstname: string;
  middle_name: string;
  lastname: string;
  mrmrs: string;
  title: string;
  position_id: number | null;
  country_id: number | null;
  associate_id: number | null;
  birth_date: string | null;
  person_number: string;
  description: string;
  emails: string;
  office_phones: string;
  mobile_phones: string;
  private_phones: string;
  other_phones: string;
  faxes: string;
  urls: string;
  /** JSON of the person's private address (v8). */
  private_address: string;
  retired: number;
  no_mailing: number;
  rank: number;
  deleted_date: string | null;
  /** 1 when the person went with its company's soft delete, and comes back with its undelete. */
  deleted_with_contact: number;
};

export type AppointmentRow = Stamped & {
  appointment_id: number;
  associate_id: number;
  contact_id: number | null;
  person_id: number | null;
  sale_id: number | null;
  project_id: number | null;
  task_id: number | null;
  type: string;
  title: string;
  description: string;
  agenda: string;
  internal_notes: string;
  location: string;
  start_date: string;
  end_date: string;
  is_allday: number;
  is_free: number;
  private: string;
  completed: string;
  alarm_lead_seconds: number;
  has_alarm: number;
};

export type SaleRow = Stamped & {
  sale_id: number;
  associate_id: number;
  contact_id: number | null;
  person_id: number | null;
  appointment_id: number | null;
  project_id: number | null;
  heading: string;
  sale_text: string;
  number: string;
  amount: number;
  earning: number;
  currency_id: number | null;
  sale_type_id: number | null;
  sale_stage_id: number | null;
  source_id: number | null;
  probability: number;
  status: string;
  saledate: string;
  done: number | null;
};

export type ProjectRow = Stamped & {
  project_id: number;
  associate_id: number;
  name: string;
  project_number: string;
  description: string;
  postit: string;
  type_id: number | null;
  status_id: number | null;
  urls: string;
  done: number;
  end_date: string | null;
};

export type ProjectMemberRow = Stamped & {
  projectmember_id: number;
  project_id: number;
  contact_id: number | null;
  person_id: number | null;
  member_type_id: number | null;
  comment: string;
};

export type DocumentRow = Stamped & {
  document_id: number;
  associate_id: number;
  contact_id: number | null;
  person_id: number | null;
  project_id: number | null;
  sale_id: number | null;
  template_id: number | null;
  header: string;
  name: string;
  our_ref: string;
  your_ref: string;
  attention: string;
  description: string;
  external_ref: string;
  document_date: string;
  completed: string;
};

/** The row type of each CRM table: `crm.get("sales", ...)` answers a SaleRow. */
export type CrmTableRows = {
  contacts: ContactRow;
  persons: PersonRow;
  appointments: AppointmentRow;
  sales: SaleRow;
  projects: ProjectRow;
  project_members: ProjectMemberRow;
  documents: DocumentRow;
};

/** The CRM tables an entity description may name; nothing else reaches the SQL of crm.ts. */
export type CrmTable = keyof CrmTableRows;

/** A row of `T` as stored. */
export type CrmRowOf<T extends CrmTable> = CrmTableRows[T];

/** Some columns of a row of `T`: what a write sets (columns left out keep their value or SQL default). */
export type CrmChanges<T extends CrmTable> = Partial<CrmTableRows[T]>;

/** A column of `T`, e.g. `"contact_id"` of persons; of a union of tables, a column of any of them. */
export type CrmColumn<T extends CrmTable> = T extends CrmTable ? keyof CrmTableRows[T] & string : never;

/** Each CRM table's key column. */
export type CrmIdColumns = {
  contacts: "contact_id";
  persons: "person_id";
  appointments: "appointment_id";
  sales: "sale_id";
  projects: "project_id";
  project_members: "projectmember_id";
  documents: "document_id";
};
