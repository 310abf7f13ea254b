import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { Run } from "./run.js";

/**
 * Each browser's workshop, in memory, keyed by an HttpOnly cookie scoped to /workshop. Bounded: the oldest
 * untouched sessions are dropped first, so a long workshop day (or a crawler) cannot grow memory.
 */
export interface WorkshopSession {
  id: string;
  large: boolean;
  run?: Run | undefined;
}

export const SESSION_COOKIE = "sod_workshop";

export class WorkshopSessions {
  private sessions = new Map<string, WorkshopSession>();
  constructor(readonly capacity = 200) {}

  /** The browser's session, or undefined when it has no (or a forgotten) cookie. */
  find(c: Context): WorkshopSession | undefined {
    const id = getCookie(c, SESSION_COOKIE);
    const s = id ? this.sessions.get(id) : undefined;
    if (s) {
      // Map order is age order: a touched session moves to the young end.
      this.sessions.delete(s.id);
      this.sessions.set(s.id, s);
    }
    return s;
  }

  /** The browser's session, made (and its cookie set) when it has none. */
  open(c: Context, secureCookie: boolean): WorkshopSession {
    const found = this.find(c);
    if (found) return found;
    const s: WorkshopSession = { id: randomBytes(24).toString("base64url"), large: false };
    this.sessions.set(s.id, s);
    while (this.sessions.size > this.capacity) this.sessions.delete(this.sessions.keys().next().value!);
    setCookie(c, SESSION_COOKIE, s.id, { path: "/workshop", httpOnly: true, sameSite: "Lax", secure: secureCookie });
    return s;
  }

  get size(): number {
    return this.sessions.size;
  }
}
