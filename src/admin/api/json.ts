import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { MAX_JSON_DEPTH, memberNestedDeeperThan } from "../../shared/json-depth.js";

/** Admin API errors: 400 naming the field, 404 for unknown ids; never 500 for what a caller sent. */
export class AdminError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413,
    message: string,
  ) {
    super(message);
  }
}

export function adminErrorResponse(c: Context, err: unknown) {
  if (err instanceof AdminError) return c.json({ error: err.status === 404 ? "not_found" : "invalid_request", message: err.message }, err.status);
  if (err instanceof HTTPException && err.status < 500) return c.json({ error: "invalid_request", message: err.message }, err.status as 400);
  throw err;
}

/** A JSON object body; an empty body is `{}`. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const text = (await c.req.text()).trim();
  if (text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AdminError(400, "body: expected JSON");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new AdminError(400, "body: expected a JSON object");
  const tooDeep = memberNestedDeeperThan(value);
  if (tooDeep !== undefined) throw new AdminError(400, `${tooDeep}: nests deeper than ${MAX_JSON_DEPTH} levels`);
  return value as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new AdminError(400, `${field}: expected a string`);
  return v;
}

export function requiredString(body: Record<string, unknown>, field: string): string {
  const v = optionalString(body, field);
  if (!v) throw new AdminError(400, `${field}: required`);
  return v;
}

export function optionalBool(body: Record<string, unknown>, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw new AdminError(400, `${field}: expected true or false`);
  return v;
}

export function optionalNumber(body: Record<string, unknown>, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new AdminError(400, `${field}: expected a number`);
  return v;
}

export function optionalStrings(body: Record<string, unknown>, field: string): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new AdminError(400, `${field}: expected an array of strings`);
  return v as string[];
}
