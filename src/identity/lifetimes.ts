/** SOD's lifetimes (spec/README.md "lifetimes"), in seconds. Tests move the clock instead of changing them. */
export const LIFETIMES = {
  accessToken: 3600,
  idToken: 300,
  /** id_token `nbf` is this far before `iat`. */
  idTokenNotBeforeSkew: 60,
  authorizationCode: 600,
  interaction: 3600,
  ssoSession: 8 * 3600,
} as const;
