/**
 * Custom-function arguments (as Excel hands them: a value or a 2-D array; an omitted optional
 * argument is null) turned into core types, and core results turned back into the 2-D arrays
 * Excel spills. Pure, so that the functions in src/functions stay thin and testable.
 */
import { cellText, isBlank, type Cell } from "../table";
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

/** The as-of day from a function argument: null/blank → `todayDay`; an Excel serial; YYYY-MM-DD (or 2026/9/30) text. */
export function asOfDay(value: unknown, todayDay: number): number {
  const m = asMatrix(value);
  const v: Cell = m ? (m[0]?.[0] ?? null) : null;
  if (isBlank(v)) return todayDay;
  // Read like a payment date cell; a non-blank cell gives a day or NaN.
  const day = dayOfCell(v);
  if (!Number.isNaN(day)) return day;
  throw new CreditArgumentError(`as-of date '${cellText(v)}' is not a date: give a date cell, an Excel serial or YYYY-MM-DD text.`);
}

/** The policy from an optional CreditPolicy range (key | value rows; a header row is skipped); defaults when omitted. */
export function policyArgument(value: unknown): CreditPolicy {
  const rows = asMatrix(value);
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

/** Build the index a custom function works on: throws on a missing column or an unreadable date (naming its row). */
export function strictCreditIndex(payments: Cell[][], asOf: number, policy: CreditPolicy): CreditIndex {
  const index = buildCreditIndex({ values: payments, firstRow: 1 }, { asOf, policy });
  const unreadable = index.problems.find((p) => p.code === "unreadable-date");
  if (unreadable) throw new CreditArgumentError(`${unreadable.detail}, row ${unreadable.row} of the payments range (header = row 1).`);
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
  const m = asMatrix(ids) ?? [[null]];
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
