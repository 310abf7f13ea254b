import { createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { App } from "../../store/apps.js";
import { toStoreDateTime } from "../../shared/time-zone.js";
import { TenantInputError } from "./tenant-factory.js";
import { appUrlProblem } from "./app-urls.js";

/** An app as the Developer Portal registers it (identity.md §11). */
export interface NewApp {
  name: string;
  vendor?: string;
  type?: "standard" | "custom";
  kind: "web" | "native" | "server-to-server";
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  corsOrigins?: string[];
  consentText?: string;
  systemUser?: boolean;
  webhooks?: boolean;
  /** "Customer state change URL" (identity.md §9.4): where tenant state changes and moves are posted. */
  stateChangeUrl?: string | null;
  /** A partner's own system-user public key (PEM); otherwise the emulator makes a key pair. */
  publicKeyPem?: string;
}

const hex32 = () => randomBytes(16).toString("hex");

export function registerApp(ctx: EmulatorContext, input: NewApp): App {
  if (!input.name?.trim() || input.name.length > 100) throw new TenantInputError("name: expected 1-100 characters");
  if (!["web", "native", "server-to-server"].includes(input.kind)) throw new TenantInputError("kind: expected web, native or server-to-server");
  if (input.type !== undefined && !["standard", "custom"].includes(input.type)) throw new TenantInputError("type: expected standard or custom");
  for (const [field, list] of [["redirectUris", input.redirectUris], ["postLogoutRedirectUris", input.postLogoutRedirectUris], ["corsOrigins", input.corsOrigins]] as const) {
    if (list !== undefined && (!Array.isArray(list) || list.some((u) => typeof u !== "string" || u.trim() === ""))) throw new TenantInputError(`${field}: expected an array of URLs`);
  }
  const urlProblem = appUrlProblem(input);
  if (urlProblem) throw new TenantInputError(`${urlProblem.field}: ${urlProblem.message}`);
  const stateChangeUrl = input.stateChangeUrl?.trim() || null;
  const stateUrlProblem = stateChangeUrl === null ? undefined : stateChangeUrlProblem(stateChangeUrl);
  if (stateUrlProblem) throw new TenantInputError(`stateChangeUrl: ${stateUrlProblem}`);
  const systemUser = input.systemUser ?? input.kind === "server-to-server";
  let publicKeyPem: string | null = null;
  let privateKeyPem: string | null = null;
  if (input.publicKeyPem) {
    try {
      const key = createPublicKey(input.publicKeyPem);
      // The exchange verifies RSASSA-PKCS1-v1_5 SHA-256 (identity.md §8.2): only an RSA key can sign it.
      if (key.asymmetricKeyType !== "rsa") throw new Error("not RSA");
      publicKeyPem = key.export({ type: "spki", format: "pem" }) as string;
    } catch {
      throw new TenantInputError("publicKeyPem: expected a PEM RSA public key");
    }
  } else if (systemUser) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 1024 });
    publicKeyPem = pair.publicKey.export({ type: "spki", format: "pem" }) as string;
    privateKeyPem = pair.privateKey.export({ type: "pkcs1", format: "pem" }) as string;
  }
  const clientId = hex32();
  ctx.store.apps.register({
    client_id: clientId,
    name: input.name.trim(),
    vendor: input.vendor?.trim() || "Local developer",
    app_type: input.type ?? "custom",
    kind: input.kind,
    client_secret: input.kind === "native" ? null : hex32(),
    redirect_uris: JSON.stringify(input.redirectUris ?? []),
    post_logout_redirect_uris: JSON.stringify(input.postLogoutRedirectUris ?? []),
    cors_origins: JSON.stringify(input.corsOrigins ?? []),
    consent_text: input.consentText ?? "",
    system_user: systemUser ? 1 : 0,
    webhooks: (input.webhooks ?? true) ? 1 : 0,
    state_change_url: stateChangeUrl,
    public_key_pem: publicKeyPem,
    private_key_pem: privateKeyPem,
    created_at: toStoreDateTime(ctx.clock.now()),
  });
  return ctx.store.apps.get(clientId)!;
}

/** Why a "Customer state change URL" cannot be used, or undefined: an absolute http(s) URL without credentials. */
export function stateChangeUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `expected an absolute http(s) URL, got "${url}"`;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return `expected an http or https URL, got "${url}"`;
  if (parsed.username || parsed.password) return "expected a URL without user name or password";
  return undefined;
}

/** Sets or clears (null) the app's "Customer state change URL". */
export function setStateChangeUrl(ctx: EmulatorContext, clientId: string, url: string | null): void {
  const value = url?.trim() || null;
  const problem = value === null ? undefined : stateChangeUrlProblem(value);
  if (problem) throw new TenantInputError(`stateChangeUrl: ${problem}`);
  ctx.store.apps.setStateChangeUrl(clientId, value);
}

/** "Generate new secret": the old one stops working at once. Native apps have none. */
export function rotateSecret(ctx: EmulatorContext, clientId: string): string | undefined {
  const app = ctx.store.apps.get(clientId);
  if (!app || app.clientSecret === null) return undefined;
  const secret = hex32();
  ctx.store.apps.setSecret(clientId, secret);
  return secret;
}

export function deleteApp(ctx: EmulatorContext, clientId: string): boolean {
  return ctx.store.apps.remove(clientId);
}
