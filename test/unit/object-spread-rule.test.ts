import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * House rule (README, "Object spreads"): code that runs per call never writes an object literal that starts
 * with a spread and has more members after it (`{ ...a, b: 1 }`, `{ ...a, ...b }`). On Node 20 (V8 11.3)
 * such an object is a clone of `a`'s map, and every member added to a clone builds a new map: about 1 µs per
 * member in this machine's microbenchmarks, against 0.01–0.1 µs for a literal or Object.assign, plus the
 * garbage of those maps. A Contact POST built six of them (about 120 µs of its 460). What to write instead:
 * `Object.assign(fresh, more)` when the spread object is new and ours; members first (`{ b: 1, ...a }`) when
 * no key can clash and the order does not show; `Object.assign({}, a, more)` otherwise, but never over a
 * client's JSON (its own `__proto__` member would set the copy's prototype, where a spread copies it as data).
 * A literal outside every function runs once, at module load, and is left alone.
 */
const SRC = resolve(import.meta.dirname, "..", "..", "src");
const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : /\.tsx?$/.test(e.name) ? [join(d, e.name)] : []));

/** Object literals with a leading spread and more members, inside a function; as file:line. */
export function spreadThenMembers(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node, inFunction: boolean): void => {
    if (inFunction && ts.isObjectLiteralExpression(node) && node.properties.length > 1 && ts.isSpreadAssignment(node.properties[0]!)) {
      found.push(`${relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, (child) => visit(child, inFunction || ts.isFunctionLike(node)));
  };
  visit(source, false);
  return found;
}

describe("object spreads (README)", () => {
  it("finds the slow shape, inside functions only", () => {
    const text = [
      "const once = { ...BASE, extra: 1 };", // module level: runs once
      "function f(a: object) {",
      "  const slow = { ...a, b: 1 };",
      "  const slower = { ...a, ...a };",
      "  const alone = { ...a };",
      "  const first = { b: 1, ...a };",
      "  return Object.assign({}, a, { b: 1 });",
      "}",
      "const g = (a: object) => ({ ...a, c: 2 });",
    ].join("\n");
    expect(spreadThenMembers(join(SRC, "x.ts"), text)).toEqual(["x.ts:3", "x.ts:4", "x.ts:9"]);
  });

  it("src/ has no object literal that starts with a spread and adds members, inside a function", () => {
    const offenders = walk(SRC).flatMap((file) => spreadThenMembers(file, readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
