import type { ClaimRow } from "../../portal/pages/claim-notes.js";
import type { Run } from "../run.js";
import { Checks, ExchangeView, exchangeTexts, Masked, Secrets, secretsIn } from "./exchange-view.js";
import { Next, Step } from "./step-frame.js";

/** Steps 5 to 8: the id_token checked, the API called, refresh and revoke, the system user (step 9: step-webhooks.tsx). */
function ClaimsTable({ run, claims, id }: { run: Run; claims: ClaimRow[]; id: string }) {
  return (
    <table id={id}>
      <thead>
        <tr>
          <th>Claim</th>
          <th>Value</th>
          <th>Meaning</th>
        </tr>
      </thead>
      <tbody>
        {claims.map((c) => (
          <tr data-claim={c.shortName ?? c.name}>
            <td>{c.shortName !== null ? <><strong>{c.shortName}</strong><br /><span class="muted">{c.name}</span></> : <strong>{c.name}</strong>}</td>
            <td class="value">
              <Masked run={run} text={c.value} />
            </td>
            <td>{c.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function IdTokenStep({ run, csrf }: { run: Run; csrf: string }) {
  const t = run.idToken;
  if (!t) return <Step n={5} title="The id_token, decoded and checked" done={false} explain="The app decodes the id_token and checks its signature against SuperID's published keys." />;
  return (
    <Step n={5} title="The id_token, decoded and checked" done={true} explain="The id_token is a JWT: three base64url parts, header, claims and signature. Anyone can decode it; only a check of the signature with SuperID's public key (from its JWKS) shows SuperID made it. Then the app checks it is for this app (aud), from this SuperID (iss), still valid, and made for this sign-in (nonce). Its claims say who signed in and where the tenant's API is.">
      <h3>Header</h3>
      <pre id="id-token-header">{JSON.stringify(t.header, null, 2)}</pre>
      <h3>Claims</h3>
      <ClaimsTable run={run} claims={t.claims} id="id-token-claims" />
      <ExchangeView run={run} exchange={t.jwks} id="jwks-exchange" />
      <h3>The checks, one by one</h3>
      <Checks checks={t.checks} id="id-token-checks" />
      {!run.api && <Next action="/workshop/api" label="Call the API (step 6)" csrf={csrf} />}
    </Step>
  );
}

export function ApiStep({ run, csrf }: { run: Run; csrf: string }) {
  const calls = run.api;
  if (!calls) return <Step n={6} title="The first API calls" done={false} explain="The app calls the tenant's web API with the access token." />;
  return (
    <Step n={6} title="The first API calls" done={true} explain="The id_token's webapi_url says where this tenant's API is. The app sends the access token as Authorization: Bearer on every call: first “who am I” (v1/User/currentPrincipal), then the company that user belongs to. A tenant that is not running answers 503 with Retry-After: switch the tenant's state in the presenter tools and call again to show it.">
      {calls.map((e, i) => (
        <ExchangeView run={run} exchange={e} id={`api-exchange-${i + 1}`} />
      ))}
      <Secrets run={run} names={secretsIn(run, exchangeTexts(calls))} />
      {!run.refresh && (
        <p>
          <Next action="/workshop/api-again" label="Call v1/User/currentPrincipal again" csrf={csrf} secondary={true} />
          {!run.webhooks && <Next action="/workshop/webhooks" label="Webhooks now (step 9)" csrf={csrf} secondary={true} />}
          <Next action="/workshop/refresh" label="Refresh, then revoke (step 7)" csrf={csrf} />
        </p>
      )}
    </Step>
  );
}

export function RefreshStep({ run, csrf }: { run: Run; csrf: string }) {
  const r = run.refresh;
  if (!r) return <Step n={7} title="Refresh, then revoke" done={false} explain="The app gets a new access token with its refresh token, then revokes it." />;
  return (
    <Step n={7} title="Refresh, then revoke" done={true} explain="Access tokens last an hour; the app gets new ones from the token endpoint with its refresh token, without the user. When the user signs out of the app (or it no longer needs access), the app revokes the refresh token: from then on it, and the access tokens made from it, fail.">
      {r.exchanges.map((e, i) => (
        <ExchangeView run={run} exchange={e} id={`refresh-exchange-${i + 1}`} />
      ))}
      <h3>What works and what fails</h3>
      <Checks checks={r.checks} id="refresh-checks" />
      <Secrets run={run} names={secretsIn(run, exchangeTexts(r.exchanges))} />
      {!run.systemUser && <Next action="/workshop/system-user" label="Act as the system user (step 8)" csrf={csrf} />}
    </Step>
  );
}

export function SystemUserStep({ run, csrf }: { run: Run; csrf: string }) {
  const next = !run.webhooks && <Next action="/workshop/webhooks" label="Webhooks (step 9)" csrf={csrf} />;
  const s = run.systemUser;
  const explain =
    "A server-to-server app works without a signed-in user, as the tenant's system user. When an administrator signs in to an app allowed the system user, the id_token carries a system_token. The app signs “{system_token}.{UTC time yyyyMMddHHmm}” with its own private key (RSA-SHA256), exchanges it at PartnerSystemUser/Authenticate for a JWT signed by SuperOffice, and calls the API with that JWT's ticket and its client secret.";
  if (!s) return <Step n={8} title="The system user" done={false} explain={explain} />;
  if (s.blocked) {
    return (
      <Step n={8} title="The system user" done={true} explain={explain}>
        <p class="error" id="system-user-blocked">{s.blocked}</p>
        {next}
      </Step>
    );
  }
  const texts = exchangeTexts([s.exchange, s.call]);
  return (
    <Step n={8} title="The system user" done={true} explain={explain}>
      <h3>Building the signed system token</h3>
      <dl id="signed-system-token">
        <dt>system_token (from the id_token)</dt>
        <dd>
          <code>{s.systemToken}</code>
        </dd>
        <dt>timestamp (UTC, yyyyMMddHHmm)</dt>
        <dd>
          <code>{s.timestamp}</code> <span class="muted">may be 10 minutes old or 5 ahead</span>
        </dd>
        <dt>signed text</dt>
        <dd>
          <code>{s.signedData}</code>
        </dd>
        <dt>signature</dt>
        <dd>
          <code>{s.signature}</code> <span class="muted">RSA-SHA256 (PKCS#1 v1.5) with the app's private key, base64 (npx sod-emulator apps key {"{client_id}"} prints the key)</span>
        </dd>
      </dl>
      {s.exchange && <ExchangeView run={run} exchange={s.exchange} id="system-user-exchange" />}
      {s.jwtChecks && (
        <>
          <h3>The system-user JWT, checked against the JWKS</h3>
          <Checks checks={s.jwtChecks} id="system-user-checks" />
          <ClaimsTable run={run} claims={s.jwtClaims ?? []} id="system-user-claims" />
        </>
      )}
      {s.call && <ExchangeView run={run} exchange={s.call} id="system-user-call" />}
      <Secrets run={run} names={secretsIn(run, texts)} />
      {next}
    </Step>
  );
}
