import { Layout } from "./layout.js";

export interface SignInProps {
  action: string;
  csrfToken: string;
  appName: string;
  users: { username: string; name: string; passwordRequired: boolean }[];
  loginHint?: string | undefined;
  error?: string | undefined;
}

/** Step 1: who is signing in. Seeded users without a password sign in with one click. */
export function SignInPage(p: SignInProps) {
  const oneClick = p.users.filter((u) => !u.passwordRequired);
  return (
    <Layout
      title="Sign in to SuperOffice"
      step={0}
      explain={`${p.appName} sent you here (the authorize request). SuperID signs you in; the app never sees your password.`}
    >
      {p.error && <p class="error">{p.error}</p>}
      {oneClick.length > 0 && (
        <form method="post" action={p.action}>
          <input type="hidden" name="csrf" value={p.csrfToken} />
          <p class="muted">Pick a seeded user:</p>
          {oneClick.map((u) => (
            <button class="choice" type="submit" name="username" value={u.username}>
              {u.name} <span class="muted">{u.username}</span>
            </button>
          ))}
        </form>
      )}
      <form method="post" action={p.action}>
        <input type="hidden" name="csrf" value={p.csrfToken} />
        <label for="username">User name</label>
        <input type="text" id="username" name="username" autocomplete="username" value={p.loginHint ?? ""} required />
        <label for="password">Password (only for users whose seed sets one)</label>
        <input type="password" id="password" name="password" autocomplete="current-password" />
        <p>
          <button type="submit">Next</button>
        </p>
      </form>
    </Layout>
  );
}
