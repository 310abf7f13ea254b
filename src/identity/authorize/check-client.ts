import { AuthorizePageError, type AuthorizeCheck } from "./authorization-request.js";

/** RFC 6749 §4.1.2.1: an unknown or missing client_id is shown to the user, never redirected. */
export const checkClient: AuthorizeCheck = (ctx, lookups) => {
  const clientId = ctx.params.client_id;
  if (!clientId) throw new AuthorizePageError("Authorization error: missing client_id", "The request has no client_id, so SuperID cannot tell which app is asking.");
  const app = lookups.app(clientId);
  if (!app) throw new AuthorizePageError("Authorization error: unknown client_id", `No app is registered with client_id ${clientId}.`);
  ctx.app = app;
  ctx.request.clientId = app.clientId;
};
