import { Hono } from "hono";
import { TrieRouter } from "hono/router/trie-router";
import { describe, expect, it } from "vitest";
import { deferredRoutes } from "../../src/http/deferred-routes.js";

/** An app shaped like the emulator's: the deferred product first, then middleware that must run once per request. */
function appWithDeferredProduct() {
  const seen: string[] = [];
  let loads = 0;
  const app = new Hono<{ Variables: { tenant: string } }>({ router: new TrieRouter() });
  deferredRoutes(app, ["/:ctx/api", "/:ctx/api/*"], async () => {
    loads++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const product = new Hono<{ Variables: { tenant: string } }>();
    product.use("/:ctx/api/*", async (c, next) => {
      c.set("tenant", c.req.param("ctx"));
      await next();
    });
    product.get("/:ctx/api/v1/contact/:id", (c) => c.json({ ContactId: Number(c.req.param("id")), tenant: c.get("tenant") }));
    return product;
  });
  // Like the activity log: reads what the deferred routes set, in the same request context.
  app.use(async (c, next) => {
    await next();
    seen.push(`${c.req.method} ${c.req.path} ${c.res.status} ${c.get("tenant") ?? "-"}`);
  });
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/login/api/other", (c) => c.text("earlier route"));
  return { app, seen, loads: () => loads };
}

describe("deferredRoutes", () => {
  it("loads nothing until a request reaches its paths", async () => {
    const { app, seen, loads } = appWithDeferredProduct();
    expect((await app.request("/health")).status).toBe(200);
    expect(loads()).toBe(0);
    expect(seen).toEqual(["GET /health 200 -"]);
  });

  it("answers the first request with the loaded routes, running the app's middleware once, in the same context", async () => {
    const { app, seen, loads } = appWithDeferredProduct();
    const first = await app.request("/cust1/api/v1/contact/7");
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ContactId: 7, tenant: "cust1" });
    const second = await app.request("/cust2/api/v1/contact/8");
    expect(await second.json()).toEqual({ ContactId: 8, tenant: "cust2" });
    expect(loads()).toBe(1);
    expect(seen).toEqual(["GET /cust1/api/v1/contact/7 200 cust1", "GET /cust2/api/v1/contact/8 200 cust2"]);
  });

  it("loads once for concurrent first requests, and keeps routes registered before it ahead of the loaded ones", async () => {
    const { app, seen, loads } = appWithDeferredProduct();
    const answers = await Promise.all([app.request("/cust1/api/v1/contact/1"), app.request("/login/api/other"), app.request("/cust3/api/v1/contact/3")]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await answers[1]!.text()).toBe("earlier route");
    expect(loads()).toBe(1);
    expect(seen).toHaveLength(3);
    // A path under the deferred prefix that no loaded route answers: the app's own 404, once.
    expect((await app.request("/cust1/api/v1/nothing")).status).toBe(404);
    expect(seen).toHaveLength(4);
  });

  it("tries again on the next request when loading failed", async () => {
    let attempts = 0;
    const app = new Hono({ router: new TrieRouter() });
    deferredRoutes(app, ["/:ctx/api/*"], async () => {
      if (++attempts === 1) throw new Error("import failed");
      return new Hono().get("/:ctx/api/ping", (c) => c.text("pong"));
    });
    app.onError((err, c) => c.text(err.message, 500));
    expect((await app.request("/x/api/ping")).status).toBe(500);
    const retried = await app.request("/x/api/ping");
    expect(await retried.text()).toBe("pong");
    expect(attempts).toBe(2);
  });

  it("refuses an app whose router cannot take routes after the first request", () => {
    expect(() => deferredRoutes(new Hono(), ["/x/*"], async () => new Hono())).toThrow(/TrieRouter/);
  });
});
