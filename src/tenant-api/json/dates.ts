import { badRequest } from "../../http/superoffice-error.js";
import { fromStoreDateTime, offsetMinutesAt, toStoreDateTime, utcToWallTime, wallTimeToUtc } from "../../shared/time-zone.js";
import type { RequestTimeZone } from "./so-timezone.js";
import { isRealDateTime } from "../../shared/calendar.js";

/**
 * Dates as NetServer shows and reads them (netserver.md §1.4–1.5): shown as the tenant's local wall time
 * `YYYY-MM-DDTHH:mm:ss` without a suffix, SOD's empty date `0001-01-01T00:00:00` for none; read as local
 * when unspecified, converted from UTC or an offset otherwise; anything at or before 0001-01-02 is empty
 * (a browser in Europe/Oslo turns the empty date into `0000-12-31T23:06:32.000Z`).
 */
export const EMPTY_DATE = "0001-01-01T00:00:00";

export interface DateCodec {
  /** Stored UTC (or null) as the tenant (or the SO-TimeZone the client asked for) shows it. */
  show(utc: string | null | undefined): string;
  /** CreatedDate/UpdatedDate and other UTC members: as show(), but tagged as UTC with includeTZOffset. */
  showUtc(utc: string | null | undefined): string;
  /** A client's date-time as stored UTC, or null for the empty date. */
  read(value: unknown, field: string): string | null;
  /** Date-only values (birth dates): `YYYY-MM-DD` ↔ `YYYY-MM-DDT00:00:00`. */
  showDate(date: string | null | undefined): string;
  readDate(value: unknown, field: string): string | null;
}

export function dateCodec(baseZone: string, request: RequestTimeZone = { zone: undefined, includeOffset: false }): DateCodec {
  const timeZone = request.zone ?? baseZone;
  const withOffset = (utc: string, wall: string) => {
    const minutes = offsetMinutesAt(fromStoreDateTime(utc), timeZone);
    if (minutes === 0 && timeZone === "UTC") return `${wall}Z`;
    const sign = minutes < 0 ? "-" : "+";
    const abs = Math.abs(minutes);
    return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  };
  const parse = (value: unknown, field: string): { wall: string; utcMs?: number } | null => {
    if (value === null || value === undefined || value === "") return null;
    if (typeof value !== "string") throw badRequest(`${field}: expected a date-time string`);
    const m = /^(-?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
    if (!m) throw badRequest(`${field}: expected an ISO 8601 date-time such as 2026-01-31T14:30:00, got ${JSON.stringify(value)}`);
    const year = Number(m[1]);
    if (year <= 1 && (Number(m[2]) === 1 || year < 1)) return null;
    const wall = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}`;
    // Date.parse rolls 2026-02-30 over into March and takes T24:00; .NET refuses both, and so does this.
    if (!isRealDateTime(year, Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0))) throw badRequest(`${field}: ${JSON.stringify(value)} is not a valid date`);
    if (year > 9999) throw badRequest(`${field}: ${JSON.stringify(value)} is after 9999-12-31, the last date SuperOffice stores`);
    if (!m[8]) return { wall };
    const offset = m[8].toUpperCase() === "Z" ? "Z" : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8];
    // .NET's DateTimeOffset takes offsets up to ±14:00; `+99:99` is no instant (Date.parse gives NaN).
    const [hours, minutes] = offset === "Z" ? [0, 0] : [Number(offset.slice(1, 3)), Number(offset.slice(4))];
    const utcMs = Date.parse(`${wall}${m[7] ?? ""}${offset}`);
    if (minutes > 59 || hours * 60 + minutes > 14 * 60 || Number.isNaN(utcMs)) throw badRequest(`${field}: ${JSON.stringify(value)} has an offset outside ±14:00`);
    return { wall, utcMs };
  };
  return {
    show: (utc) => (!utc ? EMPTY_DATE : request.includeOffset ? withOffset(utc, utcToWallTime(utc, timeZone)) : utcToWallTime(utc, timeZone)),
    showUtc: (utc) => (!utc ? EMPTY_DATE : request.includeOffset ? `${utc}Z` : utcToWallTime(utc, timeZone)),
    read(value, field) {
      const p = parse(value, field);
      if (!p) return null;
      if (p.utcMs !== undefined) {
        if (p.utcMs >= MAX_UTC_MS) throw badRequest(`${field}: ${JSON.stringify(value)} is after 9999-12-31, the last date SuperOffice stores`);
        const utc = toStoreDateTime(p.utcMs);
        return utc <= "0001-01-02T00:00:00" ? null : utc;
      }
      return wallTimeToUtc(p.wall, timeZone);
    },
    showDate: (date) => (date ? `${date}T00:00:00` : EMPTY_DATE),
    readDate(value, field) {
      const p = parse(value, field);
      if (!p) return null;
      // A date with a zone is a local midnight somebody converted to UTC: take the tenant's calendar day.
      return (p.utcMs !== undefined ? utcToWallTime(toStoreDateTime(p.utcMs), timeZone) : p.wall).slice(0, 10);
    },
  };
}

/** The first instant after DateTime.MaxValue: a converted date at or past it cannot be stored. */
const MAX_UTC_MS = Date.UTC(10000, 0, 1);

/** RFC 1123 date for Last-Modified, from stored UTC. */
export function httpDate(utc: string): string {
  return new Date(`${utc}Z`).toUTCString();
}
