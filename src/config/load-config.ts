import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError } from "./config-error.js";
import { coerceOption, type OptionValue } from "./coerce.js";
import { OPTIONS, type BackchannelMode, type EnvironmentName, type OptionKey, type OptionSpec } from "./options.js";
import { DEFAULT_CACHE_DIR, DEFAULT_SEED_FILE } from "./package-root.js";

/** Everything the emulator needs to know to start, resolved from defaults, config file, env and flags. */
export interface EmulatorConfig {
  port: number;
  host: string;
  /** Set when given; otherwise derived from the bound port as http://localhost:{port}. */
  publicUrl: string | undefined;
  /** Set when given; otherwise the public URL's origin. */
  issuer: string | undefined;
  /** null when the store is in memory. */
  dataDir: string | null;
  seedFile: string;
  environment: EnvironmentName;
  signingKey: string | undefined;
  signingCert: string | undefined;
  cacheDir: string;
  maxBodyBytes: number;
  /** Host mode's tenant API host name; undefined when host mode is off. */
  tenantHost: string | undefined;
  /** When set, /portal and /_emulator require it. */
  adminKey: string | undefined;
  /** Host names (lower case) or IP addresses /portal and /_emulator answer on besides their own (server/own-hosts.ts). */
  allowedHosts: string[];
  /** dynamic: the URLs a server calls follow the request's host when it is the emulator's own (server/backchannel.ts). */
  backchannel: BackchannelMode;
  /** Fixed origin (no trailing slash) for the URLs a server calls; its host counts as the emulator's own. */
  backchannelUrl: string | undefined;
  /** Refuse http webhook targets, as SOD does (runtime/webhooks/send.ts). */
  webhooksRequireHttps: boolean;
  /** How long one webhook POST may take. */
  webhookTimeoutMs: number;
}

export const DEFAULTS = {
  port: 5080,
  host: "localhost",
  dataDir: ".sod-emulator",
  environment: "sod" as EnvironmentName,
  maxBodyBytes: 1_048_576,
  webhookTimeoutMs: 30_000,
};

export interface LoadConfigInput {
  /** Option values from parsed flags (already strings/booleans), keyed by option key. */
  flags?: Partial<Record<OptionKey, string | boolean>>;
  env?: NodeJS.ProcessEnv;
  /** Path of a JSON config file (from --config or SOD_CONFIG). */
  configFile?: string;
  /** Values set in code (library use); they win over everything. */
  overrides?: Partial<Record<OptionKey, OptionValue>>;
  cwd?: string;
}

/** Builds the typed configuration. Precedence: overrides > flags > environment > config file > defaults. */
export function loadConfig(input: LoadConfigInput = {}): EmulatorConfig {
  const env = input.env ?? process.env;
  const cwd = input.cwd ?? process.cwd();
  const values = new Map<OptionKey, OptionValue>();

  const configFile = input.configFile ?? env.SOD_CONFIG;
  if (configFile) {
    for (const [key, value] of readConfigFile(resolve(cwd, configFile))) values.set(key, value);
  }
  for (const spec of OPTIONS) {
    const raw = env[spec.env];
    if (raw !== undefined && raw !== "") values.set(spec.key, coerceOption(spec, raw, `${spec.env}=${raw}`));
  }
  for (const spec of OPTIONS) {
    const raw = input.flags?.[spec.key];
    if (raw !== undefined) values.set(spec.key, coerceOption(spec, raw, spec.flag));
  }
  for (const spec of OPTIONS) {
    const raw = input.overrides?.[spec.key];
    if (raw !== undefined) values.set(spec.key, coerceOption(spec, raw, `option ${spec.key}`));
  }

  const get = <T extends OptionValue>(key: OptionKey): T | undefined => values.get(key) as T | undefined;
  const path = (p: string | undefined) => (p === undefined ? undefined : resolve(cwd, p));
  const signingCert = path(get<string>("signingCert"));
  const signingKey = path(get<string>("signingKey"));
  if (signingCert && !signingKey) {
    throw new ConfigError("--signing-cert: expected --signing-key as well (the certificate must come with its private key)");
  }
  return {
    port: get<number>("port") ?? DEFAULTS.port,
    host: get<string>("host") ?? DEFAULTS.host,
    publicUrl: get<string>("publicUrl"),
    issuer: get<string>("issuer"),
    dataDir: get<boolean>("inMemory") ? null : resolve(cwd, get<string>("dataDir") ?? DEFAULTS.dataDir),
    seedFile: path(get<string>("seedFile")) ?? DEFAULT_SEED_FILE,
    environment: get<EnvironmentName>("environment") ?? DEFAULTS.environment,
    signingKey,
    signingCert,
    cacheDir: path(get<string>("cacheDir")) ?? DEFAULT_CACHE_DIR,
    maxBodyBytes: get<number>("maxBodyBytes") ?? DEFAULTS.maxBodyBytes,
    tenantHost: get<string>("tenantHost"),
    adminKey: get<string>("adminKey"),
    allowedHosts: get<string>("allowedHosts")?.split(",") ?? [],
    backchannel: get<BackchannelMode>("backchannel") ?? "off",
    backchannelUrl: get<string>("backchannelUrl"),
    webhooksRequireHttps: get<boolean>("webhooksRequireHttps") ?? false,
    webhookTimeoutMs: get<number>("webhookTimeoutMs") ?? DEFAULTS.webhookTimeoutMs,
  };
}

