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
export async function tenantsCommand({ flags, configFile, positionals }: CommandInput): Promise<number> {
  const [sub, contextIdentifier, stateName] = positionals;
  if (sub !== "state" || !contextIdentifier || !stateName) {
    throw new ConfigError(`tenants: usage: sod-emulator tenants state <ContextIdentifier> <${TENANT_STATE_NAMES.join("|")}>`);
  }
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
