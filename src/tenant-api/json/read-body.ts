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
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    try {
      body = JSON.parse(withoutTrailingCommas(text));
    } catch (err) {
      throw badRequest(`Malformed JSON in the request body: ${(err as Error).message}`);
    }
  }
  const tooDeep = memberDeeperThan(body, MAX_DEPTH);
  if (tooDeep !== undefined) throw badRequest(`${tooDeep || "The request body"}: nests deeper than ${MAX_DEPTH} levels`);
  return body;
}

/**
 * Entities nest a few levels (Address.LocalizedAddress[][]); the readers, patches and messages that walk a
 * body recursively can then trust it to be shallow, however a client built it.
 */
const MAX_DEPTH = 64;

/** The top-level member ("" for the body itself) whose value nests deeper than `limit`, if any. */
function memberDeeperThan(value: unknown, limit: number): string | undefined {
  const stack: [unknown, number, string][] = [[value, 1, ""]];
  while (stack.length > 0) {
    const [v, depth, top] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > limit) return top;
    for (const [key, child] of Object.entries(v)) stack.push([child, depth + 1, depth === 1 && !Array.isArray(v) ? key : top]);
  }
  return undefined;
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
