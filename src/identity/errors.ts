/**
 * SuperID's OAuth errors, one class per error code, each made by `oauthErrorClass` with its HTTP status and a
 * default description (the manner of node-oidc-provider's lib/helpers/errors.js). The token and revoke
 * endpoints answer them as RFC 6749 §5.2 JSON; the authorize endpoint sends them to the app's redirect URI
 * (§4.1.2.1), or shows them as a page when the redirect URI cannot be trusted (`page`).
 */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "access_denied";

export interface OAuthErrorOptions {
  /** The client used HTTP Basic: a 401 then carries `WWW-Authenticate: Basic` (RFC 6749 §5.2). */
  basicChallenge?: boolean;
  /**
   * The title of the page this error is shown on instead of being redirected: the client or redirect URI is
   * not trusted yet, and redirecting would make SuperID an open redirector (SOD's "InvalidRedirectUrl (2)").
   */
  page?: string;
}

export abstract class OAuthError extends Error {
  abstract readonly error: OAuthErrorCode;
  abstract readonly status: 400 | 401;
  readonly basicChallenge: boolean;
  readonly page: string | undefined;

  constructor(description: string, options: OAuthErrorOptions = {}) {
    super(description);
    this.basicChallenge = options.basicChallenge ?? false;
    this.page = options.page;
  }

  /** RFC 6749 §5.2's body, also the parameters of an error sent to the redirect URI. */
  body(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}

/** The one factory: a class for `error`, answered with `status`, described by `defaultDescription` unless told. */
function oauthErrorClass<C extends OAuthErrorCode>(error: C, status: 400 | 401, defaultDescription: string) {
  const ErrorClass = class extends OAuthError {
    readonly error = error;
    readonly status = status;
    constructor(description: string = defaultDescription, options?: OAuthErrorOptions) {
      super(description, options);
    }
  };
  Object.defineProperty(ErrorClass, "name", { value: error.replace(/(^|_)([a-z])/g, (_m, _s, ch: string) => ch.toUpperCase()) });
  return ErrorClass;
}

export const InvalidRequest = oauthErrorClass("invalid_request", 400, "the request is missing a parameter or has an invalid one");
export type InvalidRequest = InstanceType<typeof InvalidRequest>;
/** 401: client authentication failed (unknown client, wrong or missing secret). */
export const InvalidClient = oauthErrorClass("invalid_client", 401, "client authentication failed");
export type InvalidClient = InstanceType<typeof InvalidClient>;
export const InvalidGrant = oauthErrorClass("invalid_grant", 400, "the authorization code or refresh token is invalid, expired or revoked");
export type InvalidGrant = InstanceType<typeof InvalidGrant>;
export const UnauthorizedClient = oauthErrorClass("unauthorized_client", 400, "the client is not allowed to do this");
export type UnauthorizedClient = InstanceType<typeof UnauthorizedClient>;
export const UnsupportedGrantType = oauthErrorClass("unsupported_grant_type", 400, "grant_type is not supported; SOD supports authorization_code and refresh_token");
export type UnsupportedGrantType = InstanceType<typeof UnsupportedGrantType>;
export const UnsupportedResponseType = oauthErrorClass("unsupported_response_type", 400, "response_type is not supported");
export type UnsupportedResponseType = InstanceType<typeof UnsupportedResponseType>;
/** The user declined consent on the screens (RFC 6749 §4.1.2.1). */
export const AccessDenied = oauthErrorClass("access_denied", 400, "the user denied the request");
export type AccessDenied = InstanceType<typeof AccessDenied>;

/** SuperID's AuthorizeErrorCode (identity.md §4.4, §8): the numbers SOD writes after the name. */
export const AUTHORIZE_ERROR_CODES = { Revoked: 1, InvalidRedirectUrl: 2, Expired: 3, Denied: 4, NeedsReapproval: 5, InvalidTimestamp: 6, InvalidSignature: 7 } as const;
export type AuthorizeErrorCode = keyof typeof AUTHORIZE_ERROR_CODES;

/** `Authorization error: Denied (4)`, with what went wrong after a colon when there is more to say. */
export function authorizeErrorText(code: AuthorizeErrorCode, detail?: string): string {
  return `Authorization error: ${code} (${AUTHORIZE_ERROR_CODES[code]})${detail ? `: ${detail}` : ""}`;
}

/**
 * PartnerSystemUserService's refusal: `IsSuccessful: false` with this ErrorMessage, still HTTP 200 as SOD
 * answers (identity.md §8.3). With a code, the message is SOD's `Authorization error: Name (n): detail`.
 */
export class SystemUserRefusal extends Error {
  constructor(
    detail: string,
    readonly code?: AuthorizeErrorCode,
  ) {
    super(code ? authorizeErrorText(code, detail) : detail);
  }
}
