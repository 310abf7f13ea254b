import { request } from "undici";

/**
 * Drives SuperID's screens with plain HTTP form posts, as a browser would without script: follows
 * redirects on the emulator, answers the sign-in, tenant and consent forms, and stops at the first
 * response that leaves the emulator (the redirect to the app) or that is a page with no form to answer.
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
  /** The last response's status. */
  status: number;
  /** Where the emulator sent the browser last (the app's redirect URI with code or error), if it did. */
  location?: string;
  /** The body of a final page (error page or form_post page). */
  body: string;
  /** Screens seen on the way, by form action ("sign-in", "tenant", "consent"). */
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
    const res = await request(next.url, {
      method: next.method,
      headers: {
        cookie: jar.header(),
        ...(next.form ? { "content-type": "application/x-www-form-urlencoded", origin } : {}),
      },
      body: next.form ? new URLSearchParams(next.form).toString() : undefined,
    });
    jar.take(res.headers["set-cookie"]);
    const body = await res.body.text();
    const location = res.headers.location as string | undefined;
    if (res.statusCode >= 300 && res.statusCode < 400 && location) {
      const target = new URL(location, next.url);
      if (target.origin !== origin) return { status: res.statusCode, location: target.toString(), body, screens };
      next = { url: target.toString(), method: "GET" };
      continue;
    }
    const form = answerFor(body, answers);
    if (!form) return { status: res.statusCode, body, screens };
    screens.push(form.screen);
    next = { url: new URL(form.action, next.url).toString(), method: "POST", form: form.fields };
  }
  throw new Error("too many redirects");
}

/** Finds the form this page asks and fills it in from the answers. */
function answerFor(html: string, answers: Answers): { screen: string; action: string; fields: Record<string, string> } | undefined {
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const action = (suffix: string) => new RegExp(`action="([^"]*/${suffix})"`).exec(html)?.[1];
  if (!csrf) return undefined;
  const signIn = action("sign-in");
  if (signIn) return { screen: "sign-in", action: decode(signIn), fields: { csrf, username: answers.username, password: answers.password ?? "" } };
  const tenant = action("tenant");
  if (tenant) {
    if (!answers.tenant) throw new Error("the tenant picker showed, but no tenant was given");
    return { screen: "tenant", action: decode(tenant), fields: { csrf, tenant: answers.tenant } };
  }
  const consent = action("consent");
  if (consent) return { screen: "consent", action: decode(consent), fields: { csrf, decision: answers.consent ?? "approve" } };
  return undefined;
}

const decode = (s: string) => s.replace(/&amp;/g, "&");
