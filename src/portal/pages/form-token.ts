import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import type { z } from "zod";

/**
 * The portal's CSRF defence, second layer (hono's csrf() origin check is the first): every form carries
 * an HMAC of a per-process random secret, which a cross-site page cannot read. A restart changes it, so a
 * form left open across restarts is refused and must be reloaded.
 */
const SECRET = randomBytes(32);
const TOKEN = createHmac("sha256", SECRET).update("sod-emulator portal form").digest("base64url");

export function portalCsrfToken(): string {
  return TOKEN;
}

export type Form = Record<string, string>;

/** A form post's string fields, or undefined when its CSRF token is missing or wrong. */
export async function readForm(c: Context): Promise<Form | undefined> {
  const body = await c.req.parseBody();
  const form: Form = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") form[k] = v;
  const given = Buffer.from(form.csrf ?? "");
  const expected = Buffer.from(TOKEN);
  return given.length === expected.length && timingSafeEqual(given, expected) ? form : undefined;
}

/** A form post read as its schema says (form-schemas.ts), or undefined when its CSRF token is missing or wrong. */
export async function readFormAs<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S> | undefined> {
  const form = await readForm(c);
  return form && schema.parse(form);
}

/** Lines of a textarea, trimmed, blank lines dropped. */
export function lines(value: string | undefined): string[] {
  return (value ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}
