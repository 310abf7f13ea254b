import type { EmulatorConfig } from "../config/load-config.js";
import type { SigningKey } from "../keys/signing-key.js";
import type { Clock } from "../shared/clock.js";
import type { ActivityRing } from "./activity.js";
import type { FaultTable } from "./faults.js";
import type { Store } from "../store/store.js";
import type { WebhookRuntime } from "./webhooks/webhook-runtime.js";
import type { EmulatorUrls } from "./urls.js";

export { resolveUrls, type EmulatorUrls } from "./urls.js";

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
