import type { Operation } from "../http/operation-table.js";

/**
 * Every page and form post of the workshop (/workshop), one line each, all in workshop/routes.tsx;
 * test/e2e/operation-tables.test.ts proves the router and this table agree both ways.
 */
const ROUTES = "workshop/routes.tsx";

export const WORKSHOP_OPERATIONS: readonly Operation[] = [
  { method: "GET", name: "/workshop", file: ROUTES },
  { method: "POST", name: "/workshop/start", file: ROUTES },
  { method: "POST", name: "/workshop/start-over", file: ROUTES },
  { method: "POST", name: "/workshop/tenant-state", file: ROUTES },
  // The steps, in the page's order
  { method: "POST", name: "/workshop/token", file: ROUTES },
  { method: "POST", name: "/workshop/id-token", file: ROUTES },
  { method: "POST", name: "/workshop/api", file: ROUTES },
  { method: "POST", name: "/workshop/api-again", file: ROUTES },
  { method: "POST", name: "/workshop/refresh", file: ROUTES },
  { method: "POST", name: "/workshop/system-user", file: ROUTES },
  { method: "POST", name: "/workshop/webhooks", file: ROUTES },
  // The redirect URI, for query and form_post answers
  { method: "GET", name: "/workshop/callback", file: ROUTES },
  { method: "POST", name: "/workshop/callback", file: ROUTES },
];
