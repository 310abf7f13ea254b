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

/** Thrown anywhere in the tenant API; the app's error handler turns it into the SuperOffice error body. */
export class SoError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (entity: string, id: number | string) => new SoError(404, "SoNotFoundException", `${entity} id ${id} not found`);
export const badRequest = (message: string) => new SoError(400, "ArgumentException", message);

export function superOfficeError(errorType: string, message: string): SuperOfficeErrorBody {
  return { Error: true, ErrorType: errorType, ErrorMessage: message, Message: message, ErrorSource: "SuperOffice.Services.Implementation" };
}

export function respondSuperOfficeError(c: Context, status: ContentfulStatusCode, errorType: string, message: string) {
  return c.json(superOfficeError(errorType, message), status);
}

/** Tenant API paths (`/{ContextIdentifier}/api/...`, `/{ContextIdentifier}/Remote/...`), any case. */
export function isTenantPath(path: string): boolean {
  return /^\/cust\d+\/(api|remote)(\/|$)/i.test(path);
}
