import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.js";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";
import { parseSeed, readSeedFile } from "../../src/seed/seed-file.js";

const defaultSeed = () => JSON.parse(readFileSync(DEFAULT_SEED_FILE, "utf8"));

const messageFor = (mutate: (seed: any) => void): string => {
  const seed = defaultSeed();
  mutate(seed);
  try {
    parseSeed(seed, "seeds/broken.json");
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected the seed to be rejected");
};

describe("seed file", () => {
  it("accepts the default seed with the tenants, users and apps the workshop needs", () => {
    const { seed } = readSeedFile(DEFAULT_SEED_FILE);
    expect(seed.tenants.map((t) => [t.contextIdentifier, t.state])).toEqual([
      ["Cust12345", "Running"],
      ["Cust54321", "Running"],
      ["Cust99999", "OfflineMaintenance"],
    ]);
    const admin = seed.users.find((u) => u.tenants.length === 2 && u.tenants.every((m) => m.administrator));
    expect(admin, "an administrator of two tenants, so the tenant picker shows").toBeDefined();
    expect(seed.users.some((u) => u.tenants.every((m) => !m.administrator))).toBe(true);
    expect(seed.apps.map((a) => a.kind)).toEqual(["web", "native", "server-to-server"]);
    expect(seed.apps[0]!.redirectUris).toContain("http://localhost:3000/callback");
    // Every seeded app can be played by the workshop page (/workshop).
    for (const a of seed.apps) expect(a.redirectUris).toContain("/workshop/callback");
    expect(seed.apps[2]!.systemUser).toBe(true);
    expect(seed.tenants.every((t) => t.timeZone)).toBe(true);
  });

  it.each<[string, (s: any) => void, string]>([
    ["a misspelt state", (s) => (s.tenants[2].state = "Runing"), '$.tenants[2].state: Invalid option: expected one of'],
    ["a bad ContextIdentifier", (s) => (s.tenants[0].contextIdentifier = "12345"), "$.tenants[0].contextIdentifier: expected Cust followed by digits"],
    ["a duplicate tenant", (s) => (s.tenants[1].contextIdentifier = "Cust12345"), "$.tenants[1].contextIdentifier: duplicate ContextIdentifier Cust12345"],
    ["an unknown time zone", (s) => (s.tenants[0].timeZone = "Europe/Atlantis"), '$.tenants[0].timeZone: expected an IANA time zone such as Europe/Oslo, got "Europe/Atlantis"'],
    ["a membership of a missing tenant", (s) => (s.users[1].tenants[0].contextIdentifier = "Cust1"), "$.users[1].tenants[0].contextIdentifier: expected the ContextIdentifier of a tenant in this file"],
    ["a count of the wrong type", (s) => (s.profiles.standard.contacts = "many"), "$.profiles.standard.contacts: Invalid input: expected number"],
    ["an unknown profile", (s) => (s.tenants[0].profile = "huge"), "$.tenants[0].profile: expected one of the profiles (standard, small, empty)"],
    ["a native app with a secret", (s) => (s.apps[1].clientSecret = "0123456789abcdef0123456789abcdef"), "$.apps[1].clientSecret: expected no secret"],
    ["a client id that is not SOD-shaped", (s) => (s.apps[0].clientId = "my-app"), '$.apps[0].clientId: expected 32 lowercase hex characters, got "my-app"'],
    ["an unknown member", (s) => (s.tenants[0].colour = "red"), "$.tenants[0]: Unrecognized key"],
    ["a missing seed number", (s) => delete s.seed, "$.seed: Invalid input: expected number"],
    ["a redirect path naming another host", (s) => (s.apps[0].redirectUris = ["//evil.example/callback"]), "$.apps[0].redirectUris[0]: expected a path on the emulator such as /workshop/callback"],
  ])("rejects %s, naming the file and JSON path", (_, mutate, expected) => {
    const message = messageFor(mutate);
    expect(message.startsWith("seeds/broken.json: ")).toBe(true);
    expect(message).toContain(expected);
  });
});
