/**
 * Schema v24: one event's body text is stored once for all the webhooks it goes to (issue #19, target 12).
 *
 * A body is `{"EventId":…,<the event's members>,"WebhookName":…<its values><the hook's Properties>}`
 * (runtime/webhooks/payload.ts): only EventId, WebhookName and the Properties differ from hook to hook. A
 * Contact POST with 5 subscribed hooks wrote the ~1.3 KB body 5 times, and that write (and the COMMIT that
 * copies its pages) was the largest cost the hooks added to the POST; a backlog of 10,000 events per hook
 * held 5 copies of each in memory.
 *
 * - `webhook_payloads` holds what the hooks share: `middle` (the members between EventId and WebhookName,
 *   without braces) and `tail` (the values member with its leading comma, or '').
 * - A delivery that points at one (`payload_id`) keeps its own parts: `webhook_name` (WebhookName's JSON
 *   text) and `properties` (its extra members' text, each with a leading comma); its `body` is ''. Deliveries
 *   written before v24, resent copies and the tenant-state notifications to apps (one per app, nothing to
 *   share) keep the whole text in `body` and no payload.
 * - `webhook_delivery_rows` is every delivery with its whole body, put together in SQL; the repository reads
 *   deliveries only through it, so a reader never sees the parts. `json_quote` of an EventId (a UUID, or any
 *   string) is the text `JSON.stringify` gives for it.
 * - A payload is deleted with the last delivery that points at it (trigger; the index finds the others).
 *   Store images copy both tables: a reset puts back the image's deliveries and payloads as they were.
 */
export const schemaV24 = /* sql */ `
CREATE TABLE webhook_payloads (
  payload_id INTEGER PRIMARY KEY,
  middle     TEXT NOT NULL,
  tail       TEXT NOT NULL
);
ALTER TABLE webhook_deliveries ADD COLUMN payload_id INTEGER;
ALTER TABLE webhook_deliveries ADD COLUMN webhook_name TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN properties TEXT;
CREATE INDEX webhook_deliveries_by_payload ON webhook_deliveries (payload_id) WHERE payload_id IS NOT NULL;

CREATE TRIGGER webhook_payloads_release AFTER DELETE ON webhook_deliveries WHEN OLD.payload_id IS NOT NULL BEGIN
  DELETE FROM webhook_payloads WHERE payload_id = OLD.payload_id
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries WHERE payload_id = OLD.payload_id);
END;

CREATE VIEW webhook_delivery_rows AS
  SELECT d.delivery_id, d.queue_key, d.context_identifier, d.webhook_id, d.client_id, d.target_url, d.event, d.event_id,
         CASE WHEN d.payload_id IS NULL THEN d.body
              ELSE '{"EventId":' || json_quote(d.event_id) || ',' || p.middle || ',"WebhookName":' || d.webhook_name || p.tail || d.properties || '}'
         END AS body,
         d.status, d.attempts, d.next_attempt_at, d.created_at, d.attempts_log
    FROM webhook_deliveries d LEFT JOIN webhook_payloads p ON p.payload_id = d.payload_id;
`;
