import { createMiddleware } from "hono/factory";
import { plainResponse } from "../http/plain-response.js";

/** NetServer's JSON content type (netserver.md §1.3); hono's c.json() names no charset. */
export const JSON_UTF8 = "application/json; charset=utf-8";

// Answers built by netServerJson(): already in NetServer's content type, so jsonCharset need not look.
const typed = new WeakSet<Response>();

/**
 * A 200 of JSON (serialised bytes) in NetServer's content type, plus `headers`, with plain headers (see
 * plainResponse); it is marked, so jsonCharset need not read c.res.headers (which would build a Headers).
 */
export function netServerJson(body: Uint8Array<ArrayBuffer> | string, headers: Record<string, string> = {}): Response {
  const res = plainResponse(body, { "content-type": JSON_UTF8, ...headers });
  typed.add(res);
  return res;
}

/** Gives every JSON answer of the tenant API, errors included, NetServer's content type. */
export const jsonCharset = createMiddleware(async (c, next) => {
  await next();
  if (typed.has(c.res)) return;
  if (c.res.headers.get("content-type") === "application/json") c.res.headers.set("content-type", JSON_UTF8);
});
