import type { EmulatorInfo } from "../emulator-info.js";
import { formatTable } from "./table.js";

/** The tables printed under the ready line and by `sod-emulator info`. */
export function infoText(info: EmulatorInfo): string {
  const tenants = formatTable(
    ["ContextIdentifier", "Company", "State", "Web API (webapi_url)"],
    info.tenants.map((t) => [t.contextIdentifier, t.companyName, t.state, t.webApiUrl]),
  );
  const users = formatTable(
    ["Name", "User name", "Password", "Tenants"],
    info.users.map((u) => [
      u.name,
      u.username,
      u.passwordRequired ? "required" : "none (pick the name)",
      u.tenants.map((m) => `${m.contextIdentifier} (${m.administrator ? "administrator" : "user"})`).join(", "),
    ]),
  );
  const apps = formatTable(
    ["Name", "Type", "client_id", "client_secret", "Redirect URIs"],
    info.apps.map((a) => [
      a.name,
      `${a.kind}${a.systemUser ? ", system user" : ""}`,
      a.clientId,
      a.clientSecret ?? "(public client: PKCE, no secret)",
      a.redirectUris.join(" "),
    ]),
  );
  return [
    `Discovery: ${info.url}/login/.well-known/openid-configuration   issuer: ${info.issuer}`,
    "",
    "Tenants",
    tenants,
    "",
    "Users",
    users,
    "",
    "Apps",
    apps,
  ].join("\n");
}
