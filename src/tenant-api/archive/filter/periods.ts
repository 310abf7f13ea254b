import { toStoreDateTime, wallTimeToUtc } from "../../../shared/time-zone.js";
import { own } from "../../../shared/own.js";
import { isRealDateTime, utcDay } from "../../../shared/calendar.js";

/**
 * Date ranges for the relative operators (`today`, `thisWeek`, `next(col, 2, 'weeks')`, …) as stored UTC
 * `[start, end)`, computed on the tenant's calendar (weeks start on Monday) at the emulator's clock.
 */
export type PeriodUnit = "day" | "week" | "month" | "quarter" | "half" | "year";

export interface Range {
  start: string | null;
  end: string | null;
}

const UNIT_ALIASES: Record<string, PeriodUnit> = {
  day: "day", days: "day", d: "day",
  week: "week", weeks: "week", w: "week",
  month: "month", months: "month", m: "month",
  quarter: "quarter", quarters: "quarter", q: "quarter",
  half: "half", halves: "half", halfyear: "half",
  year: "year", years: "year", y: "year",
};

export function periodUnit(text: string): PeriodUnit | undefined {
  return own(UNIT_ALIASES, text.toLowerCase());
}

/** The tenant-local calendar date (Y, M 1-12, D) of an instant. */
function localDay(nowMs: number, timeZone: string): [number, number, number] {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(nowMs));
  const [y, m, d] = parts.split("-").map(Number);
  return [y!, m!, d!];
}

/** Local midnight of a calendar day; month and day may run over (day 32 is the next month's 1st). */
const wall = (y: number, m: number, d: number) => utcDay(y, m, d).toISOString().slice(0, 10) + "T00:00:00";


/** The start (local midnight, as a calendar date) of the period containing today, shifted by `offset` periods. */
function periodStart(unit: PeriodUnit, today: [number, number, number], offset: number): [number, number, number] {
  const [y, m, d] = today;
  switch (unit) {
    case "day":
      return [y, m, d + offset];
    case "week": {
      const weekday = (utcDay(y, m, d).getUTCDay() + 6) % 7; // Monday = 0
      return [y, m, d - weekday + 7 * offset];
    }
    case "month":
      return [y, m + offset, 1];
    case "quarter":
      return [y, Math.floor((m - 1) / 3) * 3 + 1 + 3 * offset, 1];
    case "half":
      return [y, Math.floor((m - 1) / 6) * 6 + 1 + 6 * offset, 1];
    case "year":
      return [y + offset, 1, 1];
  }
}

/** Periods `from` (relative to the current one, 0 = current) up to but not including `to`. */
export function periodRange(unit: PeriodUnit, from: number, to: number, nowMs: number, timeZone: string): Range {
  const today = localDay(nowMs, timeZone);
  const utc = (p: [number, number, number]) => wallTimeToUtc(wall(...p), timeZone);
  return { start: utc(periodStart(unit, today, from)), end: utc(periodStart(unit, today, to)) };
}

/** The unary period operators of netserver.md §5.3. */
export function namedPeriod(operator: string, nowMs: number, timeZone: string): Range | undefined {
  const named: Record<string, [PeriodUnit, number, number] | "beforeToday" | "afterToday"> = {
    today: ["day", 0, 1],
    yesterday: ["day", -1, 0],
    tomorrow: ["day", 1, 2],
    lastweek: ["week", -1, 0],
    thisweek: ["week", 0, 1],
    nextweek: ["week", 1, 2],
    lastmonth: ["month", -1, 0],
    thismonth: ["month", 0, 1],
    nextmonth: ["month", 1, 2],
    lastquarter: ["quarter", -1, 0],
    thisquarter: ["quarter", 0, 1],
    nextquarter: ["quarter", 1, 2],
    thishalf: ["half", 0, 1],
    thisyear: ["year", 0, 1],
    beforetoday: "beforeToday",
    aftertoday: "afterToday",
  };
  const spec = own(named, operator);
  if (!spec) return undefined;
  if (spec === "beforeToday") return { start: null, end: periodRange("day", 0, 1, nowMs, timeZone).start };
  if (spec === "afterToday") return { start: periodRange("day", 0, 1, nowMs, timeZone).end, end: null };
  return periodRange(spec[0], spec[1], spec[2], nowMs, timeZone);
}

/** A calendar day given as text (`2020-05-28`, or a date-time whose day counts) → its local [start, end). */
export function dayRange(text: string, timeZone: string): Range | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A day that does not exist (2026-02-30, month 13) is no day at all, not one rolled over.
  if (!isRealDateTime(y, mo, d)) return undefined;
  return { start: wallTimeToUtc(wall(y, mo, d), timeZone), end: wallTimeToUtc(wall(y, mo, d + 1), timeZone) };
}

export { toStoreDateTime };
