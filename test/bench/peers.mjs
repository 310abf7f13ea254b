// The peers a developer might run instead of the emulator, started the way the benchmark starts servers:
// oidc-provider (OpenID-certified) and oauth2-mock-server, each with one client that has the code and refresh
// grants and an RS256 key, so a refresh grant answers a freshly signed RS256 id_token. Plain JS, like
// bare-hono.mjs, so node runs it directly with no build or loader cost.
// Usage: node test/bench/peers.mjs oidc-provider|oauth2-mock-server   (port 0: the OS picks; the ready line says)
//
// Two routes are added in front of each peer's own handler, for the harness only: GET /health (the readiness
// probe every server in the bench answers) and GET /bench/refresh-grant, the form body of a refresh-grant request
// whose refresh token is valid for this process. The token is made in-process through the peer's own models
// (oidc-provider) or is any string (oauth2-mock-server does not check it): the code flow that would mint it is
// setup, not what is measured. Discovery, JWKS and token requests go to the peers' own handlers untouched.
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";

const CLIENT_ID = "bench-client";
const CLIENT_SECRET = "bench-secret-0123456789abcdef0123456789abcdef";
const REDIRECT_URI = "http://localhost:3000/callback";
const ACCOUNT = "bench-user";

const peer = process.argv[2];
let handler = (_req, res) => res.writeHead(503).end();
let refreshGrant = "";
const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/health") return void res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
  if (req.method === "GET" && req.url === "/bench/refresh-grant") return void res.writeHead(200, { "content-type": "text/plain" }).end(refreshGrant);
  handler(req, res);
});
server.keepAliveTimeout = 30_000;
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

if (peer === "oidc-provider") {
  const { default: Provider } = await import("oidc-provider");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], redirect_uris: [REDIRECT_URI] }],
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "bench", alg: "RS256", use: "sig" }] },
    cookies: { keys: ["bench-cookie-key-0123456789abcdef"] },
    scopes: ["openid", "offline_access"],
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  });
  // A grant and a refresh token as the code flow would leave them (openid + offline_access, consented).
  const grant = new provider.Grant({ accountId: ACCOUNT, clientId: CLIENT_ID });
  grant.addOIDCScope("openid offline_access");
  const grantId = await grant.save();
  const client = await provider.Client.find(CLIENT_ID);
  const refreshToken = await new provider.RefreshToken({ client, accountId: ACCOUNT, grantId, scope: "openid offline_access", gty: "authorization_code", authTime: Math.floor(Date.now() / 1000) }).save();
  refreshGrant = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: CLIENT_ID, client_secret: CLIENT_SECRET }).toString();
  handler = provider.callback();
} else if (peer === "oauth2-mock-server") {
  const { OAuth2Server } = await import("oauth2-mock-server");
  const mock = new OAuth2Server();
  await mock.issuer.keys.generate("RS256");
  mock.issuer.url = issuer;
  refreshGrant = new URLSearchParams({ grant_type: "refresh_token", refresh_token: "bench-refresh-token", client_id: CLIENT_ID, client_secret: CLIENT_SECRET }).toString();
  handler = mock.service.requestHandler;
} else {
  console.error(`unknown peer ${peer}; use oidc-provider or oauth2-mock-server`);
  process.exit(2);
}
console.log(`${peer} ready at ${issuer}`);

process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
