import { resolveEmulatorPath } from "../../shared/emulator-path-uri.js";
import type { App } from "../../store/apps.js";
import { authorizeErrorText, InvalidRequest } from "../errors.js";
import type { AuthorizationRequest, AuthorizeInput, AuthorizeLookups } from "./authorization-request.js";

/** SuperID's AuthorizeErrorCode 2, as SOD titles its page. */
const INVALID_REDIRECT_URL = authorizeErrorText("InvalidRedirectUrl");

/**
 * The redirect URI must match one the app registered (identity.md §4.2): exactly, or, for an entry that
 * starts with `^`, as a .NET-style regular expression matched against the start of the URI (SOD's native
 * template registers `^http://127.0.0.1\:\d{4,10}$` and clients then add a path). A mismatch is a page,
 * "InvalidRedirectUrl (2)", never a redirect: that would make SuperID an open redirector. An entry written as
 * a path (`/workshop/callback`) is that path on the emulator's public URL, resolved here, then matched exactly.
 */
export function checkRedirectUri({ params }: AuthorizeInput, app: App, lookups: AuthorizeLookups): Pick<AuthorizationRequest, "redirectUri" | "redirectUriDefaulted"> {
  const given = params.redirect_uri;
  if (!given) {
    // Legacy apps omit it and get their first (non-pattern) registered URL.
    const first = app.redirectUris.find((u) => !u.startsWith("^"));
    const fallback = first && resolveEmulatorPath(first, lookups.publicUrl);
    if (!fallback) throw new InvalidRequest("The request has no redirect_uri and the app has no default redirect URL.", { page: INVALID_REDIRECT_URL });
    return { redirectUri: fallback, redirectUriDefaulted: true };
  }
  if (!isRegisteredUri(app.redirectUris, given, lookups.publicUrl)) {
    throw new InvalidRequest(`The redirect_uri ${given} is not registered for the app ${app.name}.`, { page: INVALID_REDIRECT_URL });
  }
  return { redirectUri: given };
}

export function isRegisteredUri(registered: readonly string[], uri: string, publicUrl: string): boolean {
  if (!isAbsoluteUri(uri)) return false;
  return registered.some((entry) => resolveEmulatorPath(entry, publicUrl) === uri || (entry.startsWith("^") && matchesPattern(entry, uri)));
}

function matchesPattern(pattern: string, uri: string): boolean {
  // .NET's `\:` is an escaped colon; JavaScript's `u` flag would reject it, so unescape it first.
  const source = pattern.replace(/\\:/g, ":");
  let re: RegExp;
  try {
    re = new RegExp(source.endsWith("$") ? source.slice(0, -1) : source);
  } catch {
    return false;
  }
  const m = re.exec(uri);
  if (!m || m.index !== 0) return false;
  // The pattern covers the origin; what follows it may only be a path, query or fragment.
  const rest = uri.slice(m[0].length);
  return rest === "" || /^[/?#]/.test(rest);
}

function isAbsoluteUri(uri: string): boolean {
  try {
    const u = new URL(uri);
    return !u.hash && u.protocol !== "javascript:" && u.protocol !== "data:";
  } catch {
    return false;
  }
}
