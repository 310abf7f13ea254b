import { ConfigError } from "../../config/config-error.js";
import { loadConfig } from "../../config/load-config.js";
import { TENANT_STATE_NAMES, type TenantState } from "../../shared/tenant-states.js";
import { openStore } from "../../store/open-store.js";
import { createStore } from "../../store/store.js";
import type { CommandInput } from "../command.js";

/**
 * `sod-emulator tenants state <ContextIdentifier> <State>`: set one of SOD's eleven tenant states in the
 * data directory's store. A running emulator on the same store sees it on its next request.
 */
export async function tenantsCommand(input: CommandInput): Promise<number> {
  const [sub, contextIdentifier, value] = input.positionals;
  if (sub === "move" && contextIdentifier && value) return moveTenant(input, contextIdentifier, value);
  if (sub !== "state" || !contextIdentifier || !value) {
    throw new ConfigError(`tenants: usage: sod-emulator tenants state <ContextIdentifier> <${TENANT_STATE_NAMES.join("|")}> | tenants move <ContextIdentifier> <host>`);
  }
  const { flags, configFile } = input;
  const stateName = value;
  const state = TENANT_STATE_NAMES.find((s) => s.toLowerCase() === stateName.toLowerCase()) as TenantState | undefined;
  if (!state) throw new ConfigError(`tenants state: expected one of ${TENANT_STATE_NAMES.join(", ")}, got "${stateName}"`);
  const config = loadConfig({ flags, configFile });
  if (config.dataDir === null) throw new ConfigError("tenants state: needs a data directory; an --in-memory store lives only inside a running emulator");
  const store = createStore((await openStore(config)).db);
  try {
    const tenant = store.tenants.get(contextIdentifier);
    if (!tenant) throw new ConfigError(`tenants state: unknown tenant ${contextIdentifier}`);
    store.tenants.setState(tenant.contextIdentifier, state);
    console.log(`${tenant.contextIdentifier} (${tenant.companyName}) is now ${state}`);
  } finally {
    store.close();
  }
  return 0;
}

/** `sod-emulator tenants move <ContextIdentifier> <host>` (host mode): the tenant's API moves to that host. */
async function moveTenant({ flags, configFile }: CommandInput, contextIdentifier: string, host: string): Promise<number> {
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(host)) throw new ConfigError(`tenants move: expected a host name such as sod3.localhost, got "${host}"`);
  const config = loadConfig({ flags, configFile });
  if (config.dataDir === null) throw new ConfigError("tenants move: needs a data directory");
  const store = createStore((await openStore(config)).db);
  try {
    const tenant = store.tenants.get(contextIdentifier);
    if (!tenant) throw new ConfigError(`tenants move: unknown tenant ${contextIdentifier}`);
    store.tenants.setHost(tenant.contextIdentifier, host.toLowerCase());
    console.log(`${tenant.contextIdentifier} now answers on ${host.toLowerCase()}${config.tenantHost ? "" : " (takes effect in host mode: --tenant-host)"}`);
  } finally {
    store.close();
  }
  return 0;
}
