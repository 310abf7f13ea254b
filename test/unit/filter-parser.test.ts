import { describe, expect, it } from "vitest";
import { FilterError, type FilterNode, type Literal } from "../../src/tenant-api/archive/filter/ast.js";
import { parseFilter } from "../../src/tenant-api/archive/filter/parser.js";

// Trees are compared without positions (checked separately below) so the tables stay readable.
type Bare = { kind: string; [k: string]: unknown };
const strip = (node: FilterNode): Bare =>
  node.kind === "condition"
    ? { kind: "condition", column: node.column, operator: node.operator, values: node.values.map((v) => [v.kind, v.value]) }
    : { kind: node.kind, left: strip(node.left), right: strip(node.right) };
const s = (v: string) => ["string", v];
const n = (v: number) => ["number", v];
const w = (v: string) => ["word", v];
const b = (v: boolean) => ["boolean", v];
const c = (column: string, operator: string, ...values: unknown[]) => ({ kind: "condition", column, operator, values });
const and = (left: Bare, right: Bare) => ({ kind: "and", left, right });
const or = (left: Bare, right: Bare) => ({ kind: "or", left, right });
const bare = (text: string) => strip(parseFilter(text)!);

// Every operator row of netserver.md §5.3, aliases included.
const WITH_ONE_VALUE = "eq = equals set ne unequals lt less le gt greater ge < > <= >= <> != begins notBegins contains notContains is isNot notEnds before after date beforeOrEqual dateTime beforeTime afterTime".split(" ");
const WITH_A_LIST = "between in oneOf notOneOf associateIsOneOf associateIsNotOneOf dateBetween".split(" ");
const UNARY = "beforeToday today afterToday lastWeek thisWeek nextWeek lastMonth thisMonth nextMonth lastQuarter thisQuarter nextQuarter thisHalf thisYear currentAssociate".split(" ");