function readConfigFile(file: string): Map<OptionKey, OptionValue> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : "not valid JSON";
    throw new ConfigError(`--config ${file}: ${why}`);
  }
  const result = configFileShape(file).safeParse(parsed);
  if (!result.success) throw new ConfigError(`${file}: ${result.error.issues[0]!.message}`);
  const out = new Map<OptionKey, OptionValue>();
  for (const [key, value] of Object.entries(result.data)) if (value !== undefined) out.set(key as OptionKey, value);
  return out;
}

/**
 * The config file's JSON shape as a zod schema made from the option table: an object of known options, each
 * coerced as a flag would be; messages name the JSON path (`$.port: expected ...`). zod is loaded only when a
 * config file is given (some 130 ms that a plain start does not pay), through require: loadConfig is synchronous.
 */
function configFileShape(file: string) {
  const { z } = createRequire(import.meta.url)("zod") as typeof import("zod");
  const option = (spec: OptionSpec) =>
    z.unknown().transform((raw, ctx): OptionValue => {
      try {
        return coerceOption(spec, raw, `$.${spec.key}`);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        ctx.addIssue({ code: "custom", message: err.message });
        return z.NEVER;
      }
    });
  const known = OPTIONS.map((o) => o.key).join(", ");
  return z.strictObject(Object.fromEntries(OPTIONS.map((spec) => [spec.key, option(spec).optional()])), {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `$.${issue.keys[0]}: unknown option; expected one of ${known}` : issue.code === "invalid_type" ? "$: expected a JSON object of options" : undefined,
  });
}

/** parseArgs options for every emulator option plus --config; commands add their own. */
export function optionFlags(): NonNullable<ParseArgsConfig["options"]> {
  const flags: NonNullable<ParseArgsConfig["options"]> = { config: { type: "string" } };
  for (const spec of OPTIONS) {
    flags[spec.flag.slice(2)] = { type: spec.kind === "boolean" ? "boolean" : "string" };
  }
  return flags;
}

/** Picks the emulator options out of parseArgs' values. */
export function flagsFromParsed(values: Record<string, string | boolean | (string | boolean)[] | undefined>) {
  const flags: Partial<Record<OptionKey, string | boolean>> = {};
  for (const spec of OPTIONS as readonly OptionSpec[]) {
    const v = values[spec.flag.slice(2)];
    if (v !== undefined && !Array.isArray(v)) flags[spec.key] = v;
  }
  return flags;
}

/** Parses a command line, turning parseArgs' errors into one-line ConfigErrors. */
export function parseCommandLine(args: string[], extra: NonNullable<ParseArgsConfig["options"]> = {}) {
  try {
    return parseArgs({ args, options: Object.assign(optionFlags(), extra), allowPositionals: true, strict: true });
  } catch (err) {
    throw new ConfigError((err as Error).message.split("\n")[0] ?? "invalid command line");
  }
}
