import type { Run } from "../run.js";
import { Checks, ExchangeView, exchangeTexts, Masked, Secrets, secretsIn } from "./exchange-view.js";
import { Next, Step } from "./step-frame.js";

/** Steps 1 to 4: the authorize request, SuperID's screens, the way back, and the code exchange. */
const PARAMS: Record<string, string> = {
  client_id: "Which app asks: its client id from the Developer Portal.",
  redirect_uri: "Where SuperID sends the browser back. It must equal one the app registered, exactly; this one is the workshop's own callback page.",
  response_type: "code: the authorization code flow. The app gets a one-time code in the browser and exchanges it for tokens over the back channel.",
  response_mode: "How the code travels back: query (in the URL), form_post (a form the browser posts) or fragment (after #, which never reaches a server).",
  scope: "openid: an OpenID Connect sign-in, so the answer includes an id_token that says who signed in.",
  state: "A random value the app keeps for this browser. SuperID returns it unchanged; the app refuses a callback whose state it did not make.",
  nonce: "A random value SuperID copies into the id_token, so the app can tell that id_token was made for this sign-in.",
  code_challenge: "PKCE: BASE64URL(SHA-256(code_verifier)). Whoever exchanges the code must show the verifier, which never went through the browser.",
  code_challenge_method: "S256: the challenge is the SHA-256 of the verifier (plain would send the verifier itself).",
  acr_values: "tenant:Cust…: picks the tenant, so SuperID skips the tenant picker.",
  login_hint: "Pre-fills the user name on the sign-in screen.",
  prompt: "login: show the sign-in screen even when the browser has a SuperID session (single sign-on).",
};

export function AuthorizeStep({ run }: { run: Run }) {
  const url = new URL(run.authorizeUrl);
  return (
    <Step n={1} title="The authorize request" done={true} explain="The app sends the browser to SuperID's authorize endpoint with a URL that says which app asks, what it wants back and where to. Nothing secret is in it: it goes through the browser. The app keeps state, nonce and the PKCE verifier for later.">
      <table id="authorize-params">
        <thead>
          <tr>
            <th>Parameter</th>
            <th>Value</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {[...url.searchParams].map(([k, v]) => (
            <tr data-param={k}>
              <td>
                <code>{k}</code>
              </td>
              <td class="value">{v}</td>
              <td>{PARAMS[k] ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>PKCE, computed for this run</h3>
      <dl id="pkce">
        <dt>code_verifier</dt>
        <dd>
          <code id="pkce-verifier">{run.pkce.verifier}</code> <span class="muted">32 random bytes, base64url; kept by the app, sent only in step 4</span>
        </dd>
        <dt>code_challenge</dt>
        <dd>
          <code id="pkce-challenge">{run.pkce.challenge}</code> <span class="muted">BASE64URL(SHA-256(code_verifier)), sent now</span>
        </dd>
      </dl>
      <h3>The request your browser sends</h3>
      <pre class="request" id="authorize-url">{`GET ${run.authorizeUrl}`}</pre>
      <h4>By hand</h4>
      <pre class="curl">{`curl -i "${run.authorizeUrl}"`}</pre>
      {!run.callback && (
        <p>
          <a class="button" id="go-to-superid" href={run.authorizeUrl}>
            Go to SuperID (step 2) →
          </a>
        </p>
      )}
    </Step>
  );
}

function screenOf(method: string, path: string): string {
  if (/\/oauth\/authorize$/i.test(path)) return "the authorize request (step 1's URL)";
  if (method === "GET" && /\/interaction\/[^/]+$/i.test(path)) return "a SuperID screen: sign-in, tenant picker or consent";
  const action = /\/interaction\/[^/]+\/([^/]+)$/i.exec(path)?.[1];
  const named: Record<string, string> = { "sign-in": "the sign-in form was sent", tenant: "a tenant was chosen", consent: "the consent was answered", "switch-user": "another user was chosen", cancel: "the sign-in was cancelled" };
  return (action && named[action]) ?? "";
}

export function ScreensStep({ run }: { run: Run }) {
  const cb = run.callback;
  return (
    <Step n={2} title="Sign-in, tenant picker and consent" done={cb !== undefined} explain="The browser is on SuperID now, not on the app: the user signs in, picks a tenant if they belong to several, and an administrator approves the app the first time. The app never sees the password. These are SuperID's real screens; each one says which step of the flow it is.">
      {cb ? (
        <>
          <p>The SuperID calls your browser made on the way (from the emulator's Activity; the interaction id is shortened):</p>
          <table id="screens">
            <thead>
              <tr>
                <th>Request</th>
                <th>Status</th>
                <th>What it was</th>
              </tr>
            </thead>
            <tbody>
              {cb.screens.map((s) => (
                <tr>
                  <td>
                    <code>{`${s.method} ${s.path.replace(/(\/interaction\/)[^/]+/i, "$1…")}`}</code>
                  </td>
                  <td>{s.status}</td>
                  <td>{screenOf(s.method, s.path)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p class="muted">Waiting: follow “Go to SuperID” in step 1. SuperID sends the browser back here when it is done.</p>
      )}
    </Step>
  );
}

export function CallbackStep({ run, csrf }: { run: Run; csrf: string }) {
  const cb = run.callback;
  if (!cb) return <Step n={3} title="Back to the app with code and state" done={false} explain="SuperID sends the browser back to the redirect URI with a code and the state." />;
  return (
    <Step
      n={3}
      title="Back to the app with code and state"
      done={true}
      explain={`SuperID sent the browser back to the redirect URI (${cb.via === "query" ? "the values in the query string" : cb.via === "form_post" ? "as a form the browser posted" : "in the fragment, which only the browser sees: a small script on the callback page posted it on"}). The app first checks that state is the value it made for this browser: a callback it did not start could carry someone else's code, and the app would sign this user in as them.`}
    >
      <ExchangeView run={run} exchange={cb.exchange} id="callback-exchange" />
      <h3>What came back</h3>
      <table id="callback-params">
        <tbody>
          {cb.params.map(([k, v]) => (
            <tr data-param={k}>
              <td>
                <code>{k}</code>
              </td>
              <td class="value">
                <Masked run={run} text={v} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Checks checks={cb.checks} id="callback-checks" />
      {cb.code && !run.tokens && <Next action="/workshop/token" label="Exchange the code for tokens (step 4)" csrf={csrf} />}
    </Step>
  );
}

export function TokenStep({ run, csrf }: { run: Run; csrf: string }) {
  const t = run.tokens;
  if (!t) return <Step n={4} title="The token request" done={false} explain="The app's server sends the code to SuperID's token endpoint and gets tokens." />;
  const names = secretsIn(run, exchangeTexts([t.exchange]));
  return (
    <Step
      n={4}
      title="The token request"
      done={true}
      explain={`The app's server (not the browser) posts the code to SuperID's token endpoint with the same redirect_uri, the PKCE code_verifier${run.choice.clientSecret ? " and its client secret: only the real app has both" : ": a native app is a public client with no secret, so the verifier proves it is the app that started the flow"}. The answer holds an access token for the API (1 hour), a refresh token for more, and the id_token saying who signed in.`}
    >
      <ExchangeView run={run} exchange={t.exchange} id="token-exchange" />
      <Secrets run={run} names={names} />
      {t.exchange.response?.status === 200 && !run.idToken && <Next action="/workshop/id-token" label="Check the id_token (step 5)" csrf={csrf} />}
    </Step>
  );
}
