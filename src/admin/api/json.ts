import type { Context, Env, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { MAX_JSON_DEPTH, memberNestedDeeperThan } from "../../shared/json-depth.js";

/**
 * The admin API's error kinds: the status each answers with and its `error` member. Callers tell a conflict
 * or an oversized body by the status; `error` stays `invalid_request` for them, as it always was.
 */
export const ADMIN_ERROR_KINDS = {
  invalid_request: { status: 400, error: "invalid_request" },
  not_found: { status: 404, error: "not_found" },
  conflict: { status: 409, error: "invalid_request" },
  too_large: { status: 413, error: "invalid_request" },
} as const;
export type AdminErrorKind = keyof typeof ADMIN_ERROR_KINDS;
type AdminStatus = (typeof ADMIN_ERROR_KINDS)[AdminErrorKind]["status"];

/** Admin API errors: 400 naming the field, 404 for unknown ids; never 500 for what a caller sent. Made by `adminError`. */
export class AdminError extends Error {
  readonly error: string;
  constructor(
    readonly status: AdminStatus,
    message: string,
  ) {
    super(message);
    this.error = Object.values(ADMIN_ERROR_KINDS).find((k) => k.status === status)!.error;
  }

  /** The admin API's error body, `{error, message}`. */
  body(): { error: string; message: string } {
    return { error: this.error, message: this.message };
  }
}

/** The one factory: an admin error of this kind, `message` starting with the field it is about. */
export function adminError(kind: AdminErrorKind, message: string): AdminError {
  return new AdminError(ADMIN_ERROR_KINDS[kind].status, message);
}

export function adminErrorResponse(c: Context, err: unknown) {
  if (err instanceof AdminError) return c.json(err.body(), err.status);
  if (err instanceof HTTPException && err.status < 500) return c.json({ error: "invalid_request", message: err.message }, err.status as 400);
  throw err;
}

/** A JSON object body; an empty body is `{}`. Read whatever the Content-Type, as scripts often send none. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const text = (await c.req.text()).trim();
  if (text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw adminError("invalid_request", "body: expected JSON");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw adminError("invalid_request", "body: expected a JSON object");
  const tooDeep = memberNestedDeeperThan(value);
  if (tooDeep !== undefined) throw adminError("invalid_request", `${tooDeep}: nests deeper than ${MAX_JSON_DEPTH} levels`);
  return value as Record<string, unknown>;
}

/**
 * The members admin bodies are made of, as zod schemas whose messages are the admin API's own ("expected a
 * string", "required"). Absent and `null` are the same: not given.
 */
const given = (v: unknown) => v !== undefined && v !== null;
const nullish = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (given(v) ? v : undefined), schema.optional()).optional();
export const member = {
  string: () => nullish(z.string({ error: "expected a string" })),
  requiredString: () => z.string({ error: (issue) => (given(issue.input) ? "expected a string" : "required") }).min(1, { error: "required" }),
  bool: () => nullish(z.boolean({ error: "expected true or false" })),
  number: () => nullish(z.number({ error: "expected a number" })),
  /** One of `values`, or absent; anything else is `message` ("expected standard or custom"). */
  oneOf: <const V extends readonly [string, ...string[]]>(values: V, message: string) => nullish(z.enum(values, { error: message })),
  requiredOneOf: <const V extends readonly [string, ...string[]]>(values: V, message: string) =>
    z.enum(values, { error: (issue) => (given(issue.input) && issue.input !== "" ? message : "required") }),
  strings: () => nullish(z.array(z.string({ error: "expected an array of strings" }), { error: "expected an array of strings" })),
};

/** The first problem zod found, as the admin API words it: `field: problem`. */
export function bodyProblem(error: z.ZodError): AdminError {
  const issue = error.issues[0]!;
  // An element's problem is its array's: "redirectUris: expected an array of strings".
  const path = issue.path.filter((p) => typeof p === "string").join(".") || "body";
  return adminError("invalid_request", `${path}: ${issue.message}`);
}

/** Checks a body read with `jsonBody` against `schema`: the typed body, or the first problem as a 400. */
export function parseBody<S extends z.ZodType>(schema: S, body: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw bodyProblem(result.error);
  return result.data;
}

/**
 * hono's validator contract for admin bodies (`c.req.valid("json")` after it). hono/validator's own "json"
 * target reads only bodies sent as application/json; admin callers (curl, scripts) often send none, so this
 * reads with `jsonBody` and answers problems the admin API's way. For routes that check their path first
 * (a 404 before a body's 400), call `parseBody(schema, await jsonBody(c))` in the handler instead.
 */
export function validBody<S extends z.ZodType<Record<string, unknown>, unknown>>(schema: S): MiddlewareHandler<Env, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }> {
  return async (c, next) => {
    c.req.addValidatedData("json", parseBody(schema, await jsonBody(c)));
    await next();
  };
}

/** Single members, for routes that read one or two: the same rules and messages as `member`. */
const one =
  <T>(schema: () => z.ZodType<T>) =>
  (body: Record<string, unknown>, field: string): T =>
    parseBody(z.object({ [field]: schema() }), body)[field] as T;
export const optionalString = one<string | undefined>(member.string);
export const requiredString = one<string>(member.requiredString);
export const optionalBool = one<boolean | undefined>(member.bool);
export const optionalNumber = one<number | undefined>(member.number);
export const optionalStrings = one<string[] | undefined>(member.strings);
