import { createHash, randomBytes } from "node:crypto";
import type { InboxEntry } from "../runtime/webhooks/inbox.js";
import { runAuthorize } from "./sign-in-flow.js";

/**
 * A typed client of the admin API (/_emulator/v1) for test suites, plus `signIn`, which runs the real
 * authorize → consent → token flow over HTTP and returns SuperID's token response.
 */
/** A tenant as the admin API shows it (admin/api/tenants.ts). */
export interface TenantView {
  contextIdentifier: string;
  companyName: string;
  serial: string;
  state: string;
  isRunning: boolean;
  timeZone: string;
  host: string | null;
  webApiUrl: string;
  users: { username: string; associateId: number; administrator: boolean }[];
}

export interface TokenResponse {
  token_type: string;
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  id_token: string;
}

export interface SignInOptions {
  /** ContextIdentifier. */
  tenant: string;
  /** SuperID user name of a user of that tenant. */
  user: string;
  /** The app's client_id or name (default: the first web app). */
  app?: string;
  password?: string;
}

interface AppView {
  clientId: string;
  name: string;
  kind: string;
  clientSecret: string | null;
  redirectUris: string[];
  /** "Customer state change URL" (identity.md §9.4), null when none. */
  stateChangeUrl: string | null;
}

/** A webhook delivery as the admin API lists it (README, "Webhooks"). */
export interface WebhookDeliveryView {
  deliveryId: number;
  contextIdentifier: string;
  webhookId: number | null;
  clientId: string;
  targetUrl: string;
  /** The X-SuperOffice-Event header: `contact.created`, `webhook7.errors`, `test`. */
  event: string;
  eventId: string;
  /** The exact JSON text sent, and the same parsed. */
  body: string;
  payload: Record<string, unknown>;
  status: "pending" | "delivered" | "failed" | "cancelled";
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  attemptLog: { at: number; retry: number; status: number; requestHeaders: Record<string, string>; responseHeaders: Record<string, string>; responseBody: string; error?: string; durationMs: number }[];
}

export interface WebhookDeliveryFilter {
  tenant?: string;
  clientId?: string;
  webhookId?: number;
  event?: string;
  status?: WebhookDeliveryView["status"];
  afterId?: number;
  limit?: number;
}

/** A request the local inbox received, as GET /_emulator/v1/inbox/{name} lists it. */
export type InboxEntryView = InboxEntry;

const query = (filter: object) => new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)] as [string, string])).toString();

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`admin API answered ${status}: ${JSON.stringify(body)}`);
  }
}

