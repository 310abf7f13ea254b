import type { Child } from "hono/jsx";

/**
 * The local Developer Portal's shell: the SuperID screens' look, wider for tables, with the portal's four
 * areas in a nav. Plain HTML forms only: no page needs a script.
 */
export const PORTAL_NAV = [
  { href: "/portal/apps", label: "Apps" },
  { href: "/portal/tenants", label: "Tenants" },
  { href: "/portal/webhooks", label: "Webhooks" },
  { href: "/portal/activity", label: "Activity" },
  { href: "/portal/tokens", label: "Tokens" },
] as const;

export interface PortalLayoutProps {
  title: string;
  /** Which nav entry is current (its href). */
  section: (typeof PORTAL_NAV)[number]["href"];
  /** One sentence: what this page mirrors in SOD's Developer Portal. */
  mirrors: string;
  /** A message after a successful POST (PRG), shown once. */
  notice?: string | undefined;
  /** What was wrong with the input (the page is answered with 400). */
  error?: string | undefined;
  children?: Child;
}

export function PortalLayout(p: PortalLayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} · Developer Portal (sod-emulator)`}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <header>
          <strong>Developer Portal</strong> <span class="muted">sod-emulator · local stand-in for SuperOffice CRM Online's Developer Portal</span>
          <nav aria-label="Portal">
            {PORTAL_NAV.map((n) => (
              <a href={n.href} class={n.href === p.section ? "current" : ""} aria-current={n.href === p.section ? "page" : undefined}>
                {n.label}
              </a>
            ))}
            <a href="/workshop">Workshop</a>
          </nav>
        </header>
        <main>
          <h1>{p.title}</h1>
          <p class="mirrors">{p.mirrors}</p>
          {p.notice && (
            <p class="notice" role="status">
              {p.notice}
            </p>
          )}
          {p.error && (
            <p class="error" role="alert">
              {p.error}
            </p>
          )}
          {p.children}
        </main>
      </body>
    </html>
  );
}

/** A hidden CSRF field: every portal form carries one. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="csrf" value={token} />;
}

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d2b36; background: #f3f6f8; }
header { background: #0b3a53; color: #fff; padding: 12px 24px; }
header .muted { color: #b8cfdc; font-size: 14px; margin-left: 8px; }
nav { display: flex; gap: 4px; margin-top: 8px; }
nav a { color: #dbe8ef; text-decoration: none; padding: 4px 12px; border-radius: 12px; }
nav a.current, nav a:hover { background: #0b7a75; color: #fff; }
main { max-width: 1080px; margin: 24px auto; background: #fff; padding: 24px 32px; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
h1 { font-size: 26px; margin: 4px 0 8px; }
h2 { font-size: 20px; margin: 24px 0 8px; }
.mirrors { background: #fff8e1; border-left: 4px solid #f0b400; padding: 6px 12px; font-size: 15px; }
.notice { background: #e6f4ea; border-left: 4px solid #2e7d32; padding: 6px 12px; }
.error { background: #fdecea; border-left: 4px solid #c62828; padding: 6px 12px; }
form { margin: 8px 0; }
form.inline { display: inline; margin: 0; }
button { font: inherit; padding: 4px 12px; border-radius: 6px; border: 1px solid #0b7a75; background: #0b7a75; color: #fff; cursor: pointer; }
button.danger { border-color: #c62828; background: #fff; color: #c62828; }
label { display: block; margin: 8px 0 2px; font-weight: 600; }
label.check { display: inline; font-weight: normal; margin-right: 16px; }
input[type=text], select, textarea { font: inherit; padding: 4px 8px; border: 1px solid #b7c6cf; border-radius: 6px; box-sizing: border-box; }
input[type=text].wide, textarea { width: 100%; }
textarea { font-family: ui-monospace, monospace; font-size: 14px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e1e8ec; vertical-align: top; }
th { background: #eef2f4; }
.muted { color: #5b6b75; font-size: 14px; }
.fail { color: #c62828; font-weight: 600; }
.ok { color: #2e7d32; font-weight: 600; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
code, pre { background: #eef2f4; border-radius: 4px; }
code { padding: 1px 4px; overflow-wrap: anywhere; }
pre { padding: 8px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px; margin: 4px 0; }
`;
