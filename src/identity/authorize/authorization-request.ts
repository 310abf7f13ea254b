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

/** What the checks read (raw parameters) and fill in (the app, the request) as they pass. */
export interface AuthorizeContext {
  params: Record<string, string>;
  /** The `{ContextIdentifier}` of `/login/{ContextIdentifier}/oauth/authorize`, or undefined for `common`. */
  pathTenant: string | undefined;
  app?: App;
  request: Partial<AuthorizationRequest>;
}

export type AuthorizeCheck = (ctx: AuthorizeContext, lookups: AuthorizeLookups) => void;

export interface AuthorizeLookups {
  app(clientId: string): App | undefined;
  tenantExists(contextIdentifier: string): string | undefined;
  /** The emulator's public URL: registered paths such as `/workshop/callback` are resolved on it. */
  publicUrl: string;
}

/** An error that must not be sent to the redirect URI (it is not trusted yet): shown as a page. */
export class AuthorizePageError extends Error {
  constructor(
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

/** An RFC 6749 §4.1.2.1 error, delivered to the app's redirect URI with `state`. */
export class AuthorizeRedirectError extends Error {
  constructor(
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}
