import { ConfigError } from "../../config/config-error.js";
import { loadConfig } from "../../config/load-config.js";
import { adminClient } from "../../admin/client.js";
import { localUrlFor } from "../../server/server-file.js";
import type { CommandInput } from "../command.js";
import { runningServer } from "../running-server.js";

/**
 * `sod-emulator token <ContextIdentifier> <user> [app]`: signs the user in to the tenant on the running
 * emulator (the real authorize, consent and token flow over HTTP, as `admin.signIn()` does) and prints the
 * access token, so a shell can say `TOKEN=$(npx sod-emulator token Cust12345 ada.admin@example.com)`.
 * `--json` prints SuperID's whole token response. The server is the one serving --data, else the one on
 * --host/--port.
 */
export async function tokenCommand({ flags, configFile, positionals, values }: CommandInput): Promise<number> {
  const [tenant, user, app] = positionals;
  if (!tenant || !user) throw new ConfigError("token: usage: sod-emulator token <ContextIdentifier> <user name> [app client_id or name] [--json]");
  const config = loadConfig({ flags, configFile });
  const server = await runningServer(config);
  // The public URL: the sign-in screens redirect there and their cookies belong to its host.
  const url = server?.file.publicUrl ?? config.publicUrl ?? localUrlFor(config.host, config.port).replace("127.0.0.1", "localhost");
  try {
    const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
    await health.body?.cancel();
  } catch {
    throw new ConfigError(`token: no emulator answers at ${url}; start one (npm start) or name its --port or --data`);
  }
  const admin = adminClient(url, config.adminKey);
  let tokens;
  try {
    tokens = await admin.signIn({ tenant, user, ...(app ? { app } : {}) });
  } catch (err) {
    throw new ConfigError(`token: ${(err as Error).message.split("\n")[0]}`);
  }
  process.stdout.write(values.json ? `${JSON.stringify(tokens, null, 2)}\n` : `${tokens.access_token}\n`);
  return 0;
}
