import { describe, expect, it } from "vitest";
import { utcToWallTime, wallTimeToUtc } from "../../src/shared/time-zone.js";

describe("tenant time zone conversions", () => {
  it.each([
    ["2026-01-15T09:00:00", "Europe/Oslo", "2026-01-15T08:00:00"],
    ["2026-07-15T09:00:00", "Europe/Oslo", "2026-07-15T07:00:00"],
    ["2026-07-15T09:00:00", "America/New_York", "2026-07-15T13:00:00"],
    ["2026-03-29T02:30:00", "Europe/Oslo", "2026-03-29T01:30:00"], // spring gap: moved forward by the gap
    ["2026-10-25T02:30:00", "Europe/Oslo", "2026-10-25T00:30:00"], // autumn overlap: the earlier instant
  ])("%s in %s is %s UTC", (wall, zone, utc) => {
    expect(wallTimeToUtc(wall, zone)).toBe(utc);
  });

  it("round-trips every hour of a year in Oslo", () => {
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_600_000) {
      const utc = new Date(ms).toISOString().slice(0, 19);
      const wall = utcToWallTime(utc, "Europe/Oslo");
      // Only the repeated autumn hour may map back to its earlier twin.
      const back = wallTimeToUtc(wall, "Europe/Oslo");
      if (back !== utc) expect(Date.parse(`${utc}Z`) - Date.parse(`${back}Z`)).toBe(3_600_000);
    }
  });
});
