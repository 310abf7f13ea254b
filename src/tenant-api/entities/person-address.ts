import { badRequest } from "../../http/superoffice-error.js";
import type { CrmValues, PersonRow } from "../../store/crm.js";
import { carrier, type Carrier } from "../carriers/carrier.js";
import { asString, has, member, type Json } from "../json/lenient.js";

/**
 * A person's private address (netserver.md §6.3): `Address.Street` as a StructuredAddress of type
 * PersonPrivateAddress, `Postal` null, and the localized grid SOD shows for it. Stored as the structured
 * parts; clients edit `Address.Street` (SuperOffice's Person.http replaces it whole with a PATCH).
 */
const PARTS = ["Address1", "Address2", "Address3", "City", "County", "State", "Zipcode"] as const;
type Part = (typeof PARTS)[number];
type PrivateAddress = Partial<Record<Part, string>>;

const TYPE = "PersonPrivateAddress";

export function personAddress(row: PersonRow): Carrier {
  const a = stored(row);
  const field = (name: Part, label: string) =>
    carrier("LocalizedField", { Name: name, Value: a[name] ?? "", Label: label, ValueLength: 80, AddressType: TYPE, TableRight: null, FieldProperties: {} });
  const formatted = [a.Address1, a.Address2, a.Address3, [a.Zipcode, a.City].filter(Boolean).join(" "), [a.County, a.State].filter(Boolean).join(" ")].filter(Boolean).join("\n");
  return carrier("Address", {
    LocalizedAddress: [[field("Address1", "SR_AL_ADDRESS1")], [field("Address2", "SR_AL_ADDRESS2")], [field("Address3", "SR_AL_ADDRESS3")], [field("Zipcode", "SR_AL_POSTCODECITY"), field("City", "")], [field("County", "SR_AL_COUNTYPCODE")]],
    Street: carrier("StructuredAddress", { AtypeIdx: TYPE, ...Object.fromEntries(PARTS.map((p) => [p, a[p] ?? ""])), Formatted: formatted }),
    Postal: null,
    Formatted: formatted,
    TableRight: null,
    FieldProperties: {},
  });
}

/** `Address.Street` from the client, over what is stored: parts it leaves out stay as they were. */
export function readPersonAddress(input: Json, existing: PersonRow | undefined): CrmValues {
  const addr = member(input, "Address");
  if (addr === null || addr === undefined) return {};
  if (typeof addr !== "object" || Array.isArray(addr)) throw badRequest("Address: expected an object with Street");
  const street = member(addr, "Street");
  if (street === null || street === undefined) return {};
  if (typeof street !== "object" || Array.isArray(street)) throw badRequest("Address.Street: expected an object with Address1, City, Zipcode …");
  const next: PrivateAddress = existing ? stored(existing) : {};
  for (const part of PARTS) if (has(street, part)) next[part] = asString(member(street, part), `Address.Street.${part}`);
  return { private_address: JSON.stringify(next) };
}

function stored(row: PersonRow): PrivateAddress {
  try {
    return JSON.parse(row.private_address) as PrivateAddress;
  } catch {
    return {};
  }
}
