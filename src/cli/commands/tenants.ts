import { ConfigError } from "../../config/config-error.js";
import { loadConfig, type EmulatorConfig } from "../../config/load-config.js";
import { TENANT_STATE_NAMES, type TenantState } from "../../shared/tenant-states.js";
import { openStore } from "../../store/open-store.js";
import { createStore, type Store } from "../../store/store.js";
import type { CommandInput } from "../command.js";
import { loadSigningKey } from "../../keys/signing-key.js";
import { resolveUrls } from "../../runtime/emulator-context.js";
import { tenantNotifications, type TenantNotifications } from "../../runtime/webhooks/tenant-notifications.js";
import { createClock } from "../../shared/clock.js";
import { NETSERVER } from "../../tenant-api/version.js";
import { runningServer, viaServer } from "../running-server.js";

const USAGE = `tenants: usage: sod-emulator tenants state <ContextIdentifier> <${TENANT_STATE_NAMES.join("|")}> | tenants move <ContextIdentifier> <host>`;

/**
 * `sod-emulator tenants state <ContextIdentifier> <State>` and `tenants move <ContextIdentifier> <host>`.
 * With a server running on the data directory the change goes through its admin API, so the server sees
 * it at once; otherwise it is written to the store for the next start.
 */
export async function tenantsCommand(input: CommandInput): Promise<number> {
  const [sub, contextIdentifier, value] = input.positionals;
  if (!contextIdentifier || !value) throw new ConfigError(USAGE);
  if (sub === "move") return moveTenant(input, contextIdentifier, value);
  if (sub === "state") return setState(input, contextIdentifier, value);
  throw new ConfigError(USAGE);
}

async function setState({ flags, configFile }: CommandInput, contextIdentifier: string, stateName: string): Promise<number> {
  const state = TENANT_STATE_NAMES.find((s) => s.toLowerCase() === stateName.toLowerCase()) as TenantState | undefined;
  if (!state) throw new ConfigError(`tenants state: expected one of ${TENANT_STATE_NAMES.join(", ")}, got "${stateName}"`);
  const config = loadConfig({ flags, configFile });
  if (config.dataDir === null) throw new ConfigError("tenants state: needs a data directory; an --in-memory store lives only inside a running emulator (use its admin API: PUT /_emulator/v1/tenants/{ctx}/state)");
  const server = await runningServer(config);
  if (server) {
    const call = `PUT /_emulator/v1/tenants/${contextIdentifier}/state`;
    const tenant = await viaServer(server, call, (admin) => admin.tenants.setState(contextIdentifier, state));
    console.log(`${String(tenant.contextIdentifier)} (${String(tenant.companyName)}) is now ${state} (the running emulator at ${server.file.publicUrl} applied it)`);
    return 0;
  }
  return withStore(config, async (store, notifications) => {
    const tenant = store.tenants.get(contextIdentifier);
    if (!tenant) throw new ConfigError(`tenants state: unknown tenant ${contextIdentifier}`);
    await notifications.setState(tenant.contextIdentifier, state);
    console.log(`${tenant.contextIdentifier} (${tenant.companyName}) is now ${state}`);
  });
}

/** Host mode only: outside it a tenant has no host of its own, and a move would name a host nothing serves. */
async function moveTenant({ flags, configFile }: CommandInput, contextIdentifier: string, hostName: string): Promise<number> {
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(hostName)) throw new ConfigError(`tenants move: expected a host name such as sod3.localhost, got "${hostName}"`);
  const host = hostName.toLowerCase();
  const config = loadConfig({ flags, configFile });
  if (config.dataDir === null) throw new ConfigError("tenants move: needs a data directory; an --in-memory store lives only inside a running emulator (use its admin API: PUT /_emulator/v1/tenants/{ctx}/host)");
  const server = await runningServer(config);
  const hostMode = server ? server.file.tenantHost : config.tenantHost;
  if (!hostMode) {
    const where = server ? `the emulator at ${server.file.publicUrl} runs without host mode` : "host mode is off";
    throw new ConfigError(
      `tenants move: ${where}; moving a tenant needs host mode: start the emulator with --tenant-host (for example --tenant-host sod2.localhost, or SOD_TENANT_HOST) and give this command the same option`,
    );
  }
  if (server) {
    const tenant = await viaServer(server, `PUT /_emulator/v1/tenants/${contextIdentifier}/host`, (admin) => admin.tenants.move(contextIdentifier, host));
    console.log(`${String(tenant.contextIdentifier)} now answers on ${host}: ${String(tenant.webApiUrl)} (the running emulator at ${server.file.publicUrl} applied it)`);
    return 0;
  }
  return withStore(config, async (store, notifications) => {
    const tenant = store.tenants.get(contextIdentifier);
    if (!tenant) throw new ConfigError(`tenants move: unknown tenant ${contextIdentifier}`);
    await notifications.move(tenant.contextIdentifier, host);
    console.log(`${tenant.contextIdentifier} now answers on ${host}`);
  });
}

/**
 * The store of a stopped emulator. State changes and moves still queue their notifications to the apps
 * (identity.md §9.4), signed with the data directory's key: the next start sends them.
 */
async function withStore(config: EmulatorConfig, fn: (store: Store, notifications: TenantNotifications) => Promise<void>): Promise<number> {
  const [opened, signingKey] = await Promise.all([openStore(config), loadSigningKey(config)]);
  const store = createStore(opened.db);
  const notifications = tenantNotifications({
    store,
    clock: createClock(),
    signingKey,
    urls: () => resolveUrls(config, config.port),
    versionName: NETSERVER.label,
    fileVersion: NETSERVER.version,
  });
  try {
    await fn(store, notifications);
  } finally {
    store.close();
  }
  return 0;
}
