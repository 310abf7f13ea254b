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
