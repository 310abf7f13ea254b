import type { Db } from "./database.js";
import { prepareOnUse } from "./prepare-on-use.js";

/** A SuperID user and the tenants it belongs to (as an associate in each). */
export interface User {
  userId: number;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  initials: string;
  hasPassword: boolean;
  memberships: Membership[];
}

export interface Membership {
  contextIdentifier: string;
  associateId: number;
  isAdministrator: boolean;
}

/** A row of `users`, as stored. */
export interface UserRow {
  user_id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  initials: string;
  /** A password hash (shared/password.ts), or null for users who sign in by name alone. */
  password: string | null;
}

/** A new row of `associates` that is a user's membership (type, group and deleted keep their defaults). */
export interface MembershipAssociateRow {
  context_identifier: string;
  associate_id: number;
  user_id: number;
  name: string;
  first_name: string;
  last_name: string;
  person_id: number | null;
  is_administrator: 0 | 1;
}

interface MembershipRow {
  user_id: number;
  context_identifier: string;
  associate_id: number;
  is_administrator: number;
}

export function userRepository(db: Db) {
  const all = prepareOnUse<[], UserRow>(db, "SELECT * FROM users ORDER BY user_id");
  const byName = prepareOnUse<[string], UserRow>(db, "SELECT * FROM users WHERE username = ?");
  const byId = prepareOnUse<[number], UserRow>(db, "SELECT * FROM users WHERE user_id = ?");
  const membershipIn = prepareOnUse<[number, string], MembershipRow>(
    db,
    "SELECT user_id, context_identifier, associate_id, is_administrator FROM associates WHERE user_id = ? AND context_identifier = ? AND deleted = 0",
  );
  const passwordOf = prepareOnUse<[number], { password: string | null }>(db, "SELECT password FROM users WHERE user_id = ?");
  const memberships = prepareOnUse<[], MembershipRow>(
    db,
    "SELECT user_id, context_identifier, associate_id, is_administrator FROM associates WHERE user_id IS NOT NULL AND deleted = 0 ORDER BY context_identifier",
  );
  const membershipsOf = prepareOnUse<[number], MembershipRow>(
    db,
    "SELECT user_id, context_identifier, associate_id, is_administrator FROM associates WHERE user_id = ? AND deleted = 0 ORDER BY context_identifier",
  );
  const insertUser = prepareOnUse<[Omit<UserRow, "user_id">]>(
    db,
    "INSERT INTO users (username, email, first_name, last_name, initials, password) VALUES (@username, @email, @first_name, @last_name, @initials, @password)",
  );
  const insertAssociate = prepareOnUse<[MembershipAssociateRow]>(
    db,
    "INSERT INTO associates (context_identifier, associate_id, user_id, name, first_name, last_name, person_id, is_administrator) VALUES (@context_identifier, @associate_id, @user_id, @name, @first_name, @last_name, @person_id, @is_administrator)",
  );
  const toMembership = (m: MembershipRow): Membership => ({
    contextIdentifier: m.context_identifier,
    associateId: m.associate_id,
    isAdministrator: m.is_administrator === 1,
  });
  const toUser = (r: UserRow, ms: Membership[]): User => ({
    userId: r.user_id,
    username: r.username,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    initials: r.initials,
    hasPassword: r.password !== null,
    memberships: ms,
  });
  return {
    list(): User[] {
      const byUser = new Map<number, Membership[]>();
      for (const m of memberships.all()) byUser.set(m.user_id, [...(byUser.get(m.user_id) ?? []), toMembership(m)]);
      return all.all().map((r) => toUser(r, byUser.get(r.user_id) ?? []));
    },
    findById(userId: number): User | undefined {
      const row = byId.get(userId);
      return row && toUser(row, membershipsOf.all(row.user_id).map(toMembership));
    },
    /** The user's membership of one tenant, if any: what each authenticated API call needs. */
    membershipIn(userId: number, contextIdentifier: string): Membership | undefined {
      const m = membershipIn.get(userId, contextIdentifier);
      return m && toMembership(m);
    },
    /** The stored password hash, or null for users who sign in by name alone. */
    passwordHash: (userId: number): string | null => passwordOf.get(userId)?.password ?? null,
    /** Adds a SuperID user; its id. */
    create: (row: Omit<UserRow, "user_id">): number => Number(insertUser.run(row).lastInsertRowid),
    /** Makes a user an associate of a tenant (its membership there). */
    addMembership: (row: MembershipAssociateRow): void => void insertAssociate.run(row),
    /** User names are SuperID e-mail addresses and match case-insensitively. */
    findByUsername(username: string): User | undefined {
      const row = byName.get(username);
      return row && toUser(row, membershipsOf.all(row.user_id).map(toMembership));
    },
  };
}
