import type { ClaimRow } from "../portal/pages/claim-notes.js";
import type { InboxEntry } from "../runtime/webhooks/inbox.js";

/**
 * One workshop run: what the presenter chose, and every exchange that went over the wire since, in the order
 * the steps happened. The page renders only from this record, so it shows what this run did, never examples.
 */
export type ResponseMode = "query" | "form_post" | "fragment";

export interface WireRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body?: string | undefined;
}

export interface WireResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

/** One HTTP request and its answer (or why there was none). */
export interface Exchange {
  /** Who sent it: the workshop's own code (fetch), or the presenter's browser. */
  by: "workshop" | "browser";
  label: string;
  request: WireRequest;
  response?: WireResponse | undefined;
  error?: string | undefined;
}

/** A check the app makes, with what it found. */
export interface Check {
  label: string;
  ok: boolean;
  detail: string;
}

export interface WorkshopChoice {
  clientId: string;
  appName: string;
  kind: "web" | "native" | "server-to-server";
  /** Confidential clients send their secret; native apps are public clients. */
  clientSecret: string | null;
  systemUser: boolean;
  /** login_hint; "" lets the presenter pick on the sign-in screen. */
  user: string;
  /** acr_values=tenant:…; "" lets the tenant picker ask. */
  tenant: string;
  responseMode: ResponseMode;
  /** prompt=login: the sign-in screen shows even with a SuperID session. */
  forceLogin: boolean;
}

/** A SuperID call the browser made while on the screens (from the Activity ring). */
export interface ScreenCall {
  method: string;
  path: string;
  status: number;
}

export interface Run {
  choice: WorkshopChoice;
  redirectUri: string;
  pkce: { verifier: string; challenge: string };
  state: string;
  nonce: string;
  authorizeUrl: string;
  /** The newest Activity entry when the run started: later entries are this run's screens. */
  activityMark: number;
  /** Secret value (and its encodings) → the shell variable name it is shown as. */
  secrets: Map<string, string>;
  callback?: { exchange: Exchange; via: ResponseMode; params: [string, string][]; checks: Check[]; code?: string | undefined; screens: ScreenCall[] };
  tokens?: { exchange: Exchange; json?: Record<string, unknown> | undefined };
  idToken?: { parts: string[]; header: Record<string, unknown>; claims: ClaimRow[]; jwks: Exchange; jwk?: Record<string, unknown> | undefined; checks: Check[] };
  api?: Exchange[];
  refresh?: { exchanges: Exchange[]; checks: Check[] };
  systemUser?: SystemUserRecord;
  webhooks?: WebhookRecord;
}

/** A request as the emulator's inbox received it (GET /_emulator/v1/inbox/{name} lists them). */
export type ReceivedRequest = InboxEntry;

/** Step 9: a webhook to the emulator's own inbox, a contact, the delivery and its signature checked. */
export interface WebhookRecord {
  blocked?: string | undefined;
  /** Which credential the calls carried: the access token, or (after step 7 revoked it) step 8's ticket. */
  credential?: "access token" | "system-user ticket";
  inbox?: string;
  targetUrl?: string;
  secret?: string;
  create?: Exchange;
  webhookId?: number | undefined;
  /** The inbox read after the save: it holds the test ping. */
  pingRead?: Exchange;
  ping?: ReceivedRequest | undefined;
  contact?: Exchange;
  contactId?: number | undefined;
  /** The inbox read that found the delivery (the last of the polls), and how long the wait took. */
  deliveryRead?: Exchange;
  waitedMs?: number;
  delivery?: ReceivedRequest | undefined;
  /** Whether Start over deleted the webhook (DELETE v1/Webhook/{id}). */
  deleted?: boolean;
}

export interface SystemUserRecord {
  /** Why the step could not run, when it could not. */
  blocked?: string | undefined;
  systemToken?: string;
  timestamp?: string;
  signedData?: string;
  signature?: string;
  exchange?: Exchange;
  jwtClaims?: ClaimRow[];
  jwtChecks?: Check[];
  ticket?: string | undefined;
  call?: Exchange;
}

/** Registers a secret under a shell-variable name (ACCESS_TOKEN, ACCESS_TOKEN_2, …); the same value keeps its name. */
export function secretName(run: Run, value: string, base: string): string {
  const known = run.secrets.get(value);
  if (known) return known;
  const taken = new Set(run.secrets.values());
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  // Form bodies carry the value URL-encoded: mask that spelling too.
  for (const spelling of new Set([value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)])) run.secrets.set(spelling, name);
  return name;
}

/** The registered secrets, one line per name, as shell assignments (what the reveal toggle shows). */
export function secretList(run: Run, names: Iterable<string>): [string, string][] {
  const wanted = new Set(names);
  const out = new Map<string, string>();
  // The first spelling registered is the raw value.
  for (const [value, name] of run.secrets) if (wanted.has(name) && !out.has(name)) out.set(name, value);
  return [...out];
}

export type Segment = { text: string } | { secret: string };

/** Splits text at every registered secret, so views can mask them and list which ones a step used. */
export function maskSegments(run: Run, text: string): Segment[] {
  const values = [...run.secrets.keys()].filter((v) => v.length >= 8).sort((a, b) => b.length - a.length);
  if (values.length === 0 || text === "") return [{ text }];
  const out: Segment[] = [];
  let rest = text;
  while (rest !== "") {
    let best: { at: number; value: string } | undefined;
    for (const v of values) {
      const at = rest.indexOf(v);
      if (at >= 0 && (!best || at < best.at)) best = { at, value: v };
    }
    if (!best) {
      out.push({ text: rest });
      break;
    }
    if (best.at > 0) out.push({ text: rest.slice(0, best.at) });
    out.push({ secret: run.secrets.get(best.value)! });
    rest = rest.slice(best.at + best.value.length);
  }
  return out;
}
