import type { EmulatorUrls } from "./runtime/emulator-context.js";
import { identityEndpoints } from "./identity/endpoints.js";
import { isRunningState, type TenantState } from "./shared/tenant-states.js";
import type { Store } from "./store/store.js";

/** The facts a workshop or a test harness needs: where the emulator is, and who and what is seeded. */
export interface EmulatorInfo {
  url: string;
  issuer: string;
  environment: string;
  dataDir: string | null;
  tenants: { contextIdentifier: string; companyName: string; state: TenantState; isRunning: boolean; serial: string; timeZone: string; webApiUrl: string }[];
  users: { name: string; username: string; initials: string; passwordRequired: boolean; tenants: { contextIdentifier: string; administrator: boolean }[] }[];
  apps: { name: string; vendor: string; type: string; kind: string; clientId: string; clientSecret: string | null; redirectUris: string[]; systemUser: boolean }[];
}

export function describeEmulator(store: Store, urls: EmulatorUrls, environment: string, dataDir: string | null): EmulatorInfo {
  return {
    url: urls.publicUrl,
    issuer: urls.issuer,
    environment,
    dataDir,
    tenants: store.tenants.list().map((t) => ({
      contextIdentifier: t.contextIdentifier,
      companyName: t.companyName,
      state: t.state,
      isRunning: isRunningState(t.state),
      serial: t.serial,
      timeZone: t.timeZone,
      webApiUrl: identityEndpoints(urls).webApiUrl(t),
    })),
    users: store.users.list().map((u) => ({
      name: `${u.firstName} ${u.lastName}`,
      username: u.username,
      initials: u.initials,
      passwordRequired: u.hasPassword,
      tenants: u.memberships.map((m) => ({ contextIdentifier: m.contextIdentifier, administrator: m.isAdministrator })),
    })),
    apps: store.apps.list().map((a) => ({
      name: a.name,
      vendor: a.vendor,
      type: a.type,
      kind: a.kind,
      clientId: a.clientId,
      clientSecret: a.clientSecret,
      redirectUris: a.redirectUris,
      systemUser: a.systemUser,
    })),
  };
}
