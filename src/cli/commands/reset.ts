import { ConfigError } from "../../config/config-error.js";
import { loadConfig } from "../../config/load-config.js";
import { deleteStoreFiles, openStore } from "../../store/open-store.js";
import type { CommandInput } from "../command.js";
import { runningServer, viaServer } from "../running-server.js";

/**
 * `sod-emulator reset`: the data directory's store back to the seed file (seed changes included). The
 * signing key is kept. With a server running on the directory, the server resets its own store (admin
 * API), so it never goes on serving a deleted database file.
 */
export async function resetCommand({ flags, configFile }: CommandInput): Promise<number> {
  const config = loadConfig({ flags, configFile });
  if (config.dataDir === null) throw new ConfigError("reset: --in-memory stores always start from the seed; nothing to reset");
  const server = await runningServer(config);
  if (server) {
    await viaServer(server, "POST /_emulator/v1/reset", (admin) => admin.reset());
    console.log(`sod-emulator: the running emulator at ${server.file.publicUrl} reset its store in ${config.dataDir} to ${config.seedFile} (POST /_emulator/v1/reset)`);
    return 0;
  }
  deleteStoreFiles(config.dataDir);
  const { db } = await openStore(config);
  db.close();
  console.log(`sod-emulator: store in ${config.dataDir} re-created from ${config.seedFile}`);
  return 0;
}
