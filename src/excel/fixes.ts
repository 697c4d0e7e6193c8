/**
 * Applying safe fixes in the open workbook (the pane's Fix): re-read and re-check inside the
 * same Excel.run (so every "before" is what the cell holds now), then one write batch in which
 * the ChangeLog rows (SPEC §2.5, 原因 = 修正) are queued before the values they keep.
 * Customers key-field writes go through the change tracker's `ownWrites`, so they are not
 * logged a second time as user edits.
 */
import { logTime, type ChangeLogEntry, type KeyField } from "../core/changes";
import { fixWrites, type FixWrite } from "../core/fixplan";
import type { Cell } from "../core/table";
import { CHANGELOG } from "../core/template/tables";
import { CHANGELOG_HEADERS, changeLogColumnOrder, changeLogRow, queueNewChangeLogTable } from "./changelog";
import { applyFixes as applyFixesToBlocks, validateWorkbook, type FindingCode } from "../core/validate";
import { findingAddress, readWorkbook, toCheckResult, type CheckOptions, type CheckResult, type ExcelRun, type WorkbookRead } from "./check";

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

/** Queue ChangeLog rows (creating the 变更记录 sheet and table when missing); the caller syncs. */
function queueChangeLog(context: Excel.RequestContext, read: WorkbookRead, entries: ChangeLogEntry[]): void {
  const order = changeLogColumnOrder(read.changeLogHeaders ?? CHANGELOG_HEADERS);
  const rows = entries.map((e) => changeLogRow(order, e));
  if (read.changeLogHeaders) {
    context.workbook.tables.getItem(read.changeLogTable ?? CHANGELOG.tableName).rows.add(null as unknown as number, rows);
    return;
  }
  const sheet = read.sheetNames.includes(CHANGELOG.sheet) ? context.workbook.worksheets.getItem(CHANGELOG.sheet) : context.workbook.worksheets.add(CHANGELOG.sheet);
  queueNewChangeLogTable(sheet, rows);
}

async function fixIn(context: Excel.RequestContext, own: (sheetRow: number, field: KeyField, value: Cell) => void, options: FixOptions): Promise<FixResult> {
  const read = await readWorkbook(context, options);
  const report = validateWorkbook(read.blocks, { asOf: options.asOf, knownIdChanges: options.knownIdChanges });
  const writes: FixWrite[] = fixWrites(report, { time: logTime(options.now?.() ?? new Date()), user: options.user ?? "" }, options.codes);
  if (writes.length === 0) return { changed: [], check: toCheckResult(report) };
  // ChangeLog is made at A1 of its sheet: never over a sheet holding other data (checked before any write).
  if (!read.changeLogHeaders && read.nonEmptySheets.includes(CHANGELOG.sheet)) {
    throw new Error(`工作表“${CHANGELOG.sheet}”有其他数据但没有变更记录表；请改名或清空后再修正。 — Sheet '${CHANGELOG.sheet}' holds other data but no ChangeLog table; rename or empty it, then fix again.`);
  }
  // One batch; on Excel on the web a very large one is split under the request bound, each part
  // still writing its ChangeLog rows before its values.
  const perBatch = options.requestBudget ? Math.max(1, Math.floor(options.requestBudget / WRITE_BYTES)) : writes.length;
  for (let start = 0; start < writes.length; start += perBatch) {
    const part = writes.slice(start, start + perBatch);
    queueChangeLog(context, read, part.map((w) => w.log));
    if (!read.changeLogHeaders) {
      // created by the first part
      read.changeLogHeaders = [...CHANGELOG_HEADERS];
      read.changeLogTable = CHANGELOG.tableName;
    }
    for (const w of part) {
      const e = w.edit;
      if (w.keyField) own(e.row, w.keyField, e.after);
      const cell = context.workbook.worksheets.getItem(e.sheet).getRangeByIndexes(e.row - 1, e.columnNumber - 1, 1, 1);
      if (w.numberFormat) cell.numberFormat = [[w.numberFormat]];
      cell.values = [[e.after]];
    }
    await context.sync();
  }
  const after = validateWorkbook(applyFixesToBlocks(read.blocks, writes.map((w) => w.edit.finding)), { asOf: options.asOf, knownIdChanges: options.knownIdChanges });
  return {
    changed: writes.map((w) => ({ sheet: w.edit.sheet, address: findingAddress(w.edit)!, column: w.edit.finding.column, code: w.edit.finding.code, before: w.edit.before, after: w.edit.after })),
    check: toCheckResult(after),
  };
}

/** Apply the safe fixes (all, or of `codes`) in one write batch, each old value logged to ChangeLog first. */
export async function applyFixes(run: ExcelRun, options: FixOptions = {}): Promise<FixResult> {
  if (options.tracker) return options.tracker.ownWrites((context, own) => fixIn(context, own, options));
  return run((context) => fixIn(context, () => undefined, options));
}
