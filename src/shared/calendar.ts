/**
 * Calendar checks for dates that arrive as parts. Date.UTC rolls 2026-02-30 over into March and hour 24
 * into the next day, and reads years 0-99 as 1900-1999; .NET refuses the first two and keeps the years.
 */

/** Midnight UTC of a calendar day, the year as written; month and day may run over as Date's do. */
export function utcDay(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** Whether the parts name a real day and time: no February 30th, no month 13, no hour 24. */
export function isRealDateTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): boolean {
  if (hour > 23 || minute > 59 || second > 59 || hour < 0 || minute < 0 || second < 0) return false;
  const date = utcDay(year, month, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
