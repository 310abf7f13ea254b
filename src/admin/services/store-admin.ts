import type { EmulatorContext } from "../../runtime/emulator-context.js";
export { SnapshotError } from "../../store/store-image.js";

/**
 * Whole-store operations for test suites: snapshot (the store as one SQLite file), restore (from such a
 * file) and reset (back to the seed), and one tenant back to the seed. The store does the copying
 * (store/store-image.ts) inside its open connection, so the emulator keeps running. The signing key is not
 * part of the store and never changes.
 */
export function snapshot(ctx: EmulatorContext): Buffer {
  return ctx.store.image.snapshot();
}

export function restore(ctx: EmulatorContext, image: Buffer): void {
  ctx.store.image.restore(image);
}

/**
 * Back to the seed: the seed's image (cached, or generated now) restored over the current rows; after the
 * first reset, only the tables and tenants written since are copied back (store/image-changes.ts).
 */
export async function resetToSeed(ctx: EmulatorContext): Promise<void> {
  const { keyedSeedImage } = await import("../../store/open-store.js");
  const { image, key } = await keyedSeedImage(ctx.config);
  ctx.store.image.reset(image, key);
}

/**
 * Everything back to the seed: the store, the clock, injected faults and the activity log. The admin API's
 * `POST reset` and startEmulator()'s `reset()` (in the test suite's own process, so without an HTTP round
 * trip) both run this.
 */
export async function resetEmulator(ctx: EmulatorContext): Promise<void> {
  await resetToSeed(ctx);
  ctx.clock.reset();
  ctx.faults.clear();
  ctx.activity.clear();
}

/**
 * One tenant back to the seed: its associates (its people), lists, number series and CRM rows are replaced
 * by the seed's, and its state, host, name, serial and time zone return to the seed's. SuperID users, apps, consents and tokens
 * stay. Only tenants the seed file defines can be reset; a tenant made through the admin API is deleted
 * and created again instead.
 */
export async function resetTenant(ctx: EmulatorContext, contextIdentifier: string): Promise<void> {
  const { seedImageFor } = await import("../../store/open-store.js");
  ctx.store.image.resetTenant(await seedImageFor(ctx.config), contextIdentifier);
  // Its data is back to an earlier copy: SOD tells the apps a backup was restored (identity.md §9.4).
  await ctx.webhooks.tenants.notify(contextIdentifier, "BackupRestored");
}
