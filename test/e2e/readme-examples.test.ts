import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cleanEnv, startCli, tempDir, type StartedCli } from "../support/cli.js";

/**
 * README is executable: every ```sh block runs, in README's order, against a live emulator started the way
 * README starts it (the CLI, default data directory in a scratch working directory), so README cannot drift
 * from what the emulator does. The only rewrites: the port (the test takes a free one instead of 5080),
 * `npx sod-emulator` runs this checkout's CLI, and curl fails on an HTTP error so a 4xx is caught.
 * A block that cannot run here says why in a comment right above it: `<!-- readme-test: skip: reason -->`.
 */
const README = resolve(import.meta.dirname, "..", "..", "README.md");

interface Block {
  line: number;
  lang: string;
  code: string;
  skip: string | undefined;
}

function readmeBlocks(markdown: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith("```"); i++) body.push(lines[i]!);
    let before = start - 1;
    while (before >= 0 && lines[before]!.trim() === "") before--;
    const skip = /^<!-- readme-test: skip: (.+?) -->$/.exec(lines[before]?.trim() ?? "")?.[1];
    blocks.push({ line: start + 1, lang: open[1] ?? "", code: body.join("\n"), skip });
  }
  return blocks;
}

const PRELUDE = `set -euo pipefail
npx() { if [ "$1" = sod-emulator ]; then shift; node "$SOD_CLI" "$@"; else echo "README runs npx $1, which this test does not provide" >&2; return 127; fi; }
curl() { command curl --silent --show-error --fail-with-body "$@"; }
`;

function runBash(script: string, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn("bash", ["-c", PRELUDE + script], { cwd, env: cleanEnv({ SOD_CLI: CLI }) });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

/** `npm start -- ARGS` from the repository, until its ready line; then SIGTERM to the whole process group. */
function npmStart(args: string[]): Promise<{ output: string; ms: number }> {
  return new Promise((resolvePromise, reject) => {
    const began = performance.now();
    const child = spawn("npm", ["start", "--silent", "--", ...args], { cwd: resolve(import.meta.dirname, "..", ".."), env: cleanEnv(), detached: true });
    let output = "";
    const timer = setTimeout(() => finish(new Error(`npm start did not get ready:\n${output}`)), 170_000);
    const finish = (err?: Error) => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      child.once("close", () => (err ? reject(err) : resolvePromise({ output, ms: performance.now() - began })));
    };
    const onData = (d: Buffer) => {
      output += d;
      if (/sod-emulator ready at http/.test(output)) finish();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("close", (code) => {
      clearTimeout(timer);
      if (!/sod-emulator ready at http/.test(output)) reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`));
    });
  });
}

const blocks = readmeBlocks(readFileSync(README, "utf8"));
const shell = blocks.filter((b) => b.lang === "sh");

describe("README's shell examples run as written", () => {
  let server: StartedCli;
  let scratch: ReturnType<typeof tempDir>;
  let port: string;
  beforeAll(async () => {
    scratch = tempDir("sod-readme-");
    server = await startCli([], { cwd: scratch.dir });
    port = new URL(server.url).port;
  });
  afterAll(async () => {
    await server?.stop();
    scratch?.cleanup();
  });

  it("has shell examples, and every skipped one says why", () => {
    expect(shell.length).toBeGreaterThanOrEqual(6);
    const skipped = shell.filter((b) => b.skip);
    // Only what cannot run inside the suite: installing and starting the suite itself, and Docker (no engine here).
    expect(skipped.map((b) => b.skip)).toEqual(skipped.map((b) => expect.stringMatching(/\S{10,}/)));
    expect(skipped.length).toBeLessThanOrEqual(2);
  });

  for (const block of shell.filter((b) => !b.skip)) {
    it(`README.md line ${block.line}: ${block.code.split("\n")[0]}`, async () => {
      const script = block.code.replaceAll("localhost:5080", `localhost:${port}`);
      const { code, output } = await runBash(script, scratch.dir);
      expect(code, `README.md line ${block.line} failed:\n${output}`).toBe(0);
    });
  }
});

describe("npm start", () => {
  it("starts the emulator, and compiles only when the sources are newer than dist", async () => {
    await npmStart(["--port", "0", "--in-memory"]); // may compile, if src changed since the last build
    const second = await npmStart(["--port", "0", "--in-memory"]);
    expect(second.output).toMatch(/sod-emulator ready at http:\/\/localhost:\d+ \(store: in memory/);
    expect(second.output).not.toContain("compiling");
  }, 360_000);
});

