import type { Context } from "hono";
import type { EmulatorContext, EmulatorUrls } from "./emulator-context.js";
import { emulatorOwnsHost, isLoopbackName } from "./own-hosts.js";

/**
 * Front channel and back channel, after Keycloak's hostname design. A browser reaches the emulator by the
 * public URL (http://localhost:5080); an app in a container reaches it by a service name
 * (http://sod-emulator:5080), where localhost is the app's own container. Tokens must carry one issuer, so
 * the issuer and every URL a browser follows (authorize, end session, the screens) stay on the public URL,
 * while the URLs a server calls (token, revoke, JWKS, tenant state, webapi_url/netserver_url) may take:
 *
 * - `--backchannel dynamic`: the origin the request came in on, when its host is one of the emulator's own
 *   (loopback names, the public URL's host, --allowed-hosts, --backchannel-url's host). Any other Host is
 *   never reflected into handed-out URLs: a client could name any host there (cache poisoning, phishing).
 * - `--backchannel-url URL`: that URL, fixed (and the fallback for other hosts when dynamic is on).
 *
 * With neither, everything stays on the public URL, as before.
 */
export function backchannelUrls(ctx: EmulatorContext, requestUrl: string): EmulatorUrls {
  const { backchannel, backchannelUrl } = ctx.config;
  if (backchannel === "dynamic") {
    const origin = ownOrigin(ctx, requestUrl);
    if (origin !== undefined) return Object.assign({}, ctx.urls, { backchannelUrl: origin });
  }
  return backchannelUrl === undefined ? ctx.urls : Object.assign({}, ctx.urls, { backchannelUrl });
}

/** The context a back-channel request works with: the same emulator, its URLs chosen for this request. */
export function withBackchannel(ctx: EmulatorContext, c: Context): EmulatorContext {
  const urls = backchannelUrls(ctx, c.req.url);
  return urls === ctx.urls ? ctx : Object.assign({}, ctx, { urls });
}

/** The request's origin when its host name is the emulator's own; undefined otherwise. */
function ownOrigin(ctx: EmulatorContext, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return isLoopbackName(hostname) || emulatorOwnsHost(ctx)(hostname) ? url.origin : undefined;
}
