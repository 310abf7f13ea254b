import { Hono } from "hono";
import { TrieRouter } from "hono/router/trie-router";
import { describe, expect, it } from "vitest";
import { staticMatchCache } from "../../src/http/static-match-cache.js";

/** The app's router wrapper (issue #19): fixed paths keep their match, until a route is added. */
describe("staticMatchCache", () => {
  it("keeps matches without path parameters, and only those", () => {
    const router = staticMatchCache(new TrieRouter<string>());
    router.add("ALL", "/*", "log");
    router.add("GET", "/login/.well-known/jwks", "jwks");
    router.add("GET", "/:ctx/api/v1/Contact/:id", "contact");
    const jwks = router.match("GET", "/login/.well-known/jwks");
    expect(jwks[0].map(([h]) => h)).toEqual(["log", "jwks"]);
    expect(router.match("GET", "/login/.well-known/jwks")).toBe(jwks);
    const contact = router.match("GET", "/cust1/api/v1/Contact/5");
    expect(contact[0].map(([h, p]) => [h, { ...p }])).toEqual([["log", {}], ["contact", { ctx: "cust1", id: "5" }]]);
    expect(router.match("GET", "/cust1/api/v1/Contact/5")).not.toBe(contact);
    expect(router.match("GET", "/cust1/api/v1/Contact/6")[0][1]![1]).toEqual(expect.objectContaining({ id: "6" }));
    expect(router.match("POST", "/login/.well-known/jwks")[0].map(([h]) => h)).toEqual(["log"]);
  });

  it("forgets every kept match when a route is added, as the tenant API's are on its first request", async () => {
    const app = new Hono({ router: staticMatchCache(new TrieRouter()) });
    app.get("/health", (c) => c.text("ok"));
    expect((await app.request("/later")).status).toBe(404);
    app.get("/later", (c) => c.text("here"));
    expect(await (await app.request("/later")).text()).toBe("here");
    expect(app.router.name).toBe("TrieRouter");
  });

  it("stops keeping matches when full, and still answers every path", () => {
    const router = staticMatchCache(new TrieRouter<string>());
    router.add("ALL", "/*", "log");
    for (let i = 0; i < 2000; i++) expect(router.match("GET", `/made-up/${i}`)[0].map(([h]) => h)).toEqual(["log"]);
    const first = router.match("GET", "/made-up/0");
    expect(router.match("GET", "/made-up/0")).toBe(first); // kept before the cache filled
    expect(router.match("GET", "/made-up/1999")).not.toBe(router.match("GET", "/made-up/1999")); // came after
  });
});
