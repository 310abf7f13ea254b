import type { Context } from "hono";
import { badRequest } from "../../http/superoffice-error.js";
import { queryParam } from "../entities/entity-env.js";
import { asBool, asInt, asString, member } from "../json/lenient.js";
import { readJsonBody } from "../json/read-body.js";
import { decodeUriPart } from "../../shared/uri.js";

/**
 * Agent arguments as NetServer binds them (netserver.md §7): each named argument from the query string
 * or a member of the JSON body object, names in any case; the body may be empty or `null`. The official
 * client posts camelCase bodies (`{"includeDeleted":true}`), SuperOffice's samples PascalCase.
 */
export interface AgentArguments {
  body: unknown;
  value(name: string): unknown;
  bool(name: string): boolean;
  string(name: string): string;
}

export async function agentArguments(c: Context): Promise<AgentArguments> {
  const body = await readJsonBody(c);
  const value = (name: string) => queryParam(c, name) ?? member(body, name);
  return {
    body,
    value,
    bool: (name) => flag(value(name), name),
    string: (name) => asString(value(name), name),
  };
}

/**
 * The entity of a `Save{X}Entity` call: the body itself (Swagger, the official client), or the body's one
 * member named after the parameter (`{"WebPanelEntity": {...}}`, as SuperOffice's PHP samples send it).
 */
export function entityArgument(args: AgentArguments, name: string): unknown {
  const wrapped = member(args.body, name);
  return wrapped !== null && typeof wrapped === "object" && !Array.isArray(wrapped) ? wrapped : args.body;
}

/** A boolean switch; absent or empty is false, anything but true/false/0/1 a 400. */
export function flag(value: unknown, name: string): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (value === "0" || value === "1") return value === "1";
  return asBool(value, name);
}

/** The ids of a `Get{X}List` call: a bare JSON array of numbers (or numeric strings). */
export function idArray(body: unknown, what: string): number[] {
  if (body === null) return [];
  if (!Array.isArray(body)) throw badRequest(`${what}: expected a JSON array of ids in the request body`);
  return body.map((v, i) => asInt(v, `${what}[${i}]`));
}

/** A path parameter as the client spelled it (routing lower-cases paths), for error messages. */
export function asSent(c: Context, lowered: string): string {
  const segments = new URL(c.req.url).pathname.split("/").map(decodeUriPart);
  return segments.find((s) => s.toLowerCase() === lowered) ?? lowered;
}
