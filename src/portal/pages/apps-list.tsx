import type { App } from "../../store/apps.js";
import { CsrfField, PortalLayout } from "./layout.js";

/** What the register form holds, kept as typed so a refused form comes back filled in. */
export interface RegisterValues {
  name: string;
  type: string;
  kind: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  corsOrigins: string;
  systemUser: boolean;
  webhooks: boolean;
}

export const EMPTY_REGISTER: RegisterValues = { name: "", type: "custom", kind: "web", redirectUris: "", postLogoutRedirectUris: "", corsOrigins: "", systemUser: false, webhooks: false };

export interface AppsPageProps {
  apps: { app: App; activeApprovals: number }[];
  csrf: string;
  values: RegisterValues;
  notice?: string | undefined;
  error?: string | undefined;
}

const KINDS = [
  ["web", "Web application (confidential: has a client secret)"],
  ["native", "Native application (public: no secret, PKCE)"],
  ["server-to-server", "Server-to-server (system user)"],
] as const;

/** The app list and the registration form. */
export function AppsPage(p: AppsPageProps) {
  const v = p.values;
  return (
    <PortalLayout
      title="Apps"
      section="/portal/apps"
      mirrors="Mirrors the Developer Portal's app list and “Register new application” form, where a partner gets a client id and secret for SuperID."
      notice={p.notice}
      error={p.error}
    >
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Vendor</th>
            <th>Type</th>
            <th>Kind</th>
            <th>Client id</th>
            <th>Rights</th>
            <th>Approved by tenants</th>
          </tr>
        </thead>
        <tbody>
          {p.apps.map(({ app, activeApprovals }) => (
            <tr>
              <td>
                <a href={`/portal/apps/${app.clientId}`}>{app.name}</a>
              </td>
              <td>{app.vendor}</td>
              <td>{app.type}</td>
              <td>{app.kind}</td>
              <td>
                <code>{app.clientId}</code>
              </td>
              <td>{[app.systemUser ? "system user" : "", app.webhooks ? "webhooks" : ""].filter(Boolean).join(", ") || "—"}</td>
              <td>{String(activeApprovals)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="register">Register a new app</h2>
      <form method="post" action="/portal/apps">
        <CsrfField token={p.csrf} />
        <label for="name">Name</label>
        <input type="text" class="wide" id="name" name="name" value={v.name} maxlength={100} required />
        <label for="type">Type</label>
        <select id="type" name="type">
          <option value="custom" selected={v.type === "custom"}>
            Custom (one customer's own integration)
          </option>
          <option value="standard" selected={v.type === "standard"}>
            Standard (offered to every customer, e.g. in the App Store)
          </option>
        </select>
        <label for="kind">Kind</label>
        <select id="kind" name="kind">
          {KINDS.map(([value, label]) => (
            <option value={value} selected={v.kind === value}>
              {label}
            </option>
          ))}
        </select>
        <label for="redirectUris">Redirect URLs (one per line; a line starting with ^ is a pattern)</label>
        <textarea id="redirectUris" name="redirectUris" rows={3}>
          {v.redirectUris}
        </textarea>
        <label for="postLogoutRedirectUris">Post-logout redirect URLs (one per line)</label>
        <textarea id="postLogoutRedirectUris" name="postLogoutRedirectUris" rows={2}>
          {v.postLogoutRedirectUris}
        </textarea>
        <label for="corsOrigins">CORS origins (one per line, such as http://localhost:3000)</label>
        <textarea id="corsOrigins" name="corsOrigins" rows={2}>
          {v.corsOrigins}
        </textarea>
        <p>
          <strong>Rights</strong>{" "}
          <label class="check">
            <input type="checkbox" name="systemUser" value="on" checked={v.systemUser} /> System user
          </label>
          <label class="check">
            <input type="checkbox" name="webhooks" value="on" checked={v.webhooks} /> Webhooks
          </label>
        </p>
        <p class="muted">Server-to-server apps always get the system user right and a generated key pair.</p>
        <button type="submit">Register app</button>
      </form>
    </PortalLayout>
  );
}
