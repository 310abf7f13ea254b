import { Layout } from "./layout.js";

export interface TenantPickerProps {
  action: string;
  csrfToken: string;
  userName: string;
  tenants: { contextIdentifier: string; companyName: string; state: string }[];
}

/** Step 2: a user of several tenants chooses one (skipped with acr_values=tenant:CustNNNNN). */
export function TenantPickerPage(p: TenantPickerProps) {
  return (
    <Layout
      title="Choose a tenant"
      step={1}
      explain={`${p.userName} belongs to ${p.tenants.length} tenants. The tokens will be for the one you choose: its ContextIdentifier goes into the ctx claim and the access token.`}
    >
      <form method="post" action={p.action}>
        <input type="hidden" name="csrf" value={p.csrfToken} />
        {p.tenants.map((t) => (
          <button class="choice" type="submit" name="tenant" value={t.contextIdentifier}>
            {t.companyName} <span class="muted">{`${t.contextIdentifier} · ${t.state}`}</span>
          </button>
        ))}
      </form>
    </Layout>
  );
}
