import type { Exchange, WireRequest } from "./run.js";

/**
 * The workshop's side of the wire: real HTTP to the emulator's own public URL with fetch, recorded as sent
 * and as answered. Headers that fetch derives from the URL and body (Host, Content-Length) are listed too,
 * so the page shows the request a server receives. Redirects are not followed: an app sees them as they are.
 */
export const WORKSHOP_USER_AGENT = "sod-emulator-workshop (the app side of /workshop)";

export interface Outgoing {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export async function send(label: string, out: Outgoing): Promise<Exchange> {
  const headers: Record<string, string> = { "User-Agent": WORKSHOP_USER_AGENT, ...out.headers };
  const request: WireRequest = {
    method: out.method,
    url: out.url,
    headers: [["Host", hostOf(out.url)], ...Object.entries(headers), ...(out.body !== undefined ? [["Content-Length", String(Buffer.byteLength(out.body))] as [string, string]] : [])],
    body: out.body,
  };
  try {
    const res = await fetch(out.url, { method: out.method, headers, body: out.body ?? null, redirect: "manual", signal: AbortSignal.timeout(15_000) });
    const body = await res.text();
    return { by: "workshop", label, request, response: { status: res.status, statusText: res.statusText, headers: [...res.headers], body } };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { by: "workshop", label, request, error: `No answer from ${out.url}: ${cause?.code ?? cause?.message ?? (err as Error).message}. The workshop calls the emulator at its public URL; check that this machine can reach it.` };
  }
}

/** The answer's body as JSON, or undefined when it is not JSON. */
export function jsonOf(exchange: Exchange): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(exchange.response?.body ?? "");
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}
