import { EMPTY_DATE } from "../json/dates.js";
import { SHAPES, type CarrierName } from "./shapes.generated.js";

/** The member names of a carrier, checked at compile time against SuperOffice's schema. */
export type MemberOf<N extends CarrierName> = (typeof SHAPES)[N][number][0];
export type CarrierValues<N extends CarrierName> = Partial<Record<MemberOf<N>, unknown>>;
export type Carrier = Record<string, unknown>;

/**
 * A carrier as NetServer serialises it: every member of the official schema, in its order, the given
 * values where present and the type's empty value elsewhere (netserver.md §1.4: null for objects, [] for
 * arrays, {} for dictionaries, the empty date, "00:00:00" for TimeSpans, an enum's first name).
 */
export function carrier<N extends CarrierName>(name: N, values: CarrierValues<N>): Carrier {
  const out: Carrier = {};
  const given = values as Record<string, unknown>;
  for (const [member, kind] of SHAPES[name] as readonly (readonly [string, string])[]) {
    out[member] = member in given && given[member] !== undefined ? given[member] : emptyValue(kind);
  }
  return out;
}

function emptyValue(kind: string): unknown {
  switch (kind) {
    case "int":
    case "number":
      return 0;
    case "bool":
      return false;
    case "string":
      return "";
    case "date":
      return EMPTY_DATE;
    case "timespan":
      return "00:00:00";
    case "map":
      return {};
    default:
      if (kind.startsWith("enum:")) return kind.slice(5).split("|")[0];
      if (kind.startsWith("array:")) return [];
      return null;
  }
}

/** Full rights: the signed-in user and the system user may do everything the emulator supports. */
export const FULL_TABLE_RIGHT = { Mask: "Select, Update, Insert, Delete", Reason: "" };
