import { badRequest } from "../../http/superoffice-error.js";
import { isTimeZone } from "../../shared/time-zone.js";
import { own } from "../../shared/own.js";

/**
 * The `SO-TimeZone` request header (SuperOffice SDK docs, "SO-Timezone"): a SuperOffice time zone code
 * (`NO`, `US-NY`, `UTC`) or its numeric id (`261`), optionally followed by `,includeTZOffset`. Dates are
 * then shown and read in that zone instead of the tenant's base zone; with includeTZOffset every date
 * carries its offset and CreatedDate/UpdatedDate are shown as UTC. IANA names are accepted as well.
 */
const CODES: Record<string, string> = {
  UTC: "UTC",
  NO: "Europe/Oslo",
  SE: "Europe/Stockholm",
  DK: "Europe/Copenhagen",
  FI: "Europe/Helsinki",
  DE: "Europe/Berlin",
  NL: "Europe/Amsterdam",
  FR: "Europe/Paris",
  GB: "Europe/London",
  UK: "Europe/London",
  "US-NY": "America/New_York",
  "US-CA": "America/Los_Angeles",
  "US-HI": "Pacific/Honolulu",
  "CA-QC": "America/Toronto",
  "AU-ACT": "Australia/Sydney",
  BD: "Asia/Dhaka",
};

/** The numeric ids of the same zones in SuperOffice's time zone archive. */
const IDS: Record<string, string> = { "1": "UTC", "36": "AU-ACT", "50": "BD", "114": "CA-QC", "140": "DK", "156": "FR", "261": "NO", "425": "US-CA", "433": "US-HI", "460": "US-NY" };

export interface RequestTimeZone {
  /** IANA zone the client asked for; undefined for the tenant's base zone. */
  zone: string | undefined;
  includeOffset: boolean;
}

export function parseSoTimeZone(header: string | undefined): RequestTimeZone {
  if (!header || header.trim() === "") return { zone: undefined, includeOffset: false };
  const parts = header.split(",").map((p) => p.trim()).filter(Boolean);
  const includeOffset = parts.some((p) => p.toLowerCase() === "includetzoffset");
  const code = parts.find((p) => p.toLowerCase() !== "includetzoffset");
  if (!code) return { zone: undefined, includeOffset };
  const key = (own(IDS, code) ?? code).toUpperCase();
  const zone = own(CODES, key) ?? (code.includes("/") && isTimeZone(code) ? code : undefined);
  if (!zone) throw badRequest(`SO-TimeZone: unknown time zone ${JSON.stringify(code)}; use a SuperOffice code such as NO, US-NY or UTC`);
  return { zone, includeOffset };
}
