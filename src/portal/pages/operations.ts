import type { Operation } from "../../http/operation-table.js";

/**
 * Every page and form post of the local Developer Portal (/portal), one line each. The files register
 * their own routes (portal/pages/routes.ts mounts them); test/e2e/operation-tables.test.ts proves the
 * router and this table agree both ways.
 */
const APPS = "portal/pages/apps-routes.tsx";
const TENANTS = "portal/pages/tenants-routes.tsx";
const WEBHOOKS = "portal/pages/webhooks-routes.tsx";

export const PORTAL_OPERATIONS: readonly Operation[] = [
  { method: "GET", name: "/portal", file: "portal/pages/routes.ts" },
  { method: "GET", name: "/portal/apps", file: APPS },
  { method: "POST", name: "/portal/apps", file: APPS },
  { method: "GET", name: "/portal/apps/{id}", file: APPS },
  { method: "POST", name: "/portal/apps/{id}/secret", file: APPS },
  { method: "POST", name: "/portal/apps/{id}/state-change-url", file: APPS },
  { method: "POST", name: "/portal/apps/{id}/revoke", file: APPS },
  { method: "POST", name: "/portal/apps/{id}/delete", file: APPS },
  { method: "GET", name: "/portal/apps/{id}/private-key.pem", file: APPS },
  { method: "GET", name: "/portal/apps/{id}/private-key.xml", file: APPS },
  { method: "GET", name: "/portal/tenants", file: TENANTS },
  { method: "POST", name: "/portal/tenants", file: TENANTS },
  { method: "POST", name: "/portal/tenants/{ctx}/state", file: TENANTS },
  { method: "POST", name: "/portal/tenants/{ctx}/users", file: TENANTS },
  { method: "POST", name: "/portal/tenants/{ctx}/reset", file: TENANTS },
  { method: "POST", name: "/portal/reset", file: TENANTS },
  { method: "GET", name: "/portal/tenants/{ctx}/web-panels", file: "portal/pages/web-panels-page.tsx" },
  { method: "POST", name: "/portal/tenants/{ctx}/web-panels/{id}/delete", file: "portal/pages/web-panels-page.tsx" },
  { method: "GET", name: "/portal/webhooks", file: WEBHOOKS },
  { method: "POST", name: "/portal/webhooks/dispatcher", file: WEBHOOKS },
  { method: "POST", name: "/portal/webhooks/deliveries/{id}/resend", file: WEBHOOKS },
  { method: "GET", name: "/portal/activity", file: "portal/pages/activity.tsx" },
  { method: "GET", name: "/portal/tokens", file: "portal/pages/tokens.tsx" },
  { method: "POST", name: "/portal/tokens", file: "portal/pages/tokens.tsx" },
];
