/**
 * The tenant lists every seeded tenant starts with. One shape for all lists (id, name, attributes);
 * the attributes are what the list's own carrier adds (a country's ISO codes, a sale stage's probability).
 */
export interface ListItemSeed {
  id: number;
  name: string;
  attributes?: Record<string, string | number | boolean>;
}

// Project and document lists (issue #16) come last, so the lists seeded before them keep their rows.
export const LIST_NAMES = ["category", "business", "country", "currency", "salestage", "saletype", "task", "source", "position", "projecttype", "projectstatus", "projectmembertype", "doctmpl"] as const;
export type ListName = (typeof LIST_NAMES)[number];

const country = (id: number, name: string, two: string, three: string, dial: string, currencyId: number, domain: string): ListItemSeed => ({
  id,
  name,
  attributes: { CurrencyId: currencyId, EnglishName: name, TwoLetterISOCountry: two, ThreeLetterISOCountry: three, DialInPrefix: dial, DomainName: domain, InterAreaPrefix: "00", ZipPrefix: two, OrgNrText: "Org.nr", AddressLayoutId: 4 },
});

export const LIST_CATALOGUE: Record<ListName, ListItemSeed[]> = {
  category: [
    { id: 1, name: "Customer", attributes: { CategoryGroup: "Customer" } },
    { id: 2, name: "Prospect", attributes: { CategoryGroup: "PotentialCustomer" } },
    { id: 3, name: "Supplier", attributes: { CategoryGroup: "Other" } },
    { id: 4, name: "Partner", attributes: { CategoryGroup: "Partner" } },
    { id: 5, name: "Competitor", attributes: { CategoryGroup: "Other" } },
    { id: 6, name: "Former customer", attributes: { CategoryGroup: "Lost" } },
  ],
  business: ["IT", "Finance", "Retail", "Manufacturing", "Consulting", "Healthcare", "Hotel/Restaurant", "Transport", "Energy", "Public sector"].map((name, i) => ({ id: i + 1, name })),
  country: [
    country(578, "Norway", "NO", "NOR", "47", 76, ".no"),
    country(752, "Sweden", "SE", "SWE", "46", 77, ".se"),
    country(208, "Denmark", "DK", "DNK", "45", 78, ".dk"),
    country(246, "Finland", "FI", "FIN", "358", 79, ".fi"),
    country(276, "Germany", "DE", "DEU", "49", 79, ".de"),
    country(528, "Netherlands", "NL", "NLD", "31", 79, ".nl"),
    country(826, "United Kingdom", "GB", "GBR", "44", 80, ".uk"),
    country(840, "United States", "US", "USA", "1", 81, ".com"),
  ],
  currency: [
    { id: 76, name: "NOK", attributes: { Rate: 1, Units: 1 } },
    { id: 77, name: "SEK", attributes: { Rate: 0.96, Units: 1 } },
    { id: 78, name: "DKK", attributes: { Rate: 1.56, Units: 1 } },
    { id: 79, name: "EUR", attributes: { Rate: 11.6, Units: 1 } },
    { id: 80, name: "GBP", attributes: { Rate: 13.5, Units: 1 } },
    { id: 81, name: "USD", attributes: { Rate: 10.7, Units: 1 } },
  ],
  salestage: [
    { id: 1, name: "Lead", attributes: { Probability: 10 } },
    { id: 2, name: "Qualified", attributes: { Probability: 25 } },
    { id: 3, name: "Proposal", attributes: { Probability: 50 } },
    { id: 4, name: "Negotiation", attributes: { Probability: 75 } },
    { id: 5, name: "Verbal yes", attributes: { Probability: 90 } },
  ],
  saletype: [
    { id: 1, name: "Standard sale", attributes: { DurationUnit: "Day", SaleDuration: 30 } },
    { id: 2, name: "Project sale", attributes: { DurationUnit: "Day", SaleDuration: 90 } },
    { id: 3, name: "Renewal", attributes: { DurationUnit: "Day", SaleDuration: 14 } },
  ],
  task: [
    { id: 1, name: "Meeting", attributes: { Type: "Appointment", Direction: "Unknown", ColorIndex: "LightBlue" } },
    { id: 2, name: "Phone call", attributes: { Type: "Phone", Direction: "Outgoing", ColorIndex: "LightGreen" } },
    { id: 3, name: "Lunch", attributes: { Type: "Appointment", Direction: "Unknown", ColorIndex: "LightYellow" } },
    { id: 4, name: "Follow-up", attributes: { Type: "ToDo", Direction: "Unknown", ColorIndex: "LightRed" } },
    { id: 5, name: "Presentation", attributes: { Type: "Appointment", Direction: "Unknown", ColorIndex: "LightBlue" } },
    { id: 6, name: "Internal meeting", attributes: { Type: "Appointment", Direction: "Unknown", ColorIndex: "LightGray" } },
    { id: 7, name: "E-mail", attributes: { Type: "Email", Direction: "Outgoing", ColorIndex: "LightGreen" } },
  ],
  source: ["Web", "Referral", "Trade fair", "Campaign", "Phone"].map((name, i) => ({ id: i + 1, name })),
  position: ["CEO", "CFO", "CTO", "Sales manager", "Purchasing manager", "Developer", "Consultant", "Project manager", "Accountant", "Office manager"].map((name, i) => ({ id: i + 1, name })),
  projecttype: ["Customer project", "Internal project", "Event", "Campaign"].map((name, i) => ({ id: i + 1, name })),
  projectstatus: ["Planned", "In progress", "On hold", "Finished"].map((name, i) => ({ id: i + 1, name })),
  projectmembertype: ["Project manager", "Participant", "Customer contact", "Supplier"].map((name, i) => ({ id: i + 1, name })),
  // A document template says what kind of file it makes (SuperOffice's doctmpl list); Direction as in SOD.
  doctmpl: [
    { id: 1, name: "Letter", attributes: { Direction: "Outgoing", MimeType: "text/plain", Extension: ".txt" } },
    { id: 2, name: "Offer", attributes: { Direction: "Outgoing", MimeType: "application/pdf", Extension: ".pdf" } },
    { id: 3, name: "Contract", attributes: { Direction: "Outgoing", MimeType: "application/pdf", Extension: ".pdf" } },
    { id: 4, name: "Meeting minutes", attributes: { Direction: "Outgoing", MimeType: "text/plain", Extension: ".txt" } },
    { id: 5, name: "Incoming document", attributes: { Direction: "Incoming", MimeType: "application/octet-stream", Extension: "" } },
  ],
};

/** A tenant's home country and currency, from its time zone (what SOD's tenant preferences would say). */
export function homeOf(timeZone: string): { countryId: number; currencyId: number } {
  const byZone: Record<string, number> = {
    "Europe/Oslo": 578,
    "Europe/Stockholm": 752,
    "Europe/Copenhagen": 208,
    "Europe/Helsinki": 246,
    "Europe/Berlin": 276,
    "Europe/Amsterdam": 528,
    "Europe/London": 826,
  };
  const countryId = byZone[timeZone] ?? (timeZone.startsWith("America/") ? 840 : 578);
  const c = LIST_CATALOGUE.country.find((x) => x.id === countryId)!;
  return { countryId, currencyId: Number(c.attributes!.CurrencyId) };
}
