import { badRequest } from "../../http/superoffice-error.js";

/**
 * Reading client JSON the way NetServer (ASP.NET + Newtonsoft) binds it (netserver.md §1.5): member names
 * in any case, numbers as strings, enums as names or numbers. A value of the wrong type is a 400 that
 * names the member.
 */
export type Json = Record<string, unknown>;

/** The value of `name` in `obj`, matched case-insensitively; undefined when absent. */
export function member(obj: unknown, name: string): unknown {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return undefined;
  const o = obj as Json;
  if (Object.hasOwn(o, name)) return o[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(o)) if (key.toLowerCase() === lower) return o[key];
  return undefined;
}

export function has(obj: unknown, name: string): boolean {
  return member(obj, name) !== undefined;
}

export function asString(value: unknown, field: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw badRequest(`${field}: expected a string`);
}

export function asInt(value: unknown, field: string): number {
  if (value === null || value === undefined || value === "") return 0;
  const n = typeof value === "number" ? value : typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || Math.abs(n) > 2 ** 31) throw badRequest(`${field}: expected a whole number, got ${JSON.stringify(value)}`);
  return n;
}

const DECIMAL = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

export function asNumber(value: unknown, field: string): number {
  if (value === null || value === undefined || value === "") return 0;
  // Number() would also take "0x10" and "0b11"; .NET reads decimal notation only.
  const n = typeof value === "number" ? value : typeof value === "string" && DECIMAL.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw badRequest(`${field}: expected a number, got ${JSON.stringify(value)}`);
  return n;
}

export function asBool(value: unknown, field: string): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "boolean") return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw badRequest(`${field}: expected true or false, got ${JSON.stringify(value)}`);
}

/** An enum member by name (any case) or by its number (the index in `names` unless `values` says otherwise). */
export function asEnum<T extends string>(value: unknown, names: readonly T[], field: string, values?: readonly number[]): T {
  if (typeof value === "string") {
    const found = names.find((n) => n.toLowerCase() === value.trim().toLowerCase());
    if (found) return found;
    if (/^\d+$/.test(value.trim())) return asEnum(Number(value), names, field, values);
  }
  if (typeof value === "number") {
    const index = values ? values.indexOf(value) : value;
    const found = names[index];
    if (found) return found;
  }
  throw badRequest(`${field}: expected one of ${names.join(", ")}, got ${JSON.stringify(value)}`);
}

/** The id inside a reference carrier (`{"ContactId": 5}` or `{"Id": 5}`), or a bare number; 0 when absent. */
export function referenceId(value: unknown, idNames: readonly string[], field: string): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "number" || typeof value === "string") return asInt(value, field);
  if (typeof value !== "object" || Array.isArray(value)) throw badRequest(`${field}: expected an object with ${idNames[0]}`);
  for (const name of idNames) {
    const id = member(value, name);
    if (id !== undefined) return asInt(id, `${field}.${name}`);
  }
  return 0;
}

/** A TimeSpan from "hh:mm:ss" (NetServer) or an ISO-8601 duration like "PT1H30M" (the official client), in seconds. */
export function asDuration(value: unknown, field: string): number {
  if (value === null || value === undefined || value === "") return 0;
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const clock = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value.trim());
    if (clock) {
      const s = Number(clock[2] ?? 0) * 86400 + Number(clock[3]) * 3600 + Number(clock[4]) * 60 + Number(clock[5] ?? 0);
      return clock[1] ? -s : s;
    }
    const iso = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value.trim());
    if (iso && value.trim() !== "P" && value.trim() !== "PT") {
      const s = Number(iso[2] ?? 0) * 86400 + Number(iso[3] ?? 0) * 3600 + Number(iso[4] ?? 0) * 60 + Number(iso[5] ?? 0);
      return Math.round(iso[1] ? -s : s);
    }
  }
  throw badRequest(`${field}: expected a duration like "01:30:00" or "PT1H30M", got ${JSON.stringify(value)}`);
}

export function formatDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, "0");
  const days = Math.floor(s / 86400);
  const clock = `${two(Math.floor((s % 86400) / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return `${seconds < 0 ? "-" : ""}${days ? `${days}.` : ""}${clock}`;
}
