import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanEnv, tempDir } from "../support/cli.js";

/**
 * CI has no Docker engine, so this runs the image's runtime contract directly: the final stage's ENV,
 * CMD and HEALTHCHECK, from the package root (what the image copies to /app).
 */
const root = resolve(import.meta.dirname, "..", "..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8").replace(/\\\n\s*/g, " ");
const finalStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
const tmp = tempDir("sod-docker-");
afterAll(tmp.cleanup);

function imageEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of finalStage.split("\n").filter((l) => l.startsWith("ENV "))) {
    for (const m of line.slice(4).matchAll(/(\w+)=(\S+)/g)) env[m[1]!] = m[2]!;
  }
  return env;
}

const jsonArray = (instruction: string) => JSON.parse(new RegExp(`^${instruction} (\\[.*\\])$`, "m").exec(finalStage)![1]!) as string[];

describe("Dockerfile", () => {
  it("is multi-stage, runs as a non-root user, exposes 5080 and declares a data volume", () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBe(2);
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).toMatch(/^EXPOSE 5080$/m);
    expect(finalStage).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
  });

  it("probes health every few seconds, with a start period, in a form every builder takes; owns files by COPY --chown; ships no SQLite build leftovers", () => {
    const healthcheck = /^HEALTHCHECK (.*?) CMD /m.exec(finalStage)![1]!;
    const flag = (name: string) => Number(new RegExp(`--${name}=(\\d+)s\\b`).exec(healthcheck)?.[1]);
    // --start-interval would be the better tool, but Docker Engine 24 and podman 4 refuse to build with it.
    expect(healthcheck).not.toContain("--start-interval");
    expect(flag("start-period")).toBeGreaterThanOrEqual(10);
    expect(flag("interval")).toBeLessThanOrEqual(5);
    expect(flag("timeout")).toBeLessThanOrEqual(5);
    // No chown layer in the runtime stage (it would copy the seed cache a second time): COPY --chown instead.
    expect(finalStage).not.toMatch(/chown -R/);
    expect(finalStage).toMatch(/^COPY --from=build --chown=node:node \S+ \.\/node_modules\/\.cache$/m);
    expect(finalStage).toMatch(/^COPY --from=build --chown=node:node \S+ \/data$/m);
    // better-sqlite3's SQLite sources and intermediates go; only the addon stays.
    const build = dockerfile.slice(0, dockerfile.lastIndexOf("\nFROM "));
    expect(build).toMatch(/rm -rf deps src/);
    expect(build).toMatch(/! -name better_sqlite3\.node/);
    expect(build).toMatch(/find node_modules -depth -type d -empty -delete/);
  });

  it("serves with its ENV and CMD, and its HEALTHCHECK passes", async () => {
    const env = { ...imageEnv(), SOD_DATA: join(tmp.dir, "data"), SOD_PORT: "0", SOD_HOST: "127.0.0.1" };
    expect(imageEnv()).toMatchObject({ SOD_HOST: "0.0.0.0", SOD_PORT: "5080", SOD_DATA: "/data" });
    const [command, ...args] = jsonArray("CMD");
    const child = spawn(command === "node" ? process.execPath : command!, args, { cwd: root, env: cleanEnv(env) });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const port = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(out)), 20_000);
      child.stdout.on("data", () => {
        const m = /ready at http:\/\/localhost:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          res(m[1]!);
        }
      });
    });
    const check = /HEALTHCHECK .*? CMD (.+)$/m.exec(finalStage)![1]!;
    const [, script] = /^node -e "(.*)"$/.exec(check)!;
    const result = spawnSync(process.execPath, ["-e", script!], { env: cleanEnv({ SOD_PORT: port }), timeout: 10_000 });
    expect(result.status).toBe(0);
    child.kill("SIGTERM");
    await new Promise((r) => child.on("close", r));
  });
});
