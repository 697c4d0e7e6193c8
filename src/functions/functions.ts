/**
 * The CUSTFILE custom functions (SPEC §5, §7): thin wrappers over core/credit. The JSDoc tags
 * are read by CustomFunctionsMetadataPlugin, which writes functions.json and appends the
 * CustomFunctions.associate calls to this file in the webpack build (so none are written here).
 * Every function takes one id or a range of ids (and then spills one result per id), the
 * payment table with its header row, an optional as-of date and an optional policy range.
 */
import { asMatrix, asOfDay, creditResults, policyArgument, CreditArgumentError, CreditPolicyError, PaymentsTableError, type CreditMeasure } from "../core/credit";
import { today } from "../core/dates";
import type { Cell } from "../core/table";
import { CreditIndexCache } from "./cache";

// Outside Office (a plain browser, a test host) there is no CustomFunctions global; the
// associate calls the metadata plugin appends to this file must not throw there.
const host = globalThis as { CustomFunctions?: { associate?: unknown } };
if (host.CustomFunctions === undefined) host.CustomFunctions = { associate: () => undefined };

/** The indexes of the payment ranges in use (one per range, as-of day and policy). */
export const creditCache = new CreditIndexCache();

/** A `#VALUE!` error carrying a message, as Excel shows it; a plain Error where there is no CustomFunctions (jest, CLI). */
export function invalidValue(message: string): Error {
  const cf = (globalThis as { CustomFunctions?: { Error?: unknown; ErrorCode?: { invalidValue: unknown } } }).CustomFunctions;
  if (cf && typeof cf.Error === "function" && cf.ErrorCode) {
    return new (cf.Error as new (code: unknown, message: string) => Error)(cf.ErrorCode.invalidValue, message);
  }
  const error = new Error(message);
  error.name = "InvalidValueError";
  return error;
}

let todayCache = { minute: -1, day: 0 };

/** Today in the users' time zone, worked out at most once a minute (Intl formatting is slow for 5,000 calls). */
function todayDay(): number {
  const minute = Math.floor(Date.now() / 60000);
  if (minute !== todayCache.minute) todayCache = { minute, day: today() };
  return todayCache.day;
}

/** Evaluate one measure for the ids; argument and table problems become #VALUE! with their message. */
export function evaluate(what: CreditMeasure, ids: unknown, payments: unknown, asOf: unknown, policy: unknown): Cell[][] {
  try {
    // Normalised (blanks, typed values, error cells) when the index is built: once per range, not per formula.
    const rows = asMatrix(payments);
    if (!rows || rows.length === 0) throw new CreditArgumentError("the payments range is empty: give the payment table with its header row, e.g. Payments[#All].");
    const index = creditCache.get(rows, asOfDay(asOf, todayDay()), policyArgument(policy));
    return creditResults(index, ids, what);
  } catch (e) {
    if (e instanceof CreditArgumentError || e instanceof PaymentsTableError || e instanceof CreditPolicyError) throw invalidValue(e.message);
    throw e;
  }
}

/**
 * Payment score 0–100 (PAYDEX style: 80 = paid on time, 50 = 30 days late), amount-weighted over the last 12 months.
 * @customfunction PAYSCORE PAYSCORE
 * @param ids Customer id (客户编号), or a column of ids to get one score per id.
 * @param payments The payment table with its header row, e.g. Payments[#All].
 * @param [asOf] As-of date (a date, or YYYY-MM-DD text); default today.
 * @param [policy] The credit policy table (参数 | 值), e.g. CreditPolicy[#All]; default the standard policy.
 * @returns The score per id; empty when there is nothing to score.
 */
export function payscore(ids: any[][], payments: any[][], asOf?: any, policy?: any[][]): any[][] {
  return evaluate("PAYSCORE", ids, payments, asOf, policy);
}

/**
 * Days beyond terms: amount-weighted average days paid (or still open) past the due date.
 * @customfunction DBT DBT
 * @param ids Customer id (客户编号), or a column of ids to get one result per id.
 * @param payments The payment table with its header row, e.g. Payments[#All].
 * @param [asOf] As-of date (a date, or YYYY-MM-DD text); default today.
 * @param [policy] The credit policy table (参数 | 值), e.g. CreditPolicy[#All]; default the standard policy.
 * @returns Days beyond terms per id (one decimal); empty when there is nothing to score.
 */
export function dbt(ids: any[][], payments: any[][], asOf?: any, policy?: any[][]): any[][] {
  return evaluate("DBT", ids, payments, asOf, policy);
}

/**
 * Credit grade A类 / B类 / C类, or N when the payment history is too short to grade (money open more than 90 days past due is C类 however short the history).
 * @customfunction GRADE GRADE
 * @param ids Customer id (客户编号), or a column of ids to get one grade per id.
 * @param payments The payment table with its header row, e.g. Payments[#All].
 * @param [asOf] As-of date (a date, or YYYY-MM-DD text); default today.
 * @param [policy] The credit policy table (参数 | 值), e.g. CreditPolicy[#All]; default the standard policy.
 * @returns The grade per id.
 */
export function grade(ids: any[][], payments: any[][], asOf?: any, policy?: any[][]): any[][] {
  return evaluate("GRADE", ids, payments, asOf, policy);
}

/**
 * Credit tier 优秀 / 一般 / 风险 / 资料不足 (the grade in words).
 * @customfunction TIER TIER
 * @param ids Customer id (客户编号), or a column of ids to get one tier per id.
 * @param payments The payment table with its header row, e.g. Payments[#All].
 * @param [asOf] As-of date (a date, or YYYY-MM-DD text); default today.
 * @param [policy] The credit policy table (参数 | 值), e.g. CreditPolicy[#All]; default the standard policy.
 * @returns The tier per id.
 */
export function tier(ids: any[][], payments: any[][], asOf?: any, policy?: any[][]): any[][] {
  return evaluate("TIER", ids, payments, asOf, policy);
}

/**
 * Suggested credit limit: monthly volume × usual terms / 30 × grade coefficient, rounded down.
 * @customfunction LIMIT LIMIT
 * @param ids Customer id (客户编号), or a column of ids to get one limit per id.
 * @param payments The payment table with its header row, e.g. Payments[#All].
 * @param [asOf] As-of date (a date, or YYYY-MM-DD text); default today.
 * @param [policy] The credit policy table (参数 | 值), e.g. CreditPolicy[#All]; default the standard policy.
 * @returns The suggested limit per id.
 */
export function limit(ids: any[][], payments: any[][], asOf?: any, policy?: any[][]): any[][] {
  return evaluate("LIMIT", ids, payments, asOf, policy);
}

/**
 * Open amount by age past the due date: current, 1–30, 31–60, 61–90, 91–120, over 120 days (six cells per id).
 * @customfunction AGING AGING
 * @param ids Customer id (客户编号), or a column of ids to get one row of six buckets per id.
 * @param payments The payment table with its header row, e.g. Payments[#All].
 * @param [asOf] As-of date (a date, or YYYY-MM-DD text); default today.
 * @param [policy] The credit policy table (参数 | 值), e.g. CreditPolicy[#All]; default the standard policy.
 * @returns Six aging buckets per id, as a row.
 */
export function aging(ids: any[][], payments: any[][], asOf?: any, policy?: any[][]): any[][] {
  return evaluate("AGING", ids, payments, asOf, policy);
}
