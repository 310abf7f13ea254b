import type { Db } from "./database.js";

/** SuperID's single sign-on sessions, found by the hash of the session cookie's value. */
/** `noteInsert` is told of every session added (the expiry purge removes expired ones). */
export function ssoSessionRepository(db: Db, noteInsert: () => void = () => undefined) {
  const insert = db.prepare<[string, number, number]>("INSERT INTO sso_sessions (session_hash, user_id, expires_at) VALUES (?, ?, ?)");
  const one = db.prepare<[string, number], { user_id: number }>("SELECT user_id FROM sso_sessions WHERE session_hash = ? AND expires_at > ?");
  const remove = db.prepare<[string]>("DELETE FROM sso_sessions WHERE session_hash = ?");
  return {
    create: (sessionHash: string, userId: number, expiresAt: number): void => {
      insert.run(sessionHash, userId, expiresAt);
      noteInsert();
    },
    userOf: (sessionHash: string, now: number): number | undefined => one.get(sessionHash, now)?.user_id,
    end: (sessionHash: string) => void remove.run(sessionHash),
  };
}
