/**
 * `$select` on a single entity (netserver.md §4.1): "Other fields are then nulled out to reduce payload
 * size". Names match in any case; `category/id` keeps Category with only its Id. `_Links` always stays.
 */
export function selectMembers(entity: Record<string, unknown>, select: string): Record<string, unknown> {
  const paths = select
    .split(",")
    .map((p) => p.trim().toLowerCase().split("/").filter(Boolean))
    .filter((p) => p.length > 0);
  return keep(entity, paths, true) as Record<string, unknown>;
}

function keep(value: unknown, paths: string[][], top: boolean): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  // A path that ends here keeps the whole value.
  if (paths.some((p) => p.length === 0)) return value;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    if (top && name === "_Links") {
      out[name] = member;
      continue;
    }
    const below = paths.filter((p) => p[0] === name.toLowerCase()).map((p) => p.slice(1));
    out[name] = below.length === 0 ? null : keep(member, below, false);
  }
  return out;
}
