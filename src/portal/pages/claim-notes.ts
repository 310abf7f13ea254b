import { SO_CLAIM } from "../../identity/claims.js";
import { own } from "../../shared/own.js";

/** What each claim of the emulator's JWTs means, for the Tokens page (identity.md §6.3, §8.5). */
const STANDARD: Record<string, string> = {
  iss: "Issuer: who signed the token. id_tokens: the SuperID issuer; system-user JWTs: “SuperOffice AS”.",
  aud: "Audience: who the token is for. id_tokens: the app's client id; system-user JWTs: spn:{serial} of the tenant.",
  sub: "Subject. id_tokens: the SuperID user name; system-user JWTs: the tenant's ContextIdentifier.",
  iat: "Issued at (seconds since 1970).",
  nbf: "Not valid before (SOD sets it 60 seconds before iat, for clock skew).",
  exp: "Expires (seconds since 1970): id_tokens and system-user JWTs live 5 minutes.",
  nonce: "The nonce the app sent to /authorize: the app must check it equals its own.",
  at_hash: "Hash of the access token returned with this id_token (implicit and hybrid flows).",
  c_hash: "Hash of the authorization code returned with this id_token (hybrid flows).",
};

const SUPEROFFICE: Record<string, string> = {
  associateid: "The user's associate id in this tenant: the CRM user record the app acts as.",
  identityprovider: "Who authenticated: central-superid for SuperID users, “SuperOffice AS” for the system user.",
  email: "The user's e-mail address.",
  upn: "User principal name: the SuperID user name.",
  is_administrator: "“True” when the user administers the tenant (may approve apps; gets the system token).",
  ctx: "The tenant's ContextIdentifier (Cust…): which customer database every API call goes to.",
  company_name: "The tenant's company name.",
  serial: "The tenant's licence serial number.",
  netserver_url: "Base URL of the tenant's NetServer SOAP services.",
  webapi_url: "Base URL of the tenant's REST web API: call {webapi_url}v1/… with the access token.",
  initials: "The user's initials in the tenant.",
  so_primary_email_address: "The user's primary e-mail address in SuperOffice.",
  system_token: "The app's system token for this tenant (apps with the system user right, administrators only): sign it with the app's private key and exchange it for a system-user ticket.",
  ticket: "The system user's credential (7T:…): send it as Authorization: SOTicket {ticket} with SO-AppToken: {client secret}. Good for 6 hours after last use.",
};

export interface ClaimRow {
  name: string;
  /** The short name of a SuperOffice claim, shown beside the full URI. */
  shortName: string | null;
  value: string;
  note: string;
}

/** A pasted token's times may be anything; Date only shows ±8.64e15 ms. */
export const iso = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : "out of range");

export function explainClaims(payload: Record<string, unknown>): ClaimRow[] {
  return Object.entries(payload).map(([name, raw]) => {
    const shortName = name.startsWith(SO_CLAIM) ? name.slice(SO_CLAIM.length) : null;
    const value = typeof raw === "string" ? raw : JSON.stringify(raw);
    const when = typeof raw === "number" && ["iat", "nbf", "exp"].includes(name) ? ` (${iso(raw * 1000)})` : "";
    const note = shortName !== null ? (own(SUPEROFFICE, shortName) ?? "A SuperOffice claim.") : (own(STANDARD, name) ?? "");
    return { name, shortName, value: value + when, note };
  });
}
