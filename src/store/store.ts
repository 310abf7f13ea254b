import type { Db } from "./database.js";
import { appRepository } from "./apps.js";
import { tenantRepository } from "./tenants.js";
import { userRepository } from "./users.js";

/** The store as the rest of the emulator sees it: the database plus one repository per concern. */
export interface Store {
  db: Db;
  tenants: ReturnType<typeof tenantRepository>;
  users: ReturnType<typeof userRepository>;
  apps: ReturnType<typeof appRepository>;
  close(): void;
}

export function createStore(db: Db): Store {
  return {
    db,
    tenants: tenantRepository(db),
    users: userRepository(db),
    apps: appRepository(db),
    close: () => db.close(),
  };
}
