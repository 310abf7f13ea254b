import { request } from "undici";
import { expect } from "vitest";
import { responseDefinition, validateBody } from "./openapi.js";

/**
 * The one "call, then parse JSON" helper of the e2e tests: a plain HTTP request with undici, the answer read
 * whole. `json` is the parsed body, or null when the body is empty or not JSON (tests that care look at
 * `text`), so a test sees exactly what a client would.
 */
export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body as received (snapshots are binary). */
  bytes: Buffer;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests index into bodies freely
}

export interface RequestOptions {
  /** A string or bytes are sent as they are; anything else as JSON (with content-type application/json). */
  body?: unknown;
  /** Added last: they override the defaults, including authorization and content-type. */
  headers?: Record<string, string>;
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Sends one request with only the headers given (plus content-type application/json for a JSON body). */
export async function httpRequest(method: string, url: string, options: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  let body: string | Uint8Array | undefined;
  if (typeof options.body === "string" || options.body instanceof Uint8Array) body = options.body;
  else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const res = await request(url, { method: method as "GET", headers: { ...headers, ...options.headers }, body });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  const text = bytes.toString("utf8");
  return { status: res.statusCode, headers: res.headers, text, bytes, json: parse(text) };
}

export interface TenantCallOptions extends RequestOptions {
  /** Another tenant than the client's. */
  tenant?: string;
  /** Another bearer token; null sends no authorization header at all. */
  token?: string | null;
  /** The whole Authorization header instead of the bearer token (another scheme: `SoTicket …`); null sends none. */
  authorization?: string | null;
}

export interface TenantApiClientOptions {
  /** The emulator's origin, read at call time (suites start the emulator in beforeAll). */
  origin: () => string;
  tenant: string;
  /** The bearer token, read at call time. */
  token: () => string;
  /** What follows `/{tenant}/api/` before the path each call gives: "" (default) or "v1/". */
  prefix?: string;
  /**
   * Every 5xx fails the test (the emulator answers bad input with a 4xx, never a 500) unless this says that
   * one is the point (a suspended tenant's 503).
   */
  expected5xx?: (status: number, tenant: string) => boolean;
}

export type TenantCall = (method: string, path: string, options?: TenantCallOptions) => Promise<Reply>;

/**
 * A client of one tenant's web API with a bearer token: `call("GET", "v1/Contact/1")` requests
 * `{origin}/{tenant}/api/v1/Contact/1`. A path starting with "/" is taken from the origin instead.
 */
export function tenantApiClient(client: TenantApiClientOptions): TenantCall {
  return async (method, path, options = {}) => {
    const tenant = options.tenant ?? client.tenant;
    const token = options.token === undefined ? client.token() : options.token;
    const authorization = options.authorization !== undefined ? options.authorization : token !== null ? `Bearer ${token}` : null;
    const url = path.startsWith("/") ? `${client.origin()}${path}` : `${client.origin()}/${tenant}/api/${client.prefix ?? ""}${path}`;
    const reply = await httpRequest(method, url, {
      body: options.body,
      headers: {
        accept: "application/json",
        // A string body is JSON too unless the caller says otherwise (malformed JSON is a test case).
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(authorization !== null ? { authorization } : {}),
        ...options.headers,
      },
    });
    if (!client.expected5xx?.(reply.status, tenant)) expect(reply.status, `${method} ${url} answered ${reply.status}: ${reply.text.slice(0, 300)}`).toBeLessThan(500);
    return reply;
  };
}

/**
 * A 200 whose body is valid against the Swagger file's response definition for that operation (every
 * member present; see openapi.ts); answers the parsed body.
 */
export function validReply(r: Reply, file: string, method: string, path: string): any {
  expect(r.status, r.text.slice(0, 300)).toBe(200);
  expect(validateBody(responseDefinition(file, method, path), r.json)).toEqual([]);
  return r.json;
}
