import { createHmac } from "node:crypto";
import { isIP } from "node:net";
import type { DeliveryAttempt } from "../../store/webhook-deliveries.js";

/**
 * One webhook POST over HTTP (webhooks.md §6–7): SuperOffice's headers, the signature over the exact body
 * bytes, a timeout, and the target's answer kept for the inspector. Never throws: a refused connection or
 * a timeout is an attempt with status 0.
 */

/** Base64 HMAC-SHA256 of the body bytes with the secret's UTF-8 bytes (webhooks.md §7). */
export const webhookSignature = (secret: string, body: string | Uint8Array): string => createHmac("sha256", secret).update(body).digest("base64");

export interface SendRequest {
  targetUrl: string;
  body: string;
  event: string;
  eventId: string;
  retry: number;
  secret?: string | null | undefined;
  /** The webhook's own Headers, added after SuperOffice's (they cannot replace the signature or the event). */
  headers?: Record<string, string> | null | undefined;
  /** More headers of SuperOffice's own (X-Hook-Test on the test ping). */
  extra?: Record<string, string> | undefined;
  userAgent: string;
  /** A tenant-state notification (identity.md §9.4): a plain JSON POST, without the webhook headers. */
  notification?: boolean | undefined;
  timeoutMs: number;
  /** Aborts the call when the emulator stops (the delivery stays pending for the next start). */
  abort?: AbortSignal | undefined;
}

const RESERVED = new Set(["content-type", "content-length", "user-agent", "x-superoffice-event", "x-superoffice-eventid", "x-superoffice-retry", "x-superoffice-signature", "host", "connection", "transfer-encoding"]);
const RESPONSE_BODY_LIMIT = 4000;

export function requestHeaders(r: SendRequest): Record<string, string> {
  if (r.notification) return { "Content-Type": "application/json; charset=utf-8", "User-Agent": r.userAgent };
  const headers: Record<string, string> = {
    "Content-Type": "application/json; charset=utf-8",
    "User-Agent": r.userAgent,
    "X-SuperOffice-Event": r.event,
    "X-SuperOffice-EventId": r.eventId,
    "X-SuperOffice-Retry": String(r.retry),
    ...(r.extra ?? {}),
  };
  if (r.secret) headers["X-SuperOffice-Signature"] = webhookSignature(r.secret, Buffer.from(r.body, "utf8"));
  for (const [k, v] of Object.entries(r.headers ?? {})) if (!RESERVED.has(k.toLowerCase()) && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k)) headers[k] = String(v).replace(/[\r\n]/g, " ");
  return headers;
}

/** POSTs and reads (a bounded part of) the answer; `now` is the emulator's clock for the attempt's time. */
export async function sendWebhook(r: SendRequest, now: number): Promise<DeliveryAttempt> {
  const headers = requestHeaders(r);
  const started = performance.now();
  const timeout = AbortSignal.timeout(r.timeoutMs);
  const signal = r.abort ? AbortSignal.any([timeout, r.abort]) : timeout;
  try {
    const res = await fetch(r.targetUrl, { method: "POST", headers, body: r.body, redirect: "manual", signal });
    const responseBody = await readBounded(res, signal);
    return {
      at: now,
      retry: r.retry,
      requestHeaders: headers,
      status: res.status,
      responseHeaders: Object.fromEntries(res.headers),
      responseBody,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    const timedOut = timeout.aborted;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return {
      at: now,
      retry: r.retry,
      requestHeaders: headers,
      status: 0,
      responseHeaders: {},
      responseBody: "",
      error: timedOut ? `No answer within ${r.timeoutMs} ms` : `${cause?.code ?? "Error"}: ${cause?.message ?? (err as Error).message}`,
      durationMs: Math.round(performance.now() - started),
    };
  }
}

async function readBounded(res: Response, signal: AbortSignal): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_BODY_LIMIT && !signal.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_BODY_LIMIT);
}

/** LastError and the test's Message: the target's status line, headers and body, as SuperOffice keeps them. */
export function describeAnswer(a: DeliveryAttempt): string {
  if (a.status === 0) return a.error ?? "No answer";
  const head = Object.entries(a.responseHeaders).map(([k, v]) => `${k}: ${v}`).join("\r\n");
  return `${a.status}\r\n${head}\r\n\r\n${a.responseBody}`;
}

/**
 * SOD takes only https targets with a valid certificate (webhooks.md §5). The emulator also takes http to
 * hosts that cannot be on the public internet: loopback, private and link-local addresses, `localhost`,
 * `*.localhost`, `*.local`, `*.internal`, and single-label names (a Compose service such as `receiver`).
 * With `requireHttps` it refuses http like SOD. Returns the refusal message, or undefined when allowed.
 */
export function targetUrlProblem(targetUrl: string, requireHttps: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(targetUrl);
  } catch {
    return `Webhook TargetUrl is not a valid absolute URL: ${targetUrl}`;
  }
  if (url.protocol === "https:") return undefined;
  const insecure = `Webhook TargetUrl must be secure: 'HTTPS:' not found in ${targetUrl}`;
  if (url.protocol !== "http:" || requireHttps) return insecure;
  return isLocalHost(url.hostname) ? undefined : `${insecure} (the emulator takes http only to loopback and private hosts)`;
}

function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const family = isIP(host);
  if (family === 4) {
    const [a, b] = host.split(".").map(Number) as [number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || a === 0;
  }
  if (family === 6) return host === "::1" || /^f[cd]/.test(host) || host.startsWith("fe80:") || host.startsWith("::ffff:127.");
  return host === "localhost" || /\.(localhost|local|internal)$/.test(host) || !host.includes(".");
}
