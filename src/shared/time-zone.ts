/**
 * Wall-clock conversions between UTC (how the store keeps date-times) and a tenant's IANA time zone
 * (how NetServer shows them). Values are `YYYY-MM-DDTHH:MM:SS` without a suffix on both sides.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether `name` is a time zone this Node knows (IANA names such as Europe/Oslo, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const offsets = new Map<string, number>();

/**
 * Minutes east of UTC in `timeZone` at the instant `utcMs`. Offsets change only on whole quarter hours
 * (every real zone's transitions fall on them), so answers are kept per zone and quarter hour.
 */
export function offsetMinutesAt(utcMs: number, timeZone: string): number {
  const key = `${timeZone}@${Math.floor(utcMs / 900_000)}`;
  let minutes = offsets.get(key);
  if (minutes === undefined) {
    if (offsets.size > 50_000) offsets.clear();
    minutes = computeOffsetMinutes(utcMs, timeZone);
    offsets.set(key, minutes);
  }
  return minutes;
}

function computeOffsetMinutes(utcMs: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

export function toStoreDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export function fromStoreDateTime(value: string): number {
  return Date.parse(`${value}Z`);
}

/** A stored UTC date-time as wall-clock time in `timeZone`. */
export function utcToWallTime(utc: string, timeZone: string): string {
  const ms = fromStoreDateTime(utc);
  return toStoreDateTime(ms + offsetMinutesAt(ms, timeZone) * 60_000);
}

/**
 * A wall-clock time in `timeZone` as stored UTC. In the autumn overlap the earlier instant wins; a time
 * that does not exist (spring gap) moves forward by the gap, as .NET's TimeZoneInfo does.
 */
export function wallTimeToUtc(wall: string, timeZone: string): string {
  const asUtc = fromStoreDateTime(wall);
  // The offsets in force a day either side bracket any transition near this wall time.
  const before = asUtc - offsetMinutesAt(asUtc - 86_400_000, timeZone) * 60_000;
  const after = asUtc - offsetMinutesAt(asUtc + 86_400_000, timeZone) * 60_000;
  const fits = (ms: number) => toStoreDateTime(ms + offsetMinutesAt(ms, timeZone) * 60_000) === wall.slice(0, 19);
  const candidates = [before, after].filter(fits).sort((a, b) => a - b);
  return toStoreDateTime(candidates[0] ?? before);
}
