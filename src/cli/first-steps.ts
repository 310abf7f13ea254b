import type { EmulatorInfo } from "../emulator-info.js";

/**
 * The ready banner's "first steps" for a workshop: a paste-ready authorize URL for the seeded web app and
 * the token request that exchanges the code it returns, so nobody builds either by hand. The redirect is
 * the app's own (http://localhost:3000/callback in the default seed): with nothing listening there the
 * browser shows the code in its address bar. `/workshop` plays the app instead and shows every step.
 */
export function firstSteps(info: EmulatorInfo, adminKey?: string): string | undefined {
  const app = info.apps.find((a) => a.kind === "web" && a.clientSecret);
  const redirectUri = app?.redirectUris.find((u) => /^https?:\/\//.test(u));
  if (!app || !redirectUri) return undefined;
  const authorize = `${info.url}/login/common/oauth/authorize?${new URLSearchParams({ client_id: app.clientId, redirect_uri: redirectUri, response_type: "code", scope: "openid", state: "workshop" })}`;
  const exchange = [
    `curl -s -X POST ${info.url}/login/common/oauth/tokens`,
    `-d grant_type=authorization_code -d client_id=${app.clientId} -d client_secret=${app.clientSecret}`,
    `--data-urlencode redirect_uri=${redirectUri} -d code=PASTE_THE_CODE`,
  ].join(" \\\n       ");
  return [
    `First steps (${app.name}):`,
    `  1. Open ${authorize}`,
    `  2. Sign in and approve; the browser goes to ${redirectUri}?code=...&state=workshop. Copy the code.`,
    `  3. Exchange it for tokens:`,
    `     ${exchange}`,
    `  Or let the emulator play the app and show each step: ${info.url}/workshop${adminKey ? `?adminKey=${encodeURIComponent(adminKey)}` : ""}`,
  ].join("\n");
}
