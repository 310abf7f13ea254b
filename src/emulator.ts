import type { Hono } from "hono";
import type { EmulatorConfig } from "./config/load-config.js";
import { resolveUrls, type EmulatorContext } from "./runtime/emulator-context.js";
import { describeEmulator, type EmulatorInfo } from "./emulator-info.js";
import { loadSigningKey } from "./keys/signing-key.js";
import { createApp } from "./server/app.js";
import { listen } from "./server/listen.js";
import { localUrlFor, removeServerFile, writeServerFile } from "./server/server-file.js";
import { createClock } from "./shared/clock.js";
import { ActivityRing } from "./runtime/activity.js";
import { FaultTable } from "./runtime/faults.js";
import { openStore } from "./store/open-store.js";
import { createStore } from "./store/store.js";
import { createWebhookRuntime } from "./runtime/webhooks/webhook-runtime.js";
import { NETSERVER } from "./tenant-api/version.js";

export interface RunningEmulator {
  url: string;
  issuer: string;
  port: number;
  context: EmulatorContext;
  app: Hono;
  /** The store was created from the seed during this start. */
  created: boolean;
  /** The seed file changed since the store was made; `sod-emulator reset` applies it. */
  seedChanged: boolean;
  info(): EmulatorInfo;
  /** Graceful stop: finish in-flight requests, then close the store. Safe to call twice. */
  stop(): Promise<void>;
}

/** Opens the store and key (in parallel), then serves. Nothing listens until both are ready. */
export async function runEmulator(config: EmulatorConfig): Promise<RunningEmulator> {
  const [opened, signingKey] = await Promise.all([
    openStore({ dataDir: config.dataDir, seedFile: config.seedFile, cacheDir: config.cacheDir }),
    loadSigningKey(config),
  ]);
  const clock = createClock();
  const store = createStore(opened.db, clock);
  const urls = { publicUrl: "", issuer: "" };
  const webhooks = createWebhookRuntime({
    store,
    clock,
    signingKey,
    urls: () => context.urls,
    versionName: NETSERVER.label,
    fileVersion: NETSERVER.version,
    userAgent: `NetServer-Webhook/${NETSERVER.version}`,
    settings: { requireHttps: config.webhooksRequireHttps, timeoutMs: config.webhookTimeoutMs },
  });
  const context: EmulatorContext = { config, store, signingKey, clock, activity: new ActivityRing(), faults: new FaultTable(), webhooks, urls };
  const app = createApp(context);
  let server;
  try {
    server = await listen(app.fetch, config.host, config.port);
  } catch (err) {
    store.close();
    throw err;
  }
  context.urls = resolveUrls(config, server.port);
  // Pending deliveries of an earlier run go out now; stop() leaves unsent ones in the store.
  webhooks.start();
  const dataDir = config.dataDir;
  // Tells the CLI that writes to this data directory must go through this server (server-file.ts).
  if (dataDir !== null) {
    writeServerFile(dataDir, {
      pid: process.pid,
      localUrl: localUrlFor(config.host, server.port),
      publicUrl: context.urls.publicUrl,
      tenantHost: config.tenantHost ?? null,
      startedAt: new Date().toISOString(),
    });
  }
  let stopping: Promise<void> | undefined;
  return {
    url: context.urls.publicUrl,
    issuer: context.urls.issuer,
    port: server.port,
    context,
    app,
    created: opened.created,
    seedChanged: opened.seedChanged,
    info: () => describeEmulator(store, context.urls, config.environment, config.dataDir),
    stop: () =>
      (stopping ??= Promise.all([server.close(), webhooks.stop()]).then(() => {
        if (dataDir !== null) removeServerFile(dataDir);
        store.close();
      })),
  };
}
