import { createMiddleware } from "hono/factory";

/** NetServer's JSON content type (netserver.md §1.3); hono's c.json() names no charset. */
export const JSON_UTF8 = "application/json; charset=utf-8";

// Answers built by netServerJson(): already in NetServer's content type, so jsonCharset need not look.
const typed = new WeakSet<Response>();

/**
 * A 200 of JSON (serialised bytes) in NetServer's content type, plus `headers`. Built as a Response with a
 * plain headers object rather than through c.header()/c.body(): hono would make a Headers instance of them,
 * which sends @hono/node-server down its slow path (a Headers copy and iteration per request), and reading
 * c.res.headers in jsonCharset would do the same.
 */
export function netServerJson(body: Uint8Array<ArrayBuffer> | string, headers: Record<string, string> = {}): Response {
  const res = new Response(body, { status: 200, headers: { "content-type": JSON_UTF8, ...headers } });
  typed.add(res);
  return res;
}

/** Gives every JSON answer of the tenant API, errors included, NetServer's content type. */
export const jsonCharset = createMiddleware(async (c, next) => {
  await next();
  if (typed.has(c.res)) return;
  if (c.res.headers.get("content-type") === "application/json") c.res.headers.set("content-type", JSON_UTF8);
});
