import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

/**
 * Debian's Chromium (`apt-get install chromium`). playwright-core never downloads a browser,
 * and this machine can't fetch one, so we always point it at an installed executable.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Tests call this first so a missing browser fails loudly instead of timing out in launch(). */
export function browserAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export const MISSING_BROWSER_MESSAGE =
  `Chromium not found at ${CHROMIUM_PATH}: install it with apt-get install chromium ` +
  `(or set CHROMIUM_PATH to another Chromium executable).`;

/** Launches headless Chromium; launch() gives each browser its own fresh temporary profile. */
export async function launchBrowser(): Promise<Browser> {
  if (!browserAvailable()) throw new Error(MISSING_BROWSER_MESSAGE);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      // We run as root in containers, where Chromium refuses to start with its sandbox.
      "--no-sandbox",
      "--disable-gpu",
      // The only network here is loopback: keep Chromium from phoning home.
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Runs fn on a page in its own context (no cookies shared between tests), always closing the context. */
export async function withPage<T>(browser: Browser, fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}
