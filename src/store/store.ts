import type { Db } from "./database.js";
import { appRepository } from "./apps.js";
import { archiveConfigurationRepository } from "./archive-configurations.js";
import { consentRepository } from "./consents.js";
import { crmRepository, type CrmRepository } from "./crm.js";
import { grantRepository } from "./grants.js";
import { interactionRepository } from "./interactions.js";
import { ssoSessionRepository } from "./sso-sessions.js";
import { ticketRepository } from "./tickets.js";
import { tenantRepository } from "./tenants.js";
import { userRepository } from "./users.js";

/** The store as the rest of the emulator sees it: the database plus one repository per concern. */
export interface Store {
  db: Db;
  tenants: ReturnType<typeof tenantRepository>;
  users: ReturnType<typeof userRepository>;
  apps: ReturnType<typeof appRepository>;
  consents: ReturnType<typeof consentRepository>;
  interactions: ReturnType<typeof interactionRepository>;
  ssoSessions: ReturnType<typeof ssoSessionRepository>;
  grants: ReturnType<typeof grantRepository>;
  crm: CrmRepository;
  tickets: ReturnType<typeof ticketRepository>;
  archiveConfigurations: ReturnType<typeof archiveConfigurationRepository>;
  close(): void;
}

export function createStore(db: Db): Store {
  return {
    db,
    tenants: tenantRepository(db),
    users: userRepository(db),
    apps: appRepository(db),
    consents: consentRepository(db),
    interactions: interactionRepository(db),
    ssoSessions: ssoSessionRepository(db),
    grants: grantRepository(db),
    crm: crmRepository(db),
    tickets: ticketRepository(db),
    archiveConfigurations: archiveConfigurationRepository(db),
    close: () => db.close(),
  };
}
