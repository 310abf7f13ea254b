import type { Context } from "hono";
import { badRequest } from "../../http/superoffice-error.js";
import { MAX_JSON_DEPTH, memberNestedDeeperThan } from "../../shared/json-depth.js";

/**
 * A request body as NetServer reads it (netserver.md §1.5): JSON objects with trailing commas (SuperOffice's
 * own samples send them), the literal `null` or an empty body (Agent calls without arguments), or
 * malformed input, which is a 400 naming where parsing stopped. Nothing is written for a bad body.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = (await c.req.text()).trim();
  if (text === "") return null;
  // The Swagger files list form bodies too (netserver.md §1.3): `Name=…&Category.Id=3&Emails[0].Value=…`.
  if (/^application\/x-www-form-urlencoded/i.test(c.req.header("content-type") ?? "")) return formObject(text);
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
  const tooDeep = memberNestedDeeperThan(body);
  if (tooDeep !== undefined) throw badRequest(`${tooDeep || "The request body"}: nests deeper than ${MAX_JSON_DEPTH} levels`);
  return body;
}

/** A form body as the object ASP.NET binds from it: `.` and `[]` name members, numeric keys array items. */
function formObject(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of new URLSearchParams(text)) {
    const path = field.split(/[.[\]]+/).filter(Boolean);
    if (path.length === 0 || path.length > 8 || path.includes("__proto__")) throw badRequest(`Form field ${JSON.stringify(field)} is not a member path`);
    let node = out;
    path.forEach((name, i) => {
      if (i === path.length - 1) {
        if (!Object.hasOwn(node, name)) node[name] = value;
        return;
      }
      const next = Object.hasOwn(node, name) ? node[name] : (node[name] = {});
      if (next === null || typeof next !== "object") throw badRequest(`Form field ${JSON.stringify(field)}: ${name} is both a value and a member`);
      node = next as Record<string, unknown>;
    });
  }
  return arraysFromIndexes(out) as Record<string, unknown>;
}

function arraysFromIndexes(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).map(([k, v]) => [k, arraysFromIndexes(v)] as const);
  const indexed = entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k));
  return indexed ? entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v) : Object.fromEntries(entries);
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
