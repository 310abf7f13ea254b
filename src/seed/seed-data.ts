/**
 * Generated seed data: one array of rows per store table, each row keyed by column name. This is what
 * `sod-emulator seed --out` writes, what the determinism tests fingerprint, and what load.ts inserts.
 */
export type Row = Record<string, string | number | null>;

/** Tables in an order that satisfies their foreign keys. */
export const SEED_TABLES = [
  "tenants",
  "users",
  "associates",
  "apps",
  "consents",
  "list_items",
  "id_sequences",
  "contacts",
  "persons",
  "sales",
  "appointments",
  "projects",
  "project_members",
  "documents",
  "document_content",
  "udef_fields",
  "udef_values",
] as const;

export type SeedTable = (typeof SEED_TABLES)[number];

export interface SeedData {
  generator: { version: number; seed: number; referenceDate: string };
  tables: Record<SeedTable, Row[]>;
}

export function emptyTables(): Record<SeedTable, Row[]> {
  return Object.fromEntries(SEED_TABLES.map((t) => [t, [] as Row[]])) as unknown as Record<SeedTable, Row[]>;
}
