import { ConfigError } from "../../config/config-error.js";
import { loadConfig } from "../../config/load-config.js";
import { deleteStoreFiles, openStore } from "../../store/open-store.js";
import type { CommandInput } from "../command.js";

/** `sod-emulator reset`: re-create the data directory's store from the seed. The signing key is kept. */
export async function resetCommand({ flags, configFile }: CommandInput): Promise<number> {
  const config = loadConfig({ flags, configFile });
  if (config.dataDir === null) throw new ConfigError("reset: --in-memory stores always start from the seed; nothing to reset");
  deleteStoreFiles(config.dataDir);
  const { db } = await openStore(config);
  db.close();
  console.log(`sod-emulator: store in ${config.dataDir} re-created from ${config.seedFile}`);
  return 0;
}
