import { Layout } from "./layout.js";

export interface ConsentProps {
  action: string;
  csrfToken: string;
  appName: string;
  vendor: string;
  consentText: string;
  tenantName: string;
  contextIdentifier: string;
  systemUser: boolean;
  userName: string;
}

/** Step 3: an administrator approves the app for the tenant, creating its authorization record. */
export function ConsentPage(p: ConsentProps) {
  return (
    <Layout
      title={`Allow ${p.appName} access to ${p.tenantName}?`}
      step={2}
      explain="This app has no authorization record for this tenant yet. An administrator's approval creates one; after that, every user of the tenant signs in without this question."
    >
      <dl>
        <dt>App</dt>
        <dd>{p.appName}</dd>
        <dt>Vendor</dt>
        <dd>{p.vendor}</dd>
        <dt>Tenant</dt>
        <dd>{`${p.tenantName} (${p.contextIdentifier})`}</dd>
        <dt>Approving as</dt>
        <dd>{p.userName}</dd>
      </dl>
      {p.consentText && <p>{p.consentText}</p>}
      <p>The app gets:</p>
      <ul>
        <li>your user data: name, e-mail, initials and tenant (in the id_token)</li>
        <li>access to the CRM data of each signed-in user, as that user</li>
        {p.systemUser && (
          <li>
            <strong>the system user</strong>: full access to everything in {p.tenantName}, without a signed-in user
          </li>
        )}
      </ul>
      <form method="post" action={p.action} class="actions">
        <input type="hidden" name="csrf" value={p.csrfToken} />
        <button type="submit" name="decision" value="approve">
          I approve
        </button>
        <button type="submit" name="decision" value="cancel" class="secondary">
          Cancel
        </button>
      </form>
    </Layout>
  );
}
