import { loadConfig } from "../../config/load-config.js";
import { resolveUrls } from "../../runtime/emulator-context.js";
import { describeEmulator } from "../../emulator-info.js";
import { openStore } from "../../store/open-store.js";
import { createStore } from "../../store/store.js";
import { infoText } from "../info-text.js";
import type { CommandInput } from "../command.js";
import { runningServer } from "../running-server.js";

/**
 * `sod-emulator info [--json]`: the same facts as the start-up screen, without starting a server. With a
 * server running on the data directory, the URLs are that server's (it may have been started with other
 * options than this command was given).
 */
export async function infoCommand({ flags, configFile, values }: CommandInput): Promise<number> {
  const config = loadConfig({ flags, configFile });
  const server = await runningServer(config);
  const urls = resolveUrls(server ? Object.assign({}, config, { publicUrl: server.file.publicUrl, tenantHost: server.file.tenantHost ?? undefined }) : config, config.port);
  const { db } = await openStore(config);
  const store = createStore(db);
  try {
    const info = describeEmulator(store, urls, config.environment, config.dataDir);
    console.log(values.json ? JSON.stringify(info, null, 2) : infoText(info));
  } finally {
    store.close();
  }
  return 0;
}
