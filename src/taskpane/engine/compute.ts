/**
 * The CPU work of the pane's Check and Fix, as plain functions of the blocks read from the
 * workbook: validate (core/validate), the credit summary (core/credit), plan and recheck fixes
 * (core/fixplan through src/excel/fixes' localFixCompute). The engine worker runs them off
 * the UI thread; tests and a host without Web Workers call them directly. A check's credit part
 * (summary, recorded vs computed flags) is computed here too, from the blocks already read.
 */
import { verifyChangeLog, webCryptoSha256 } from "../../core/records/chain";
import type { SheetBlock } from "../../core/table";
import { detectTables, validateWorkbook, CHECKED_TABLES, type KnownIdChange, type ValidateProgress } from "../../core/validate";
import { creditOfCheck, toCheckResult, type CheckResult } from "../../excel/check";
import { localFixCompute, type FixPlan, type FixPlanOptions } from "../../excel/fixes";
import type { FixWrite } from "../../core/fixplan";
import { CheckProgress, type Progress } from "./progress";

/** What a check needs besides the cells. */
export interface CheckComputeOptions {
  asOf?: string;
  knownIdChanges?: readonly KnownIdChange[];
}

/** Data rows of the tables validation will check (the denominator of the progress bar). */
export function rowsToCheck(blocks: readonly SheetBlock[]): number {
  let total = 0;
  for (const t of detectTables(blocks as SheetBlock[])) {
    if (CHECKED_TABLES.has(t.table) && t.headerRowIndex >= 0) total += Math.max(0, blocks[t.blockIndex].values.length - t.headerRowIndex - 1);
  }
  return total;
}

/** validateWorkbook's per-table progress as the pane's overall progress over `blocks`. */
function rowProgress(blocks: readonly SheetBlock[], onProgress: (p: Progress) => void): (p: ValidateProgress) => void {
  const progress = new CheckProgress(rowsToCheck(blocks));
  return (p) => onProgress(progress.at(p.table, p.sheet, p.done, p.total));
}

/** The pane's Check of the blocks: located findings (a broken ChangeLog chain among them), counts and the credit summary. */
export async function computeCheck(blocks: SheetBlock[], options: CheckComputeOptions, onProgress: (p: Progress) => void = () => undefined): Promise<CheckResult> {
  // Hashing is asynchronous (Web Crypto, in the worker too): the chain is verified first and handed to the validator.
  const changeLog = await verifyChangeLog(blocks, webCryptoSha256);
  const report = validateWorkbook(blocks, { ...options, changeLog, onProgress: rowProgress(blocks, onProgress) });
  const payments = detectTables(blocks).find((t) => t.table === "Payments");
  if (payments) onProgress({ phase: "credit", payments: Math.max(0, blocks[payments.blockIndex].values.length - 1) });
  // Recorded vs computed (SPEC §8.1) from the same blocks: the flags, with the summary, in this worker.
  return { ...toCheckResult(report), ...creditOfCheck(blocks, options.asOf) };
}

/** The plan of a fix (see FixCompute.plan), with progress while validating. */
export function computePlan(blocks: SheetBlock[], options: Omit<FixPlanOptions, "onProgress">, onProgress: (p: Progress) => void = () => undefined): Promise<FixPlan> {
  return localFixCompute.plan(blocks, { ...options, onProgress: rowProgress(blocks, onProgress) });
}

/** The check after a fix (see FixCompute.recheck), with progress. */
export function computeRecheck(blocks: SheetBlock[], writes: FixWrite[], options: CheckComputeOptions, onProgress: (p: Progress) => void = () => undefined): Promise<CheckResult> {
  return localFixCompute.recheck(blocks, writes, { ...options, onProgress: rowProgress(blocks, onProgress) });
}
