import { loadConfig } from "../../config/load-config.js";
import { resolveUrls } from "../../emulator-context.js";
import { describeEmulator } from "../../emulator-info.js";
import { openStore } from "../../store/open-store.js";
import { createStore } from "../../store/store.js";
import { infoText } from "../info-text.js";
import type { CommandInput } from "../command.js";

/** `sod-emulator info [--json]`: the same facts as the start-up screen, without starting a server. */
export async function infoCommand({ flags, configFile, values }: CommandInput): Promise<number> {
  const config = loadConfig({ flags, configFile });
  const { db } = await openStore(config);
  const store = createStore(db);
  try {
    const info = describeEmulator(store, resolveUrls(config, config.port), config.environment, config.dataDir);
    console.log(values.json ? JSON.stringify(info, null, 2) : infoText(info));
  } finally {
    store.close();
  }
  return 0;
}
