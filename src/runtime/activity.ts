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
  // A fixed array written round: adding is O(1) whatever the capacity (dropping the oldest entry from the
  // front of a plain array moved all the others on every recorded call). `start` is the oldest entry's slot.
  private slots: (ActivityEntry | undefined)[];
  private start = 0;
  private size = 0;
  private next = 1;
  constructor(readonly capacity = 1000) {
    this.slots = new Array<ActivityEntry | undefined>(capacity);
  }
  add(entry: Omit<ActivityEntry, "id">): void {
    const id = this.next++;
    if (this.capacity <= 0) return;
    const e: ActivityEntry = { id, time: entry.time, method: entry.method, path: entry.path, status: entry.status, durationMs: entry.durationMs, clientId: entry.clientId, tenant: entry.tenant, error: entry.error };
    if (this.size < this.capacity) this.slots[(this.start + this.size++) % this.capacity] = e;
    else {
      this.slots[this.start] = e;
      this.start = (this.start + 1) % this.capacity;
    }
  }
  /** The i-th entry, oldest first. */
  private at(i: number): ActivityEntry {
    return this.slots[(this.start + i) % this.capacity]!;
  }
  /** Newest first, optionally only one app's or one tenant's calls. */
  list(filter: { clientId?: string | undefined; tenant?: string | undefined; limit?: number | undefined } = {}): ActivityEntry[] {
    const out: ActivityEntry[] = [];
    for (let i = this.size - 1; i >= 0 && out.length < (filter.limit ?? this.capacity); i--) {
      const e = this.at(i);
      if (filter.clientId && e.clientId !== filter.clientId) continue;
      if (filter.tenant && e.tenant?.toLowerCase() !== filter.tenant.toLowerCase()) continue;
      out.push(e);
    }
    return out;
  }
  /** Per app: calls, failures and median latency. */
  summary(): { clientId: string | null; calls: number; failures: number; medianMs: number }[] {
    const byApp = new Map<string | null, ActivityEntry[]>();
    for (let i = 0; i < this.size; i++) {
      const e = this.at(i);
      byApp.set(e.clientId, [...(byApp.get(e.clientId) ?? []), e]);
    }
    return [...byApp].map(([clientId, list]) => {
      const sorted = list.map((e) => e.durationMs).sort((a, b) => a - b);
      return { clientId, calls: list.length, failures: list.filter((e) => e.status >= 400).length, medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0 };
    });
  }
  clear(): void {
    this.slots = new Array<ActivityEntry | undefined>(this.capacity);
    this.start = 0;
    this.size = 0;
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
