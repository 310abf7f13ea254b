import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAuthorize } from "../../src/admin/sign-in-flow.js";
import { startCli, type StartedCli } from "../support/cli.js";

/**
 * The ready banner's first steps are paste-ready: the authorize URL it prints starts a real sign-in, and
 * the curl it prints, with the code pasted in, gets SuperID's tokens.
 */
const run = promisify(execFile);
let server: StartedCli;
beforeAll(async () => {
  server = await startCli(["--in-memory"]);
});
afterAll(() => server?.stop());

describe("the ready banner's first steps", () => {
  it("prints an authorize URL that signs in and a token curl that exchanges its code", async () => {
    const banner = server.output();
    const authorize = /1\. Open (\S+)/.exec(banner)?.[1];
    expect(authorize).toMatch(new RegExp(`^${server.url}/login/common/oauth/authorize\\?`));
    const end = await runAuthorize(authorize!, { username: "ada.admin@example.com", tenant: "Cust12345" });
    const back = new URL(end.location!);
    expect(`${back.origin}${back.pathname}`).toBe("http://localhost:3000/callback");
    expect(back.searchParams.get("state")).toBe("workshop");
    const code = back.searchParams.get("code")!;

    const curl = /3\. Exchange it for tokens:\n\s+(curl[\s\S]+?PASTE_THE_CODE)/.exec(banner)?.[1];
    expect(curl).toBeDefined();
    const { stdout } = await run("bash", ["-c", curl!.replace("PASTE_THE_CODE", code)]);
    const tokens = JSON.parse(stdout) as { access_token: string; id_token: string };
    expect(tokens.access_token).toMatch(/^8A:Cust12345\./);
    expect(tokens.id_token.split(".")).toHaveLength(3);
    expect(banner).toContain(`${server.url}/workshop`);
  });
});
