/**
 * The emulator's start-up options: one table read by the flag parser, the environment reader,
 * the config-file reader and the README's configuration table, so the four never disagree.
 */
export type OptionKind = "port" | "string" | "url" | "path" | "boolean" | "environment" | "bytes" | "hostname" | "hostnames" | "listen-host" | "key" | "backchannel" | "timeout-ms";

export interface OptionSpec {
  /** Key in EmulatorConfig and in the JSON config file. */
  key: OptionKey;
  flag: string;
  env: string;
  kind: OptionKind;
  /** What the option accepts, as shown in error messages. */
  accepts: string;
  describe: string;
}

export type OptionKey =
  | "port"
  | "host"
  | "publicUrl"
  | "issuer"
  | "dataDir"
  | "inMemory"
  | "seedFile"
  | "environment"
  | "signingKey"
  | "signingCert"
  | "cacheDir"
  | "maxBodyBytes"
  | "tenantHost"
  | "adminKey"
  | "allowedHosts"
  | "backchannel"
  | "backchannelUrl"
  | "webhooksRequireHttps"
  | "webhookTimeoutMs";

/** How the URLs a server calls are chosen (server/backchannel.ts): off (the public URL) or dynamic (the request's host). */
export const BACKCHANNEL_MODES = ["off", "dynamic"] as const;
export type BackchannelMode = (typeof BACKCHANNEL_MODES)[number];

export const ENVIRONMENTS = ["sod", "stage", "online"] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

export const OPTIONS: readonly OptionSpec[] = [
  { key: "port", flag: "--port", env: "SOD_PORT", kind: "port", accepts: "a port number 0-65535 (0 picks a free port)", describe: "HTTP port (default 5080)" },
  { key: "host", flag: "--host", env: "SOD_HOST", kind: "listen-host", accepts: "a host name or IP address", describe: "interface to listen on (default localhost: 127.0.0.1 and ::1; the Docker image sets 0.0.0.0)" },
  { key: "publicUrl", flag: "--public-url", env: "SOD_PUBLIC_URL", kind: "url", accepts: "an absolute http(s) URL such as http://localhost:5080", describe: "origin every handed-out URL derives from (default http://localhost:{port})" },
  { key: "issuer", flag: "--issuer", env: "SOD_ISSUER", kind: "string", accepts: "a non-empty string such as https://sod.superoffice.com", describe: "`iss` of id_tokens and discovery (default the public URL's origin)" },
  { key: "dataDir", flag: "--data", env: "SOD_DATA", kind: "path", accepts: "a directory path", describe: "where the database and signing key live (default ./.sod-emulator)" },
  { key: "inMemory", flag: "--in-memory", env: "SOD_IN_MEMORY", kind: "boolean", accepts: "true or false", describe: "keep everything in memory; write nothing to the data directory" },
  { key: "seedFile", flag: "--seed", env: "SOD_SEED", kind: "path", accepts: "a path to a seed JSON file", describe: "seed file (default seeds/default.json of this package)" },
  { key: "environment", flag: "--environment", env: "SOD_ENVIRONMENT", kind: "environment", accepts: "one of sod, stage, online", describe: "which SuperOffice environment to mimic in names and defaults (default sod)" },
  { key: "signingKey", flag: "--signing-key", env: "SOD_SIGNING_KEY", kind: "path", accepts: "a path to a PEM RSA private key", describe: "bring your own signing key instead of the generated one" },
  { key: "signingCert", flag: "--signing-cert", env: "SOD_SIGNING_CERT", kind: "path", accepts: "a path to a PEM X.509 certificate for --signing-key", describe: "certificate for your own key (default: self-signed for it)" },
  { key: "cacheDir", flag: "--cache-dir", env: "SOD_CACHE_DIR", kind: "path", accepts: "a directory path", describe: "where generated seed data is cached (default node_modules/.cache/sod-emulator)" },
  { key: "tenantHost", flag: "--tenant-host", env: "SOD_TENANT_HOST", kind: "hostname", accepts: "a host name such as sod2.localhost", describe: "host mode: serve tenant APIs on this host name (421 on any other); off by default" },
  { key: "adminKey", flag: "--admin-key", env: "SOD_ADMIN_KEY", kind: "key", accepts: "1-256 visible ASCII characters (it travels in an HTTP header)", describe: "require this key for /portal and /_emulator (when others can reach the emulator)" },
  { key: "allowedHosts", flag: "--allowed-hosts", env: "SOD_ALLOWED_HOSTS", kind: "hostnames", accepts: "comma-separated host names or IP addresses, such as sod,sod.internal", describe: "more host names /portal and /_emulator answer on, besides loopback names and the public URL's host (e.g. a Docker Compose service name)" },
  { key: "backchannel", flag: "--backchannel", env: "SOD_BACKCHANNEL", kind: "backchannel", accepts: "off or dynamic", describe: "dynamic: the URLs a server calls (token, revoke, JWKS, tenant state, webapi_url) follow the host the request came in on when it is one of the emulator's own (loopback, the public URL's host, --allowed-hosts); the issuer and browser URLs stay on the public URL (default off)" },
  { key: "backchannelUrl", flag: "--backchannel-url", env: "SOD_BACKCHANNEL_URL", kind: "url", accepts: "an absolute http(s) URL such as http://sod-emulator:5080", describe: "fixed origin for the URLs a server calls, e.g. a Docker Compose service name (its host is allowed like --allowed-hosts); with --backchannel dynamic, used for requests on other hosts" },
  { key: "webhooksRequireHttps", flag: "--webhooks-require-https", env: "SOD_WEBHOOKS_REQUIRE_HTTPS", kind: "boolean", accepts: "true or false", describe: "refuse http webhook targets as SOD does (default: http to loopback and private hosts is accepted)" },
  { key: "webhookTimeoutMs", flag: "--webhook-timeout-ms", env: "SOD_WEBHOOK_TIMEOUT_MS", kind: "timeout-ms", accepts: "a whole number of milliseconds from 100 to 300000", describe: "how long one webhook or state-notification POST may take before it counts as failed (default 30000)" },
  { key: "maxBodyBytes", flag: "--max-body-bytes", env: "SOD_MAX_BODY_BYTES", kind: "bytes", accepts: "a whole number of bytes from 1024 to 104857600", describe: "largest request body accepted (default 1048576)" },
];

export function optionByKey(key: OptionKey): OptionSpec {
  const spec = OPTIONS.find((o) => o.key === key);
  if (!spec) throw new Error(`unknown option key ${key}`);
  return spec;
}
