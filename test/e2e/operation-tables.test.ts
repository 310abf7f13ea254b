import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { ADMIN_API_OPERATIONS } from "../../src/admin/api/operations.js";
import { adminApiRoutes } from "../../src/admin/api/routes.js";
import { routePattern, type Operation } from "../../src/http/operation-table.js";
import { interactionRoutes } from "../../src/identity/interaction/routes.js";
import { IDENTITY_OPERATIONS } from "../../src/identity/operations.js";
import { identityRoutes } from "../../src/identity/routes.js";
import { systemUserRestRoutes } from "../../src/identity/system-user/rest-endpoint.js";
import { systemUserSoapRoutes } from "../../src/identity/system-user/soap-endpoint.js";
import { PORTAL_OPERATIONS } from "../../src/portal/pages/operations.js";
import { portalRoutes } from "../../src/portal/pages/routes.js";
import { TENANT_API_OPERATIONS, tenantRoute } from "../../src/tenant-api/operations.js";
import { tenantApiRoutes } from "../../src/tenant-api/routes.js";
import { WORKSHOP_OPERATIONS } from "../../src/workshop/operations.js";
import { workshopRoutes } from "../../src/workshop/routes.js";
import { signIn } from "../support/sign-in.js";

/**
 * Each product's operation table (src/…/operations.ts) and its real router agree both ways: every route
 * the router declares is a row of the table, and every row is answered by a route of the router. For the
 * tenant API, every row is also sent to the running server, which must answer it with something other
 * than the fallback's "No route for" 404.
 */
let emulator: StartedEmulator;
const TENANT = "Cust12345";

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

interface Product {
  name: string;
  table: readonly Operation[];
  /** The product's routers: lazily loaded parts are built directly, as their first request would. */
  routers(): { routes: { method: string; path: string }[] }[];
  route(name: string): string;
}

const ctx = () => emulator.emulator.context;
const PRODUCTS: Product[] = [
  { name: "tenant API", table: TENANT_API_OPERATIONS, routers: () => [tenantApiRoutes(ctx())], route: tenantRoute },
  {
    name: "SuperID",
    table: IDENTITY_OPERATIONS,
    routers: () => [identityRoutes(ctx()), interactionRoutes(ctx()), systemUserRestRoutes(ctx()), systemUserSoapRoutes(ctx())],
    route: routePattern,
  },
  { name: "admin API", table: ADMIN_API_OPERATIONS, routers: () => [adminApiRoutes(ctx())], route: routePattern },
  { name: "portal", table: PORTAL_OPERATIONS, routers: () => [portalRoutes(ctx())], route: routePattern },
  { name: "workshop", table: WORKSHOP_OPERATIONS, routers: () => [workshopRoutes(ctx())], route: routePattern },
];

/** The routes a router answers: middleware (`use`) and the lazy mounts (`all`) are registered as ALL. */
function declaredRoutes(product: Product): { method: string; path: string }[] {
  return product.routers().flatMap((app) => app.routes.filter((r) => r.method !== "ALL").map((r) => ({ method: r.method, path: r.path })));
}

/** `:id` and `:ctx` alike: routes are compared by shape. */
const shape = (pattern: string) => pattern.replace(/:[^/]+/g, ":");
const matcher = (pattern: string) => new RegExp(`^${pattern.split(/(:[^/]+)/).map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("")}$`);
/** A row's path as a client would send it: each `{param}` filled in. */
const concrete = (route: string) => route.replace(/:[^/]+/g, "1");

describe.each(PRODUCTS)("$name operation table", (product) => {
  it("lists each operation once", () => {
    const keys = product.table.map((op) => `${op.method} ${op.name.toLowerCase()}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it("has a row for every route the router declares", () => {
    const rows = new Set(product.table.map((op) => `${op.method} ${shape(product.route(op.name))}`));
    const missing = declaredRoutes(product).filter((r) => !rows.has(`${r.method} ${shape(r.path)}`));
    expect(missing, "routes with no row in the table").toEqual([]);
  });

  it("every row is answered by a route the router declares", () => {
    const routes = declaredRoutes(product).map((r) => ({ method: r.method, match: matcher(r.path) }));
    const unanswered = product.table.filter((op) => !routes.some((r) => r.method === op.method && r.match.test(concrete(product.route(op.name)))));
    expect(unanswered, "rows no route answers").toEqual([]);
  });

  it("names the file that registers each row", async () => {
    const { existsSync } = await import("node:fs");
    const { resolve } = await import("node:path");
    const src = resolve(import.meta.dirname, "..", "..", "src");
    expect(product.table.filter((op) => !existsSync(resolve(src, op.file))).map((op) => op.file)).toEqual([]);
  });
});

describe("the running tenant API", () => {
  /** Path parameters a handler can read without tripping over its own validation first. */
  const SAMPLES: Record<string, string> = { ctx: TENANT, udlistdefinitionname: "Category", name: "Category", listname: "category", archiveprovidername: "Person" };

  it("answers every row of the table (never the fallback's 404, never a 5xx)", async () => {
    const token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
    const failures: string[] = [];
    for (const op of TENANT_API_OPERATIONS) {
      const path = tenantRoute(op.name).replace(/:([^/]+)/g, (_, p: string) => SAMPLES[p] ?? "1");
      const res = await request(`${emulator.url}${path}`, {
        method: op.method,
        headers: { authorization: `Bearer ${token}`, accept: "application/json", "content-type": "application/json" },
        body: op.method === "GET" ? undefined : "{}",
      });
      const text = await res.body.text();
      if (res.statusCode >= 500 || text.includes("No route for")) failures.push(`${op.method} ${op.name}: ${res.statusCode} ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });
});
