import type { Context } from "hono";

/**
 * Token and revoke parameters from the query string and the form body, body winning (identity.md §5.1):
 * SOD's documented style puts everything in the query of an empty POST; libraries use the body.
 */
export async function readTokenParams(c: Context): Promise<Record<string, string>> {
  const params: Record<string, string> = { ...c.req.query() };
  const type = c.req.header("content-type") ?? "";
  if (/application\/x-www-form-urlencoded|multipart\/form-data/i.test(type)) {
    for (const [k, v] of Object.entries(await c.req.parseBody())) if (typeof v === "string") params[k] = v;
  }
  return params;
}
