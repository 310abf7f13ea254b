import type { Context, MiddlewareHandler } from "hono";
import { html } from "hono/html";
import { isIP } from "node:net";
import type { EmulatorContext } from "./emulator-context.js";

/**
 * Answers only requests whose Host header names the emulator itself: DNS rebinding defence. The emulator
 * runs on a developer's laptop beside their browser. A web page on evil.example can make its own name
 * resolve to 127.0.0.1 after loading (DNS rebinding); its scripts then read http://evil.example:5080/... as
 * same-origin, so the browser's same-origin policy no longer keeps them from the admin API's client secrets
 * or the portal's system-user private keys. Such requests still say `Host: evil.example:5080`, which is how
 * they are told apart (the defence Vite, webpack-dev-server and Jupyter use).
 */
export interface OwnHostsOptions {
  /** Whether this host name (lower case; IPv6 without brackets) is one of the server's own, besides loopback names. */
  isOwnHost: (hostname: string) => boolean;
  /** The answer for any other host; `host` is the Host header as sent. */
  refuse: (c: Context, host: string) => Response | Promise<Response>;
}

export function ownHostsOnly(options: OwnHostsOptions): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header("host") ?? "";
    const hostname = hostnameOf(host);
    if (hostname !== undefined && (isLoopbackName(hostname) || options.isOwnHost(hostname))) return next();
    return options.refuse(c, host);
  };
}

/** The host name of a Host header (lower case, IPv6 unbracketed); undefined when it is not one. */
function hostnameOf(host: string): string | undefined {
  if (host === "") return undefined;
  try {
    const url = new URL(`http://${host}`);
    // new URL would read "a@b" as user a at host b, and "a/b" as a path: a Host header is neither.
    if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return undefined;
    return url.hostname.replace(/^\[(.*)\]$/, "$1");
  } catch {
    return undefined;
  }
}

/** localhost, *.localhost (RFC 6761: always loopback, browsers included), 127.0.0.0/8 and ::1. */
export function isLoopbackName(hostname: string): boolean {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return true;
  if (isIP(hostname) === 4) return hostname.startsWith("127.");
  return hostname === "::1";
}

/** The emulator's own names: the public URL's host, host mode's tenant hosts, --host, --allowed-hosts and --backchannel-url's host. */
export function emulatorOwnsHost(ctx: EmulatorContext): (hostname: string) => boolean {
  return (hostname) => {
    // --host counts when it names an address; 0.0.0.0 and :: (every interface) name none.
    const listening = ctx.config.host === "0.0.0.0" || ctx.config.host === "::" ? undefined : ctx.config.host;
    const backchannel = ctx.config.backchannelUrl === undefined ? undefined : new URL(ctx.config.backchannelUrl).hostname.replace(/^\[(.*)\]$/, "$1");
    const own = [new URL(ctx.urls.publicUrl).hostname.replace(/^\[(.*)\]$/, "$1"), ctx.urls.tenantHost, listening, backchannel, ...ctx.config.allowedHosts];
    if (own.some((h) => h?.toLowerCase() === hostname)) return true;
    // Tenants moved to a host of their own (host mode) are reached there; read last, it is a query.
    return ctx.store.tenants.list().some((t) => t.host?.toLowerCase() === hostname);
  };
}

const refusal = (host: string) =>
  `This emulator does not answer for the host name ${host}: it serves its portal and admin API only on its own names (loopback names, the public URL's host, host mode's tenant hosts), which keeps web pages that rebind their DNS name to this machine out. To reach it by this name, add it with --allowed-hosts (SOD_ALLOWED_HOSTS, config key allowedHosts).`;

/** The admin API's refusal: its JSON error shape. */
export function refuseHostAsJson(c: Context, host: string) {
  return c.json({ error: "host_not_allowed", message: refusal(host) }, 403);
}

/** The portal's refusal: a short page (the portal layout is not loaded for a request it refuses). */
export function refuseHostAsHtml(c: Context, host: string) {
  return c.html(
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host not allowed</title></head><body><h1>Host not allowed</h1><p>${refusal(host)}</p></body></html>`,
    403,
    { "cache-control": "no-store" },
  );
}
