import type { Db } from "./database.js";
import { schemaV1 } from "./schema/v1-foundation.js";
import { schemaV2 } from "./schema/v2-superid.js";
import { schemaV3 } from "./schema/v3-system-user.js";
import { schemaV4 } from "./schema/v4-soft-delete.js";
import { schemaV5 } from "./schema/v5-list-indexes.js";
import { schemaV6 } from "./schema/v6-legacy-redirect.js";
import { schemaV7 } from "./schema/v7-entity-fields.js";
import { schemaV8 } from "./schema/v8-person-address.js";
import { schemaV9 } from "./schema/v9-archive-configurations.js";
import { schemaV10 } from "./schema/v10-expiry-indexes.js";
import { schemaV11 } from "./schema/v11-webhooks.js";
import { schemaV12 } from "./schema/v12-projects-documents.js";
import { schemaV13 } from "./schema/v13-app-state-change-url.js";
import { schemaV14 } from "./schema/v14-contacts-by-category.js";
import { schemaV15 } from "./schema/v15-list-provisioning.js";
import { schemaV16 } from "./schema/v16-user-defined-fields.js";
import { schemaV17 } from "./schema/v17-contact-name-trigrams.js";
import { schemaV18 } from "./schema/v18-person-name-trigrams.js";
import { schemaV19 } from "./schema/v19-name-tails.js";
import { schemaV20 } from "./schema/v20-udef-values-unindexed.js";
import { schemaV21 } from "./schema/v21-webhook-queue-sizes.js";
import { schemaV22 } from "./schema/v22-access-token-indexes.js";
import { schemaV23 } from "./schema/v23-access-tokens-without-foreign-keys.js";
import { schemaV24 } from "./schema/v24-webhook-payloads.js";

/**
 * The store's schema history. Each migration runs once, in order, inside a transaction; the applied
 * version is SQLite's `user_version`, so opening an up-to-date store does nothing.
 * Add a migration by appending to this list; never edit one that has shipped.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "foundation", sql: schemaV1 },
  { version: 2, name: "superid", sql: schemaV2 },
  { version: 3, name: "system-user", sql: schemaV3 },
  { version: 4, name: "soft-delete", sql: schemaV4 },
  { version: 5, name: "list-indexes", sql: schemaV5 },
  { version: 6, name: "legacy-redirect", sql: schemaV6 },
  { version: 7, name: "entity-fields", sql: schemaV7 },
  { version: 8, name: "person-address", sql: schemaV8 },
  { version: 9, name: "archive-configurations", sql: schemaV9 },
  { version: 10, name: "expiry-indexes", sql: schemaV10 },
  { version: 11, name: "webhooks", sql: schemaV11 },
  { version: 12, name: "projects-documents", sql: schemaV12 },
  { version: 13, name: "app-state-change-url", sql: schemaV13 },
  { version: 14, name: "contacts-by-category", sql: schemaV14 },
  { version: 15, name: "list-provisioning", sql: schemaV15 },
  { version: 16, name: "user-defined-fields", sql: schemaV16 },
  { version: 17, name: "contact-name-trigrams", sql: schemaV17 },
  { version: 18, name: "person-name-trigrams", sql: schemaV18 },
  { version: 19, name: "name-tails", sql: schemaV19 },
  { version: 20, name: "udef-values-unindexed", sql: schemaV20 },
  { version: 21, name: "webhook-queue-sizes", sql: schemaV21 },
  { version: 22, name: "access-token-indexes", sql: schemaV22 },
  { version: 23, name: "access-tokens-without-foreign-keys", sql: schemaV23 },
  { version: 24, name: "webhook-payloads", sql: schemaV24 },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function migrate(db: Db): { from: number; to: number } {
  const from = db.pragma("user_version", { simple: true }) as number;
  if (from > SCHEMA_VERSION) {
    throw new Error(`store schema version ${from} is newer than this emulator (${SCHEMA_VERSION}); upgrade sod-emulator or run reset`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: SCHEMA_VERSION };
}
