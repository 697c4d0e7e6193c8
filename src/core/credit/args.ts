/**
 * Custom-function arguments (as Excel hands them: a value or a 2-D array; an omitted optional
 * argument is null) turned into core types, and core results turned back into the 2-D arrays
 * Excel spills. Pure, so that the functions in src/functions stay thin and testable.
 *
 * What arrives is not what the sheet shows (issue 10): an empty cell of a range argument comes as
 * 0 on desktop Excel, sometimes null on the web, "" as documented (office-js #1951, #5262, #4702);
 * a typed value (allowCustomDataForDataTypeAny) as an object with `basicValue`; an error cell
 * (allowErrorForDataTypeAny) as an error object. Everything is normalised here, at the boundary,
 * so the same payment table gives the same grades whatever form its blanks took.
 */
import { cellText, isBlank, isExcelError, type Cell } from "../table";
import { PAYMENTS } from "../template/tables";
import { findHeaderRow, matchHeader } from "../validate/detect";
import { AGING_KEYS } from "./model";
import { dayOfCell } from "../dates";
import { buildCreditIndex, type CreditIndex, type CustomerCredit } from "./payments";
import { DEFAULT_POLICY, readCreditPolicy, type CreditPolicy } from "./policy";

/** An argument that cannot be used (an unreadable as-of date, a malformed range). */
export class CreditArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CreditArgumentError";
  }
}

/** What each function returns per customer. */
export type CreditMeasure = "PAYSCORE" | "DBT" | "GRADE" | "TIER" | "LIMIT" | "AGING";

/** A value or range argument as a 2-D array of cells (a single value becomes 1×1; null stays null). */
export function asMatrix(value: unknown): Cell[][] | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return (value.length > 0 && Array.isArray(value[0]) ? value : [value]) as Cell[][];
  return [[value as Cell]];
}

/** The Excel error a value of an argument stands for (#DIV/0!, #N/A …), or null when it is no error. */
export function argumentError(v: unknown): string | null {
  if (typeof v === "string") return isExcelError(v) ? v : null;
  if (v === null || typeof v !== "object") return null;
  const o = v as { type?: unknown; basicType?: unknown; basicValue?: unknown; code?: unknown; errorType?: unknown };
  if (o.type === "Error" || o.basicType === "Error" || o.errorType !== undefined) {
    return typeof o.basicValue === "string" && o.basicValue.startsWith("#") ? o.basicValue : typeof o.code === "string" ? o.code : "#VALUE!";
  }
  if (typeof o.code === "string" && o.code.startsWith("#")) return o.code; // a CustomFunctions.Error
  return "basicValue" in o ? argumentError(o.basicValue) : null;
}

/** A value of an argument as a core cell: a typed value by its basicValue, undefined as null (errors are found by argumentError first). */
export function argumentCell(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === "object") return "basicValue" in (v as object) ? argumentCell((v as { basicValue: unknown }).basicValue) : null;
  return v as Cell;
}

/** Blank as Excel may pass it: 0 (desktop), null (web) or "" for an empty cell, where a value of 0 means nothing either. */
function blankish(v: Cell): boolean {
  return v === 0 || isBlank(v);
}

/**
 * A range argument as core cells (typed values by basicValue); the first error cell is a
 * CreditArgumentError naming its row of the range (1 = the first row) and `what`.
 */
function cellsOf(value: unknown, what: string, columnName?: (column: number) => string): Cell[][] | null {
  const m = asMatrix(value) as unknown[][] | null;
  if (!m) return null;
  return m.map((row, r) => row.map((v, c) => {
    const error = argumentError(v);
    if (error) {
      const where = columnName ? `, column ${columnName(c)}` : "";
      throw new CreditArgumentError(`row ${r + 1} of ${what}${where} holds the error ${error}: correct or clear that cell.`);
    }
    return argumentCell(v);
  }));
}

