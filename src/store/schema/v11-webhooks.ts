/**
 * Schema v11: webhooks (webhooks.md §2) and their delivery queue.
 *
 * - `webhooks` is SuperOffice's `webhook` table plus its `webhook_usage` statistics, per tenant; `client_id`
 *   is SOD's `application_token`: the app that registered the hook, the only one that sees or changes it.
 * - `webhook_deliveries` is the durable queue: a row is written in the same transaction as the CRM write
 *   that caused it (store/change-feed.ts, phase "transaction"), so a kill can lose no event. `body` is the
 *   exact JSON sent (the signature is over these bytes, and every retry sends the same ones). `queue_key`
 *   orders deliveries: one target's deliveries go out one at a time, oldest first. Rows without a webhook
 *   are the tenant-state notifications SOD posts to apps (identity.md §9.4). `attempts_log` keeps every
 *   attempt's answer for the portal's inspector.
 */
export const schemaV11 = /* sql */ `
CREATE TABLE webhooks (
  context_identifier      TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  webhook_id              INTEGER NOT NULL,
  client_id               TEXT NOT NULL,
  name                    TEXT,
  events                  TEXT NOT NULL DEFAULT '[]',
  target_url              TEXT NOT NULL,
  secret                  TEXT,
  state                   TEXT NOT NULL CHECK (state IN ('Unknown', 'Active', 'Stopped', 'TooManyErrors')),
  type                    TEXT NOT NULL DEFAULT 'webhook',
  headers                 TEXT,
  properties              TEXT,
  registered              TEXT NOT NULL,
  registered_associate_id INTEGER NOT NULL DEFAULT 0,
  updated                 TEXT,
  updated_associate_id    INTEGER NOT NULL DEFAULT 0,
  errors_email            TEXT,
  error_emails            TEXT NOT NULL DEFAULT '[]',
  error_associates        TEXT NOT NULL DEFAULT '[]',
  description             TEXT,
  notify_via              TEXT NOT NULL DEFAULT 'None',
  notify_when             TEXT NOT NULL DEFAULT 'None',
  total_calls             INTEGER NOT NULL DEFAULT 0,
  total_errors            INTEGER NOT NULL DEFAULT 0,
  consecutive_errors      INTEGER NOT NULL DEFAULT 0,
  last_error              TEXT,
  PRIMARY KEY (context_identifier, webhook_id)
);
CREATE INDEX webhooks_by_client ON webhooks (client_id);

CREATE TABLE webhook_deliveries (
  delivery_id        INTEGER PRIMARY KEY AUTOINCREMENT,
  queue_key          TEXT NOT NULL,
  context_identifier TEXT NOT NULL,
  webhook_id         INTEGER,
  client_id          TEXT NOT NULL,
  target_url         TEXT NOT NULL,
  event              TEXT NOT NULL,
  event_id           TEXT NOT NULL,
  body               TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
  attempts           INTEGER NOT NULL DEFAULT 0,
  next_attempt_at    INTEGER NOT NULL,
  created_at         INTEGER NOT NULL,
  attempts_log       TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (queue_key, delivery_id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_tenant ON webhook_deliveries (context_identifier, delivery_id);
`;