describe("$filter parser: valid filters", () => {
  it.each(["", "   ", "\t\n"])("reads %j as no filter", (text) => {
    expect(parseFilter(text)).toBeNull();
  });

  it.each(WITH_ONE_VALUE)("operator %s takes one value, lower-cased if a word", (op) => {
    expect(bare(`contactId ${op} 5`)).toEqual(c("contactId", /^\w+$/.test(op) ? op.toLowerCase() : op, n(5)));
  });

  it.each(WITH_A_LIST)("operator %s takes a list", (op) => {
    expect(bare(`category ${op} (3,6)`)).toEqual(c("category", op.toLowerCase(), n(3), n(6)));
  });

  it.each(UNARY)("unary operator %s takes no value", (op) => {
    expect(bare(`date ${op}`)).toEqual(c("date", op.toLowerCase()));
  });

  it.each<[string, Bare]>([
    // The spec's own examples, verbatim.
    ["(contact.name contains 'white' or contact.number2 contains 10110) and contact.contact_id notOneOf (32,67)",
      and(or(c("contact.name", "contains", s("white")), c("contact.number2", "contains", n(10110))), c("contact.contact_id", "notoneof", n(32), n(67)))],
    ["thisAndPrevious(registered, 2, 'weeks')", c("registered", "thisandprevious", n(2), s("weeks"))],
    ["name begins 'S'", c("name", "begins", s("S"))],
    ["contactId in (1,2,3)", c("contactId", "in", n(1), n(2), n(3))],
    ["date afterTime '2020-05-28T15:00:01'", c("date", "aftertime", s("2020-05-28T15:00:01"))],
    ["hasInterests set true", c("hasInterests", "set", b(true))],
    ["getAllRows=true", c("getAllRows", "=", b(true))],
    ["contactId = 5", c("contactId", "=", n(5))],
    ["contactId gt 5000 and contactId lt 10000", and(c("contactId", "gt", n(5000)), c("contactId", "lt", n(10000)))],
    ["name is 'Testing null Orgnr'", c("name", "is", s("Testing null Orgnr"))],
    ["name eq 'Starbucks' and department eq 'Wholesale Coffee Distribution'",
      and(c("name", "eq", s("Starbucks")), c("department", "eq", s("Wholesale Coffee Distribution")))],
    ["name between ('A','S')", c("name", "between", s("A"), s("S"))],
    ["registeredBy associateIsOneOf (1,6)", c("registeredBy", "associateisoneof", n(1), n(6))],
    ["date before '2020-05-28'", c("date", "before", s("2020-05-28"))],
    ["date between ('2020-05-11','2020-05-31')", c("date", "between", s("2020-05-11"), s("2020-05-31"))],
    ["startswith(col2,'baz')", c("col2", "begins", s("baz"))],
    ["contains(contact.number2, 'Persons AS')", c("contact.number2", "contains", s("Persons AS"))],
    // Functions, normalised; names are case-insensitive and substringof takes the value first.
    ["StartsWith(name, 'Su')", c("name", "begins", s("Su"))],
    ["endswith(name,'AS')", c("name", "ends", s("AS"))],
    ["substringof('ee', name)", c("name", "contains", s("ee"))],
    ["this(registered, 'week')", c("registered", "this", s("week"))],
    ["next(date, 3, days)", c("date", "next", n(3), w("days"))],
    ["PREVIOUS(date, 1, 'months')", c("date", "previous", n(1), s("months"))],
    ["thisAndNext(date, 2, 'quarters')", c("date", "thisandnext", n(2), s("quarters"))],
    ["thisAndPreviousAndNext(date, 'year')", c("date", "thisandpreviousandnext", s("year"))],
    // Logic: `and` binds tighter than `or`, both associate left, parentheses group.
    ["a eq 1 or b eq 2 and c eq 3", or(c("a", "eq", n(1)), and(c("b", "eq", n(2)), c("c", "eq", n(3))))],
    ["a eq 1 and b eq 2 or c eq 3", or(and(c("a", "eq", n(1)), c("b", "eq", n(2))), c("c", "eq", n(3)))],
    ["a eq 1 or b eq 2 or c eq 3", or(or(c("a", "eq", n(1)), c("b", "eq", n(2))), c("c", "eq", n(3)))],
    ["a eq 1 AND (b eq 2 Or c eq 3)", and(c("a", "eq", n(1)), or(c("b", "eq", n(2)), c("c", "eq", n(3))))],
    ["((a eq 1) and ((b today)))", and(c("a", "eq", n(1)), c("b", "today"))],
    ["date thisWeek and startswith(name,'A')", and(c("date", "thisweek"), c("name", "begins", s("A")))],
    // Quotes: '' and \' both escape a quote, \\ a backslash; other backslashes stay.
    ["name eq 'L''Oréal'", c("name", "eq", s("L'Oréal"))],
    ["name eq 'L\\'Oréal'", c("name", "eq", s("L'Oréal"))],
    ["name eq 'a\\\\b' or name eq 'C:\\temp'", or(c("name", "eq", s("a\\b")), c("name", "eq", s("C:\\temp")))],
    ["name eq ''", c("name", "eq", s(""))],
    ["name eq 'and or ( ) ,'", c("name", "eq", s("and or ( ) ,"))],
    // Unquoted words and dates stay words; numbers, negative and decimal; booleans in any case.
    ["name begins Su", c("name", "begins", w("Su"))],
    ["name begins Oréal", c("name", "begins", w("Oréal"))],
    ["date before 2020-05-28", c("date", "before", w("2020-05-28"))],
    ["date afterTime 2020-05-28T15:00:01", c("date", "aftertime", w("2020-05-28T15:00:01"))],
    ["amount gt -5 and amount lt 12.75 and amount ne -0.5", and(and(c("amount", "gt", n(-5)), c("amount", "lt", n(12.75))), c("amount", "ne", n(-0.5)))],
    ["contactId in (-1, 2.5, '3', four)", c("contactId", "in", n(-1), n(2.5), s("3"), w("four"))],
    ["completed = TRUE or completed eq False", or(c("completed", "=", b(true)), c("completed", "eq", b(false)))],
    ["contactId>=10", c("contactId", ">=", n(10))],
    // Dotted, slashed and user-defined column names.
    ["contactAssociate/fullName contains 'Ann'", c("contactAssociate/fullName", "contains", s("Ann"))],
    ["personContact/name eq x", c("personContact/name", "eq", w("x"))],
    ["contactUdef/SuperOffice:1 eq 'x'", c("contactUdef/SuperOffice:1", "eq", s("x"))],
    // Special columns; a lone column means `set true`.
    ["getNoRows", c("getNoRows", "set", b(true))],
    ["getAllRows = false or getNoRows", or(c("getAllRows", "=", b(false)), c("getNoRows", "set", b(true)))],
    // Unlisted word operators pass through for the compiler to judge.
    ["date lastYear", c("date", "lastyear")],
    // An injection attempt is one harmless string value.
    ["name eq ''' or 1=1 --'", c("name", "eq", s("' or 1=1 --"))],
  ])("parses %s", (text, tree) => {
    expect(bare(text)).toEqual(tree);
  });

  it("allows 10,000 characters", () => {
    expect(bare(`name eq '${"x".repeat(9_990)}'`)).toEqual(c("name", "eq", s("x".repeat(9_990))));
  });

  it("allows 64 levels of parentheses", () => {
    expect(bare(`${"(".repeat(64)}a eq 1${")".repeat(64)}`)).toEqual(c("a", "eq", n(1)));
  });
});

