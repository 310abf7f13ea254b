import { createPrivateKey } from "node:crypto";
import { ConfigError } from "../../config/config-error.js";
import { loadConfig } from "../../config/load-config.js";
import { rsaKeyValueXml } from "../../keys/partner-key.js";
import { openStore } from "../../store/open-store.js";
import { createStore } from "../../store/store.js";
import type { CommandInput } from "../command.js";

/**
 * `sod-emulator apps key <client_id> [--xml]`: the system-user private key of an app, as PEM or as the
 * .NET RSAKeyValue XML the Developer Portal hands out.
 */
export async function appsCommand({ flags, configFile, positionals, values }: CommandInput): Promise<number> {
  const [sub, clientId] = positionals;
  if (sub !== "key" || !clientId) throw new ConfigError("apps: usage: sod-emulator apps key <client_id> [--xml]");
  const config = loadConfig({ flags, configFile });
  const store = createStore((await openStore(config)).db);
  try {
    const app = store.apps.get(clientId) ?? store.apps.list().find((a) => a.name.toLowerCase() === clientId.toLowerCase());
    if (!app) throw new ConfigError(`apps key: no app with client_id or name ${clientId}`);
    const pem = store.apps.privateKeyPem(app.clientId);
    if (!pem) throw new ConfigError(`apps key: ${app.name} has no system-user key (only apps allowed the system user have one)`);
    process.stdout.write(values.xml ? `${rsaKeyValueXml(createPrivateKey(pem))}\n` : pem.endsWith("\n") ? pem : `${pem}\n`);
  } finally {
    store.close();
  }
  return 0;
}