export function adminClient(url: string, adminKey?: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    // The admin API takes state-changing calls only with a content type no web page can send cross-site
    // (README, "Security"): JSON, even with no body, or the snapshot's bytes.
    const sent = body instanceof Uint8Array ? "application/octet-stream" : method === "GET" || method === "DELETE" ? undefined : "application/json";
    const headers: Record<string, string> = {};
    if (sent) headers["content-type"] = sent;
    if (adminKey) headers.authorization = `Bearer ${adminKey}`;
    const res = await fetch(`${url}/_emulator/v1${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: body instanceof Uint8Array ? body : JSON.stringify(body) }),
    });
    if (res.status === 204) return undefined as T;
    const type = res.headers.get("content-type") ?? "";
    const parsed = type.includes("json") ? await res.json() : Buffer.from(await res.arrayBuffer());
    if (!res.ok) throw new AdminError(res.status, parsed);
    return parsed as T;
  };

  const admin = {
    tenants: {
      list: () => call<Record<string, unknown>[]>("GET", "/tenants"),
      get: (contextIdentifier: string) => call<Record<string, unknown>>("GET", `/tenants/${contextIdentifier}`),
      create: (input: { contextIdentifier?: string; companyName?: string; profile?: string; state?: string; timeZone?: string } = {}) =>
        call<TenantView>("POST", "/tenants", input),
      delete: (contextIdentifier: string) => call<void>("DELETE", `/tenants/${contextIdentifier}`),
      setState: (contextIdentifier: string, state: string) => call<Record<string, unknown>>("PUT", `/tenants/${contextIdentifier}/state`, { state }),
      /** Host mode: serve the tenant's API on another host (null: back to the default tenant host). */
      move: (contextIdentifier: string, host: string | null) => call<Record<string, unknown>>("PUT", `/tenants/${contextIdentifier}/host`, { host }),
      /** A seeded tenant's data, people and lists back to the seed (apps and consents stay). */
      reset: (contextIdentifier: string) => call<Record<string, unknown>>("POST", `/tenants/${contextIdentifier}/reset`),
      addUser: (contextIdentifier: string, user: { username: string; administrator?: boolean; firstName?: string; lastName?: string; password?: string }) =>
        call<{ associateId: number }>("POST", `/tenants/${contextIdentifier}/users`, user),
    },
    apps: {
      list: () => call<AppView[]>("GET", "/apps"),
      get: (clientId: string) => call<AppView & Record<string, unknown>>("GET", `/apps/${clientId}`),
      create: (input: { name: string; kind: "web" | "native" | "server-to-server"; redirectUris?: string[]; [k: string]: unknown }) => call<AppView & Record<string, unknown>>("POST", "/apps", input),
      delete: (clientId: string) => call<void>("DELETE", `/apps/${clientId}`),
      rotateSecret: (clientId: string) => call<{ clientSecret: string }>("POST", `/apps/${clientId}/secret`),
      /** Where tenant state changes and moves are posted for this app (null: nowhere). */
      setStateChangeUrl: (clientId: string, url: string | null) => call<AppView & Record<string, unknown>>("PUT", `/apps/${clientId}/state-change-url`, { url }),
    },
    consents: {
      list: () => call<Record<string, unknown>[]>("GET", "/consents"),
      approve: (clientId: string, contextIdentifier: string, approvedBy?: string) => call<Record<string, unknown>>("POST", "/consents", { clientId, contextIdentifier, approvedBy }),
      revoke: (clientId: string, contextIdentifier: string) => call<Record<string, unknown>>("DELETE", `/consents/${clientId}/${contextIdentifier}`),
    },
    reset: () => call<{ reset: true }>("POST", "/reset"),
    snapshot: () => call<Buffer>("GET", "/snapshot"),
    restore: (snapshot: Uint8Array) => call<{ restored: true }>("POST", "/restore", snapshot),
    clock: {
      get: () => call<{ now: string; offsetMs: number }>("GET", "/clock"),
      advance: (seconds: number) => call<{ now: string; offsetMs: number }>("POST", "/clock", { advanceSeconds: seconds }),
      reset: () => call<{ now: string; offsetMs: number }>("DELETE", "/clock"),
    },
    faults: {
      add: (rule: { tenant?: string; path?: string; method?: string; status?: number; body?: unknown; latencyMs?: number; times?: number }) => call<Record<string, unknown>>("POST", "/faults", rule),
      clear: () => call<void>("DELETE", "/faults"),
    },
    webhooks: {
      /** Every webhook, of every app (a test suite's view; apps see only their own). */
      list: (filter: { tenant?: string; clientId?: string } = {}) => call<Record<string, unknown>[]>("GET", `/webhooks?${query(filter)}`),
      /** Deliveries, newest first, with every attempt and the target's answers. */
      deliveries: (filter: WebhookDeliveryFilter = {}) => call<WebhookDeliveryView[]>("GET", `/webhooks/deliveries?${query(filter)}`),
      /**
       * The first delivery matching `predicate` (and `filter`), polling until `timeoutMs` (default 5000).
       * Deliveries that existed before the call count too; pass `filter.afterId` to see only new ones.
       */
      async waitForDelivery(predicate: (d: WebhookDeliveryView) => boolean = () => true, options: { timeoutMs?: number; filter?: WebhookDeliveryFilter } = {}): Promise<WebhookDeliveryView> {
        const deadline = Date.now() + (options.timeoutMs ?? 5000);
        for (;;) {
          const found = (await admin.webhooks.deliveries({ limit: 1000, ...options.filter })).reverse().find(predicate);
          if (found) return found;
          if (Date.now() > deadline) throw new Error(`waitForDelivery: no matching delivery within ${options.timeoutMs ?? 5000} ms`);
          await new Promise((r) => setTimeout(r, 25));
        }
      },
      /** Retries waiting on the clock go out now; resolves once nothing is due. */
      deliverNow: () => call<{ madeDue: number }>("POST", "/webhooks/deliver-now"),
      pause: () => call<Record<string, unknown>>("PUT", "/webhooks/dispatcher", { paused: true }),
      resume: () => call<Record<string, unknown>>("PUT", "/webhooks/dispatcher", { paused: false }),
      /** requireHttps: refuse http targets as SOD does; timeoutMs: one POST's time limit (default 30000). */
      settings: (settings: { requireHttps?: boolean; timeoutMs?: number }) => call<Record<string, unknown>>("PUT", "/webhooks/dispatcher", settings),
      resend: (deliveryId: number) => call<WebhookDeliveryView>("POST", `/webhooks/deliveries/${deliveryId}/resend`),
      /** Fires a (custom) event as `POST v1/Webhook/{event}/{primaryKey}` would. */
      signal: (input: { tenant: string; event: string; primaryKey?: number; data?: Record<string, unknown> }) => call<{ queued: number }>("POST", "/webhooks/signal", input),
    },
    inbox: {
      /** The URL a webhook can target: the emulator records what arrives (`name`: letters, digits, . _ -). */
      url: (name: string) => `${url}/_emulator/v1/inbox/${encodeURIComponent(name)}`,
      entries: (name: string) => call<InboxEntryView[]>("GET", `/inbox/${encodeURIComponent(name)}`),
      /** What the inbox answers from now on (status 200 by default) and how long it waits first. */
      configure: (name: string, config: { status?: number; delayMs?: number }) => call<{ status: number; delayMs: number }>("PUT", `/inbox/${encodeURIComponent(name)}`, config),
      clear: (name: string) => call<void>("DELETE", `/inbox/${encodeURIComponent(name)}`),
    },
    requests: (filter: { clientId?: string; tenant?: string } = {}) =>
      call<{ summary: unknown[]; requests: Record<string, unknown>[] }>("GET", `/requests?${new URLSearchParams(filter as Record<string, string>)}`),

    /** The real authorize + consent + token flow over HTTP, with PKCE; approves the app if it must. */
    async signIn(options: SignInOptions): Promise<TokenResponse> {
      const apps = await admin.apps.list();
      const app = options.app ? apps.find((a) => a.clientId === options.app || a.name === options.app) : apps.find((a) => a.kind === "web");
      if (!app) throw new Error(`signIn: no app ${options.app ?? "of kind web"}`);
      const redirectUri = app.redirectUris.find((u) => !u.startsWith("^")) ?? "http://127.0.0.1:8000/callback";
      const verifier = randomBytes(32).toString("base64url");
      const params = new URLSearchParams({
        client_id: app.clientId,
        redirect_uri: redirectUri,
        response_type: "code",
        scope: "openid",
        acr_values: `tenant:${options.tenant}`,
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
      });
      const end = await runAuthorize(`${url}/login/common/oauth/authorize?${params}`, { username: options.user, password: options.password });
      const code = end.location ? new URL(end.location).searchParams.get("code") : null;
      if (!code) throw new Error(`signIn: the flow ended without a code (${end.status}): ${end.location ?? end.body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 300)}`);
      const res = await fetch(`${url}/login/common/oauth/tokens`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: redirectUri,
          client_id: app.clientId,
          ...(app.clientSecret ? { client_secret: app.clientSecret } : {}),
          code_verifier: verifier,
        }).toString(),
      });
      if (!res.ok) throw new Error(`signIn: token exchange failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as TokenResponse;
    },
  };
  return admin;
}

export type AdminClient = ReturnType<typeof adminClient>;
