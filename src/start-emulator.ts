import { loadConfig } from "./config/load-config.js";
import type { OptionKey } from "./config/options.js";
import { runEmulator, type RunningEmulator } from "./emulator.js";
import type { EmulatorInfo } from "./emulator-info.js";
import { adminClient, type AdminClient } from "./admin/client.js";

export interface StartEmulatorOptions {
  /** Seed file (default: the package's seeds/default.json). */
  seed?: string;
  /** Keep a data directory instead of the default in-memory store. */
  dataDir?: string;
  port?: number;
  host?: string;
  publicUrl?: string;
  issuer?: string;
  /** Host mode: tenant APIs on this host name (421 elsewhere). */
  tenantHost?: string;
  /** Require this key on the admin API and portal (the returned `admin` sends it). */
  adminKey?: string;
  /** More host names the admin API and portal answer on, besides loopback names and the public URL's host. */
  allowedHosts?: string[];
  /** dynamic: the URLs a server calls follow the request's host when it is the emulator's own (--backchannel). */
  backchannel?: "off" | "dynamic";
  /** Fixed origin for the URLs a server calls, e.g. http://sod-emulator:5080 (--backchannel-url). */
  backchannelUrl?: string;
  /** Refuse http webhook targets as SOD does (--webhooks-require-https). */
  webhooksRequireHttps?: boolean;
  /** How long one webhook POST may take, 100-300000 ms (--webhook-timeout-ms; default 30000). */
  webhookTimeoutMs?: number;
}

export interface StartedEmulator extends Pick<EmulatorInfo, "tenants" | "users" | "apps"> {
  url: string;
  issuer: string;
  /** The admin API, and signIn() for real tokens without a browser. */
  admin: AdminClient;
  /** Everything back to the seed (store, clock, faults, activity). */
  reset(): Promise<void>;
  emulator: RunningEmulator;
  stop(): Promise<void>;
}

/**
 * Starts an emulator in this process for a test suite: in memory, on a free loopback port, with the
 * default seed unless told otherwise. Environment variables are not read, so tests stay reproducible.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<StartedEmulator> {
  const overrides: Partial<Record<OptionKey, string | number | boolean>> = {
    port: options.port ?? 0,
    inMemory: options.dataDir === undefined,
  };
  // Unset, the host is the configuration's default (localhost). Not passed when unset: checking the name
  // runs node's isIP(), whose IPv6 pattern costs several ms to compile in a fresh process.
  if (options.host !== undefined) overrides.host = options.host;
  if (options.dataDir !== undefined) overrides.dataDir = options.dataDir;
  if (options.seed !== undefined) overrides.seedFile = options.seed;
  if (options.publicUrl !== undefined) overrides.publicUrl = options.publicUrl;
  if (options.issuer !== undefined) overrides.issuer = options.issuer;
  if (options.tenantHost !== undefined) overrides.tenantHost = options.tenantHost;
  if (options.adminKey !== undefined) overrides.adminKey = options.adminKey;
  if (options.allowedHosts !== undefined && options.allowedHosts.length > 0) overrides.allowedHosts = options.allowedHosts.join(",");
  if (options.backchannel !== undefined) overrides.backchannel = options.backchannel;
  if (options.backchannelUrl !== undefined) overrides.backchannelUrl = options.backchannelUrl;
  if (options.webhooksRequireHttps !== undefined) overrides.webhooksRequireHttps = options.webhooksRequireHttps;
  if (options.webhookTimeoutMs !== undefined) overrides.webhookTimeoutMs = options.webhookTimeoutMs;
  const emulator = await runEmulator(loadConfig({ env: {}, overrides }));
  const info = emulator.info();
  const admin = adminClient(emulator.url, options.adminKey);
  return {
    url: emulator.url,
    issuer: emulator.issuer,
    tenants: info.tenants,
    users: info.users,
    apps: info.apps,
    admin,
    // In this process: the same reset as the admin API's, without a round trip through HTTP.
    reset: async () => {
      const { resetEmulator } = await import("./admin/services/store-admin.js");
      await resetEmulator(emulator.context);
    },
    emulator,
    stop: emulator.stop,
  };
}
