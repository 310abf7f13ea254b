import type { Child } from "hono/jsx";

/**
 * The SuperID screens' shell. Each screen names its step of the OAuth flow, so a workshop audience can
 * follow along on a projector. Plain HTML forms only: no script is needed to use any screen.
 */
export const FLOW_STEPS = ["Sign in", "Choose tenant", "Consent", "Back to the app"] as const;

export interface LayoutProps {
  title: string;
  /** 0-based index in FLOW_STEPS, or undefined for pages outside the flow. */
  step?: number;
  explain?: string;
  children?: Child;
}

export function Layout({ title, step, explain, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · SuperID (sod-emulator)`}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <header>
          <strong>SuperID</strong> <span class="muted">sod-emulator · local stand-in for SuperOffice CRM Online sign-in</span>
        </header>
        <main>
          {step !== undefined && (
            <ol class="steps" aria-label="OAuth flow">
              {FLOW_STEPS.map((name, i) => (
                <li class={i === step ? "current" : i < step ? "done" : ""} aria-current={i === step ? "step" : undefined}>
                  {`${i + 1}. ${name}`}
                </li>
              ))}
            </ol>
          )}
          <h1>{title}</h1>
          {explain && <p class="explain">{explain}</p>}
          {children}
        </main>
      </body>
    </html>
  );
}

const STYLE = `
body { font: 18px/1.5 system-ui, sans-serif; margin: 0; color: #1d2b36; background: #f3f6f8; }
header { background: #0b3a53; color: #fff; padding: 12px 24px; }
header .muted { color: #b8cfdc; font-size: 15px; margin-left: 8px; }
main { max-width: 720px; margin: 24px auto; background: #fff; padding: 24px 32px; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
h1 { font-size: 28px; margin: 8px 0 12px; }
.steps { display: flex; gap: 8px; padding: 0; list-style: none; margin: 0 0 8px; flex-wrap: wrap; }
.steps li { padding: 4px 10px; border-radius: 12px; background: #e6edf1; color: #5b6b75; font-size: 15px; }
.steps li.current { background: #0b7a75; color: #fff; font-weight: 600; }
.steps li.done { background: #cfe8e6; color: #0b3a53; }
.explain { background: #fff8e1; border-left: 4px solid #f0b400; padding: 8px 12px; font-size: 16px; }
.error { background: #fdecea; border-left: 4px solid #c62828; padding: 8px 12px; }
.info { background: #e8f1fb; border-left: 4px solid #1565c0; padding: 8px 12px; }
form { margin: 12px 0; }
button { font: inherit; padding: 8px 16px; border-radius: 6px; border: 1px solid #0b7a75; background: #0b7a75; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #0b7a75; }
button.choice { display: block; width: 100%; text-align: left; margin: 6px 0; background: #fff; color: #1d2b36; border-color: #b7c6cf; }
button.choice:hover, button.choice:focus { border-color: #0b7a75; background: #eef8f7; }
label { display: block; margin: 8px 0 4px; font-weight: 600; }
input[type=text], input[type=password] { font: inherit; padding: 6px 8px; width: 100%; box-sizing: border-box; border: 1px solid #b7c6cf; border-radius: 6px; }
.muted { color: #5b6b75; font-size: 15px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dt { font-weight: 600; }
.actions { display: flex; gap: 12px; }
code { background: #eef2f4; padding: 1px 4px; border-radius: 4px; }
`;
