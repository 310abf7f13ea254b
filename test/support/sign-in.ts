import type { StartedEmulator } from "../../src/index.js";

export interface TokenSet {
  token_type: string;
  access_token: string;
  expires_in: number;
  refresh_token: string;
  id_token: string;
}

/**
 * A real token set for a seeded user and tenant, through `admin.signIn()`: the authorize flow answered over
 * HTTP (approving the app, the web app unless told otherwise, if needed), then the code exchanged with PKCE.
 */
export async function signIn(emulator: StartedEmulator, username: string, tenant: string, appKind: "web" | "server-to-server" = "web"): Promise<TokenSet> {
  const app = emulator.apps.find((a) => a.kind === appKind)!;
  return (await emulator.admin.signIn({ tenant, user: username, app: app.clientId })) as TokenSet;
}
