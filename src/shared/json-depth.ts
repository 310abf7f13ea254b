/**
 * Request JSON is walked recursively in many places (readers, patches, messages, responses that echo it), so
 * bodies are checked to be shallow once, when read: this is how deep any of ours legitimately nest.
 */
export const MAX_JSON_DEPTH = 64;

/** The top-level member ("" for the value itself) whose value nests deeper than `limit`, if any. */
export function memberNestedDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): string | undefined {
  const stack: [unknown, number, string][] = [[value, 1, ""]];
  while (stack.length > 0) {
    const [v, depth, top] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > limit) return top;
    for (const [key, child] of Object.entries(v)) stack.push([child, depth + 1, depth === 1 && !Array.isArray(v) ? key : top]);
  }
  return undefined;
}
