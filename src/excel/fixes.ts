/**
 * Applying safe fixes in the open workbook (the pane's Fix), in two separable steps:
 *   - planning: re-read and re-check (so every "before" is what the cell holds now) and work out
 *     the writes with their ChangeLog rows (core/fixplan), writing nothing — `previewFixes` gives
 *     them to the pane's preview;
 *   - writing (`applyFixes`, with `only` the chosen ones of a preview that still hold: a cell
 *     that changed since the preview is skipped, not overwritten): ChangeLog rows (SPEC §2.5,
 *     原因 = 修正, each with its 校验) queued before the values they keep, through
 *     src/excel/write.ts (text stays text, dates become date cells).
 * The validation work itself is a `FixCompute`, in this thread by default; the pane passes one
 * that runs in a Web Worker. Customers key-field writes go through the change tracker's
 * `ownWrites`, so they are not logged a second time as user edits.
 */
import { logTime, type KeyField } from "../core/changes";
import { fixWriteId, fixWrites, type FixWrite } from "../core/fixplan";
import { verifyChangeLog, webCryptoSha256 } from "../core/records/chain";
import type { Cell, SheetBlock } from "../core/table";
import { applyFixes as applyFixesToBlocks, validateWorkbook, type FindingCode, type ValidateOptions } from "../core/validate";
import { findingAddress, readWorkbook, toCheckResult, type CheckOptions, type CheckResult, type ExcelRun } from "./check";
import { announceChainStart, appendRecords, queueCellWrites } from "./write";

/** The part of the change tracker fixes use (src/excel/changes.ts ChangeTracker). */
export interface OwnWriteTracker {
  ownWrites<T>(batch: (context: Excel.RequestContext, own: (sheetRow: number, field: KeyField, value: Cell) => void) => Promise<T>): Promise<T>;
}

/** What planning a fix needs besides the cells. */
export interface FixPlanOptions extends Pick<ValidateOptions, "asOf" | "knownIdChanges" | "onProgress"> {
  /** Only fixes of these codes (default: every fix). */
  codes?: readonly FindingCode[];
  /** ChangeLog 时间 and 操作人 of the writes. */
  time: string;
  user: string;
}

/** The check of what was read and the writes of its fixes. */
export interface FixPlan {
  writes: FixWrite[];
  check: CheckResult;
}

/** The CPU part of fixing, separate from Excel I/O so that a host can run it elsewhere (the pane: a Web Worker). */
export interface FixCompute {
  /** Validate `blocks` and plan the writes of their fixes. */
  plan(blocks: SheetBlock[], options: FixPlanOptions): Promise<FixPlan>;
  /** The check of `blocks` once `writes` are in (the result shown after a fix, without reading the workbook again). */
  recheck(blocks: SheetBlock[], writes: FixWrite[], options: Pick<FixPlanOptions, "asOf" | "knownIdChanges" | "onProgress">): Promise<CheckResult>;
}

/** FixCompute in this thread (the core called directly); the check it gives includes the ChangeLog chain (log-tampered), like a Check. */
export const localFixCompute: FixCompute = {
  plan: async (blocks, options) => {
    const changeLog = await verifyChangeLog(blocks, webCryptoSha256);
    const report = validateWorkbook(blocks, { asOf: options.asOf, knownIdChanges: options.knownIdChanges, onProgress: options.onProgress, changeLog });
    return { writes: fixWrites(report, { time: options.time, user: options.user }, options.codes), check: toCheckResult(report) };
  },
  recheck: async (blocks, writes, options) => {
    // The rows a fix appends to ChangeLog are chained by the writer; the rows read before are what can be broken.
    const changeLog = await verifyChangeLog(blocks, webCryptoSha256);
    return toCheckResult(validateWorkbook(applyFixesToBlocks(blocks, writes.map((w) => w.edit.finding)), { ...options, changeLog }));
  },
};

