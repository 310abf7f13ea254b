import type { Operation } from "../../http/operation-table.js";

/**
 * Every operation of the admin API (the emulator's own JSON API under /_emulator/v1; README, "Admin API"),
 * one line each. The files register their own routes (admin/api/routes.ts mounts them);
 * test/e2e/operation-tables.test.ts proves the router and this table agree both ways.
 */
const TENANTS = "admin/api/tenants.ts";
const APPS = "admin/api/apps.ts";
const EMULATOR = "admin/api/emulator.ts";
const WEBHOOKS = "admin/api/webhooks.ts";

export const ADMIN_API_OPERATIONS: readonly Operation[] = [
  { method: "GET", name: "/_emulator/v1/tenants", file: TENANTS },
  { method: "POST", name: "/_emulator/v1/tenants", file: TENANTS },
  { method: "GET", name: "/_emulator/v1/tenants/{ctx}", file: TENANTS },
  { method: "DELETE", name: "/_emulator/v1/tenants/{ctx}", file: TENANTS },
  { method: "PUT", name: "/_emulator/v1/tenants/{ctx}/state", file: TENANTS },
  { method: "PUT", name: "/_emulator/v1/tenants/{ctx}/host", file: TENANTS },
  { method: "POST", name: "/_emulator/v1/tenants/{ctx}/reset", file: TENANTS },
  { method: "GET", name: "/_emulator/v1/tenants/{ctx}/users", file: TENANTS },
  { method: "POST", name: "/_emulator/v1/tenants/{ctx}/users", file: TENANTS },
  { method: "GET", name: "/_emulator/v1/apps", file: APPS },
  { method: "POST", name: "/_emulator/v1/apps", file: APPS },
  { method: "GET", name: "/_emulator/v1/apps/{id}", file: APPS },
  { method: "DELETE", name: "/_emulator/v1/apps/{id}", file: APPS },
  { method: "POST", name: "/_emulator/v1/apps/{id}/secret", file: APPS },
  { method: "PUT", name: "/_emulator/v1/apps/{id}/state-change-url", file: APPS },
  { method: "GET", name: "/_emulator/v1/consents", file: APPS },
  { method: "POST", name: "/_emulator/v1/consents", file: APPS },
  { method: "DELETE", name: "/_emulator/v1/consents/{clientId}/{ctx}", file: APPS },
  { method: "POST", name: "/_emulator/v1/reset", file: EMULATOR },
  { method: "GET", name: "/_emulator/v1/snapshot", file: EMULATOR },
  { method: "POST", name: "/_emulator/v1/restore", file: EMULATOR },
  { method: "GET", name: "/_emulator/v1/clock", file: EMULATOR },
  { method: "POST", name: "/_emulator/v1/clock", file: EMULATOR },
  { method: "DELETE", name: "/_emulator/v1/clock", file: EMULATOR },
  { method: "GET", name: "/_emulator/v1/faults", file: EMULATOR },
  { method: "POST", name: "/_emulator/v1/faults", file: EMULATOR },
  { method: "DELETE", name: "/_emulator/v1/faults", file: EMULATOR },
  { method: "GET", name: "/_emulator/v1/requests", file: EMULATOR },
  { method: "GET", name: "/_emulator/v1/webhooks", file: WEBHOOKS },
  { method: "GET", name: "/_emulator/v1/webhooks/deliveries", file: WEBHOOKS },
  { method: "GET", name: "/_emulator/v1/webhooks/deliveries/{id}", file: WEBHOOKS },
  { method: "POST", name: "/_emulator/v1/webhooks/deliveries/{id}/resend", file: WEBHOOKS },
  { method: "POST", name: "/_emulator/v1/webhooks/deliver-now", file: WEBHOOKS },
  { method: "GET", name: "/_emulator/v1/webhooks/dispatcher", file: WEBHOOKS },
  { method: "PUT", name: "/_emulator/v1/webhooks/dispatcher", file: WEBHOOKS },
  { method: "POST", name: "/_emulator/v1/webhooks/signal", file: WEBHOOKS },
  { method: "GET", name: "/_emulator/v1/inbox", file: WEBHOOKS },
  { method: "GET", name: "/_emulator/v1/inbox/{name}", file: WEBHOOKS },
  { method: "PUT", name: "/_emulator/v1/inbox/{name}", file: WEBHOOKS },
  { method: "DELETE", name: "/_emulator/v1/inbox/{name}", file: WEBHOOKS },
  { method: "POST", name: "/_emulator/v1/inbox/{name}", file: WEBHOOKS },
];
