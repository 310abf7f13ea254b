import { describe, expect, it } from "vitest";
import { isRegisteredUri } from "../../src/identity/authorize/check-redirect-uri.js";

const web = ["http://localhost:3000/callback"];
const native = ["^http://127.0.0.1\\:\\d{4,10}$", "http://127.0.0.1:8000/callback"];

describe("redirect URI matching", () => {
  it.each([
    [web, "http://localhost:3000/callback", true],
    [web, "http://localhost:3000/callback/", false],
    [web, "http://localhost:3000/Callback", false],
    [web, "http://localhost:3001/callback", false],
    [web, "http://localhost:3000/callback?x=1", false],
    [web, "https://localhost:3000/callback", false],
    [web, "http://localhost:3000/callback#frag", false],
    [native, "http://127.0.0.1:8000/callback", true],
    [native, "http://127.0.0.1:65499", true],
    [native, "http://127.0.0.1:54321/callback", true],
    [native, "http://127.0.0.1:8000/desktop-callback/", true],
    [native, "http://127.0.0.1:123/callback", false],
    [native, "http://127.0.0.1:8000@evil.example/callback", false],
    [native, "http://127.0.0.1.evil.example:8000/callback", false],
    [native, "http://localhost:8000/callback", false],
    [["^javascript:.*"], "javascript:alert(1)", false],
    [["^http://[bad"], "http://x/", false],
  ])("%j allows %s: %s", (registered, uri, allowed) => {
    expect(isRegisteredUri(registered, uri)).toBe(allowed);
  });
});
