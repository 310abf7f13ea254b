import type { App } from "../../store/apps.js";
import { InvalidClient, InvalidRequest } from "../errors.js";
import type { AuthorizeInput, AuthorizeLookups } from "./authorization-request.js";

/** RFC 6749 §4.1.2.1: an unknown or missing client_id is shown to the user, never redirected. */
export function checkClient({ params }: AuthorizeInput, lookups: AuthorizeLookups): App {
  const clientId = params.client_id;
  if (!clientId) throw new InvalidRequest("The request has no client_id, so SuperID cannot tell which app is asking.", { page: "Authorization error: missing client_id" });
  const app = lookups.app(clientId);
  if (!app) throw new InvalidClient(`No app is registered with client_id ${clientId}.`, { page: "Authorization error: unknown client_id" });
  return app;
}
