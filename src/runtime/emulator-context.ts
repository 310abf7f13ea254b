import type { EmulatorConfig } from "../config/load-config.js";
import type { SigningKey } from "../keys/signing-key.js";
import type { Clock } from "../shared/clock.js";
import type { ActivityRing } from "./activity.js";
import type { FaultTable } from "./faults.js";
import type { Store } from "../store/store.js";
import type { WebhookRuntime } from "./webhooks/webhook-runtime.js";

/** What every part of the running emulator shares. */
export interface EmulatorContext {
  config: EmulatorConfig;
  store: Store;
  signingKey: SigningKey;
  clock: Clock;
  /** Recent SuperID and tenant API calls (the portal's Activity page). */
  activity: ActivityRing;
  /** Faults injected through the admin API. */
  faults: FaultTable;
  /** Webhook queue, dispatcher and local inbox (runtime/webhooks). */
  webhooks: WebhookRuntime;
  /** Resolved once the port is known; every handed-out URL derives from publicUrl (the front channel). */
  urls: EmulatorUrls;
}

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
