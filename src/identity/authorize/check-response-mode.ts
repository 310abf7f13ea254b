import type { AuthorizeInput, ResponseMode, ResponseType } from "./authorization-request.js";

/**
 * response_mode `query`, `fragment` or `form_post`. Unknown values are ignored, not rejected: SuperOffice's
 * own samples send `form_data` and read the code from the query (identity.md §4.1). Tokens never travel
 * in a query string, so a response with a token defaults to, and cannot be forced out of, the fragment.
 */
export function checkResponseMode({ params }: AuthorizeInput, responseType: ResponseType): ResponseMode {
  const carriesToken = responseType !== "code";
  const asked = params.response_mode;
  if (asked === "form_post" || asked === "fragment") return asked;
  return carriesToken ? "fragment" : "query";
}

/** The mode an error goes back by when the checks stopped before the response type was known (identity.md §4.4). */
export function askedResponseMode({ params }: AuthorizeInput): ResponseMode {
  const asked = params.response_mode;
  return asked === "form_post" || asked === "fragment" ? asked : "query";
}
