import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashSecret, newAccessToken } from "../../src/identity/secrets.js";

describe("SuperID secrets", () => {
  it("access tokens are 8A:{ContextIdentifier}.{96 random bytes in base64}, none repeated across refills of the random pool", () => {
    // 64 tokens fill the pool once; 1,000 go through it many times.
    const tokens = Array.from({ length: 1000 }, () => newAccessToken("Cust12345"));
    for (const t of tokens) {
      expect(t).toMatch(/^8A:Cust12345\.[A-Za-z0-9+/]{128}$/);
      expect(Buffer.from(t.slice("8A:Cust12345.".length), "base64")).toHaveLength(96);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    // No two tokens share a 16-byte run either (a slice handed out twice would).
    const runs = new Set(tokens.map((t) => t.slice(13, 37)));
    expect(runs.size).toBe(tokens.length);
  });

  it("hashSecret is the hex SHA-256 the store has always kept", () => {
    for (const secret of ["", "abc", "8A:Cust12345.xyz", "æøå"]) {
      expect(hashSecret(secret)).toBe(createHash("sha256").update(secret).digest("hex"));
    }
  });
});
