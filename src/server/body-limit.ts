import { bodyLimit } from "hono/body-limit";
import { isTenantPath, respondSuperOfficeError } from "./superoffice-error.js";

/** Refuses request bodies over the configured size with 413 before any handler reads them. */
export function requestSizeLimit(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      const message = `Request body is larger than ${maxBytes} bytes`;
      if (isTenantPath(c.req.path)) return respondSuperOfficeError(c, 413, "RequestTooLarge", message);
      return c.json({ error: "invalid_request", error_description: message }, 413);
    },
  });
}
