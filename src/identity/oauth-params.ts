import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { noteActivityClient } from "../runtime/activity.js";

/**
 * An OAuth request's parameters: the query string, overlaid by the form fields of a POST body
 * (identity.md §5.1: SOD's documented style puts token parameters in the query of an empty POST; libraries
 * use the body). A parameter repeated within the query or within the body counts once, the first time.
 *
 * A url-encoded body is read as text and split with URLSearchParams. hono's parseBody builds a Fetch
 * Response and FormData for it, which costs the token endpoint more than everything but its signature.
 */
export async function readOAuthParams(c: Context): Promise<Record<string, string>> {
  // Object.assign, not `{ ...query }`: the form's fields are added to it, and members added to a spread's
  // copy are slow on Node 20 (README, "Object spreads"). The query's names are the client's, but hono builds
  // that object by assignment, so it holds no own `__proto__` for Object.assign to turn into a prototype.
  const params: Record<string, string> = Object.assign({}, c.req.query());
  if (c.req.method === "POST") {
    const type = c.req.header("content-type") ?? "";
    const form: Record<string, string> = {};
    if (/^application\/x-www-form-urlencoded/i.test(type)) {
      for (const [k, v] of new URLSearchParams(await c.req.text())) form[k] ??= v;
    } else if (/^multipart\/form-data/i.test(type)) {
      for (const [k, v] of Object.entries(await parseMultipart(c))) if (typeof v === "string") form[k] = v;
    }
    Object.assign(params, form);
  }
  // The Activity page names the app of every call, failed ones included.
  noteActivityClient(c, params.client_id);
  return params;
}

/** A multipart body that does not parse is the client's mistake: 400 invalid_request, not a crash. */
async function parseMultipart(c: Context): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody();
  } catch {
    throw new HTTPException(400, { message: "the body is not valid multipart/form-data" });
  }
}
