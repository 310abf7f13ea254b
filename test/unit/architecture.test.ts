import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The house is one-way (README, "Architecture"): each folder of src/ has a floor, and a file imports only
 * from its own floor or below; and no file imports itself back through others (no cycles, type imports
 * included, as `npx madge --circular` counts them). Only the store touches SQLite.
 */
const SRC = resolve(import.meta.dirname, "..", "..", "src");

/** Floors, bottom up. A folder not listed is a failure: a new folder must say where it belongs. */
const FLOORS: Record<string, number> = {
  shared: 0, // pure rules: clock, time zones, calendar, tenant states, passwords
  http: 1, // hono helpers every product uses: routing path, body limit, errors, fallbacks, lazy routes, CORS
  config: 1,
  keys: 2,
  store: 2, // the only code that touches SQLite; repositories, schema, change feed
  seed: 2,
  runtime: 3, // one emulator's shared state: context, clock, request log, faults, own hosts, back channel
  identity: 4, // SuperID
  "tenant-api": 4, // NetServer web API
  admin: 5, // the admin API, its services and its client
  portal: 6, // Developer Portal pages
  workshop: 7,
  server: 8, // the assembly: app, listen, middleware; src/*.ts files live here too
  cli: 9,
};

const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : /\.tsx?$/.test(e.name) ? [join(d, e.name)] : []));
const files = walk(SRC);

function floorOf(file: string): { folder: string; floor: number } {
  const parts = relative(SRC, file).split(/[\\/]/);
  const folder = parts.length === 1 ? "(src root)" : parts[0]!;
  return { folder, floor: parts.length === 1 ? FLOORS.server! : (FLOORS[folder] ?? Number.NaN) };
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.\.?\/[^"']+)["']/g)) {
    const base = resolve(dirname(file), m[1]!).replace(/\.js$/, "");
    const target = files.find((f) => f === `${base}.ts` || f === `${base}.tsx`);
    if (target) found.push(target);
  }
  return found;
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));
const name = (f: string) => relative(SRC, f);

describe("architecture", () => {
  it("every folder of src/ has a floor", () => {
    const unplaced = [...new Set(files.map((f) => floorOf(f)).filter((p) => Number.isNaN(p.floor)).map((p) => p.folder))];
    expect(unplaced).toEqual([]);
  });

  it("nothing imports a folder above its own", () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) if (floorOf(target).floor > floorOf(file).floor) upward.push(`${name(file)} -> ${name(target)}`);
    }
    expect(upward).toEqual([]);
  });

  it("no import cycles", () => {
    // Tarjan's strongly connected components; any component of more than one file is a cycle.
    let index = 0;
    const stack: string[] = [];
    const on = new Set<string>();
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
      idx.set(v, index);
      low.set(v, index++);
      stack.push(v);
      on.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!idx.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          on.delete(w);
          component.push(name(w));
        } while (w !== v);
        if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
      }
    };
    for (const f of files) if (!idx.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it("only the store touches SQLite", () => {
    const outside = files.filter((f) => floorOf(f).folder !== "store").filter((f) => /better-sqlite3|\.db\.(prepare|exec|transaction|serialize)\b|store\.db\b/.test(readFileSync(f, "utf8")));
    expect(outside.map(name)).toEqual([]);
  });
});
