/**
 * Schema v12: projects with their members, documents with their content, and the project an appointment
 * or a sale belongs to (SuperOffice's project, projectmember and document tables; appointment.project_id,
 * sale.project_id). Both are hard-deleted, as SOD does: soft delete is for contacts and persons only.
 * A document's bytes live apart from its row (document_content), so lists never read them.
 * Existing stores get the two number series, starting after nothing.
 */
export const schemaV12 = /* sql */ `
CREATE TABLE projects (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  project_id         INTEGER NOT NULL,
  associate_id       INTEGER NOT NULL,
  name               TEXT NOT NULL DEFAULT '',
  project_number     TEXT NOT NULL DEFAULT '',
  description        TEXT NOT NULL DEFAULT '',
  postit             TEXT NOT NULL DEFAULT '',
  type_id            INTEGER,
  status_id          INTEGER,
  urls               TEXT NOT NULL DEFAULT '[]',
  done               INTEGER NOT NULL DEFAULT 0,
  end_date           TEXT,
  created_date       TEXT NOT NULL,
  created_by         INTEGER,
  updated_date       TEXT,
  updated_by         INTEGER,
  PRIMARY KEY (context_identifier, project_id),
  FOREIGN KEY (context_identifier, associate_id) REFERENCES associates (context_identifier, associate_id)
);
CREATE TABLE project_members (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  projectmember_id   INTEGER NOT NULL,
  project_id         INTEGER NOT NULL,
  contact_id         INTEGER,
  person_id          INTEGER,
  member_type_id     INTEGER,
  comment            TEXT NOT NULL DEFAULT '',
  created_date       TEXT NOT NULL,
  created_by         INTEGER,
  updated_date       TEXT,
  updated_by         INTEGER,
  PRIMARY KEY (context_identifier, projectmember_id),
  FOREIGN KEY (context_identifier, project_id) REFERENCES projects (context_identifier, project_id) ON DELETE CASCADE
);
CREATE INDEX project_members_by_project ON project_members (context_identifier, project_id);
CREATE INDEX project_members_by_person ON project_members (context_identifier, person_id);
CREATE TABLE documents (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  document_id        INTEGER NOT NULL,
  associate_id       INTEGER NOT NULL,
  contact_id         INTEGER,
  person_id          INTEGER,
  project_id         INTEGER,
  sale_id            INTEGER,
  template_id        INTEGER,
  header             TEXT NOT NULL DEFAULT '',
  name               TEXT NOT NULL DEFAULT '',
  our_ref            TEXT NOT NULL DEFAULT '',
  your_ref           TEXT NOT NULL DEFAULT '',
  attention          TEXT NOT NULL DEFAULT '',
  description        TEXT NOT NULL DEFAULT '',
  external_ref       TEXT NOT NULL DEFAULT '',
  document_date      TEXT NOT NULL,
  completed          TEXT NOT NULL DEFAULT 'NotStarted',
  created_date       TEXT NOT NULL,
  created_by         INTEGER,
  updated_date       TEXT,
  updated_by         INTEGER,
  PRIMARY KEY (context_identifier, document_id),
  FOREIGN KEY (context_identifier, associate_id) REFERENCES associates (context_identifier, associate_id)
);
CREATE INDEX documents_by_contact ON documents (context_identifier, contact_id);
CREATE INDEX documents_by_person ON documents (context_identifier, person_id);
CREATE INDEX documents_by_project ON documents (context_identifier, project_id);
CREATE INDEX documents_by_sale ON documents (context_identifier, sale_id);
CREATE TABLE document_content (
  context_identifier TEXT NOT NULL,
  document_id        INTEGER NOT NULL,
  content_type       TEXT NOT NULL,
  content            BLOB NOT NULL,
  PRIMARY KEY (context_identifier, document_id),
  FOREIGN KEY (context_identifier, document_id) REFERENCES documents (context_identifier, document_id) ON DELETE CASCADE
);
ALTER TABLE appointments ADD COLUMN project_id INTEGER;
ALTER TABLE sales ADD COLUMN project_id INTEGER;
CREATE INDEX appointments_by_project ON appointments (context_identifier, project_id);
CREATE INDEX sales_by_project ON sales (context_identifier, project_id);
INSERT OR IGNORE INTO id_sequences (context_identifier, entity, next_id) SELECT context_identifier, 'project', 1 FROM tenants;
INSERT OR IGNORE INTO id_sequences (context_identifier, entity, next_id) SELECT context_identifier, 'projectmember', 1 FROM tenants;
INSERT OR IGNORE INTO id_sequences (context_identifier, entity, next_id) SELECT context_identifier, 'document', 1 FROM tenants;
`;