describe("$filter parser: positions", () => {
  // Numbers also carry their text as written (here the same digits).
  const lit = (kind: Literal["kind"], value: Literal["value"], position: number) => ({ kind, value, ...(kind === "number" ? { text: String(value) } : {}), position });

  it("places the column, the operator and each value", () => {
    expect(parseFilter("x eq 1 or  name  in ('a', b)")).toEqual({
      kind: "or",
      left: { kind: "condition", column: "x", operator: "eq", values: [lit("number", 1, 5)], position: 0, operatorPosition: 2 },
      right: { kind: "condition", column: "name", operator: "in", values: [lit("string", "a", 21), lit("word", "b", 26)], position: 11, operatorPosition: 17 },
    });
  });

  it("places a function's column at its argument and its operator at its name", () => {
    expect(parseFilter(" substringof('ee', name)")).toEqual({
      kind: "condition", column: "name", operator: "contains", values: [lit("string", "ee", 13)], position: 19, operatorPosition: 1,
    });
  });

  it("places a lone column's implied operator and value on the column", () => {
    expect(parseFilter("(getNoRows)")).toEqual({
      kind: "condition", column: "getNoRows", operator: "set", values: [lit("boolean", true, 1)], position: 1, operatorPosition: 1,
    });
  });
});

describe("$filter parser: malformed filters", () => {
  // Within the length limit, so the depth guard (not the length check) must stop it before the stack does.
  const deep = `${"(".repeat(9_990)}a eq 1`;
  it.each<[string, string, number, string]>([
    ["unclosed (", "(name eq 'a'", 0, "("],
    ["unclosed ( inside", "a eq 1 and ((b eq 2)", 11, "("],
    ["unbalanced )", "name eq 'a')", 11, ")"],
    ["empty parentheses", "()", 1, ")"],
    ["unterminated string", "name eq 'abc", 8, "'abc"],
    ["string ending in an escaped quote", "name eq 'abc\\'", 8, "'abc\\'"],
    ["missing value before )", "(name begins)", 12, ")"],
    ["missing value at the end", "name begins", 11, ""],
    ["missing value after a symbol", "contactId = and x eq 1", 12, "and"],
    ["list after a symbol", "contactId = (1,2)", 12, "("],
    ["missing operator", "name 'abc'", 5, "'abc'"],
    ["boolean as operator", "name true", 5, "true"],
    ["value where a column belongs", "'name' eq 1", 0, "'name'"],
    ["number where a column belongs", "5 eq 5", 0, "5"],
    ["empty list", "contactId in ()", 14, ")"],
    ["trailing comma in a list", "contactId in (1,)", 16, ")"],
    ["list without commas", "contactId in (1 2)", 16, "2"],
    ["unclosed list", "contactId in (1, 2", 13, "("],
    ["nested list", "contactId in ((1))", 14, "("],
    ["dangling and", "name begins 'a' and", 19, ""],
    ["dangling or", "or name eq 1", 0, "or"],
    ["trailing value", "name eq 'a' 'b'", 12, "'b'"],
    ["value after a unary operator", "date thisWeek 5", 14, "5"],
    ["unknown function", "foo(name,'x')", 0, "foo"],
    ["too few arguments", "startswith(name)", 0, "startswith"],
    ["too many arguments", "next(date, 1, 'weeks', 2)", 0, "next"],
    ["no arguments", "this()", 0, "this"],
    ["quoted column argument", "startswith('name', 'x')", 11, "'name'"],
    ["unclosed function", "contains(name, 'x'", 18, ""],
    ["bad character", "name eq 'x' & b eq 1", 12, "&"],
    ["injection: a lone open string", "'; drop table contacts; --", 0, "'; drop table contacts; --"],
    ["injection: a statement after the filter", "name eq 'x'; DROP TABLE contacts", 11, ";"],
    ["deep nesting", deep, 64, "("],
    ["10,000 open parentheses", `${"(".repeat(10_000)}a eq 1${")".repeat(10_000)}`, 10_000, ""],
    ["65 levels of parentheses", `${"(".repeat(65)}a eq 1${")".repeat(65)}`, 64, "("],
    ["10,001 characters", `name eq '${"x".repeat(9_991)}'`, 10_000, ""],
  ])("rejects %s", (_, text, position, token) => {
    let error: unknown;
    try {
      parseFilter(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FilterError);
    expect(error).toMatchObject({ position, token });
  });

  it("keeps error messages short for huge tokens", () => {
    const error = (() => {
      try {
        parseFilter(`name eq 'a' '${"x".repeat(500)}'`);
      } catch (e) {
        return e as FilterError;
      }
    })();
    expect(error?.token).toBe(`'${"x".repeat(39)}…`);
    expect(error?.message.length).toBeLessThan(120);
  });
});
