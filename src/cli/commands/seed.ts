import { writeFileSync } from "node:fs";
import { ConfigError } from "../../config/config-error.js";
import { loadConfig } from "../../config/load-config.js";
import { generateSeedData } from "../../seed/generate.js";
import { readSeedFile } from "../../seed/seed-file.js";
import type { CommandInput } from "../command.js";

/** `sod-emulator seed --out FILE`: write the data the seed file generates, as JSON (`-` for stdout). */
export async function seedCommand({ flags, configFile, values }: CommandInput): Promise<number> {
  const config = loadConfig({ flags, configFile });
  const out = values.out;
  if (typeof out !== "string" || out === "") throw new ConfigError("seed: --out expects a file path (or - for standard output)");
  const json = JSON.stringify(generateSeedData(readSeedFile(config.seedFile).seed), null, 2) + "\n";
  if (out === "-") process.stdout.write(json);
  else {
    try {
      writeFileSync(out, json);
    } catch (err) {
      throw new ConfigError(`seed: --out ${out}: cannot write there (${(err as NodeJS.ErrnoException).code ?? "error"})`);
    }
  }
  return 0;
}
