import { createMiddleware } from "hono/factory";

/** NetServer's JSON content type (netserver.md §1.3); hono's c.json() names no charset. */
export const JSON_UTF8 = "application/json; charset=utf-8";

/** Gives every JSON answer of the tenant API, errors included, NetServer's content type. */
export const jsonCharset = createMiddleware(async (c, next) => {
  await next();
  if (c.res.headers.get("content-type") === "application/json") c.res.headers.set("content-type", JSON_UTF8);
});
