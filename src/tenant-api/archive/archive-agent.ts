import { Hono } from "hono";
import { badRequest, SoError } from "../../server/superoffice-error.js";
import { asInt, member } from "../json/lenient.js";
import { readJsonBody, requireObject } from "../json/read-body.js";
import { API, type TenantEnv } from "../tenant-env.js";
import type { EmulatorContext } from "../../emulator-context.js";
import { archiveEnv } from "./archive-env.js";
import { runArchive } from "./archive-query.js";
import { findColumn } from "./columns.js";
import type { ArchiveColumn } from "./providers/provider.js";
import { ARCHIVE_PROVIDERS, providerByName } from "./providers/index.js";
import { providerColumns } from "./column-info.js";
import { queryParam } from "../entities/entity-env.js";

/**
 * `POST Agents/Archive/GetArchiveListByColumns` (netserver.md §5.6): the official client's only search, with
 * `GetProviderNames` and `GetAvailableColumns` beside it. The
 * body's columns, sort order, restrictions and page become one archive query, so an agent search and the
 * OData list with the same terms return the same rows; the answer is `ArchiveListItem[]` with SuperOffice's
 * encoded display values (`[I:3]`, `[DT:…]`) for everything but text.
 */
export function archiveAgentRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  app.post(`${API}/agents/archive/getarchivelistbycolumns`, async (c) => {
    const body = requireObject(await readJsonBody(c), "GetArchiveListByColumns request");
    const providerName = member(body, "ProviderName");
    const provider = typeof providerName === "string" ? providerByName(providerName) : undefined;
    if (!provider) throw new SoError(404, "NotFound", `Unknown archive provider ${JSON.stringify(providerName ?? "")}`);
    const columns = stringList(member(body, "Columns"), "Columns").map((name) => identifier(name, "Columns"));
    const pageSize = member(body, "PageSize") === undefined ? undefined : asInt(member(body, "PageSize"), "PageSize");
    const page = asInt(member(body, "Page"), "Page");
    if (page < 0 || (pageSize !== undefined && pageSize < 0)) throw badRequest("Page and PageSize must not be negative");
    const envelope = runArchive(
      provider,
      {
        select: columns.join(","),
        filter: restrictions(member(body, "Restriction"), "Restriction"),
        orderBy: sortOrder(member(body, "SortOrder")),
        top: pageSize === undefined ? undefined : String(pageSize),
        skip: pageSize === undefined ? undefined : String(Math.min(page * pageSize, 2_147_483_647)),
        mode: "full",
      },
      archiveEnv(ctx, c),
    );
    const rows = envelope.value as { PrimaryKey: number; EntityName: string; LinkHint: string; StyleHint: string; TableRight: unknown; Column: Record<string, { RawValue: unknown; DisplayValue: string }> }[];
    return c.json(
      rows.map((row) => ({
        EntityName: row.EntityName,
        PrimaryKey: row.PrimaryKey,
        ColumnData: Object.fromEntries(
          Object.entries(row.Column).map(([name, cell]) => [name, { DisplayValue: encoded(findColumn(provider, name), cell), TooltipHint: "", LinkHint: "" }]),
        ),
        LinkHint: row.LinkHint,
        StyleHint: row.StyleHint,
        TableRight: row.TableRight,
        FieldProperties: {},
      })),
    );
  });
  app.post(`${API}/agents/archive/getprovidernames`, (c) => c.json(ARCHIVE_PROVIDERS.map((p) => p.name)));
  app.post(`${API}/agents/archive/getavailablecolumns`, async (c) => {
    const name = member(await readJsonBody(c), "ProviderName") ?? queryParam(c, "providerName");
    const provider = typeof name === "string" ? providerByName(name) : undefined;
    // An agent answers an unknown name with null rather than an HTTP error (netserver.md §3).
    return c.json(provider ? providerColumns(provider) : null);
  });
  return app;
}

