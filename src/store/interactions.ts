import type { Db } from "./database.js";

/** An authorize request in progress, carried across the sign-in, tenant and consent screens. */
export interface Interaction<R = unknown> {
  interactionId: string;
  clientId: string;
  request: R;
  userId: number | null;
  contextIdentifier: string | null;
  csrfToken: string;
  expiresAt: number;
}

interface InteractionRow {
  interaction_id: string;
  client_id: string;
  request: string;
  user_id: number | null;
  context_identifier: string | null;
  csrf_token: string;
  expires_at: number;
}

/** `noteInsert` is told of every row added (the expiry purge, store/expiry-purge.ts, removes expired ones). */
export function interactionRepository(db: Db, noteInsert: () => void = () => undefined) {
  const insert = db.prepare(
    "INSERT INTO interactions (interaction_id, client_id, request, user_id, context_identifier, csrf_token, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const one = db.prepare<[string, number], InteractionRow>("SELECT * FROM interactions WHERE interaction_id = ? AND expires_at > ?");
  const update = db.prepare<[number | null, string | null, string]>("UPDATE interactions SET user_id = ?, context_identifier = ? WHERE interaction_id = ?");
  const remove = db.prepare<[string]>("DELETE FROM interactions WHERE interaction_id = ?");
  return {
    create<R>(i: Interaction<R>): void {
      insert.run(i.interactionId, i.clientId, JSON.stringify(i.request), i.userId, i.contextIdentifier, i.csrfToken, i.expiresAt);
      noteInsert();
    },
    get<R>(interactionId: string, now: number): Interaction<R> | undefined {
      const r = one.get(interactionId, now);
      return (
        r && {
          interactionId: r.interaction_id,
          clientId: r.client_id,
          request: JSON.parse(r.request) as R,
          userId: r.user_id,
          contextIdentifier: r.context_identifier,
          csrfToken: r.csrf_token,
          expiresAt: r.expires_at,
        }
      );
    },
    answer(interactionId: string, userId: number | null, contextIdentifier: string | null): void {
      update.run(userId, contextIdentifier, interactionId);
    },
    finish(interactionId: string): void {
      remove.run(interactionId);
    },
  };
}
