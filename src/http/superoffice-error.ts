import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * NetServer's error body. SOD sends `ErrorMessage` from REST and `Message` from Agents; clients read
 * either, so both carry the message (spec/README.md "REST error body").
 */
export interface SuperOfficeErrorBody {
  Error: true;
  ErrorType: string;
  ErrorMessage: string;
  Message: string;
  ErrorSource: string;
}

/**
 * The ErrorTypes the emulator answers with, each with the HTTP status it comes with: SuperOffice's error
 * kinds, in the manner of node-oidc-provider's one class per OAuth error; `soError` makes them.
 */
export const SO_ERROR_KINDS = {
  /** A member, argument or query option the API cannot take. */
  ArgumentException: 400,
  /** A request hono or the HTTP parser refused before a handler read it. */
  BadRequest: 400,
  UnauthorizedAccessException: 401,
  SoAccessDeniedException: 403,
  /** An entity id that does not exist. */
  SoNotFoundException: 404,
  /** A route, list, MDO list or archive provider the emulator does not serve. */
  NotFound: 404,
  TenantNotFound: 404,
  RequestTimeout: 408,
  PatchTestFailed: 409,
  PreconditionFailed: 412,
  RequestTooLarge: 413,
  MisdirectedRequest: 421,
  RequestHeaderFieldsTooLarge: 431,
  InternalError: 500,
  /** A fault rule's body; the rule chooses the status. */
  InjectedFault: 500,
  TenantNotRunning: 503,
} as const satisfies Record<string, ContentfulStatusCode>;
export type SoErrorType = keyof typeof SO_ERROR_KINDS;

/** Thrown anywhere in the tenant API; the app's error handler turns it into the SuperOffice error body. Made by `soError`. */
export class SoError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly errorType: SoErrorType,
    message: string,
  ) {
    super(message);
  }

  body(): SuperOfficeErrorBody {
    return superOfficeError(this.errorType, this.message);
  }
}

/**
 * The one factory: an error of this kind with its own status. `status` only where a request was refused with
 * another (hono's HTTPException statuses answered as `BadRequest`).
 */
export function soError(errorType: SoErrorType, message: string, status: ContentfulStatusCode = SO_ERROR_KINDS[errorType]): SoError {
  return new SoError(status, errorType, message);
}

export const notFound = (entity: string, id: number | string) => soError("SoNotFoundException", `${entity} id ${id} not found`);
export const badRequest = (message: string) => soError("ArgumentException", message);

export function superOfficeError(errorType: SoErrorType, message: string): SuperOfficeErrorBody {
  return { Error: true, ErrorType: errorType, ErrorMessage: message, Message: message, ErrorSource: "SuperOffice.Services.Implementation" };
}

export function respondSuperOfficeError(c: Context, err: SoError) {
  return c.json(err.body(), err.status);
}

/** Tenant API paths (`/{ContextIdentifier}/api/...`, `/{ContextIdentifier}/Remote/...`), any case. */
export function isTenantPath(path: string): boolean {
  return /^\/cust\d+\/(api|remote)(\/|$)/i.test(path);
}
