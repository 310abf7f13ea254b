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
        ["reset", "re-create the store from the seed (keys are kept)"],
        ["seed --out FILE", "write the generated seed data as JSON (- for stdout)"],
      ],
    ),
    "",
    "Options (flags win over environment variables, which win over --config FILE / SOD_CONFIG)",
    formatTable(["flag", "environment", "meaning"], [["--config FILE", "SOD_CONFIG", "JSON file with any of the options below, by key"], ...OPTIONS.map((o) => [o.flag, o.env, o.describe])]),
  ].join("\n");
}
