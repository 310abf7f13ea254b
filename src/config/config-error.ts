/**
 * A user error in how the emulator was started (flag, environment variable, config or seed file).
 * The CLI prints its message as one line and exits with code 2; it never shows a stack trace.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly exitCode = 2;
}
