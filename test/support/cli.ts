import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The compiled CLI, exactly what `npx sod-emulator` runs (npm test builds it first). */
export const CLI = resolve(import.meta.dirname, "..", "..", "dist", "cli", "main.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without any SOD_* variable of the developer's shell, so tests see only what they set. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("SOD_")) env[k] = v;
  return { ...env, ...extra };
}

export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd, env: cleanEnv(opts.env) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

export interface StartedCli {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns `sod-emulator start` and resolves once it prints its ready line. */
export function startCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<StartedCli> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, "start", "--port", "0", ...args], { cwd: opts.cwd, env: cleanEnv(opts.env) });
    let out = "";
    const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`emulator did not become ready:\n${out}`));
    }, 20_000);
    const onData = (d: Buffer) => {
      out += d;
      // The banner is one write: the ready line, then the tables, ending with the Apps table.
      const m = /sod-emulator ready at (\S+)[\s\S]*\nApps\n[\s\S]*\n$/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({
          child,
          url: m[1]!,
          output: () => out,
          stop: (signal = "SIGTERM") => {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code} before ready:\n${out}`));
    });
  });
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = "sod-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
