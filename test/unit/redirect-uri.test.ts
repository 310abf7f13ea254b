import { describe, expect, it } from "vitest";
import { isRegisteredUri } from "../../src/identity/authorize/check-redirect-uri.js";

const web = ["http://localhost:3000/callback"];
const native = ["^http://127.0.0.1\\:\\d{4,10}$", "http://127.0.0.1:8000/callback"];
// A path is a page of the emulator itself, on its public URL (seeds/default.json registers /workshop/callback).
const own = ["/workshop/callback"];
const PUBLIC_URL = "http://localhost:5080";

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
    [own, "http://localhost:5080/workshop/callback", true],
    [own, "http://localhost:5081/workshop/callback", false],
    [own, "http://evil.example/workshop/callback", false],
    [own, "http://localhost:5080/workshop/callback/", false],
    [own, "http://localhost:5080/workshop/callback?x=1", false],
    [own, "/workshop/callback", false],
    [["//evil.example/cb"], "http://localhost:5080//evil.example/cb", false],
    [["//evil.example/cb"], "http://evil.example/cb", false],
    [["/\\evil.example/cb"], "http://evil.example/cb", false],
  ])("%j allows %s: %s", (registered, uri, allowed) => {
    expect(isRegisteredUri(registered, uri, PUBLIC_URL)).toBe(allowed);
  });
});
