/**
 * The row type of every product's operation table (src/identity/operations.ts, src/tenant-api/operations.ts,
 * src/admin/api/operations.ts, src/portal/pages/operations.ts, src/workshop/operations.ts). A table lists
 * each operation once, with its name written out in full as SuperOffice's Swagger files and docs spell it,
 * so that any URL a client sends can be found with grep: `Agents/Sale/GetSaleEntity`, `v1/Contact/{id}`,
 * `/login/common/oauth/tokens`. Nothing in a table is built by string concatenation.
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

export interface Operation {
  method: HttpMethod;
  /** The operation's path as SuperOffice spells it (case included), path parameters in braces: `{id}`. */
  name: string;
  /** The file that registers it, relative to src/. */
  file: string;
}

/**
 * A table name as the router declares it: lower case (routing-path.ts), `{param}` as `:param`. The
 * parameter keeps its name in lower case: `{id}` is read as `c.req.param("id")`.
 */
export function routePattern(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_, p: string) => `:${p}`).toLowerCase();
}
