import { InvalidRequest, UnsupportedResponseType } from "../errors.js";
import type { AuthorizeInput, ResponseType } from "./authorization-request.js";
import { own } from "../../shared/own.js";

/** SOD's response types (discovery `response_types_supported`); `token id_token` in any order. */
const SUPPORTED: Record<string, ResponseType> = {
  code: "code",
  id_token: "id_token",
  token: "token",
  "code id_token": "code id_token",
  "id_token token": "id_token token",
};

export function checkResponseType({ params }: AuthorizeInput): ResponseType {
  const raw = params.response_type;
  if (!raw) throw new InvalidRequest("response_type is required");
  const normalised = raw.trim().split(/\s+/).sort().join(" ");
  const type = own(SUPPORTED, normalised);
  if (!type) throw new UnsupportedResponseType(`response_type ${raw} is not supported`);
  return type;
}
