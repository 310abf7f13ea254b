import type { Operation } from "../http/operation-table.js";

/**
 * Every operation of SuperID, one line each, with its path as SuperOffice's docs spell it (paths are
 * case-insensitive on SOD: `/login/api/PartnerSystemUser/Authenticate` is what clients send). Grep a URL here
 * to find the file that answers it. The files register their own routes (identity/routes.ts mounts them);
 * test/e2e/operation-tables.test.ts proves the router and this table agree both ways. The interaction
 * screens are the emulator's own: SOD's sign-in pages are not a documented API.
 */
export const IDENTITY_OPERATIONS: readonly Operation[] = [
  // Discovery and keys (identity.md §2)
  { method: "GET", name: "/login/.well-known/openid-configuration", file: "identity/discovery.ts" },
  { method: "OPTIONS", name: "/login/.well-known/openid-configuration", file: "identity/discovery.ts" },
  { method: "GET", name: "/.well-known/openid-configuration", file: "identity/discovery.ts" },
  { method: "OPTIONS", name: "/.well-known/openid-configuration", file: "identity/discovery.ts" },
  { method: "GET", name: "/login/.well-known/jwks", file: "identity/jwks.ts" },
  { method: "OPTIONS", name: "/login/.well-known/jwks", file: "identity/jwks.ts" },
  { method: "GET", name: "/login/certificates/SuperOfficeFederatedLogin.crt", file: "identity/jwks.ts" },
  { method: "GET", name: "/login/certificates/SuperOfficeFederatedLogin.pem", file: "identity/jwks.ts" },
  // Authorization code flow: `common` or a tenant's ContextIdentifier in the path
  { method: "GET", name: "/login/common/oauth/authorize", file: "identity/authorize/authorize-endpoint.ts" },
  { method: "POST", name: "/login/common/oauth/authorize", file: "identity/authorize/authorize-endpoint.ts" },
  { method: "GET", name: "/login/{ContextIdentifier}/oauth/authorize", file: "identity/authorize/authorize-endpoint.ts" },
  { method: "POST", name: "/login/{ContextIdentifier}/oauth/authorize", file: "identity/authorize/authorize-endpoint.ts" },
  { method: "POST", name: "/login/common/oauth/tokens", file: "identity/token/token-endpoint.ts" },
  { method: "POST", name: "/login/common/oauth/revoke", file: "identity/token/token-endpoint.ts" },
  { method: "GET", name: "/login/logout", file: "identity/logout.ts" },
  // The sign-in screens' pages and form posts (the emulator's own)
  { method: "GET", name: "/login/interaction/{id}", file: "identity/interaction/routes.ts" },
  { method: "POST", name: "/login/interaction/{id}/sign-in", file: "identity/interaction/routes.ts" },
  { method: "POST", name: "/login/interaction/{id}/tenant", file: "identity/interaction/routes.ts" },
  { method: "POST", name: "/login/interaction/{id}/consent", file: "identity/interaction/routes.ts" },
  { method: "POST", name: "/login/interaction/{id}/switch-user", file: "identity/interaction/routes.ts" },
  { method: "POST", name: "/login/interaction/{id}/cancel", file: "identity/interaction/routes.ts" },
  { method: "GET", name: "/login/interaction/{id}/{action}", file: "identity/interaction/routes.ts" },
  // The system user (identity.md §8): REST, and SOAP with its WSDL at `?wsdl`
  { method: "POST", name: "/login/api/PartnerSystemUser/Authenticate", file: "identity/system-user/rest-endpoint.ts" },
  { method: "GET", name: "/login/services/PartnerSystemUserService.svc", file: "identity/system-user/soap-endpoint.ts" },
  { method: "POST", name: "/login/services/PartnerSystemUserService.svc", file: "identity/system-user/soap-endpoint.ts" },
  // The tenant status API (identity.md §9.2)
  { method: "GET", name: "/api/state/{ContextIdentifier}", file: "identity/tenant-state.ts" },
];
