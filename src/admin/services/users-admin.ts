import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { hashPassword } from "../../shared/password.js";
import { toStoreDateTime } from "../../shared/time-zone.js";
import { TenantInputError } from "./tenant-factory.js";

export interface NewTenantUser {
  username: string;
  firstName?: string;
  lastName?: string;
  initials?: string;
  administrator?: boolean;
  password?: string;
}

/**
 * Adds a SuperID user to a tenant: the user (created if new), its associate, and its person in the
 * tenant's own company, as SOD's user administration would. Returns the associate id.
 */
export function addTenantUser(ctx: EmulatorContext, contextIdentifier: string, input: NewTenantUser): number {
  const { store } = ctx;
  const tenant = store.tenants.get(contextIdentifier);
  if (!tenant) throw new TenantInputError(`unknown tenant ${contextIdentifier}`);
  const username = input.username?.trim();
  if (!username || username.length < 3) throw new TenantInputError("username: expected a SuperID user name such as someone@example.com");
  const local = username.split("@")[0]!;
  const firstName = input.firstName ?? local.split(/[._-]/)[0] ?? local;
  const lastName = input.lastName ?? local.split(/[._-]/)[1] ?? "User";
  const initials = (input.initials ?? `${firstName[0] ?? "U"}${lastName[0] ?? "U"}`).toUpperCase();
  return store.transaction(() => {
    let user = store.users.findByUsername(username);
    if (!user) {
      const userId = store.users.create({ username, email: username, first_name: firstName, last_name: lastName, initials, password: input.password ? hashPassword(username, input.password) : null });
      user = store.users.findById(userId)!;
    }
    if (user.memberships.some((m) => m.contextIdentifier === tenant.contextIdentifier)) throw new TenantInputError(`${username} is already a user of ${tenant.contextIdentifier}`);
    const ctxId = tenant.contextIdentifier;
    const associateId = store.crm.nextId(ctxId, "associate");
    const personId = store.crm.nextId(ctxId, "person");
    const now = toStoreDateTime(ctx.clock.now());
    store.crm.insert("persons", { context_identifier: ctxId, person_id: personId, contact_id: tenant.ownerContactId ?? 1, firstname: firstName, lastname: lastName, emails: JSON.stringify([{ Value: username, Description: "" }]), created_date: now });
    store.users.addMembership({ context_identifier: ctxId, associate_id: associateId, user_id: user.userId, name: initials, first_name: firstName, last_name: lastName, person_id: personId, is_administrator: input.administrator ? 1 : 0 });
    return associateId;
  });
}