/** Payment columns in which a blank is allowed and 0 means nothing else (ids, dates, the payment amount): 0 from an empty cell reads as blank. */
const BLANK_ZERO_COLUMNS: ReadonlySet<string> = new Set(["customerId", "invoiceNo", "invoiceDate", "dueDate", "paidOn", "paidAmount"]);

/**
 * The payment table argument as the core reads it: typed values by basicValue; an error cell is
 * an error naming its row (header = row 1) and column; in the columns where a blank is allowed
 * (ids, dates, 付款金额) the 0 or null Excel passes for an empty cell is blank. 金额 0 and 账期天数 0
 * keep their value (an invoice of 0 is reported as invalid; 0 days' terms are cash terms).
 */
export function paymentsArgument(value: unknown): Cell[][] {
  const header = (row: readonly unknown[] | undefined, c: number) => cellText(argumentCell(row?.[c]));
  const m = asMatrix(value) as unknown[][] | null;
  if (!m || m.length === 0) throw new CreditArgumentError("the payments range is empty: give the payment table with its header row, e.g. Payments[#All].");
  const head = findHeaderRow(PAYMENTS, { values: m.map((r) => r.map(argumentCell)) });
  const rows = cellsOf(m, "the payments range (header = row 1)", (c) => `'${header(m[Math.max(0, head.index)], c)}'`)!;
  if (head.index < 0) return rows;
  const blankZero = rows[head.index].map((h) => BLANK_ZERO_COLUMNS.has(matchHeader(PAYMENTS, h)?.key ?? ""));
  for (let r = head.index + 1; r < rows.length; r++) {
    const row = rows[r];
    // An empty row of the table arrives as zeros on desktop: blank, not an invoice of 0 with no id.
    if (row.every(blankish)) { row.fill(null); continue; }
    for (let c = 0; c < row.length; c++) if (blankZero[c] && blankish(row[c])) row[c] = null;
  }
  return rows;
}

/** The ids argument (one id or a range of them): typed values by basicValue, an empty cell (0, null or "") blank. */
export function idsArgument(value: unknown): Cell[][] {
  return (cellsOf(value, "the ids") ?? [[null]]).map((row) => row.map((v) => (blankish(v) ? null : v)));
}

/** The as-of day from a function argument: null/blank → `todayDay`; an Excel serial; YYYY-MM-DD (or 2026/9/30) text. */
export function asOfDay(value: unknown, todayDay: number): number {
  const m = cellsOf(value, "the as-of date");
  const v: Cell = m ? (m[0]?.[0] ?? null) : null;
  // An empty cell given as the as-of date arrives as 0 on desktop: today, as for an omitted one.
  if (blankish(v)) return todayDay;
  // Read like a payment date cell; a non-blank cell gives a day or NaN.
  const day = dayOfCell(v);
  if (!Number.isNaN(day)) return day;
  throw new CreditArgumentError(`as-of date '${cellText(v)}' is not a date: give a date cell, an Excel serial or YYYY-MM-DD text.`);
}

/** The policy from an optional CreditPolicy range (key | value rows; a header row is skipped); defaults when omitted. */
export function policyArgument(value: unknown): CreditPolicy {
  const rows = cellsOf(value, "the policy range");
  if (!rows || (rows.length === 1 && rows[0].length === 1 && isBlank(rows[0][0]))) return { ...DEFAULT_POLICY };
  if (rows[0].length < 2) throw new CreditArgumentError("the policy range needs two columns: 参数 (key) and 值 (value), e.g. CreditPolicy[#All].");
  return readCreditPolicy(rows);
}

/** Rows of a range sampled for the fingerprint besides its first and last ones. */
const SAMPLED_ROWS = 128;

