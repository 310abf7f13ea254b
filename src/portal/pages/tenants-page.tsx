import { TENANT_STATE_NAMES, isRunningState } from "../../shared/tenant-states.js";
import type { Tenant } from "../../store/tenants.js";
import { CsrfField, PortalLayout } from "./layout.js";

export interface TenantUser {
  username: string;
  name: string;
  associateId: number;
  administrator: boolean;
}

export interface CreateValues {
  contextIdentifier: string;
  companyName: string;
  profile: string;
  state: string;
}

export interface TenantsPageProps {
  tenants: { tenant: Tenant; users: TenantUser[] }[];
  profiles: string[];
  csrf: string;
  values: CreateValues;
  /** The ContextIdentifier a tenant created now would get. */
  nextContextIdentifier: string;
  notice?: string | undefined;
  error?: string | undefined;
}

/** Tenants with their state and users; create one from a seed profile; reset the store. */
export function TenantsPage(p: TenantsPageProps) {
  return (
    <PortalLayout
      title="Tenants"
      section="/portal/tenants"
      mirrors="Mirrors the development tenants (customer databases, Cust…) that SOD's Developer Portal gives a partner, with their state and their users."
      notice={p.notice}
      error={p.error}
    >
      {p.tenants.map(({ tenant: t, users }) => (
        <section id={t.contextIdentifier}>
          <h2>{`${t.companyName} (${t.contextIdentifier})`}</h2>
          <dl>
            <dt>State</dt>
            <dd>
              <span class={isRunningState(t.state) ? "ok" : "fail"}>{t.state}</span>{" "}
              <span class="muted">{isRunningState(t.state) ? "serves sign-in and its API" : "refuses sign-in and its API"}</span>
            </dd>
            <dt>Serial / time zone</dt>
            <dd>{`${t.serial} / ${t.timeZone}`}</dd>
            <dt>Provisioned by apps</dt>
            <dd>
              <a href={`/portal/tenants/${t.contextIdentifier}/web-panels`}>Web panels</a>
            </dd>
          </dl>
          <form method="post" action={`/portal/tenants/${t.contextIdentifier}/state`}>
            <CsrfField token={p.csrf} />
            <label class="check" for={`state-${t.contextIdentifier}`}>
              Switch state to
            </label>
            <select id={`state-${t.contextIdentifier}`} name="state">
              {TENANT_STATE_NAMES.map((s) => (
                <option value={s} selected={s === t.state}>
                  {s}
                </option>
              ))}
            </select>{" "}
            <button type="submit">Set state</button>
          </form>
          <form method="post" action={`/portal/tenants/${t.contextIdentifier}/reset`}>
            <CsrfField token={p.csrf} />
            <button type="submit" class="danger">
              Reset tenant
            </button>{" "}
            <span class="muted">its data, people and lists back to the seed (apps and approvals stay)</span>
          </form>
          <table>
            <thead>
              <tr>
                <th>User</th>
                <th>Name</th>
                <th>Associate id</th>
                <th>Administrator</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr>
                  <td>{u.username}</td>
                  <td>{u.name}</td>
                  <td>{String(u.associateId)}</td>
                  <td>{u.administrator ? "yes" : "no"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <form method="post" action={`/portal/tenants/${t.contextIdentifier}/users`}>
            <CsrfField token={p.csrf} />
            <label class="check" for={`user-${t.contextIdentifier}`}>
              Add user
            </label>
            <input type="text" id={`user-${t.contextIdentifier}`} name="username" placeholder="someone@example.com" />{" "}
            <label class="check">
              <input type="checkbox" name="administrator" value="on" /> administrator
            </label>
            <button type="submit">Add user</button>
          </form>
        </section>
      ))}

      <h2 id="create">Create a tenant from a seed profile</h2>
      <form method="post" action="/portal/tenants">
        <CsrfField token={p.csrf} />
        <label for="contextIdentifier">ContextIdentifier (empty: the next free Cust number)</label>
        <input type="text" id="contextIdentifier" name="contextIdentifier" value={p.values.contextIdentifier} placeholder={p.nextContextIdentifier} />
        <label for="companyName">Company name (empty: “{'{ContextIdentifier}'} Testing AS”)</label>
        <input type="text" class="wide" id="companyName" name="companyName" value={p.values.companyName} maxlength={100} />
        <label for="profile">Seed profile (how much CRM data)</label>
        <select id="profile" name="profile">
          {p.profiles.map((name) => (
            <option value={name} selected={name === p.values.profile}>
              {name}
            </option>
          ))}
        </select>
        <label for="state">State</label>
        <select id="state" name="state">
          {TENANT_STATE_NAMES.map((s) => (
            <option value={s} selected={s === p.values.state}>
              {s}
            </option>
          ))}
        </select>
        <p>
          <button type="submit">Create tenant</button>
        </p>
      </form>

      <h2 id="reset">Reset</h2>
      <form method="post" action="/portal/reset">
        <CsrfField token={p.csrf} />
        <button type="submit" class="danger">
          Reset everything to the seed
        </button>{" "}
        <span class="muted">
          The whole store back to the seed file: every tenant, user, app, approval and token. Created tenants and registered apps are gone afterwards. (A tenant's own “Reset tenant” button puts back only that tenant's data, people and lists.)
        </span>
      </form>
    </PortalLayout>
  );
}
