import { createHmac } from "node:crypto";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
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
  try {
    const answer = await post(r.targetUrl, headers, Buffer.from(r.body, "utf8"), r.timeoutMs, r.abort);
    return { at: now, retry: r.retry, requestHeaders: headers, ...answer, durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return {
      at: now,
      retry: r.retry,
      requestHeaders: headers,
      status: 0,
      responseHeaders: {},
      responseBody: "",
      error: e instanceof NoAnswer ? `No answer within ${r.timeoutMs} ms` : `${e.code ?? "Error"}: ${e.message}`,
      durationMs: Math.round(performance.now() - started),
    };
  }
}

class NoAnswer extends Error {}

// Keep-alive agents: a queue sends its events one after another to the same target, over one connection.
const AGENTS = { "http:": new HttpAgent({ keepAlive: true }), "https:": new HttpsAgent({ keepAlive: true }) };

/**
 * One POST with node's own client, and exactly the request headers SOD sends: fetch() would add Accept,
 * Accept-Language, Accept-Encoding and Sec-Fetch-Mode, and its web streams cost about 4 times the CPU per
 * delivery (issue #19: 230 µs of fetch per delivery in the profile of a backlog draining). The whole
 * exchange, answer body included, must finish within timeoutMs; redirects are not followed.
 */
function post(targetUrl: string, headers: Record<string, string>, body: Buffer, timeoutMs: number, abort: AbortSignal | undefined) {
  return new Promise<Pick<DeliveryAttempt, "status" | "responseHeaders" | "responseBody">>((resolve, reject) => {
    const url = new URL(targetUrl);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    // Object.assign copies `headers` as a spread would: requestHeaders assigns the webhook's own names, so no own __proto__ member is there.
    const req = send(url, { method: "POST", headers: Object.assign({}, headers, { "Content-Length": String(body.byteLength) }), agent: AGENTS[url.protocol as keyof typeof AGENTS], signal: abort });
    let settled = false;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new NoAnswer());
    }, timeoutMs);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Cut off by the deadline, whatever error the cut raised (a reset answer body, say).
      reject(timedOut ? new NoAnswer() : err);
    };
    req.on("error", fail);
    req.once("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const responseHeaders = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : String(v)]));
        resolve({ status: res.statusCode ?? 0, responseHeaders, responseBody: Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_BODY_LIMIT) });
      };
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.byteLength;
        // Enough for the inspector: the rest is not read, and the connection is not reused.
        if (size >= RESPONSE_BODY_LIMIT) {
          done();
          res.destroy();
        }
      });
      res.on("end", done);
      res.on("error", fail);
    });
    req.end(body);
  });
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
