import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { Check, ResponseMode, Run, ScreenCall } from "../run.js";

/**
 * Step 3: SuperID sends the browser back to the app's redirect URI with `code` and `state` (in the query, a
 * form post, or the fragment, which a script on the callback page relays). The app first checks that
 * `state` is the one it made for this browser: otherwise anyone could make a victim's browser deliver an
 * attacker's code (login CSRF), and the app would sign the victim in as the attacker.
 */
export class CallbackError extends Error {
  constructor(
    readonly status: 400 | 409,
    message: string,
  ) {
    super(message);
  }
}

// The browser's own headers, shown as received; the cookie only by name (its values are session keys).
const SHOWN_HEADERS = ["host", "origin", "referer", "content-type", "content-length", "cookie", "sec-fetch-site", "sec-fetch-mode", "user-agent"];

export function receiveCallback(ctx: EmulatorContext, run: Run, c: Context, via: ResponseMode, params: [string, string][], body: string | undefined): void {
  if (run.callback?.code) throw new CallbackError(409, "This run already received its code. A code works once: choose Start over for a new run.");
  const value = (name: string) => params.find(([k]) => k === name)?.[1];
  const state = value("state");
  if (state === undefined) throw new CallbackError(400, "The callback has no state parameter, so it cannot be matched to this browser's run. Nothing was recorded.");
  if (!same(state, run.state)) {
    throw new CallbackError(400, `The state in the callback (${state.slice(0, 40)}) is not the one this browser's run sent. An app must refuse such a response: it was not started here (login CSRF). Nothing was recorded.`);
  }
  const headers: [string, string][] = [];
  for (const name of SHOWN_HEADERS) {
    const v = c.req.header(name);
    if (v === undefined) continue;
    headers.push([name, name === "cookie" ? v.split(/;\s*/).map((p) => `${p.split("=")[0]}=…`).join("; ") : v]);
  }
  const url = new URL(c.req.url);
  const shownUrl = ctx.urls.publicUrl + url.pathname + url.search + (via === "fragment" ? `#${new URLSearchParams(params)}` : "");
  const checks: Check[] = [{ label: "state matches", ok: true, detail: `the state came back as ${state}, the value this browser's run sent in step 1` }];
  const code = value("code");
  const error = value("error");
  if (error) checks.push({ label: "SuperID answered an error", ok: false, detail: `${error}: ${value("error_description") ?? ""}` });
  else if (code) checks.push({ label: "code received", ok: true, detail: "a one-time code, valid for 10 minutes: step 4 exchanges it" });
  else checks.push({ label: "no code", ok: false, detail: "the callback carried neither code nor error" });
  run.callback = {
    exchange: {
      by: "browser",
      label: via === "fragment" ? "The browser arrives at the callback page (the fragment stays in the browser; this page's script posted it on)" : "The browser arrives at the callback page",
      request: { method: via === "form_post" ? "POST" : "GET", url: via === "form_post" ? ctx.urls.publicUrl + url.pathname : shownUrl, headers, body: via === "form_post" ? body : undefined },
    },
    via,
    params,
    checks,
    code: error ? undefined : code,
    screens: screensSince(ctx, run.activityMark),
  };
}

/** The SuperID calls since the run started: the screens the browser went through (Activity keeps paths only). */
function screensSince(ctx: EmulatorContext, mark: number): ScreenCall[] {
  return ctx.activity
    .list({ limit: 200 })
    .filter((e) => e.id > mark && /^\/login\/(?!common\/oauth\/(tokens|revoke)$)/i.test(e.path))
    .reverse()
    .map((e) => ({ method: e.method, path: e.path, status: e.status }));
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
