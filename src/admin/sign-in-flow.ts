/**
 * Drives SuperID's screens with plain HTTP form posts, as a browser without script would: follows the
 * emulator's redirects, answers the sign-in, tenant and consent forms (sending the CSRF token and an
 * Origin header, as browsers do), and stops at the first response that leaves the emulator (the redirect
 * to the app) or a page with nothing to answer. Used by `admin.signIn()` and by the test suite.
 */
export interface Answers {
  username: string;
  password?: string;
  /** ContextIdentifier to pick if the tenant picker shows. */
  tenant?: string;
  /** Answer on the consent screen; default approve. */
  consent?: "approve" | "cancel";
}

export interface FlowEnd {
  status: number;
  /** Where the emulator sent the browser last (the app's redirect URI with a code or an error). */
  location?: string;
  /** The body of a final page (an error page, or the form_post page). */
  body: string;
  /** The screens answered on the way: "sign-in", "tenant", "consent". */
  screens: string[];
}

export class CookieJar {
  private cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  take(setCookie: string | string[] | undefined): void {
    for (const line of [setCookie ?? []].flat()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export async function runAuthorize(authorizeUrl: string, answers: Answers, jar = new CookieJar()): Promise<FlowEnd> {
  const origin = new URL(authorizeUrl).origin;
  const screens: string[] = [];
  let next: { url: string; method: "GET" | "POST"; form?: Record<string, string> } = { url: authorizeUrl, method: "GET" };
  for (let hops = 0; hops < 20; hops++) {
    const res = await fetch(next.url, {
      method: next.method,
      redirect: "manual",
      headers: { cookie: jar.header(), ...(next.form ? { "content-type": "application/x-www-form-urlencoded", origin } : {}) },
      ...(next.form ? { body: new URLSearchParams(next.form).toString() } : {}),
    });
    jar.take(res.headers.getSetCookie());
    const body = await res.text();
    const location = res.headers.get("location") ?? undefined;
    if (res.status >= 300 && res.status < 400 && location) {
      const target = new URL(location, next.url);
      if (target.origin !== origin) return { status: res.status, location: target.toString(), body, screens };
      next = { url: target.toString(), method: "GET" };
      continue;
    }
    const form = answerFor(body, answers);
    if (!form) return { status: res.status, body, screens };
    screens.push(form.screen);
    next = { url: new URL(form.action, next.url).toString(), method: "POST", form: form.fields };
  }
  throw new Error("too many redirects");
}

/** Finds the form this page asks and fills it in from the answers. */
function answerFor(html: string, answers: Answers): { screen: string; action: string; fields: Record<string, string> } | undefined {
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const action = (suffix: string) => new RegExp(`action="([^"]*/${suffix})"`).exec(html)?.[1]?.replace(/&amp;/g, "&");
  if (!csrf) return undefined;
  const signIn = action("sign-in");
  if (signIn) return { screen: "sign-in", action: signIn, fields: { csrf, username: answers.username, password: answers.password ?? "" } };
  const tenant = action("tenant");
  if (tenant) {
    if (!answers.tenant) throw new Error("the tenant picker showed, but no tenant was given");
    return { screen: "tenant", action: tenant, fields: { csrf, tenant: answers.tenant } };
  }
  const consent = action("consent");
  if (consent) return { screen: "consent", action: consent, fields: { csrf, decision: answers.consent ?? "approve" } };
  return undefined;
}
