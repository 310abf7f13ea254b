import type { AuthorizeCheck, ResponseMode } from "./authorization-request.js";

/**
 * response_mode `query`, `fragment` or `form_post`. Unknown values are ignored, not rejected: SuperOffice's
 * own samples send `form_data` and read the code from the query (identity.md §4.1). Tokens never travel
 * in a query string, so a response with a token defaults to, and cannot be forced out of, the fragment.
 */
export const checkResponseMode: AuthorizeCheck = (ctx) => {
  const carriesToken = ctx.request.responseType !== "code";
  const asked = ctx.params.response_mode;
  let mode: ResponseMode = carriesToken ? "fragment" : "query";
  if (asked === "form_post" || asked === "fragment") mode = asked;
  if (asked === "query" && !carriesToken) mode = "query";
  ctx.request.responseMode = mode;
};
