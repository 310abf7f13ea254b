import type { IncomingHttpHeaders } from "node:http";
import { request } from "undici";
import type { CookieJar } from "../../src/admin/sign-in-flow.js";

/** The screens answered over plain HTTP: the emulator's own implementation, which admin.signIn() uses too. */
export { CookieJar, runAuthorize, type Answers, type FlowEnd } from "../../src/admin/sign-in-flow.js";

// ---- a tiny browser for stepping through the screens one at a time, where a test looks at each page ----

export interface Page {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  url: string;
}

/** GETs a URL, following redirects that stay on its origin (the emulator); stops at one that leaves. */
export async function browse(url: string, jar: CookieJar): Promise<Page> {
  const origin = new URL(url).origin;
  for (let hops = 0; hops < 10; hops++) {
    const res = await request(url, { headers: { cookie: jar.header() } });
    jar.take(res.headers["set-cookie"]);
    const body = await res.body.text();
    const location = res.headers.location as string | undefined;
    if (res.statusCode >= 300 && res.statusCode < 400 && location && new URL(location, url).origin === origin) {
      url = new URL(location, url).toString();
      continue;
    }
    return { status: res.statusCode, headers: res.headers, body, url };
  }
  throw new Error("too many redirects");
}

/** The action URL and CSRF token of the page's form whose action ends in `/{suffix}`. */
export function formOf(page: Page, suffix: string): { action: string; csrf: string } {
  const action = new RegExp(`action="([^"]*/${suffix})"`).exec(page.body)?.[1];
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!action || !csrf) throw new Error(`no ${suffix} form on ${page.url}:\n${page.body}`);
  return { action: new URL(action.replace(/&amp;/g, "&"), page.url).toString(), csrf };
}

export async function post(url: string, fields: Record<string, string>, headers: Record<string, string>, jar: CookieJar) {
  const res = await request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

/**
 * Answers one form like a browser on the sign-in page would (same-origin Origin header) and follows the
 * 303 that should come back; anything else is thrown with the page's body.
 */
export async function submit(page: Page, suffix: string, fields: Record<string, string>, jar: CookieJar): Promise<Page> {
  const form = formOf(page, suffix);
  const res = await post(form.action, { csrf: form.csrf, ...fields }, { origin: new URL(page.url).origin }, jar);
  jar.take(res.headers["set-cookie"]);
  if (res.status !== 303) throw new Error(`POST ${suffix}: expected 303, got ${res.status}:\n${res.body}`);
  return browse(new URL(res.headers.location as string, form.action).toString(), jar);
}
