import { AuthorizeRedirectError, type AuthorizeCheck, type ResponseType } from "./authorization-request.js";
import { own } from "../../shared/own.js";

/** SOD's response types (discovery `response_types_supported`); `token id_token` in any order. */
const SUPPORTED: Record<string, ResponseType> = {
  code: "code",
  id_token: "id_token",
  token: "token",
  "code id_token": "code id_token",
  "id_token token": "id_token token",
};

export const checkResponseType: AuthorizeCheck = (ctx) => {
  const raw = ctx.params.response_type;
  if (!raw) throw new AuthorizeRedirectError("invalid_request", "response_type is required");
  const normalised = raw.trim().split(/\s+/).sort().join(" ");
  const type = own(SUPPORTED, normalised);
  if (!type) throw new AuthorizeRedirectError("unsupported_response_type", `response_type ${raw} is not supported`);
  ctx.request.responseType = type;
};
