import type { OptionKey } from "../config/options.js";

export interface CommandInput {
  flags: Partial<Record<OptionKey, string | boolean>>;
  configFile: string | undefined;
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
}

export type Command = (input: CommandInput) => Promise<number>;
