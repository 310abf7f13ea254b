import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { superOfficeError } from "../../http/superoffice-error.js";
import type { FaultTable } from "../../runtime/faults.js";

/** Answers requests an injected fault matches (runtime/faults.ts); admin, portal and health never. */
export const injectFaults = (faults: FaultTable): MiddlewareHandler => {
  const inject = injector(faults);
  // Not async: with no rules (the usual case) a request goes on without an async frame of its own.
  return (c, next) => (faults.rules.length === 0 ? next() : inject(c, next));
};

const injector = (faults: FaultTable) =>
  createMiddleware(async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (/^\/(_emulator|portal|health)(\/|$)/i.test(path)) return next();
    const rule = faults.take(c.req.method, path);
    if (!rule) return next();
    if (rule.latencyMs > 0) await new Promise((r) => setTimeout(r, rule.latencyMs));
    if (rule.status === null) return next();
    const body = rule.body ?? superOfficeError("InjectedFault", `Fault injected by the emulator's admin API (rule ${rule.id})`);
    // 204, 205 and 304 have no body, whatever the rule says.
    if (rule.status === 204 || rule.status === 205 || rule.status === 304) return c.body(null, rule.status);
    return c.json(body as object, rule.status as 500);
  });
