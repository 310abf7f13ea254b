import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { OPTIONS } from "../../src/config/options.js";

const readme = readFileSync(resolve(import.meta.dirname, "..", "..", "README.md"), "utf8");

describe("README", () => {
  it("documents every option with its flag, environment variable and config key", () => {
    for (const o of OPTIONS) expect(readme, o.flag).toContain(`| \`${o.flag}\` | \`${o.env}\` | \`${o.key}\` |`);
  });

  it("opens with the two commands CI and a fresh machine use", () => {
    const firstScreen = readme.split("\n").slice(0, 20).join("\n");
    expect(firstScreen).toContain("npm ci && npm start");
    expect(firstScreen).toContain("npm test");
    expect(readFileSync(resolve(import.meta.dirname, "..", "..", ".ci", "run"), "utf8")).toMatch(/^npm test\b/m);
  });
});
