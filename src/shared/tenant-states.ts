/**
 * The tenant states of SOD's tenant status API, with their numeric values (identity.md §9.1).
 * A tenant is "running" (serves its API and sign-in) only in Running and OnlineMaintenance.
 */
export const TENANT_STATES = {
  Unknown: 0,
  Provisioning: 1,
  Running: 2,
  Deleted: 3,
  Suspended: 4,
  OnlineMaintenance: 5,
  OfflineMaintenance: 6,
  ProvisioningFailed: 8,
  Deleting: 10,
  DeleteFailed: 11,
  MigrationPending: 12,
} as const;

export type TenantState = keyof typeof TENANT_STATES;
export const TENANT_STATE_NAMES = Object.keys(TENANT_STATES) as [TenantState, ...TenantState[]];

export function isRunningState(state: TenantState): boolean {
  return state === "Running" || state === "OnlineMaintenance";
}
