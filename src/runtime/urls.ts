import type { EmulatorConfig } from "../config/load-config.js";

/**
 * The URLs one emulator hands out, resolved once its port is known. Apart from the context so that runtime
 * parts the context holds (webhook notifications) can name them without importing the context back.
 */
export interface EmulatorUrls {
  /** Without trailing slash, e.g. http://localhost:5080 */
  publicUrl: string;
  issuer: string;
  /** Host mode: the default host name of tenant APIs (SOD's sod2); undefined serves them on the public URL. */
  tenantHost?: string | undefined;
  /**
   * The origin (no trailing slash) of the URLs a server calls: token, revoke, JWKS, tenant URLs. Set only on
   * the copy a back-channel request works with (server/backchannel.ts); undefined means the public URL.
   */
  backchannelUrl?: string | undefined;
}

export function resolveUrls(config: EmulatorConfig, port: number): EmulatorUrls {
  const publicUrl = config.publicUrl ?? `http://localhost:${port}`;
  return { publicUrl, issuer: config.issuer ?? new URL(publicUrl).origin, tenantHost: config.tenantHost };
}
