import { createHash } from "node:crypto";
import { accessSync, closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, read, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../config/config-error.js";
import { loadSqlite, loadSqliteAddon, openDatabase, type Db } from "./database.js";
import { migrate, SCHEMA_VERSION } from "./migrations.js";
import { GENERATOR_VERSION } from "../seed/generator-version.js";

export interface StoreLocation {
  /** null keeps the store in memory. */
  dataDir: string | null;
  seedFile: string;
  cacheDir: string;
}

export interface OpenedStore {
  db: Db;
  /** True when this call created the store from the seed. */
  created: boolean;
  /** True when the seed file changed since the store was created (a `reset` applies it). */
  seedChanged: boolean;
}

export const STORE_FILE = "store.db";

/**
 * Opens the store for a data directory (creating it from the seed on first use) or builds an in-memory
 * one. Seeding goes through a cached SQLite image keyed by the seed file's bytes and the generator and
 * schema versions, so only the first start after a seed change pays for generating fake data.
 */
export async function openStore(loc: StoreLocation): Promise<OpenedStore> {
  const seedBytes = readSeed(loc.seedFile);
  const seedHash = seedKey(seedBytes);
  if (loc.dataDir === null) {
    // Side by side in a fresh process: the image is read on the thread pool (some 10 ms, most of it the kernel
    // filling 3 MB of new memory) while this thread gets better-sqlite3 ready and, in a server, binds its port
    // (emulator.ts). The addon goes first: loading it maps memory, which waits for those page faults (database.ts).
    loadSqliteAddon();
    const image = seedImage(loc, seedBytes, seedHash);
    loadSqlite();
    const db = openDatabase({ image: await image });
    return { db, created: true, seedChanged: false };
  }
  const file = join(loc.dataDir, STORE_FILE);
  ensureWritableDir(loc.dataDir);
  let created = false;
  if (!existsSync(file)) {
    // Write under a temporary name and rename, so an interrupted start never leaves a half-written store.
    const partial = `${file}.partial-${process.pid}`;
    writeFileSync(partial, await seedImage(loc, seedBytes, seedHash));
    renameSync(partial, file);
    created = true;
  }
  const db = openDatabase({ file });
  migrate(db);
  const stored = db.prepare("SELECT value FROM store_meta WHERE key = 'seed_hash'").pluck().get() as string | undefined;
  return { db, created, seedChanged: stored !== seedHash };
}

/**
 * The data directory, created when missing, and writable by this process; otherwise one line that says
 * what to do. In Docker the usual cause is a bind mount of a host folder owned by root, while the image
 * runs as uid 1000 (node); without this check the start dies on EACCES deep in the first write.
 */
function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EROFS") throw new ConfigError(`--data ${dir}: on a read-only file system; mount it read-write or use --in-memory`);
    if (code !== "EACCES" && code !== "EPERM") throw new ConfigError(`--data ${dir}: expected a directory (${code ?? "unusable"})`);
    const uid = process.getuid?.();
    if (uid === undefined) throw new ConfigError(`--data ${dir}: not writable by this process`);
    let name = "";
    try {
      name = ` (${userInfo().username})`;
    } catch {
      // A uid without a passwd entry (docker run --user 1234) has no name; the number is enough.
    }
    throw new ConfigError(`--data ${dir}: not writable by uid ${uid}${name}; chown -R ${uid}:${process.getgid?.() ?? uid} the host folder or use a named volume`);
  }
}

/** The seed's database image (from the cache, or generated now): what `reset` restores. */
export async function seedImageFor(loc: StoreLocation): Promise<Buffer> {
  return (await keyedSeedImage(loc)).image;
}

/**
 * The seed's image with its key (the hash of the seed file's bytes and the generator and schema versions).
 * The seed file is read and hashed on every call, so an edited seed is what the next reset applies; the image
 * of the latest key is kept in memory, so a reset between tests does not read it from the cache directory.
 */
export async function keyedSeedImage(loc: StoreLocation): Promise<{ image: Buffer; key: string }> {
  const seedBytes = readSeed(loc.seedFile);
  const key = seedKey(seedBytes);
  if (latestImage?.key !== key) latestImage = { key, image: await seedImage(loc, seedBytes, key) };
  return latestImage;
}

let latestImage: { key: string; image: Buffer } | undefined;

/** Deletes a data directory's store so the next open re-creates it from the seed. Keys are kept. */
export function deleteStoreFiles(dataDir: string): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(join(dataDir, STORE_FILE + suffix), { force: true });
}

function readSeed(seedFile: string): Buffer {
  try {
    return readFileSync(seedFile);
  } catch {
    throw new ConfigError(`--seed ${seedFile}: seed file not found`);
  }
}

function seedKey(seedBytes: Buffer): string {
  return createHash("sha256").update(`generator ${GENERATOR_VERSION}; schema ${SCHEMA_VERSION}\n`).update(seedBytes).digest("hex");
}

async function seedImage(loc: StoreLocation, seedBytes: Buffer, seedHash: string): Promise<Buffer> {
  const cached = join(loc.cacheDir, `seed-${seedHash.slice(0, 32)}.sqlite`);
  if (existsSync(cached)) return readWhole(cached);
  const image = await buildSeedImage(loc.seedFile, seedBytes, seedHash);
  try {
    mkdirSync(loc.cacheDir, { recursive: true });
    const partial = `${cached}.partial-${process.pid}`;
    writeFileSync(partial, image);
    renameSync(partial, cached);
  } catch {
    // A read-only cache directory only costs speed; the image is still good.
  }
  return image;
}

async function buildSeedImage(seedFile: string, seedBytes: Buffer, seedHash: string): Promise<Buffer> {
  // Generation pulls in zod and faker; load them only when a seed image has to be made.
  const { parseSeedBytes } = await import("../seed/seed-file.js");
  const { generateSeedData } = await import("../seed/generate.js");
  const { loadSeedData } = await import("../seed/load.js");
  const db = openDatabase({ memory: true });
  try {
    migrate(db);
    loadSeedData(db, generateSeedData(parseSeedBytes(seedBytes, seedFile)));
    db.prepare("INSERT INTO store_meta (key, value) VALUES ('seed_hash', ?)").run(seedHash);
    return db.serialize();
  } finally {
    db.close();
  }
}

/**
 * A file's bytes, read with one request to libuv's thread pool, so this thread is free meanwhile (readFile
 * of fs/promises reads in 512 KB steps, and each step waits for this thread to issue the next).
 */
function readWhole(file: string): Promise<Buffer> {
  const fd = openSync(file, "r");
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  // Not zero-filled: every byte is read over, and touching 3 MB of new memory twice costs as much as reading it.
  const buffer = Buffer.allocUnsafe(size);
  return new Promise<Buffer>((resolve, reject) => {
    const from = (offset: number) =>
      read(fd, buffer, offset, size - offset, offset, (err, n) => {
        if (err || n === 0 || offset + n >= size) {
          closeSync(fd);
          if (err) reject(err);
          else resolve(n === 0 ? buffer.subarray(0, offset) : buffer);
        } else from(offset + n);
      });
    from(0);
  });
}
