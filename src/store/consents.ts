import type { Db } from "./database.js";

/** SOD's authorization record: an app's approval for a tenant. */
export interface Consent {
  clientId: string;
  contextIdentifier: string;
  status: "Active" | "Expired" | "Revoked" | "NeedsReapproval";
  approvedByUserId: number | null;
  approvedAt: string;
  systemToken: string | null;
}

interface ConsentRow {
  client_id: string;
  context_identifier: string;
  status: Consent["status"];
  approved_by_user_id: number | null;
  approved_at: string;
  system_token: string | null;
}

const toConsent = (r: ConsentRow): Consent => ({
  clientId: r.client_id,
  contextIdentifier: r.context_identifier,
  status: r.status,
  approvedByUserId: r.approved_by_user_id,
  approvedAt: r.approved_at,
  systemToken: r.system_token,
});

export function consentRepository(db: Db) {
  const one = db.prepare<[string, string], ConsentRow>("SELECT * FROM consents WHERE client_id = ? AND context_identifier = ?");
  const all = db.prepare<[], ConsentRow>("SELECT * FROM consents ORDER BY approved_at DESC");
  // A new approval re-activates the record and keeps its system token (identity.md §10).
  const approve = db.prepare(
    `INSERT INTO consents (client_id, context_identifier, status, approved_by_user_id, approved_at, system_token)
     VALUES (@clientId, @contextIdentifier, 'Active', @userId, @approvedAt, @systemToken)
     ON CONFLICT (client_id, context_identifier) DO UPDATE SET
       status = 'Active', approved_by_user_id = excluded.approved_by_user_id, approved_at = excluded.approved_at,
       system_token = COALESCE(consents.system_token, excluded.system_token)`,
  );
  const setStatus = db.prepare<[Consent["status"], string, string]>("UPDATE consents SET status = ? WHERE client_id = ? AND context_identifier = ?");
  return {
    get: (clientId: string, contextIdentifier: string): Consent | undefined => {
      const row = one.get(clientId, contextIdentifier);
      return row && toConsent(row);
    },
    list: (): Consent[] => all.all().map(toConsent),
    approve: (a: { clientId: string; contextIdentifier: string; userId: number; approvedAt: string; systemToken: string | null }) => {
      approve.run(a);
    },
    setStatus: (clientId: string, contextIdentifier: string, status: Consent["status"]): boolean =>
      setStatus.run(status, clientId, contextIdentifier).changes === 1,
  };
}
