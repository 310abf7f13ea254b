import type { Hono } from "hono";
import type { EmulatorConfig } from "./config/load-config.js";
import { resolveUrls, type EmulatorContext } from "./runtime/emulator-context.js";
import { describeEmulator, type EmulatorInfo } from "./emulator-info.js";
import { loadSigningKey, type SigningKey } from "./keys/signing-key.js";
import { createApp } from "./server/app.js";
import { listen, type FetchHandler } from "./server/listen.js";
import { localUrlFor, removeServerFile, writeServerFile } from "./server/server-file.js";
import { createClock } from "./shared/clock.js";
import { ActivityRing } from "./runtime/activity.js";
import { FaultTable } from "./runtime/faults.js";
import { openStore } from "./store/open-store.js";
import { createStore } from "./store/store.js";
import type { Db } from "./store/database.js";
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

/**
 * Binds the port, and opens the store and key (in parallel), then serves. Requests that arrive before the
 * store is open wait for it. Binding first lets the bind run while the seed image is read on the thread
 * pool: binding `::1` runs node's first IPv6 address check, whose regular expression takes some 11 ms to
 * compile (issue #19). A failure on either side closes the other before the start fails.
 */
export async function runEmulator(config: EmulatorConfig): Promise<RunningEmulator> {
  let serve: FetchHandler | undefined;
  let opening!: (opened: boolean) => void;
  const whenOpen = new Promise<boolean>((resolve) => (opening = resolve));
  const listening = listen(
    (request, env) => serve?.(request, env) ?? whenOpen.then((open) => (serve && open ? serve(request, env) : new Response("The emulator did not start", { status: 503 }))),
    config.host,
    config.port,
  );
  const [bound, loaded] = await Promise.allSettled([
    listening,
    Promise.all([openStore({ dataDir: config.dataDir, seedFile: config.seedFile, cacheDir: config.cacheDir }), loadSigningKey(config)]),
  ]);
  if (bound.status === "rejected" || loaded.status === "rejected") {
    opening(false);
    if (loaded.status === "fulfilled") loaded.value[0].db.close();
    if (bound.status === "fulfilled") await bound.value.close(0);
    throw bound.status === "rejected" ? bound.reason : (loaded as PromiseRejectedResult).reason;
  }
  const server = bound.value;
  const [opened, signingKey] = loaded.value;
  let context: EmulatorContext;
  let app: Hono;
  try {
    ({ context, app } = assemble(config, opened.db, signingKey, server.port));
  } catch (err) {
    opening(false);
    opened.db.close();
    await server.close(0);
    throw err;
  }
  const { store, webhooks } = context;
  serve = app.fetch;
  opening(true);
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

/** The store, clock, webhook runtime and app over an open database and key, with the URLs of the bound port. */
function assemble(config: EmulatorConfig, db: Db, signingKey: SigningKey, port: number): { context: EmulatorContext; app: Hono } {
  const clock = createClock();
  const store = createStore(db, clock);
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
  const context: EmulatorContext = { config, store, signingKey, clock, activity: new ActivityRing(), faults: new FaultTable(), webhooks, urls: resolveUrls(config, port) };
  const app = createApp(context);
  // Pending deliveries of an earlier run go out now; stop() leaves unsent ones in the store.
  webhooks.start();
  return { context, app };
}
