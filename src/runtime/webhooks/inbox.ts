/**
 * The local inbox: receiver URLs the emulator hosts itself (`/_emulator/v1/inbox/{name}`), so a workshop or a
 * test can register a webhook without running a server. Each inbox records what arrives (in memory, the
 * newest few hundred) and answers 200, or the status its owner chose.
 */

export interface InboxEntry {
  id: number;
  /** Emulator clock, ISO. */
  receivedAt: string;
  method: string;
  headers: Record<string, string>;
  /** The body exactly as received (signatures are checked over these bytes). */
  body: string;
  /** The status answered. */
  status: number;
}

export interface InboxConfig {
  /** What the inbox answers (default 200). */
  status: number;
  /** Waits this long before answering (a slow target). */
  delayMs: number;
}

const MAX_INBOXES = 100;
const MAX_ENTRIES = 500;
export const INBOX_BODY_LIMIT = 256 * 1024;
export const INBOX_NAME = /^[A-Za-z0-9._-]{1,64}$/;

interface Box {
  config: InboxConfig;
  entries: InboxEntry[];
}

export class Inbox {
  private readonly boxes = new Map<string, Box>();
  private nextId = 1;

  // Names compare in any case: admin API paths arrive lower-cased (http/routing-path.ts).
  private box(name: string): Box {
    name = name.toLowerCase();
    let b = this.boxes.get(name);
    if (!b) {
      // The oldest inbox gives way: the inbox is a bounded debugging aid, not storage.
      if (this.boxes.size >= MAX_INBOXES) this.boxes.delete(this.boxes.keys().next().value!);
      b = { config: { status: 200, delayMs: 0 }, entries: [] };
      this.boxes.set(name, b);
    }
    return b;
  }

  configure(name: string, config: Partial<InboxConfig>): InboxConfig {
    const b = this.box(name);
    b.config = Object.assign({}, b.config, config);
    return b.config;
  }

  config(name: string): InboxConfig {
    return this.boxes.get(name.toLowerCase())?.config ?? { status: 200, delayMs: 0 };
  }

  record(name: string, entry: Omit<InboxEntry, "id">): InboxEntry {
    const b = this.box(name);
    const stored = { id: this.nextId++, ...entry };
    b.entries.push(stored);
    if (b.entries.length > MAX_ENTRIES) b.entries.splice(0, b.entries.length - MAX_ENTRIES);
    return stored;
  }

  entries(name: string): InboxEntry[] {
    return [...(this.boxes.get(name.toLowerCase())?.entries ?? [])];
  }

  names(): { name: string; count: number; config: InboxConfig }[] {
    return [...this.boxes].map(([name, b]) => ({ name, count: b.entries.length, config: b.config }));
  }

  clear(name?: string): void {
    if (name === undefined) this.boxes.clear();
    else this.boxes.delete(name.toLowerCase());
  }
}
