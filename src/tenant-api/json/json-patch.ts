import { badRequest, soError } from "../../http/superoffice-error.js";

/**
 * PATCH bodies (netserver.md §4.3): a JSON Patch array (RFC 6902: add, replace, remove, test; a failed
 * test is 409) with member names matched case-insensitively, or a JSON Merge Patch object (RFC 7396).
 * Both apply to the entity as the client would GET it.
 */
export function applyPatch(entity: Record<string, unknown>, patch: unknown): Record<string, unknown> {
  const doc = structuredClone(entity);
  if (Array.isArray(patch)) {
    patch.forEach((op, i) => applyOperation(doc, op, i));
    return doc;
  }
  if (patch && typeof patch === "object") return mergePatch(doc, patch as Record<string, unknown>) as Record<string, unknown>;
  throw badRequest("PATCH body must be a JSON Patch array or a merge-patch object");
}

function applyOperation(doc: Record<string, unknown>, op: unknown, index: number): void {
  if (!op || typeof op !== "object") throw badRequest(`Patch operation ${index}: expected an object`);
  const { op: kind, path: given, value } = op as { op?: unknown; path?: unknown; value?: unknown };
  if (typeof given !== "string" || given.replace(/^\//, "") === "") throw badRequest(`Patch operation ${index}: path must be a member path such as /Name or Category/Id`);
  // NetServer makes the leading slash optional (netserver.md §4.3): `Category/Id` is `/Category/Id`.
  const path = given.startsWith("/") ? given : `/${given}`;
  const tokens = path.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  // "__proto__" is no entity member; assigning it would swap an object's prototype.
  if (tokens.includes("__proto__")) throw badRequest(`Patch operation ${index}: ${path} does not exist`);
  const last = tokens.pop()!;
  let parent: unknown = doc;
  for (const t of tokens) {
    parent = child(parent, t);
    if (parent === undefined || parent === null) throw badRequest(`Patch operation ${index}: ${path} does not exist`);
  }
  const container = parent as Record<string, unknown> | unknown[];
  const key = Array.isArray(container) ? last : (keyOf(container, last) ?? last);
  const verb = String(kind).toLowerCase();
  if (Array.isArray(container)) checkIndex(container, last, verb, `Patch operation ${index}: ${path}`);
  switch (verb) {
    case "add":
    case "replace":
      if (Array.isArray(container)) {
        if (last === "-") container.push(value);
        else container.splice(Number(last), kind === "replace" ? 1 : 0, value);
      } else container[key] = value;
      return;
    case "remove":
      if (Array.isArray(container)) container.splice(Number(last), 1);
      else container[key] = null;
      return;
    case "test": {
      const actual = Array.isArray(container) ? container[Number(last)] : container[key];
      if (JSON.stringify(actual) !== JSON.stringify(value)) {
        throw soError("PatchTestFailed", `Patch test failed at ${path}: expected ${JSON.stringify(value)}, found ${JSON.stringify(actual)}`);
      }
      return;
    }
    default:
      throw badRequest(`Patch operation ${index}: op must be add, replace, remove or test, got ${JSON.stringify(kind)}`);
  }
}

/** RFC 6902 §4: an array index is digits (or `-` to append with add), within the array (add: up to its length). */
function checkIndex(array: unknown[], token: string, verb: string, where: string): void {
  if (token === "-" && verb === "add") return;
  const limit = verb === "add" ? array.length : array.length - 1;
  if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) > limit) throw badRequest(`${where}: index ${token} is not within the array (length ${array.length})`);
}

function keyOf(obj: Record<string, unknown>, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  return Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
}

function child(parent: unknown, token: string): unknown {
  if (Array.isArray(parent)) return parent[Number(token)];
  if (parent && typeof parent === "object") {
    const key = keyOf(parent as Record<string, unknown>, token);
    return key === undefined ? undefined : (parent as Record<string, unknown>)[key];
  }
  return undefined;
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === "object" && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (name === "__proto__") throw badRequest("Merge patch: __proto__ is not a member");
    const key = keyOf(out, name) ?? name;
    // netserver.md §4.3: an object where the entity has an array is appended to it.
    if (Array.isArray(out[key]) && value !== null && typeof value === "object" && !Array.isArray(value)) out[key] = [...(out[key] as unknown[]), value];
    else out[key] = value === null ? null : mergePatch(out[key], value);
  }
  return out;
}
