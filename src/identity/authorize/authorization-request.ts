import type { App } from "../../store/apps.js";

export type ResponseType = "code" | "id_token" | "token" | "code id_token" | "id_token token";

/** Whether a response type asks for `code`, `token` or `id_token`: whole words, since "id_token" contains "token". */
export function asksFor(type: ResponseType | undefined, what: "code" | "token" | "id_token"): boolean {
  return type !== undefined && type.split(" ").includes(what);
}
export type ResponseMode = "query" | "fragment" | "form_post";

/** A checked authorize request: what the rest of the flow relies on. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  /** Set when the request named no redirect_uri and got the app's default (identity.md §4.2). */
  redirectUriDefaulted?: boolean;
  responseType: ResponseType;
  responseMode: ResponseMode;
  state?: string;
  nonce?: string;
  /** Fixed by `/login/{ContextIdentifier}/oauth/authorize` or `acr_values=tenant:CustNNNNN`. */
  tenant?: string;
  loginHint?: string;
  codeChallenge?: string;
  codeChallengeMethod?: "plain" | "S256";
  /** `prompt=login` asks for credentials even with a SuperID session. */
  forceLogin: boolean;
}

/** The raw parameters of an authorize request and the tenant its path names, as every check reads them. */
export interface AuthorizeInput {
  params: Record<string, string>;
  /** The `{ContextIdentifier}` of `/login/{ContextIdentifier}/oauth/authorize`, or undefined for `common`. */
  pathTenant: string | undefined;
}

export interface AuthorizeLookups {
  app(clientId: string): App | undefined;
  tenantExists(contextIdentifier: string): string | undefined;
  /** The emulator's public URL: registered paths such as `/workshop/callback` are resolved on it. */
  publicUrl: string;
}
