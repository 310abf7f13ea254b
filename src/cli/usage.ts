import { OPTIONS } from "../config/options.js";
import { formatTable } from "./table.js";

export function usage(): string {
  return [
    "Usage: sod-emulator [command] [options]",
    "",
    "Commands",
    formatTable(
      ["command", "what it does"],
      [
        ["start", "start the emulator (the default command)"],
        ["info [--json]", "print tenants, users and apps (JSON for test harnesses)"],
        ["reset", "re-create the store from the seed (keys are kept); through a running server if one serves --data"],
        ["seed --out FILE", "write the generated seed data as JSON (- for stdout)"],
        ["tenants state CTX STATE", "set a tenant's state (Running, OfflineMaintenance, Suspended, ...)"],
        ["tenants move CTX HOST", "host mode (--tenant-host): serve a tenant's API on another host name"],
        ["token CTX USER [APP] [--json]", "sign USER in to tenant CTX on the running emulator; print the access token"],
        ["apps key CLIENT_ID [--xml]", "print an app's system-user private key (PEM, or RSAKeyValue XML)"],
      ],
    ),
    "",
    "Options (flags win over environment variables, which win over --config FILE / SOD_CONFIG)",
    formatTable(["flag", "environment", "meaning"], [["--config FILE", "SOD_CONFIG", "JSON file with any of the options below, by key"], ...OPTIONS.map((o) => [o.flag, o.env, o.describe])]),
  ].join("\n");
}
