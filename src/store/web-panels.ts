import type { Db } from "./database.js";

/**
 * Web panels (SuperOffice's web panel list): pages an app shows inside SuperOffice. Each is owned by the
 * app that created it (`owner_client_id`), which is how ListAgent's GetAppWebPanels/DeleteAppWebPanels
 * find "the caller's" panels. The carrier's remaining members are kept as one JSON object (`settings`).
 */
export interface WebPanelRow {
  web_panel_id: number;
  owner_client_id: string | null;
  name: string;
  prog_id: string;
  url: string;
  visible_in: string;
  rank: number;
  deleted: number;
  settings: Record<string, string | number | boolean>;
}

export type WebPanelFields = Omit<WebPanelRow, "web_panel_id" | "owner_client_id">;

type Stored = Omit<WebPanelRow, "settings"> & { settings: string };
const COLUMNS = "web_panel_id, owner_client_id, name, prog_id, url, visible_in, rank, deleted, settings";
const parsed = (r: Stored): WebPanelRow => Object.assign(r, { settings: JSON.parse(r.settings) });

export function webPanelRepository(db: Db) {
  const all = db.prepare<[string], Stored>(`SELECT ${COLUMNS} FROM web_panels WHERE context_identifier = ? ORDER BY rank, web_panel_id`);
  const owned = db.prepare<[string, string], Stored>(`SELECT ${COLUMNS} FROM web_panels WHERE context_identifier = ? AND owner_client_id = ? ORDER BY rank, web_panel_id`);
  const one = db.prepare<[string, number], Stored>(`SELECT ${COLUMNS} FROM web_panels WHERE context_identifier = ? AND web_panel_id = ?`);
  const byProgId = db.prepare<[string, string], Stored>(`SELECT ${COLUMNS} FROM web_panels WHERE context_identifier = ? AND prog_id = ? AND prog_id <> '' ORDER BY deleted, web_panel_id LIMIT 1`);
  const nextId = db.prepare<[string], number>("SELECT coalesce(max(web_panel_id), 0) + 1 FROM web_panels WHERE context_identifier = ?").pluck();
  const insert = db.prepare(
    `INSERT INTO web_panels (context_identifier, ${COLUMNS}) VALUES (@ctx, @web_panel_id, @owner_client_id, @name, @prog_id, @url, @visible_in, @rank, @deleted, @settings)`,
  );
  const update = db.prepare(
    "UPDATE web_panels SET name = @name, prog_id = @prog_id, url = @url, visible_in = @visible_in, rank = @rank, deleted = @deleted, settings = @settings WHERE context_identifier = @ctx AND web_panel_id = @web_panel_id",
  );
  const remove = db.prepare<[string, number]>("DELETE FROM web_panels WHERE context_identifier = ? AND web_panel_id = ?");
  const removeOwned = db.prepare<[string, string]>("DELETE FROM web_panels WHERE context_identifier = ? AND owner_client_id = ?");
  const stored = (f: WebPanelFields): Omit<WebPanelFields, "settings"> & { settings: string } => Object.assign({}, f, { settings: JSON.stringify(f.settings) });

  return {
    all: (ctx: string): WebPanelRow[] => all.all(ctx).map(parsed),
    ownedBy: (ctx: string, clientId: string): WebPanelRow[] => owned.all(ctx, clientId).map(parsed),
    get(ctx: string, id: number): WebPanelRow | undefined {
      const r = one.get(ctx, id);
      return r && parsed(r);
    },
    byProgId(ctx: string, progId: string): WebPanelRow | undefined {
      const r = byProgId.get(ctx, progId);
      return r && parsed(r);
    },
    add(ctx: string, owner: string | null, fields: WebPanelFields): WebPanelRow {
      const id = nextId.get(ctx)!;
      insert.run({ ctx, web_panel_id: id, owner_client_id: owner, ...stored(fields) });
      return parsed(one.get(ctx, id)!);
    },
    save(ctx: string, id: number, fields: WebPanelFields): WebPanelRow | undefined {
      update.run({ ctx, web_panel_id: id, ...stored(fields) });
      const r = one.get(ctx, id);
      return r && parsed(r);
    },
    remove: (ctx: string, id: number): boolean => remove.run(ctx, id).changes === 1,
    /** Removes every panel the app owns in the tenant; how many. */
    removeOwnedBy: (ctx: string, clientId: string): number => removeOwned.run(ctx, clientId).changes,
  };
}

export type WebPanelRepository = ReturnType<typeof webPanelRepository>;
