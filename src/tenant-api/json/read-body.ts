import type { Context } from "hono";
import { badRequest } from "../../server/superoffice-error.js";

/**
 * A request body as NetServer reads it (netserver.md §1.5): JSON objects with trailing commas (SuperOffice's
 * own samples send them), the literal `null` or an empty body (Agent calls without arguments), or
 * malformed input, which is a 400 naming where parsing stopped. Nothing is written for a bad body.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = (await c.req.text()).trim();
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(withoutTrailingCommas(text));
    } catch (err) {
      throw badRequest(`Malformed JSON in the request body: ${(err as Error).message}`);
    }
  }
}

/** Removes commas that directly precede `}` or `]`, outside strings. */
function withoutTrailingCommas(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === "\\") out += text[++i] ?? "";
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    if (ch === ",") {
      const rest = text.slice(i + 1).trimStart();
      if (rest.startsWith("}") || rest.startsWith("]")) continue;
    }
    out += ch;
  }
  return out;
}

export function requireObject(body: unknown, what: string): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw badRequest(`Expected a ${what} object in the request body`);
  return body as Record<string, unknown>;
}
