import { InvalidRequest } from "../errors.js";
import { asksFor, type AuthorizeInput, type ResponseType } from "./authorization-request.js";

/** OIDC Core §3.2.2.1 / §3.3.2.11: a nonce is required whenever the id_token comes from the authorize endpoint. */
export function checkNonce({ params }: AuthorizeInput, responseType: ResponseType): string | undefined {
  const nonce = params.nonce;
  if (!nonce && asksFor(responseType, "id_token")) throw new InvalidRequest("nonce is required when response_type includes id_token");
  return nonce || undefined;
}
