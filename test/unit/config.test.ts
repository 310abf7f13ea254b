import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.js";
import { loadConfig } from "../../src/config/load-config.js";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";

const cwd = mkdtempSync(join(tmpdir(), "sod-config-"));
const configFile = (content: unknown) => {
  const file = join(cwd, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
};
const errorOf = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError");
};

describe("configuration", () => {
  it("has the documented defaults", () => {
    const config = loadConfig({ env: {}, cwd });
    expect(config).toMatchObject({
      port: 5080,
      host: "localhost",
      publicUrl: undefined,
      issuer: undefined,
      dataDir: resolve(cwd, ".sod-emulator"),
      seedFile: DEFAULT_SEED_FILE,
      environment: "sod",
      maxBodyBytes: 1_048_576,
    });
  });

  it("takes flags over environment over config file", () => {
    const file = configFile({ port: 6000, host: "0.0.0.0", environment: "stage", issuer: "https://from-file" });
    const config = loadConfig({ env: { SOD_PORT: "7000", SOD_ISSUER: "https://from-env" }, flags: { port: "8000" }, configFile: file, cwd });
    expect(config.port).toBe(8000);
    expect(config.issuer).toBe("https://from-env");
    expect(config.host).toBe("0.0.0.0");
    expect(config.environment).toBe("stage");
  });

  it("reads the config file named by SOD_CONFIG", () => {
    const file = configFile({ publicUrl: "http://emulator:5080/" });
    expect(loadConfig({ env: { SOD_CONFIG: file }, cwd }).publicUrl).toBe("http://emulator:5080");
  });

  it("keeps nothing on disk with --in-memory", () => {
    expect(loadConfig({ env: {}, flags: { inMemory: true }, cwd }).dataDir).toBeNull();
    expect(loadConfig({ env: { SOD_IN_MEMORY: "true" }, cwd }).dataDir).toBeNull();
  });

  it.each([
    [{ flags: { port: "abc" } }, "--port: expected a port number 0-65535"],
    [{ flags: { port: "70000" } }, "--port: expected a port number"],
    [{ env: { SOD_PORT: "-1" } }, "SOD_PORT=-1: expected a port number"],
    [{ flags: { publicUrl: "ftp://x" } }, "--public-url: expected an absolute http(s) URL"],
    [{ flags: { publicUrl: "localhost:5080" } }, "--public-url: expected an absolute http(s) URL"],
    [{ flags: { environment: "prod" } }, "--environment: expected one of sod, stage, online"],
    [{ env: { SOD_IN_MEMORY: "maybe" } }, "SOD_IN_MEMORY=maybe: expected true or false"],
    [{ flags: { maxBodyBytes: "10" } }, "--max-body-bytes: expected a whole number of bytes"],
    [{ flags: { signingCert: "cert.pem" } }, "--signing-cert: expected --signing-key as well"],
  ] as const)("rejects %j with a message naming the option", (input, message) => {
    const err = errorOf(() => loadConfig({ env: {}, cwd, ...input }));
    expect(err.message).toContain(message);
    expect(err.message).not.toContain("\n");
    expect(err.exitCode).toBe(2);
  });

  it("names the config file and JSON path of a bad value", () => {
    const file = configFile({ port: "many" });
    expect(errorOf(() => loadConfig({ env: {}, configFile: file, cwd })).message).toBe(`${file}: $.port: expected a port number 0-65535 (0 picks a free port), got "many"`);
  });

  it("rejects unknown keys and broken config files", () => {
    expect(errorOf(() => loadConfig({ env: {}, configFile: configFile({ prot: 1 }), cwd })).message).toMatch(/\$\.prot: unknown option; expected one of port, host/);
    expect(errorOf(() => loadConfig({ env: {}, configFile: configFile("{nope"), cwd })).message).toMatch(/not valid JSON/);
    expect(errorOf(() => loadConfig({ env: {}, configFile: join(cwd, "missing.json"), cwd })).message).toMatch(/file not found/);
    for (const notAnObject of ["[1]", "null", "5"]) {
      const file = configFile(notAnObject);
      expect(errorOf(() => loadConfig({ env: {}, configFile: file, cwd })).message).toBe(`${file}: $: expected a JSON object of options`);
    }
  });

  it("reads a config file's values as their flags would be, arrays of host names included", () => {
    const config = loadConfig({ env: {}, configFile: configFile({ port: 6001, inMemory: true, environment: "STAGE", allowedHosts: ["Sod", "sod.internal"] }), cwd });
    expect(config).toMatchObject({ port: 6001, dataDir: null, environment: "stage", allowedHosts: ["sod", "sod.internal"] });
  });
});
