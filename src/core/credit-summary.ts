/** Moved to core/credit/summary; kept for src/excel/check.ts, which imports it from here. */
export { creditSummary, type CreditSummary } from "./credit/summary";
