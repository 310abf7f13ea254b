/**
 * Schema v1: tenants, SuperID users and their associates, partner apps, authorization records (consents),
 * the tenant lists and the four CRM entities.
 *
 * Conventions:
 * - Every tenant-owned table is keyed by (context_identifier, id): a tenant's rows can only be reached
 *   through its ContextIdentifier, and ids are per tenant as in NetServer.
 * - Date-times are stored as UTC `YYYY-MM-DDTHH:MM:SS` text (sortable); the API converts to the tenant's
 *   time zone. Date-only values (birth dates) are `YYYY-MM-DD`. NULL means SOD's empty date.
 * - "No reference" is NULL, never 0, so composite foreign keys are not checked for it.
 * - Collections of phone/e-mail/URL elements are JSON arrays of {Value, Description}.
 */
export const schemaV1 = /* sql */ `
CREATE TABLE store_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE tenants (
  context_identifier TEXT PRIMARY KEY CHECK (context_identifier GLOB 'Cust[0-9]*'),
  company_name       TEXT NOT NULL,
  serial             TEXT NOT NULL,
  state              TEXT NOT NULL,
  time_zone          TEXT NOT NULL,
  host               TEXT,
  owner_contact_id   INTEGER,
  created_at         TEXT NOT NULL
);

CREATE TABLE users (
  user_id        INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  email          TEXT NOT NULL,
  first_name     TEXT NOT NULL,
  last_name      TEXT NOT NULL,
  initials       TEXT NOT NULL,
  password       TEXT
);

-- A user's membership of a tenant is its associate there; associates without a user are resources.
CREATE TABLE associates (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  associate_id       INTEGER NOT NULL,
  user_id            INTEGER REFERENCES users ON DELETE SET NULL,
  name               TEXT NOT NULL,
  first_name         TEXT NOT NULL,
  last_name          TEXT NOT NULL,
  person_id          INTEGER,
  is_administrator   INTEGER NOT NULL DEFAULT 0,
  type               TEXT NOT NULL DEFAULT 'InternalAssociate',
  group_id           INTEGER NOT NULL DEFAULT 1,
  deleted            INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (context_identifier, associate_id),
  UNIQUE (context_identifier, user_id)
);
CREATE INDEX associates_by_user ON associates (user_id);

CREATE TABLE apps (
  client_id                  TEXT PRIMARY KEY,
  name                       TEXT NOT NULL,
  vendor                     TEXT NOT NULL,
  app_type                   TEXT NOT NULL CHECK (app_type IN ('standard', 'custom')),
  kind                       TEXT NOT NULL CHECK (kind IN ('web', 'native', 'server-to-server')),
  client_secret              TEXT,
  redirect_uris              TEXT NOT NULL DEFAULT '[]',
  post_logout_redirect_uris  TEXT NOT NULL DEFAULT '[]',
  cors_origins               TEXT NOT NULL DEFAULT '[]',
  consent_text               TEXT NOT NULL DEFAULT '',
  system_user                INTEGER NOT NULL DEFAULT 0,
  webhooks                   INTEGER NOT NULL DEFAULT 0,
  public_key_pem             TEXT,
  private_key_pem            TEXT,
  created_at                 TEXT NOT NULL
);

-- SOD's authorization record: an administrator's approval of an app for a tenant.
CREATE TABLE consents (
  client_id           TEXT NOT NULL REFERENCES apps ON DELETE CASCADE,
  context_identifier  TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  status              TEXT NOT NULL CHECK (status IN ('Active', 'Expired', 'Revoked', 'NeedsReapproval')),
  approved_by_user_id INTEGER REFERENCES users ON DELETE SET NULL,
  approved_at         TEXT NOT NULL,
  valid_to            TEXT,
  system_token        TEXT,
  PRIMARY KEY (client_id, context_identifier)
);

-- Every tenant list (category, business, country, currency, salestage, saletype, task, source, position)
-- shares one shape; what differs per list lives in attributes (JSON).
CREATE TABLE list_items (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  list_name          TEXT NOT NULL,
  item_id            INTEGER NOT NULL,
  name               TEXT NOT NULL,
  tooltip            TEXT NOT NULL DEFAULT '',
  rank               INTEGER NOT NULL DEFAULT 0,
  deleted            INTEGER NOT NULL DEFAULT 0,
  attributes         TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (context_identifier, list_name, item_id)
);

CREATE TABLE id_sequences (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  entity             TEXT NOT NULL,
  next_id            INTEGER NOT NULL,
  PRIMARY KEY (context_identifier, entity)
);

CREATE TABLE contacts (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  contact_id         INTEGER NOT NULL,
  name               TEXT NOT NULL,
  department         TEXT NOT NULL DEFAULT '',
  org_nr             TEXT NOT NULL DEFAULT '',
  number1            TEXT NOT NULL DEFAULT '',
  number2            TEXT NOT NULL DEFAULT '',
  category_id        INTEGER,
  business_id        INTEGER,
  country_id         INTEGER,
  associate_id       INTEGER,
  description        TEXT NOT NULL DEFAULT '',
  street_address1    TEXT NOT NULL DEFAULT '',
  street_zipcode     TEXT NOT NULL DEFAULT '',
  street_city        TEXT NOT NULL DEFAULT '',
  postal_address1    TEXT NOT NULL DEFAULT '',
  postal_zipcode     TEXT NOT NULL DEFAULT '',
  postal_city        TEXT NOT NULL DEFAULT '',
  phones             TEXT NOT NULL DEFAULT '[]',
  emails             TEXT NOT NULL DEFAULT '[]',
  urls               TEXT NOT NULL DEFAULT '[]',
  no_mailing         INTEGER NOT NULL DEFAULT 0,
  created_date       TEXT NOT NULL,
  created_by         INTEGER,
  updated_date       TEXT,
  updated_by         INTEGER,
  deleted_date       TEXT,
  PRIMARY KEY (context_identifier, contact_id),
  FOREIGN KEY (context_identifier, associate_id) REFERENCES associates (context_identifier, associate_id)
);
CREATE INDEX contacts_by_name ON contacts (context_identifier, name COLLATE NOCASE);

CREATE TABLE persons (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  person_id          INTEGER NOT NULL,
  contact_id         INTEGER,
  firstname          TEXT NOT NULL DEFAULT '',
  middle_name        TEXT NOT NULL DEFAULT '',
  lastname           TEXT NOT NULL DEFAULT '',
  mrmrs              TEXT NOT NULL DEFAULT '',
  title              TEXT NOT NULL DEFAULT '',
  position_id        INTEGER,
  country_id         INTEGER,
  associate_id       INTEGER,
  birth_date         TEXT,
  person_number      TEXT NOT NULL DEFAULT '',
  description        TEXT NOT NULL DEFAULT '',
  emails             TEXT NOT NULL DEFAULT '[]',
  office_phones      TEXT NOT NULL DEFAULT '[]',
  mobile_phones      TEXT NOT NULL DEFAULT '[]',
  retired            INTEGER NOT NULL DEFAULT 0,
  no_mailing         INTEGER NOT NULL DEFAULT 0,
  rank               INTEGER NOT NULL DEFAULT 0,
  created_date       TEXT NOT NULL,
  created_by         INTEGER,
  updated_date       TEXT,
  updated_by         INTEGER,
  deleted_date       TEXT,
  PRIMARY KEY (context_identifier, person_id),
  FOREIGN KEY (context_identifier, contact_id) REFERENCES contacts (context_identifier, contact_id)
);
CREATE INDEX persons_by_contact ON persons (context_identifier, contact_id);
CREATE INDEX persons_by_name ON persons (context_identifier, lastname COLLATE NOCASE, firstname COLLATE NOCASE);

CREATE TABLE appointments (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  appointment_id     INTEGER NOT NULL,
  associate_id       INTEGER NOT NULL,
  contact_id         INTEGER,
  person_id          INTEGER,
  sale_id            INTEGER,
  task_id            INTEGER,
  type               TEXT NOT NULL DEFAULT 'inDiary',
  title              TEXT NOT NULL DEFAULT '',
  description        TEXT NOT NULL DEFAULT '',
  location           TEXT NOT NULL DEFAULT '',
  start_date         TEXT NOT NULL,
  end_date           TEXT NOT NULL,
  is_allday          INTEGER NOT NULL DEFAULT 0,
  is_free            INTEGER NOT NULL DEFAULT 0,
  private            TEXT NOT NULL DEFAULT 'Public',
  completed          TEXT NOT NULL DEFAULT 'NotStarted',
  alarm_lead_seconds INTEGER NOT NULL DEFAULT 0,
  has_alarm          INTEGER NOT NULL DEFAULT 0,
  created_date       TEXT NOT NULL,
  created_by         INTEGER,
  updated_date       TEXT,
  updated_by         INTEGER,
  PRIMARY KEY (context_identifier, appointment_id),
  FOREIGN KEY (context_identifier, associate_id) REFERENCES associates (context_identifier, associate_id),
  FOREIGN KEY (context_identifier, contact_id) REFERENCES contacts (context_identifier, contact_id),
  FOREIGN KEY (context_identifier, person_id) REFERENCES persons (context_identifier, person_id),
  FOREIGN KEY (context_identifier, sale_id) REFERENCES sales (context_identifier, sale_id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX appointments_by_contact ON appointments (context_identifier, contact_id);
CREATE INDEX appointments_by_person ON appointments (context_identifier, person_id);
CREATE INDEX appointments_by_start ON appointments (context_identifier, start_date);

CREATE TABLE sales (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  sale_id            INTEGER NOT NULL,
  associate_id       INTEGER NOT NULL,
  contact_id         INTEGER,
  person_id          INTEGER,
  appointment_id     INTEGER,
  heading            TEXT NOT NULL DEFAULT '',
  sale_text          TEXT NOT NULL DEFAULT '',
  number             TEXT NOT NULL DEFAULT '',
  amount             REAL NOT NULL DEFAULT 0,
  earning            REAL NOT NULL DEFAULT 0,
  currency_id        INTEGER,
  sale_type_id       INTEGER,
  sale_stage_id      INTEGER,
  source_id          INTEGER,
  probability        INTEGER NOT NULL DEFAULT 0,
  status             TEXT NOT NULL DEFAULT 'Open',
  saledate           TEXT NOT NULL,
  created_date       TEXT NOT NULL,
  created_by         INTEGER,
  updated_date       TEXT,
  updated_by         INTEGER,
  PRIMARY KEY (context_identifier, sale_id),
  FOREIGN KEY (context_identifier, associate_id) REFERENCES associates (context_identifier, associate_id),
  FOREIGN KEY (context_identifier, contact_id) REFERENCES contacts (context_identifier, contact_id),
  FOREIGN KEY (context_identifier, person_id) REFERENCES persons (context_identifier, person_id),
  FOREIGN KEY (context_identifier, appointment_id) REFERENCES appointments (context_identifier, appointment_id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX sales_by_contact ON sales (context_identifier, contact_id);
CREATE INDEX sales_by_person ON sales (context_identifier, person_id);
CREATE INDEX sales_by_saledate ON sales (context_identifier, saledate);
`;
