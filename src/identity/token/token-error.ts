/** RFC 6749 §5.2: `{error, error_description}` with 400, or 401 for client authentication failures. */
export class TokenError extends Error {
  constructor(
    readonly error: string,
    description: string,
    readonly status: 400 | 401 = 400,
    /** Set when the client used HTTP Basic, so the 401 carries `WWW-Authenticate: Basic`. */
    readonly basicChallenge = false,
  ) {
    super(description);
  }
}
