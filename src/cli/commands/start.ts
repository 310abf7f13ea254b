import { relative } from "node:path";
import { loadConfig } from "../../config/load-config.js";
import { runEmulator } from "../../emulator.js";
import { firstSteps } from "../first-steps.js";
import { infoText } from "../info-text.js";
import type { CommandInput } from "../command.js";

/** A path relative to the working directory when it is inside it, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") ? path : rel;
}

/** `sod-emulator start`: serve until SIGINT/SIGTERM, then stop gracefully. */
export async function startCommand({ flags, configFile }: CommandInput): Promise<number> {
  const config = loadConfig({ flags, configFile });
  const emulator = await runEmulator(config);
  // Handlers first: a supervisor may send SIGTERM as soon as it sees the ready line.
  const stopped = new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      console.log(`sod-emulator stopping (${signal})`);
      emulator.stop().then(() => resolve(0), () => resolve(1));
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  const store = config.dataDir ? shown(config.dataDir) : "in memory";
  const info = emulator.info();
  const steps = firstSteps(info, config.adminKey);
  const banner = [
    `sod-emulator ready at ${emulator.url} (store: ${store}; seed: ${shown(config.seedFile)})`,
    infoText(info),
    ...(steps ? ["", steps] : []),
    ...(emulator.seedChanged ? ["", "Note: the seed file changed since this store was created. Run `npx sod-emulator reset` to apply it."] : []),
  ];
  process.stdout.write(banner.join("\n") + "\n");
  return stopped;
}
