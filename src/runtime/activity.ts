import type { Context } from "hono";

/**
 * The Developer Portal's API metrics and failed-requests pages, locally: every SuperID and tenant API call,
 * newest first, in a bounded ring so memory stays flat however long the emulator runs. The ring is the
 * emulator's runtime state; server/middleware/request-log.ts fills it.
 */
export interface ActivityEntry {
  id: number;
  time: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  clientId: string | null;
  tenant: string | null;
  /** The response body of a failure (status 400 and up), when it is JSON or text. */
  error: string | null;
}

export class ActivityRing {
  private entries: ActivityEntry[] = [];
  private next = 1;
  constructor(readonly capacity = 1000) {}
  add(entry: Omit<ActivityEntry, "id">): void {
    this.entries.push({ id: this.next++, ...entry });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }
  /** Newest first, optionally only one app's or one tenant's calls. */
  list(filter: { clientId?: string | undefined; tenant?: string | undefined; limit?: number | undefined } = {}): ActivityEntry[] {
    const out: ActivityEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < (filter.limit ?? this.capacity); i--) {
      const e = this.entries[i]!;
      if (filter.clientId && e.clientId !== filter.clientId) continue;
      if (filter.tenant && e.tenant?.toLowerCase() !== filter.tenant.toLowerCase()) continue;
      out.push(e);
    }
    return out;
  }
  /** Per app: calls, failures and median latency. */
  summary(): { clientId: string | null; calls: number; failures: number; medianMs: number }[] {
    const byApp = new Map<string | null, ActivityEntry[]>();
    for (const e of this.entries) byApp.set(e.clientId, [...(byApp.get(e.clientId) ?? []), e]);
    return [...byApp].map(([clientId, list]) => {
      const sorted = list.map((e) => e.durationMs).sort((a, b) => a - b);
      return { clientId, calls: list.length, failures: list.filter((e) => e.status >= 400).length, medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0 };
    });
  }
  clear(): void {
    this.entries = [];
  }
}

/** What handlers tell the ring about a call; the tenant API's middleware sets principal and tenant. */
export interface ActivityVariables {
  principal?: { clientId: string };
  tenant?: { contextIdentifier: string };
  activityClientId?: string;
}

/**
 * Names the app of a SuperID call that carries its client_id as a parameter (query or form): handlers
 * read their parameters anyway, so the ring does not parse the body a second time.
 */
export function noteActivityClient(c: Context, clientId: string | undefined): void {
  if (clientId) (c as Context<{ Variables: ActivityVariables }>).set("activityClientId", clientId);
}
