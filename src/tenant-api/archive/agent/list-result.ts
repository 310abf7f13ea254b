import { SoError, soError } from "../../../http/superoffice-error.js";
import { FULL_TABLE_RIGHT } from "../../carriers/carrier.js";
import { runArchive, type ArchiveEnv } from "../archive-query.js";
import { findColumn } from "../columns.js";
import { DYNAMIC_PROVIDER, dynamicAnswer } from "../dynamic/run-dynamic.js";
import type { ArchiveColumn } from "../providers/provider.js";
import type { ListRequest } from "./list-request.js";

type FullRow = { PrimaryKey: number; EntityName: string; LinkHint: string; StyleHint: string; TableRight: unknown; Column: Record<string, { RawValue: unknown; DisplayValue: string }> };

/**
 * One page of an agent search as `ArchiveListItem[]` (netserver.md §5.6), with SuperOffice's encoded
 * display values (`[I:3]`, `[DT:…]`) for everything but text, and, when asked, the row count of the whole
 * search (paging aside) that the WithHeader methods put in `ArchiveListResult.RowCount`.
 */
export function archiveRows(request: ListRequest, env: ArchiveEnv): { rows: Record<string, unknown>[]; rowCount: number | undefined } {
  const params = {
    select: request.columns.join(","),
    filter: request.filter,
    orderBy: request.orderBy,
    top: request.top === undefined ? undefined : String(request.top),
    skip: String(request.skip),
    mode: "full",
    inlineCount: request.rowCount ? "true" : undefined,
  };
  // The dynamic provider's columns are resolved per request: its answer says what they were.
  const { envelope, provider } = inAgentTerms(request, () =>
    request.provider === DYNAMIC_PROVIDER ? dynamicAnswer(params, env) : { envelope: runArchive(request.provider, params, env), provider: request.provider },
  );
  const rows = (envelope.value as FullRow[]).map((row) => ({
    EntityName: row.EntityName,
    PrimaryKey: row.PrimaryKey,
    ColumnData: Object.fromEntries(
      Object.entries(row.Column).map(([name, cell]) => [name, { DisplayValue: encoded(findColumn(provider, name), cell), TooltipHint: "", LinkHint: "" }]),
    ),
    LinkHint: row.LinkHint,
    StyleHint: row.StyleHint,
    TableRight: row.TableRight,
    FieldProperties: {},
  }));
  return { rows, rowCount: request.rowCount ? Number(envelope["odata.count"] ?? 0) : undefined };
}

/** The query's 400s name the agent's members (`Restriction: …`), not the OData parameters (`$filter: …`). */
function inAgentTerms<T>(request: ListRequest, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof SoError) || err.status !== 400) throw err;
    const names: Record<string, string> = { $filter: request.filterMember, $orderBy: "SortOrder", $select: "Columns", $top: "PageSize", $skip: "Page" };
    throw soError(err.errorType, err.message.replace(/^\$(filter|orderBy|select|top|skip)\b/, (p) => names[p] ?? p), err.status);
  }
}

/**
 * `ArchiveListResult`: the rows and a header. RowCount is only counted when Options says `rowcount=true`
 * (the agent's documentation: "Header with optional row count"); otherwise it is 0, the carrier's default.
 */
export function archiveListResult(rows: Record<string, unknown>[], rowCount: number | undefined) {
  return { RowCount: rowCount ?? 0, Rows: rows, TableRight: FULL_TABLE_RIGHT, FieldProperties: {} };
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
