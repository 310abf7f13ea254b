import type { App } from "../../store/apps.js";
import type { Consent } from "../../store/consents.js";
import { CsrfField, PortalLayout } from "./layout.js";

export interface ApprovalRow {
  consent: Consent;
  tenantName: string;
  approvedBy: string;
}

export interface AppPageProps {
  app: App;
  /** The emulator generated the app's key pair and still holds the private key to hand out. */
  hasPrivateKey: boolean;
  approvals: ApprovalRow[];
  csrf: string;
  notice?: string | undefined;
  error?: string | undefined;
}

const list = (values: string[]) =>
  values.length === 0 ? <span class="muted">none</span> : <ul>{values.map((v) => <li><code>{v}</code></li>)}</ul>;

/** One app: its credentials, system-user key and authorization records. */
export function AppPage(p: AppPageProps) {
  const a = p.app;
  const base = `/portal/apps/${a.clientId}`;
  return (
    <PortalLayout
      title={a.name}
      section="/portal/apps"
      mirrors="Mirrors an application's page in the Developer Portal: its client id and secret, the system-user key pair, and the customers (tenants) that have approved it."
      notice={p.notice}
      error={p.error}
    >
      <dl>
        <dt>Vendor</dt>
        <dd>{a.vendor}</dd>
        <dt>Type / kind</dt>
        <dd>{`${a.type} / ${a.kind}`}</dd>
        <dt>Client id</dt>
        <dd>
          <code id="client-id">{a.clientId}</code>
        </dd>
        <dt>Client secret</dt>
        <dd>
          {a.clientSecret === null ? (
            <span class="muted">none: a native app is a public client and proves itself with PKCE</span>
          ) : (
            <code id="client-secret">{a.clientSecret}</code>
          )}
        </dd>
        <dt>Redirect URLs</dt>
        <dd>{list(a.redirectUris)}</dd>
        <dt>Post-logout URLs</dt>
        <dd>{list(a.postLogoutRedirectUris)}</dd>
        <dt>CORS origins</dt>
        <dd>{list(a.corsOrigins)}</dd>
        <dt>Rights</dt>
        <dd>{[a.systemUser ? "system user" : "", a.webhooks ? "webhooks" : ""].filter(Boolean).join(", ") || "none"}</dd>
      </dl>

      {a.clientSecret !== null && (
        <form method="post" action={`${base}/secret`}>
          <CsrfField token={p.csrf} />
          <button type="submit">Generate new secret</button> <span class="muted">The old secret stops working at once.</span>
        </form>
      )}

      <h2>Customer state change URL</h2>
      <p class="muted">
        When a tenant that approved this app changes state (suspended, resumed, upgraded, deleted), is restored or moves to another host, the emulator posts{" "}
        <code>{"{ChangeType, ContextIdentifier, VersionName, FileVersion, Token, PublicEndpoint}"}</code> here, as SOD does; the POSTs show on the{" "}
        <a href={`/portal/webhooks?app=${a.clientId}`}>Webhooks</a> page.
      </p>
      <form method="post" action={`${base}/state-change-url`}>
        <CsrfField token={p.csrf} />
        <label>
          URL <input type="url" name="url" value={a.stateChangeUrl ?? ""} placeholder="https://example.com/superoffice/state" size={60} />
        </label>{" "}
        <button type="submit">Save</button> <span class="muted">Empty: no notifications.</span>
      </form>

      <h2>System user key</h2>
      {p.hasPrivateKey ? (
        <p>
          The private key that signs this app's system token (download it once; SOD does not keep it):{" "}
          <a href={`${base}/private-key.pem`}>PEM</a> · <a href={`${base}/private-key.xml`}>RSAKeyValue XML</a>
        </p>
      ) : a.publicKeyPem ? (
        <p class="muted">The app registered its own public key; the emulator does not hold the private key.</p>
      ) : (
        <p class="muted">This app does not have the system user right, so it has no key pair.</p>
      )}

      <h2>Approved by tenants</h2>
      {p.approvals.length === 0 ? (
        <p class="muted">No tenant has approved this app yet: an administrator approves it on SuperID's consent screen.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Tenant</th>
              <th>Status</th>
              <th>Approved by</th>
              <th>When</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {p.approvals.map((r) => (
              <tr data-tenant={r.consent.contextIdentifier}>
                <td>{`${r.tenantName} (${r.consent.contextIdentifier})`}</td>
                <td class={r.consent.status === "Active" ? "ok" : "fail"}>{r.consent.status}</td>
                <td>{r.approvedBy}</td>
                <td>{r.consent.approvedAt}</td>
                <td>
                  {r.consent.status === "Active" && (
                    <form method="post" action={`${base}/revoke`} class="inline">
                      <CsrfField token={p.csrf} />
                      <input type="hidden" name="tenant" value={r.consent.contextIdentifier} />
                      <button type="submit" class="danger" aria-label={`Revoke for ${r.consent.contextIdentifier}`}>
                        Revoke
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="muted">Revoking withdraws the app's refresh and access tokens and system-user tickets for that tenant.</p>

      <h2>Delete</h2>
      <form method="post" action={`${base}/delete`}>
        <CsrfField token={p.csrf} />
        <button type="submit" class="danger">
          Delete this app
        </button>{" "}
        <span class="muted">Its approvals and tokens go with it.</span>
      </form>
    </PortalLayout>
  );
}
