import type { Child } from "hono/jsx";

/**
 * The workshop page's shell: the portal's look, a large-type mode for projectors (a link, kept per browser),
 * and print rules (forms and toggles hidden, every step on paper). No script: forms post, links navigate.
 */
export function WorkshopLayout(p: { title: string; large: boolean; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} · Workshop (sod-emulator)`}</title>
        <style>{STYLE}</style>
      </head>
      <body class={p.large ? "large" : ""}>
        <a class="skip" href="#steps">
          Skip to the steps
        </a>
        <header>
          <strong>Workshop</strong> <span class="muted">sod-emulator · the OAuth flow of a SuperOffice app, step by step, with the emulator playing the app</span>
          <nav aria-label="Workshop">
            <a href="/workshop">Workshop</a>
            <a href="/portal/apps">Developer Portal</a>
            <a href="/portal/tokens">Token inspector</a>
            <a href="/portal/activity">Activity</a>
            <a href={p.large ? "/workshop?large=off" : "/workshop?large=on"} class="toggle">
              {p.large ? "Normal type" : "Large type (projector)"}
            </a>
          </nav>
        </header>
        <main>{p.children}</main>
      </body>
    </html>
  );
}

/** A hidden CSRF field: every workshop form carries one (the portal's token). */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="csrf" value={token} />;
}

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d2b36; background: #f3f6f8; }
body.large { font-size: 22px; }
body.large pre, body.large code, body.large table { font-size: 19px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 1; }
header { background: #0b3a53; color: #fff; padding: 12px 24px; }
header .muted { color: #b8cfdc; font-size: 0.875em; margin-left: 8px; }
nav { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 8px; }
nav a { color: #dbe8ef; text-decoration: none; padding: 4px 12px; border-radius: 12px; }
nav a:hover { background: #0b7a75; color: #fff; }
nav a.toggle { margin-left: auto; border: 1px solid #dbe8ef; }
main { max-width: 1180px; margin: 24px auto; background: #fff; padding: 24px 32px; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
h1 { font-size: 1.6em; margin: 4px 0 8px; }
h2 { font-size: 1.3em; margin: 0 0 8px; }
h3 { font-size: 1.05em; margin: 16px 0 4px; }
h4 { font-size: 0.95em; margin: 8px 0 2px; color: #35505f; }
a:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible, summary:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.step { border-top: 3px solid #0b7a75; padding: 16px 0 8px; margin-top: 24px; }
.step.pending { border-top-color: #b7c6cf; color: #5b6b75; }
.explain { background: #f5f9fb; border-left: 4px solid #0b7a75; padding: 8px 12px; margin: 8px 0; }
.notice { background: #e6f4ea; border-left: 4px solid #2e7d32; padding: 6px 12px; }
.error { background: #fdecea; border-left: 4px solid #c62828; padding: 6px 12px; }
.by { font-weight: normal; color: #5b6b75; font-size: 0.85em; }
.wire { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
@media (max-width: 900px) { .wire { grid-template-columns: 1fr; } }
body.large .wire { grid-template-columns: 1fr; }
form { margin: 8px 0; }
form.inline { display: inline-block; margin: 0 8px 0 0; }
button, a.button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid #0b7a75; background: #0b7a75; color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary { background: #fff; color: #0b7a75; }
label { display: block; margin: 8px 0 2px; font-weight: 600; }
label.check { display: inline; font-weight: normal; }
select, input[type=text] { font: inherit; padding: 4px 8px; border: 1px solid #b7c6cf; border-radius: 6px; max-width: 100%; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 0 24px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 0.875em; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e1e8ec; vertical-align: top; }
th { background: #eef2f4; }
td:first-child code { white-space: nowrap; }
td.value { overflow-wrap: anywhere; font-family: ui-monospace, monospace; }
.muted { color: #5b6b75; font-size: 0.875em; }
ul.checks { list-style: none; padding: 0; }
ul.checks li { margin: 2px 0; }
.ok { color: #2e7d32; font-weight: 600; }
.fail { color: #c62828; font-weight: 600; }
code, pre { background: #eef2f4; border-radius: 4px; }
code { padding: 1px 4px; overflow-wrap: anywhere; }
pre { padding: 8px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px; margin: 4px 0; max-height: 28em; overflow: auto; }
pre.curl { background: #1d2b36; color: #e6eef2; }
mark.secret { background: #ffe08a; color: #1d2b36; border-radius: 3px; padding: 0 2px; }
pre.curl mark.secret { background: #f0b400; }
details { margin: 6px 0; }
summary { cursor: pointer; color: #0b5f7a; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
.tools { background: #fff8e1; border-left: 4px solid #f0b400; padding: 8px 12px; margin: 12px 0; }
@media print {
  body, body.large { background: #fff; font-size: 12px; }
  body.large pre, body.large code, body.large table, table { font-size: 11px; }
  header nav, form, .skip, .tools, details:not([open]) { display: none; }
  main { box-shadow: none; margin: 0; max-width: none; padding: 0; }
  pre { max-height: none; overflow: visible; font-size: 10px; }
  pre.curl { background: #eef2f4; color: #1d2b36; }
  .wire { grid-template-columns: 1fr; }
  .step { break-inside: auto; }
  h2, h3 { break-after: avoid; }
}
`;
