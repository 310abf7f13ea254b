#!/usr/bin/env node
import { ConfigError } from "../config/config-error.js";
import { flagsFromParsed, parseCommandLine } from "../config/load-config.js";
import type { Command } from "./command.js";
import { usage } from "./usage.js";
import { own } from "../shared/own.js";

// Loaded on demand: `start` must not pay for what `seed` imports (faker, zod).
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import("./commands/start.js")).startCommand,
  info: async () => (await import("./commands/info.js")).infoCommand,
  reset: async () => (await import("./commands/reset.js")).resetCommand,
  seed: async () => (await import("./commands/seed.js")).seedCommand,
  tenants: async () => (await import("./commands/tenants.js")).tenantsCommand,
  apps: async () => (await import("./commands/apps.js")).appsCommand,
  token: async () => (await import("./commands/token.js")).tokenCommand,
};

/** The `sod-emulator` command. User errors print one line and exit 2; nothing prints a stack trace. */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    json: { type: "boolean" },
    xml: { type: "boolean" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    console.log(usage());
    return 0;
  }
  const [name = "start", ...rest] = positionals;
  const load = own(COMMANDS, name);
  if (!load) throw new ConfigError(`unknown command "${name}"; expected one of ${Object.keys(COMMANDS).join(", ")} (see --help)`);
  const configFile = typeof values.config === "string" ? values.config : undefined;
  const command = await load();
  return command({ flags: flagsFromParsed(values), configFile, positionals: rest, values });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(`sod-emulator: ${err.message}`);
      process.exit(err.exitCode);
    }
    const e = err as NodeJS.ErrnoException;
    // A --host that does not resolve or is not this machine's is a bad option, like any other.
    if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN" || e.code === "EADDRNOTAVAIL") {
      console.error(`sod-emulator: --host: cannot listen there (${e.code}: ${e.message})`);
      process.exit(2);
    }
    const message = e.code === "EADDRINUSE" ? `port already in use (${e.message}); choose another with --port or SOD_PORT` : (e.message ?? String(err));
    console.error(`sod-emulator: ${message}`);
    if (process.env.SOD_DEBUG) console.error(e.stack);
    process.exit(1);
  },
);
