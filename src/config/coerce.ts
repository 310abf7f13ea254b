import { BACKCHANNEL_MODES, ENVIRONMENTS, type BackchannelMode, type EnvironmentName, type OptionSpec } from "./options.js";
import { isIP } from "node:net";
import { ConfigError } from "./config-error.js";

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

export type OptionValue = string | number | boolean;

/**
 * Turns one raw option value (a flag or environment string, or a JSON config value) into its typed
 * form, or throws a ConfigError that names where the value came from and what the option accepts.
 */
export function coerceOption(spec: OptionSpec, raw: unknown, source: string): OptionValue {
  const fail = (): never => {
    throw new ConfigError(`${source}: expected ${spec.accepts}, got ${JSON.stringify(raw)}`);
  };
  switch (spec.kind) {
    case "port": {
      const n = typeof raw === "number" ? raw : /^\d{1,5}$/.test(String(raw)) ? Number(raw) : NaN;
      return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : fail();
    }
    case "bytes": {
      const n = typeof raw === "number" ? raw : /^\d+$/.test(String(raw)) ? Number(raw) : NaN;
      return Number.isInteger(n) && n >= 1024 && n <= 104_857_600 ? n : fail();
    }
    case "timeout-ms": {
      const n = typeof raw === "number" ? raw : /^\d+$/.test(String(raw)) ? Number(raw) : NaN;
      return Number.isInteger(n) && n >= 100 && n <= 300_000 ? n : fail();
    }
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      const s = String(raw).toLowerCase();
      if (["1", "true", "yes", "on"].includes(s)) return true;
      if (["0", "false", "no", "off"].includes(s)) return false;
      return fail();
    }
    case "environment": {
      const s = String(raw).toLowerCase();
      return (ENVIRONMENTS as readonly string[]).includes(s) ? (s as EnvironmentName) : fail();
    }
    case "backchannel": {
      const s = String(raw).toLowerCase();
      return (BACKCHANNEL_MODES as readonly string[]).includes(s) ? (s as BackchannelMode) : fail();
    }
    case "url": {
      if (typeof raw !== "string") return fail();
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return fail();
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") return fail();
      if (url.search || url.hash || url.username) return fail();
      // Handed-out URLs are built as `${publicUrl}/...`, so keep it without a trailing slash.
      return url.href.replace(/\/+$/, "");
    }
    case "hostname":
      return typeof raw === "string" && HOST_NAME.test(raw) ? raw.toLowerCase() : fail();
    case "hostnames": {
      // A comma-separated string (flag, environment) or, in a config file, an array of strings as well.
      const list = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : fail();
      const names = list.map((n) => (typeof n === "string" ? n.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1") : fail()));
      return names.length > 0 && names.every((n) => isIP(n) !== 0 || HOST_NAME.test(n)) ? names.join(",") : fail();
    }
    case "listen-host":
      // A name (localhost, a DNS name) or an IP address; whether the name resolves is for listen() to say.
      return typeof raw === "string" && (isIP(raw) !== 0 || HOST_NAME.test(raw)) ? raw : fail();
    case "key":
      return typeof raw === "string" && /^[\x21-\x7e]{1,256}$/.test(raw) ? raw : fail();
    case "string":
    case "path":
      return typeof raw === "string" && raw.trim() !== "" ? raw : fail();
  }
}
