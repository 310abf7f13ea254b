import { isEmulatorPath } from "../../shared/emulator-path-uri.js";

/**
 * The shapes of an app's registered URLs (identity.md §4.2, §11): redirect URLs absolute (http(s) or a
 * native app's private-use scheme), a path on the emulator itself (`/workshop/callback`) or a `^pattern` that compiles; post-logout URLs absolute; CORS entries
 * bare origins. The first problem, naming the field and the line, or undefined.
 */
export function appUrlProblem(urls: { redirectUris?: readonly string[]; postLogoutRedirectUris?: readonly string[]; corsOrigins?: readonly string[] }):
  | { field: "redirectUris" | "postLogoutRedirectUris" | "corsOrigins"; message: string }
  | undefined {
  for (const uri of urls.redirectUris ?? []) {
    if (uri.startsWith("^")) {
      try {
        new RegExp(uri.replace(/\\:/g, ":"));
      } catch {
        return { field: "redirectUris", message: `Redirect URL pattern ${uri} is not a valid regular expression.` };
      }
    } else if (!isHttpUrl(uri) && !isAppScheme(uri) && !isEmulatorPath(uri)) return { field: "redirectUris", message: `Redirect URL ${uri} is not an absolute URL.` };
  }
  for (const uri of urls.postLogoutRedirectUris ?? []) {
    if (!isHttpUrl(uri) && !isAppScheme(uri)) return { field: "postLogoutRedirectUris", message: `Post-logout URL ${uri} is not an absolute URL.` };
  }
  for (const origin of urls.corsOrigins ?? []) {
    if (!isHttpUrl(origin) || new URL(origin).origin !== origin.replace(/\/$/, "")) {
      return { field: "corsOrigins", message: `CORS origin ${origin} is not an origin (scheme, host and port, such as http://localhost:3000).` };
    }
  }
  return undefined;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && !u.hash;
  } catch {
    return false;
  }
}

/** Native apps may register a private-use, reverse-DNS scheme such as com.example.app:/callback (RFC 8252 §7.1). */
function isAppScheme(s: string): boolean {
  return /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:\/?[^\s#]*$/i.test(s);
}
