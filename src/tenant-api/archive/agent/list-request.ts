import { badRequest, soError } from "../../../http/superoffice-error.js";
import { asInt, asString, member } from "../../json/lenient.js";
import type { ArchiveProvider } from "../providers/provider.js";
import { providerByName } from "../providers/index.js";
import { DYNAMIC, DYNAMIC_PROVIDER } from "../dynamic/run-dynamic.js";

/**
 * What every ArchiveAgent list method asks for, read from its request carrier (Swagger-v1-ArchiveAgent.json):
 * the provider, the columns, the sort order, the restrictions and the page. The original methods carry
 * ArchiveOrderByInfo[] and ArchiveRestrictionInfo[]; the `…2` methods carry strings (`"name asc"`, the
 * `$filter` grammar). Both become one archive query, so every method and the OData list agree.
 */
export interface ListRequest {
  provider: ArchiveProvider;
  columns: string[];
  /** `$filter` text, or undefined for no restriction. */
  filter: string | undefined;
  /** The member the restriction came from (`Restriction` or `Restrictions`), for error messages. */
  filterMember: string;
  /** `$orderBy` text, or undefined for the provider's order. */
  orderBy: string | undefined;
  top: number | undefined;
  skip: number;
  /** `Options` of the WithHeader methods: `name=value&…`; `rowcount=true` asks for the row count. */
  rowCount: boolean;
}

/** The provider a request names; an unknown name is a 404 naming it. */
export function requestedProvider(body: unknown): ArchiveProvider {
  const name = member(body, "ProviderName");
  const provider = typeof name === "string" ? (name.trim().toLowerCase() === DYNAMIC ? DYNAMIC_PROVIDER : providerByName(name.trim())) : undefined;
  if (!provider) throw soError("NotFound", `ProviderName: unknown archive provider ${JSON.stringify(name ?? "")}`);
  return provider;
}

/** The carrier-array form (GetArchiveListByColumns, GetArchiveList, …WithHeader, …WithContext). */
export function arrayForm(body: unknown, provider: ArchiveProvider, columns?: string[]): ListRequest {
  return {
    provider,
    columns: columns ?? stringList(member(body, "Columns"), "Columns").map((name, i) => columnName(provider, name, `Columns[${i}]`)),
    filter: restrictions(member(body, restrictionMember(body)), restrictionMember(body)),
    filterMember: restrictionMember(body),
    orderBy: sortOrder(member(body, "SortOrder")),
    ...paging(body),
    rowCount: rowCountOption(member(body, "Options")),
  };
}

/** The string form (the `…2` methods): comma-separated columns, `"name asc, dept desc"`, `$filter` text. */
export function stringForm(body: unknown, provider: ArchiveProvider, columns?: string[]): ListRequest {
  const filterMember = restrictionMember(body);
  const filter = asString(member(body, filterMember), filterMember).trim();
  const orderBy = asString(member(body, "SortOrder"), "SortOrder");
  return {
    provider,
    columns: columns ?? commaList(asString(member(body, "Columns"), "Columns")).map((name, i) => columnName(provider, name, `Columns[${i}]`)),
    filter: filter || undefined,
    filterMember,
    orderBy: commaList(orderBy)
      .map((part, i) => {
        const [name = "", direction = "asc", ...rest] = part.split(/\s+/);
        identifier(name, `SortOrder[${i}]`);
        if (rest.length > 0 || !/^(asc|desc)$/i.test(direction)) throw badRequest(`SortOrder: expected "column [asc|desc]", got ${JSON.stringify(part)}`);
        return `${name} ${direction.toLowerCase()}`;
      })
      .join(",") || undefined,
    ...paging(body),
    rowCount: rowCountOption(member(body, "Options")),
  };
}

/** Page 0 is the first page; a negative page is a number of rows to skip (the client's documentation). */
function paging(body: unknown): { top: number | undefined; skip: number } {
  const page = asInt(member(body, "Page"), "Page");
  const pageSize = member(body, "PageSize") === undefined || member(body, "PageSize") === null ? undefined : asInt(member(body, "PageSize"), "PageSize");
  if (pageSize !== undefined && pageSize < 0) throw badRequest(`PageSize: must not be negative, got ${pageSize}`);
  const skip = page < 0 ? -page : pageSize === undefined ? 0 : Math.min(page * pageSize, 2_147_483_647);
  return { top: pageSize, skip };
}

function rowCountOption(value: unknown): boolean {
  const options = new URLSearchParams(asString(value, "Options").replace(/[;,]/g, "&"));
  for (const [name, v] of options) if (name.trim().toLowerCase() === "rowcount") return /^(true|1|yes)$/i.test(v.trim());
  return false;
}

// GetArchiveListByColumns2 (and ExportArchive) name the restriction `Restrictions`, the others `Restriction`.
const restrictionMember = (body: unknown) => (member(body, "Restriction") === undefined && member(body, "Restrictions") !== undefined ? "Restrictions" : "Restriction");

const commaList = (text: string) => text.split(",").map((s) => s.trim()).filter(Boolean);

export function stringList(value: unknown, field: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest(`${field}: expected an array`);
  return value.map((v, i) => {
    if (typeof v !== "string" && typeof v !== "number") throw badRequest(`${field}[${i}]: expected a string`);
    return String(v);
  });
}

/** Column names go into the query text, so only names a catalogue could hold get that far. */
/** The dynamic provider checks its own columns (dot syntax, aggregates); the others take plain names. */
function columnName(provider: ArchiveProvider, name: string, field: string): string {
  return provider === DYNAMIC_PROVIDER ? name : identifier(name, field);
}

export function identifier(name: string, field: string): string {
  if (!/^[A-Za-z_][\w./]*$/.test(name)) throw badRequest(`${field}: ${JSON.stringify(name)} is not a column name`);
  return name;
}

function sortOrder(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) throw badRequest("SortOrder: expected an array of {Name, Direction}");
  return (
    value
      .map((s, i) => {
        const name = identifier(String(member(s, "Name") ?? ""), `SortOrder[${i}].Name`);
        const direction = String(member(s, "Direction") ?? "ASC");
        if (!/^(asc|desc)$/i.test(direction)) throw badRequest(`SortOrder[${i}].Direction: expected ASC or DESC`);
        return `${name} ${direction.toLowerCase()}`;
      })
      .join(",") || undefined
  );
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
