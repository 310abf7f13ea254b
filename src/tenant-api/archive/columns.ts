import type { ArchiveColumn, ArchiveProvider } from "./providers/provider.js";

/** A provider's column by name or alias, in any case (`lastname` finds `lastName`). */
export function findColumn(provider: ArchiveProvider, name: string): ArchiveColumn | undefined {
  const lower = name.toLowerCase();
  return provider.columns.find((c) => c.name.toLowerCase() === lower || c.aliases?.some((a) => a.toLowerCase() === lower));
}
