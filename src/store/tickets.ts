import type { Db } from "./database.js";

export interface TicketGrant {
  clientId: string;
  contextIdentifier: string;
  expiresAt: number;
  revokedAt: number | null;
}

/** System-user tickets by hash; `touch` slides the expiry on use. `noteInsert` is told of every ticket added (the expiry purge). */
export function ticketRepository(db: Db, noteInsert: () => void = () => undefined) {
  const insert = db.prepare("INSERT INTO tickets (ticket_hash, client_id, context_identifier, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
  const one = db.prepare<[string], { client_id: string; context_identifier: string; expires_at: number; revoked_at: number | null }>(
    "SELECT client_id, context_identifier, expires_at, revoked_at FROM tickets WHERE ticket_hash = ?",
  );
  const touch = db.prepare<[number, string]>("UPDATE tickets SET expires_at = ? WHERE ticket_hash = ?");
  const revokeForConsent = db.prepare<[number, string, string]>("UPDATE tickets SET revoked_at = ? WHERE client_id = ? AND context_identifier = ? AND revoked_at IS NULL");
  return {
    save: (hash: string, clientId: string, contextIdentifier: string, now: number, expiresAt: number): void => {
      insert.run(hash, clientId, contextIdentifier, now, expiresAt);
      noteInsert();
    },
    find(hash: string): TicketGrant | undefined {
      const r = one.get(hash);
      return r && { clientId: r.client_id, contextIdentifier: r.context_identifier, expiresAt: r.expires_at, revokedAt: r.revoked_at };
    },
    touch: (hash: string, expiresAt: number) => void touch.run(expiresAt, hash),
    revokeForConsent: (clientId: string, contextIdentifier: string, now: number) => void revokeForConsent.run(now, clientId, contextIdentifier),
  };
}
