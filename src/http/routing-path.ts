import { getPath } from "hono/utils/url";

/**
 * The path routes are matched against. SOD runs on IIS, where paths are case-insensitive (clients mix /login
 * and /Login) and where `…/api/` and `…/api`, or a doubled slash from a base URL that ends in one, reach the
 * same resource: routes are declared in lower case without a trailing slash and matched against the path
 * lower-cased, with runs of slashes collapsed and one trailing slash dropped. So c.req.path and path
 * parameters arrive lower-cased: ids in paths must not depend on case (numbers, hex), and messages should
 * show new URL(c.req.url).pathname.
 */
export function routingPath(request: Request): string {
  const path = getPath(request).toLowerCase();
  // Most paths have neither a doubled nor a trailing slash: then both replacements would change nothing.
  if (!path.includes("//") && !path.endsWith("/")) return path;
  return path.replace(/\/{2,}/g, "/").replace(/(.)\/$/, "$1");
}