/** SuperOffice's encoded values (docs: archive-providers/encoded-values): text as is, the rest typed. */
function encoded(column: ArchiveColumn | undefined, cell: { RawValue: unknown; DisplayValue: string }): string {
  switch (column?.type) {
    case "int":
      return `[I:${cell.DisplayValue}]`;
    case "bool":
      return `[I:${cell.DisplayValue === "true" ? 1 : 0}]`;
    case "decimal":
      return `[F:${cell.DisplayValue}]`;
    case "date":
    case "datetime": {
      // RawValue is the JSON date in the tenant's zone, YYYY-MM-DDTHH:mm:ss.
      const [, y, mo, d, time] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})/.exec(String(cell.RawValue)) ?? [, "0001", "01", "01", "00:00:00"];
      return column.type === "date" ? `[D:${mo}/${d}/${y}]` : `[DT:${mo}/${d}/${y} ${time}.0000000]`;
    }
    default:
      return cell.DisplayValue;
  }
}

function stringList(value: unknown, field: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest(`${field}: expected an array`);
  return value.map((v, i) => {
    if (typeof v !== "string" && typeof v !== "number") throw badRequest(`${field}[${i}]: expected a string`);
    return String(v);
  });
}

/** Column names go into the query text, so only names a catalogue could hold get that far. */
function identifier(name: string, field: string): string {
  if (!/^[A-Za-z_][\w./]*$/.test(name)) throw badRequest(`${field}: ${JSON.stringify(name)} is not a column name`);
  return name;
}

function sortOrder(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) throw badRequest("SortOrder: expected an array of {Name, Direction}");
  return value
    .map((s, i) => {
      const name = identifier(String(member(s, "Name") ?? ""), `SortOrder[${i}].Name`);
      const direction = String(member(s, "Direction") ?? "ASC");
      if (!/^(asc|desc)$/i.test(direction)) throw badRequest(`SortOrder[${i}].Direction: expected ASC or DESC`);
      return `${name} ${direction.toLowerCase()}`;
    })
    .join(",");
}

/**
 * ArchiveRestrictionInfo[] as `$filter` text: `Name Operator Values`, joined by each one's InterOperator
 * (And unless Or) with the next, SubRestrictions grouped with their restriction. Values are quoted, so they
 * cannot change the query's shape; encoded values (`[I:3]`) are decoded first, as NetServer does.
 */
function restrictions(value: unknown, field: string, depth = 0): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) throw badRequest(`${field}: expected an array of restrictions`);
  if (depth > 8) throw badRequest(`${field}: SubRestrictions nest too deep`);
  let text = "";
  let joiner = "";
  value.forEach((r, i) => {
    const at = `${field}[${i}]`;
    if (r === null || typeof r !== "object" || Array.isArray(r)) throw badRequest(`${at}: expected a restriction object`);
    if (member(r, "IsActive") === false) return;
    const name = identifier(String(member(r, "Name") ?? ""), `${at}.Name`);
    const operator = String(member(r, "Operator") ?? "");
    if (!/^([A-Za-z]+|=|<>|!=|<|<=|>|>=)$/.test(operator)) throw badRequest(`${at}.Operator: ${JSON.stringify(operator)} is not an operator`);
    const values = stringList(member(r, "Values"), `${at}.Values`).map(decoded).map(quoted);
    let condition = values.length === 0 ? `${name} ${operator}` : values.length === 1 ? `${name} ${operator} ${values[0]}` : `${name} ${operator} (${values.join(",")})`;
    const subs = restrictions(member(r, "SubRestrictions"), `${at}.SubRestrictions`, depth + 1);
    if (subs) condition = `(${condition} and (${subs}))`;
    text += `${joiner}${condition}`;
    joiner = /^or$/i.test(String(member(r, "InterOperator") ?? "")) ? " or " : " and ";
  });
  return text || undefined;
}

/** A value as a `$filter` string literal: backslashes and quotes escaped, so no value can end the literal early. */
function quoted(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

function decoded(value: string): string {
  const m = /^\[(I|F|M):(.*)\]$/.exec(value.trim());
  return m ? m[2]! : value;
}
