
/**
 * Injected faults, what only an emulator can offer a test suite: for a tenant and/or a path pattern,
 * answer with a status and body, after a latency, a number of times. Admin and portal paths are never
 * affected, so a test can always clear its faults. The table is the emulator's runtime state;
 * server/middleware/faults.ts applies it.
 */
export interface FaultRule {
  id: number;
  tenant: string | null;
  /** Case-insensitive substring of the path, or a regular expression written /like this/. */
  path: string | null;
  method: string | null;
  status: number | null;
  body: unknown;
  latencyMs: number;
  /** How many more requests it applies to; null for every request until cleared. */
  remaining: number | null;
}

export class FaultTable {
  rules: FaultRule[] = [];
  private next = 1;
  add(rule: Omit<FaultRule, "id">): FaultRule {
    const r = { id: this.next++, ...rule };
    this.rules.push(r);
    return r;
  }
  clear(): void {
    this.rules = [];
  }
  /** The first rule matching this request, counting it down. */
  take(method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find((r) => matches(r, method, path));
    if (rule && rule.remaining !== null && --rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }
}

function matches(r: FaultRule, method: string, path: string): boolean {
  if (r.method && r.method.toUpperCase() !== method.toUpperCase()) return false;
  if (r.tenant && !path.toLowerCase().startsWith(`/${r.tenant.toLowerCase()}/`) && !path.toLowerCase().includes(`/login/${r.tenant.toLowerCase()}/`)) return false;
  if (r.path) {
    const re = /^\/(.+)\/$/.exec(r.path);
    if (re ? !new RegExp(re[1]!, "i").test(path) : !path.toLowerCase().includes(r.path.toLowerCase())) return false;
  }
  return true;
}
