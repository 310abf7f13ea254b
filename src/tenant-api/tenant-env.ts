import type { Tenant } from "../store/tenants.js";
import type { DateCodec } from "./json/dates.js";

/** Who is calling: a signed-in user (Bearer access token) or the tenant's system user (SOTicket). */
export interface Principal {
  kind: "user" | "system";
  contextIdentifier: string;
  associateId: number;
  userId: number | null;
  clientId: string;
}

/** What the tenant API's middleware puts on every request. */
export type TenantEnv = {
  Variables: {
    tenant: Tenant;
    principal: Principal;
    dates: DateCodec;
  };
};

/** Routes are declared under this prefix; `:ctx` arrives lower-cased, `tenant` carries the real one. */
export const API = "/:ctx/api/v1";
