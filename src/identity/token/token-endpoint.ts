import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { authenticateClient, sendsClientCredentials } from "./authenticate-client.js";
import { authorizationCodeGrant } from "./grant-authorization-code.js";
import { refreshTokenGrant } from "./grant-refresh-token.js";
import { readOAuthParams } from "../oauth-params.js";
import { InvalidRequest, OAuthError, UnsupportedGrantType } from "../errors.js";
import { registeredOriginsCors } from "../../http/app-origins.js";
import { revoke } from "./revoke.js";
import { own } from "../../shared/own.js";
import { withBackchannel } from "../../runtime/backchannel.js";
import { plainResponse } from "../../http/plain-response.js";

const GRANTS = { authorization_code: authorizationCodeGrant, refresh_token: refreshTokenGrant } as const;

/**
 * `POST /login/common/oauth/tokens` (plural, as on SOD) and `POST /login/common/oauth/revoke`:
 * read parameters, authenticate the client, then run the grant. Errors are RFC 6749 JSON, never a page.
 */
export function tokenRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  // A browser app on a registered origin exchanges its code and refreshes with fetch (PKCE public clients).
  const cors = registeredOriginsCors((origin) => ctx.store.apps.hasCorsOrigin(origin), "POST, OPTIONS");
  app.use("/login/common/oauth/tokens", cors);
  app.use("/login/common/oauth/revoke", cors);
  app.post("/login/common/oauth/tokens", async (c) => {
    try {
      const params = await readOAuthParams(c);
      const client = authenticateClient(params, c.req.header("authorization"), (id) => ctx.store.apps.get(id));
      if (!params.grant_type) throw new InvalidRequest("grant_type is required");
      const grant = own(GRANTS, params.grant_type);
      if (!grant) throw new UnsupportedGrantType(`grant_type ${params.grant_type} is not supported; SOD supports authorization_code and refresh_token`);
      // The id_token's webapi_url/netserver_url are for the server that called: its back channel.
      const tokens = await grant(withBackchannel(ctx, c), client, params);
      return plainResponse(JSON.stringify(tokens), TOKEN_RESPONSE_HEADERS);
    } catch (err) {
      return tokenErrorResponse(c, err);
    }
  });
  app.post("/login/common/oauth/revoke", async (c) => {
    try {
      const params = await readOAuthParams(c);
      const authorization = c.req.header("authorization");
      // RFC 7009 §2.1 authenticates the client; SuperOffice's own samples send only the token, so a
      // request without any client credentials revokes by possession of the token (revoke.ts).
      const client = sendsClientCredentials(params, authorization) ? authenticateClient(params, authorization, (id) => ctx.store.apps.get(id)) : null;
      revoke(ctx, client?.app.clientId ?? null, params);
      noStore(c);
      return c.body(null, 200);
    } catch (err) {
      return tokenErrorResponse(c, err);
    }
  });
  return app;
}

/**
 * A token response's headers (RFC 6749 §5.1: no-store), as one plain object: c.header() would make them a
 * Headers instance, which costs every grant a copy and an iteration (see plainResponse).
 */
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };
const TOKEN_RESPONSE_HEADERS = { "content-type": "application/json", ...NO_STORE };

function noStore(c: Context) {
  for (const [name, value] of Object.entries(NO_STORE)) c.header(name, value);
}

function tokenErrorResponse(c: Context, err: unknown) {
  if (err instanceof HTTPException && err.status === 400) err = new InvalidRequest(err.message);
  if (!(err instanceof OAuthError)) throw err;
  noStore(c);
  if (err.basicChallenge) c.header("WWW-Authenticate", 'Basic realm="SuperID"');
  return c.json(err.body(), err.status);
}