/** Mix one cell into two 32-bit FNV-style hashes (two, so a collision needs both to collide). */
function mixCell(h: [number, number], v: Cell | undefined): void {
  let a = h[0], b = h[1];
  if (typeof v === "number") {
    const x = Math.round(v * 1000);
    a = Math.imul(a ^ (x | 0), 16777619); b = Math.imul(b ^ ((x / 4294967296) | 0), 2246822519);
    a = Math.imul(a ^ 1, 16777619);
  } else if (typeof v === "string") {
    for (let i = 0; i < v.length; i++) { const c = v.charCodeAt(i); a = Math.imul(a ^ c, 16777619); b = Math.imul(b ^ c, 2246822519); }
    a = Math.imul(a ^ 2, 16777619);
  } else {
    a = Math.imul(a ^ (v === true ? 3 : v === false ? 4 : 5), 16777619);
  }
  b = Math.imul(b ^ (a >>> 15), 3266489917);
  h[0] = a; h[1] = b;
}

/**
 * A cheap fingerprint of a payment range plus the as-of day and policy: dimensions and a hash
 * of the first and last rows and an even sample of rows in between. Many formulas over the
 * same range in one recalculation give the same fingerprint without reading every cell.
 */
export function creditFingerprint(payments: readonly (readonly Cell[])[], asOf: number, policy: CreditPolicy): string {
  const n = payments.length;
  const h: [number, number] = [2166136261, 3323198485];
  const take = (r: number) => { const row = payments[r]; if (row) for (let c = 0; c < row.length; c++) mixCell(h, row[c]); mixCell(h, r); };
  for (let r = 0; r < Math.min(4, n); r++) take(r);
  const stride = Math.max(1, Math.floor(n / SAMPLED_ROWS));
  for (let r = 4; r < n - 4; r += stride) take(r);
  for (let r = Math.max(4, n - 4); r < n; r++) take(r);
  return `${n}x${payments[0]?.length ?? 0}|${h[0] >>> 0}|${h[1] >>> 0}|${asOf}|${JSON.stringify(policy)}`;
}

/**
 * Build the index a custom function works on from the payments argument as Excel passed it:
 * throws on an error cell, a missing column or a row credit grading leaves out (an unreadable
 * date, a payment of 0, no 到期日 and no 账期天数 … naming its row and what to do), since a cell
 * has no other way to say that a grade was computed without a row.
 */
export function strictCreditIndex(payments: unknown[][], asOf: number, policy: CreditPolicy): CreditIndex {
  const index = buildCreditIndex({ values: paymentsArgument(payments), firstRow: 1 }, { asOf, policy });
  const first = index.problems[0];
  if (first) {
    const more = index.problems.length - 1;
    throw new CreditArgumentError(`${first.detail}, row ${first.row} of the payments range (header = row 1)${more > 0 ? ` (and ${more} more row${more > 1 ? "s" : ""}; custfile validate lists them all)` : ""}: correct the row, credit grading cannot use it.`);
  }
  return index;
}

/** One function's value for one customer ("" where there is no score, so the cell looks empty). */
function measure(c: CustomerCredit, what: Exclude<CreditMeasure, "AGING">): Cell {
  switch (what) {
    case "PAYSCORE": return c.score ?? "";
    case "DBT": return c.dbt ?? "";
    case "GRADE": return c.grade;
    case "TIER": return c.tier;
    case "LIMIT": return c.limit;
  }
}

/**
 * The spilled result of a function for an id argument: one result per id in the ids' shape
 * (AGING: one row of the six buckets per id, ids taken row by row). A blank id gives a blank.
 */
export function creditResults(index: CreditIndex, ids: unknown, what: CreditMeasure): Cell[][] {
  const m = idsArgument(ids);
  if (what === "AGING") {
    const out: Cell[][] = [];
    for (const row of m) for (const id of row) {
      if (isBlank(id)) { out.push(AGING_KEYS.map(() => "")); continue; }
      const a = index.get(id).aging;
      out.push(AGING_KEYS.map((k) => a[k]));
    }
    return out;
  }
  return m.map((row) => row.map((id) => (isBlank(id) ? "" : measure(index.get(id), what))));
}
