/**
 * Schema v21: what the webhook queue needs to stay cheap while a backlog builds up (issue #19, target 12).
 *
 * - `webhook_queue_sizes` holds each queue's number of pending deliveries. Every new event checks its hook's
 *   queue against the 10,000-pending limit (runtime/webhooks/queue.ts), and a COUNT over the pending index
 *   grew with the backlog: with 5 hooks and a few thousand events waiting it was the largest single cost of
 *   a Contact POST. Triggers keep the count, so every statement that moves a delivery in or out of
 *   `pending` (a new event, an attempt, a cancel, a resend, a tenant's cascade, a reset's copy) counts, and
 *   it commits or rolls back with the delivery rows themselves. The table always equals
 *   `SELECT queue_key, COUNT(*) … WHERE status = 'pending' GROUP BY queue_key` (a queue that empties loses
 *   its row), so it is derived data: store images skip it (image-changes.ts) and let the triggers rebuild it
 *   from the deliveries they copy.
 * - `webhook_deliveries_finished` indexes the finished deliveries by id, so that trimming the inspector's
 *   history to the newest 2,000 reads those rows only, not every pending row as well.
 */
export const schemaV21 = /* sql */ `
CREATE TABLE webhook_queue_sizes (
  queue_key TEXT PRIMARY KEY,
  pending   INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO webhook_queue_sizes (queue_key, pending)
  SELECT queue_key, COUNT(*) FROM webhook_deliveries WHERE status = 'pending' GROUP BY queue_key;

CREATE TRIGGER webhook_queue_sizes_insert AFTER INSERT ON webhook_deliveries WHEN NEW.status = 'pending' BEGIN
  INSERT INTO webhook_queue_sizes (queue_key, pending) VALUES (NEW.queue_key, 1)
    ON CONFLICT (queue_key) DO UPDATE SET pending = pending + 1;
END;
CREATE TRIGGER webhook_queue_sizes_delete AFTER DELETE ON webhook_deliveries WHEN OLD.status = 'pending' BEGIN
  UPDATE webhook_queue_sizes SET pending = pending - 1 WHERE queue_key = OLD.queue_key;
  DELETE FROM webhook_queue_sizes WHERE queue_key = OLD.queue_key AND pending = 0;
END;
CREATE TRIGGER webhook_queue_sizes_update AFTER UPDATE OF status, queue_key ON webhook_deliveries
  WHEN OLD.status IS NOT NEW.status OR OLD.queue_key IS NOT NEW.queue_key BEGIN
  UPDATE webhook_queue_sizes SET pending = pending - 1 WHERE OLD.status = 'pending' AND queue_key = OLD.queue_key;
  DELETE FROM webhook_queue_sizes WHERE OLD.status = 'pending' AND queue_key = OLD.queue_key AND pending = 0;
  INSERT INTO webhook_queue_sizes (queue_key, pending) SELECT NEW.queue_key, 1 WHERE NEW.status = 'pending'
    ON CONFLICT (queue_key) DO UPDATE SET pending = pending + 1;
END;

CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (delivery_id) WHERE status <> 'pending';
`;
