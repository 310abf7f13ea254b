import type { App } from "../../store/apps.js";
import type { Tenant } from "../../store/tenants.js";
import type { User } from "../../store/users.js";
import { TENANT_STATE_NAMES } from "../../shared/tenant-states.js";
import type { Run } from "../run.js";
import { CsrfField, WorkshopLayout } from "./layout.js";
import { ApiStep, IdTokenStep, RefreshStep, SystemUserStep } from "./steps-api.js";
import { WebhooksStep } from "./step-webhooks.js";
import { AuthorizeStep, CallbackStep, ScreensStep, TokenStep } from "./steps-sign-in.js";

/** The one workshop page: the presenter's choices (or this run's), the presenter tools, and the steps so far. */
export interface WorkshopPageProps {
  large: boolean;
  csrf: string;
  run?: Run | undefined;
  apps: App[];
  users: User[];
  tenants: Tenant[];
  notice?: string | undefined;
  error?: string | undefined;
}

const KIND: Record<App["kind"], string> = {
  web: "web app with a client secret",
  native: "native app: public client, PKCE S256",
  "server-to-server": "server-to-server, allowed the system user (step 8)",
};

function StartForm(p: WorkshopPageProps) {
  return (
    <form method="post" action="/workshop/start" id="start-form">
      <CsrfField token={p.csrf} />
      <div class="grid">
        <div>
          <label for="app">App</label>
          <select id="app" name="app">
            {p.apps.map((a) => (
              <option value={a.clientId}>{`${a.name} (${KIND[a.kind]}${a.systemUser && a.kind !== "server-to-server" ? ", system user" : ""})`}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="user">User</label>
          <select id="user" name="user">
            <option value="">Choose on the sign-in screen</option>
            {p.users.map((u) => (
              <option value={u.username}>{`${u.firstName} ${u.lastName} (${u.username})`}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="tenant">Tenant</label>
          <select id="tenant" name="tenant">
            <option value="">Ask on the tenant picker</option>
            {p.tenants.map((t) => (
              <option value={t.contextIdentifier}>{`${t.companyName} (${t.contextIdentifier}, ${t.state})`}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="responseMode">Response mode</label>
          <select id="responseMode" name="responseMode">
            <option value="query">query: code in the URL</option>
            <option value="form_post">form_post: a form the browser posts</option>
            <option value="fragment">fragment: after #, relayed by a script</option>
          </select>
        </div>
      </div>
      <p>
        <input type="checkbox" id="forceLogin" name="forceLogin" checked />{" "}
        <label class="check" for="forceLogin">
          Always show the sign-in screen (prompt=login)
        </label>
      </p>
      <p>
        <button type="submit">Start (step 1)</button>
      </p>
    </form>
  );
}

function RunSummary({ run, csrf }: { run: Run; csrf: string }) {
  const c = run.choice;
  return (
    <div id="run-summary">
      <dl>
        <dt>App</dt>
        <dd>{`${c.appName} · client_id ${c.clientId} · ${KIND[c.kind]}`}</dd>
        <dt>User</dt>
        <dd>{c.user || "chosen on the sign-in screen"}</dd>
        <dt>Tenant</dt>
        <dd>{c.tenant || "chosen on the tenant picker"}</dd>
        <dt>Response mode</dt>
        <dd>{c.responseMode}</dd>
      </dl>
      <form method="post" action="/workshop/start-over">
        <CsrfField token={csrf} />
        <button type="submit" class="secondary">
          Start over
        </button>
      </form>
    </div>
  );
}

function PresenterTools(p: WorkshopPageProps) {
  return (
    <div class="tools" id="tenant-state">
      <form method="post" action="/workshop/tenant-state">
        <CsrfField token={p.csrf} />
        <strong>Presenter tools:</strong> set{" "}
        <label class="check" for="state-tenant">
          tenant
        </label>{" "}
        <select id="state-tenant" name="tenant">
          {p.tenants.map((t) => (
            <option value={t.contextIdentifier} selected={t.contextIdentifier === p.run?.choice.tenant}>{`${t.contextIdentifier} (now ${t.state})`}</option>
          ))}
        </select>{" "}
        <label class="check" for="state">
          to state
        </label>{" "}
        <select id="state" name="state">
          {TENANT_STATE_NAMES.map((s) => (
            <option value={s}>{s}</option>
          ))}
        </select>{" "}
        <button type="submit" class="secondary">
          Set state
        </button>
      </form>
      <span class="muted">Only Running and OnlineMaintenance serve the API and sign-in; the others answer 503 with Retry-After (Deleted: 404). Call the API again in step 6 to show it.</span>
    </div>
  );
}

export function WorkshopPage(p: WorkshopPageProps) {
  const run = p.run;
  return (
    <WorkshopLayout title="The OAuth flow, step by step" large={p.large}>
      <h1>The OAuth flow, step by step</h1>
      <p>
        The emulator plays a SuperOffice app here: it builds the requests, your browser goes through SuperID's real screens, and the app's server side calls the
        emulator over HTTP. Every request and answer below is what went over the wire in this run. Secrets show as <code>{"${NAME}"}</code>; each step can reveal them.
      </p>
      {p.notice && (
        <p class="notice" role="status">
          {p.notice}
        </p>
      )}
      {p.error && (
        <p class="error" role="alert" id="workshop-error">
          {p.error}
        </p>
      )}
      {run ? <RunSummary run={run} csrf={p.csrf} /> : <StartForm {...p} />}
      <PresenterTools {...p} />
      <div id="steps">
        {run && (
          <>
            <AuthorizeStep run={run} />
            <ScreensStep run={run} />
            <CallbackStep run={run} csrf={p.csrf} />
            <TokenStep run={run} csrf={p.csrf} />
            <IdTokenStep run={run} csrf={p.csrf} />
            <ApiStep run={run} csrf={p.csrf} />
            <RefreshStep run={run} csrf={p.csrf} />
            <SystemUserStep run={run} csrf={p.csrf} />
            <WebhooksStep run={run} />
          </>
        )}
      </div>
    </WorkshopLayout>
  );
}