/** Options of applying fixes. */
export interface FixOptions extends CheckOptions {
  /** Only fixes of these codes (default: every fix). */
  codes?: readonly FindingCode[];
  /** Only these planned writes (ids of `previewFixes`); those whose cell changed since are skipped. Default: every fix. */
  only?: readonly string[];
  /** The running change tracker, when there is one. */
  tracker?: OwnWriteTracker | null;
  /** 操作人 for the ChangeLog rows. */
  user?: string;
  now?: () => Date;
  /** Where the validation runs (default: this thread). */
  compute?: FixCompute;
  /** Abandons the fix before anything is written (after that it runs to the end: one batch). */
  signal?: AbortSignal;
  /** Told the number of cells just before the write batch starts (from then on `signal` is no longer heeded). */
  onWrite?: (cells: number) => void;
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

/** One write of a fix as the preview lists it: the cell, before → after, and its id for `only`. */
export interface PlannedFix extends ChangedCell {
  id: string;
  /** 客户编号 of the row, when it has one. */
  customerId: string;
}

/** What applying fixes did: the cells changed and the check of the workbook after them. */
export interface FixResult {
  changed: ChangedCell[];
  /** Chosen fixes (`only`) not written because their cell no longer holds what the preview showed. */
  skipped: number;
  check: CheckResult;
}

/** The cell a fix write changes, as the pane lists it. */
function changedCell(w: FixWrite): ChangedCell {
  return { sheet: w.edit.sheet, address: findingAddress(w.edit)!, column: w.edit.finding.column, code: w.edit.finding.code, before: w.edit.before, after: w.edit.after };
}

async function fixIn(context: Excel.RequestContext, own: (sheetRow: number, field: KeyField, value: Cell) => void, options: FixOptions): Promise<FixResult> {
  const read = await readWorkbook(context, options);
  const compute = options.compute ?? localFixCompute;
  const time = logTime(options.now?.() ?? new Date());
  const plan = await compute.plan(read.blocks, { asOf: options.asOf, knownIdChanges: options.knownIdChanges, codes: options.codes, time, user: options.user ?? "" });
  let writes = plan.writes;
  let skipped = 0;
  if (options.only) {
    const chosen = new Set(options.only);
    writes = writes.filter((w) => chosen.has(fixWriteId(w)));
    skipped = chosen.size - writes.length;
  }
  options.signal?.throwIfAborted();
  if (writes.length === 0) return { changed: [], skipped, check: plan.check };
  // One batch; on Excel on the web a very large one is split under the request bound, each part
  // still writing its ChangeLog rows before its values.
  const perPart = options.requestBudget ? Math.max(1, Math.floor(options.requestBudget / WRITE_BYTES)) : writes.length;
  options.onWrite?.(writes.length);
  for (let start = 0; start < writes.length; start += perPart) {
    const part = writes.slice(start, start + perPart);
    const logged = await appendRecords(context, read.changeLog, part.map((w) => w.log));
    for (const w of part) if (w.keyField) own(w.edit.row, w.keyField, w.edit.after);
    await queueCellWrites(context, part.map((w) => ({ sheet: w.edit.sheet, row: w.edit.row, column: w.edit.columnNumber, value: w.edit.after, format: w.format })));
    await context.sync();
    announceChainStart(logged.chainStart);
  }
  const after = await compute.recheck(read.blocks, writes, { asOf: options.asOf, knownIdChanges: options.knownIdChanges });
  return { changed: writes.map(changedCell), skipped, check: after };
}

/** Plan the safe fixes (all, or of `codes`) without writing: each cell with its value before and after, for the pane's preview. */
export async function previewFixes(run: ExcelRun, options: Omit<FixOptions, "only" | "tracker"> = {}): Promise<{ fixes: PlannedFix[]; check: CheckResult }> {
  const read = await run((context) => readWorkbook(context, options));
  options.signal?.throwIfAborted();
  const compute = options.compute ?? localFixCompute;
  const plan = await compute.plan(read.blocks, { asOf: options.asOf, knownIdChanges: options.knownIdChanges, codes: options.codes, time: "", user: options.user ?? "" });
  return { fixes: plan.writes.map((w) => ({ ...changedCell(w), id: fixWriteId(w), customerId: w.edit.finding.customerId ?? "" })), check: plan.check };
}

/** Apply the safe fixes (all, of `codes`, or the `only` ones of a preview) in one write batch, each old value logged to ChangeLog first. */
export async function applyFixes(run: ExcelRun, options: FixOptions = {}): Promise<FixResult> {
  if (options.tracker) return options.tracker.ownWrites((context, own) => fixIn(context, own, options));
  return run((context) => fixIn(context, () => undefined, options));
}
