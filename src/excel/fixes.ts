/**
 * Applying safe fixes in the open workbook (the pane's Fix), in two separable steps:
 *   - `planFixes`: re-read and re-check (so every "before" is what the cell holds now) and work
 *     out the writes with their ChangeLog rows (core/fixplan), writing nothing (the pane's preview);
 *   - `writeFixes`: write a plan, ChangeLog rows (SPEC §2.5, 原因 = 修正) queued before the
 *     values they keep, through src/excel/write.ts (text stays text, dates become date cells).
 * Customers key-field writes go through the change tracker's `ownWrites`, so they are not
 * logged a second time as user edits.
 */
import { logTime, type KeyField } from "../core/changes";
import { fixWrites, type FixWrite } from "../core/fixplan";
import type { Cell } from "../core/table";
import { applyFixes as applyFixesToBlocks, validateWorkbook, type FindingCode, type WorkbookReport } from "../core/validate";
import { findingAddress, readWorkbook, toCheckResult, type CheckOptions, type CheckResult, type ExcelRun, type WorkbookRead } from "./check";
import { appendRecords, queueCellWrites } from "./write";

/** The part of the change tracker fixes use (src/excel/changes.ts ChangeTracker). */
export interface OwnWriteTracker {
  ownWrites<T>(batch: (context: Excel.RequestContext, own: (sheetRow: number, field: KeyField, value: Cell) => void) => Promise<T>): Promise<T>;
}

/** Options of applying fixes. */
export interface FixOptions extends CheckOptions {
  /** Only fixes of these codes (default: every fix). */
  codes?: readonly FindingCode[];
  /** The running change tracker, when there is one. */
  tracker?: OwnWriteTracker | null;
  /** 操作人 for the ChangeLog rows. */
  user?: string;
  now?: () => Date;
}

/** Estimated request bytes of one fix: its value and format writes and its ChangeLog row, with the request's JSON around them. */
export const WRITE_BYTES = 400;

/** One cell a fix changed. */
export interface ChangedCell {
  sheet: string;
  address: string;
  column: string;
  code: FindingCode;
  before: Cell;
  after: Cell;
}

/** What applying fixes did: the cells changed and the check of the workbook after them. */
export interface FixResult {
  changed: ChangedCell[];
  check: CheckResult;
}

/** The fixes a workbook has now: the read, its report and the writes that would carry them out (nothing written). */
export interface FixPlan {
  read: WorkbookRead;
  report: WorkbookReport;
  writes: FixWrite[];
}

/** Read and check the workbook and work out the fix writes, writing nothing (the pane can show them before they are made). */
export async function planFixes(context: Excel.RequestContext, options: FixOptions = {}): Promise<FixPlan> {
  const read = await readWorkbook(context, options);
  const report = validateWorkbook(read.blocks, { asOf: options.asOf, knownIdChanges: options.knownIdChanges });
  const writes = fixWrites(report, { time: logTime(options.now?.() ?? new Date()), user: options.user ?? "" }, options.codes);
  return { read, report, writes };
}

/** The cells a plan changes, as the pane lists them. */
export function changedCells(writes: readonly FixWrite[]): ChangedCell[] {
  return writes.map((w) => ({ sheet: w.edit.sheet, address: findingAddress(w.edit)!, column: w.edit.finding.column, code: w.edit.finding.code, before: w.edit.before, after: w.edit.after }));
}

/**
 * Write a plan in one request; on Excel on the web a very large one is split under the request
 * bound, each part writing its ChangeLog rows before its values. `own` is told about every
 * Customers key-field cell before it is written (the change tracker's baseline).
 */
export async function writeFixes(context: Excel.RequestContext, plan: FixPlan, own: (sheetRow: number, field: KeyField, value: Cell) => void, options: Pick<FixOptions, "requestBudget" | "asOf" | "knownIdChanges"> = {}): Promise<FixResult> {
  const { writes } = plan;
  if (writes.length === 0) return { changed: [], check: toCheckResult(plan.report) };
  const perPart = options.requestBudget ? Math.max(1, Math.floor(options.requestBudget / WRITE_BYTES)) : writes.length;
  for (let start = 0; start < writes.length; start += perPart) {
    const part = writes.slice(start, start + perPart);
    await appendRecords(context, plan.read.changeLog, part.map((w) => w.log));
    for (const w of part) if (w.keyField) own(w.edit.row, w.keyField, w.edit.after);
    await queueCellWrites(context, part.map((w) => ({ sheet: w.edit.sheet, row: w.edit.row, column: w.edit.columnNumber, value: w.edit.after, format: w.format })));
    await context.sync();
  }
  const after = validateWorkbook(applyFixesToBlocks(plan.read.blocks, writes.map((w) => w.edit.finding)), { asOf: options.asOf, knownIdChanges: options.knownIdChanges });
  return { changed: changedCells(writes), check: toCheckResult(after) };
}

/** Apply the safe fixes (all, or of `codes`) in one write batch, each old value logged to ChangeLog first. */
export async function applyFixes(run: ExcelRun, options: FixOptions = {}): Promise<FixResult> {
  const fix = async (context: Excel.RequestContext, own: (sheetRow: number, field: KeyField, value: Cell) => void) => writeFixes(context, await planFixes(context, options), own, options);
  if (options.tracker) return options.tracker.ownWrites(fix);
  return run((context) => fix(context, () => undefined));
}
