/**
 * Excel I/O of credit management (SPEC §8; the pane's 信用 tab): read what each step needs
 * (src/excel/read.ts: tables found by table or sheet name, under the web budget), let
 * core/credit decide, and write through src/excel/write.ts. No business rule lives here.
 *
 *   - generateReview: the sheet `信用评级调整 YYYY` (core buildCreditReview), 编制人 prefilled
 *     with the pane's 操作人; a year whose sheet exists is not written over unless `again`
 *     (the pane asks first, saying how many rows have an 审批结果). 2 syncs to read, 1 to write.
 *   - applyReview: the approved rows (core planReviewApply) written into Customers, each old value
 *     to ChangeLog first (原因 信用评级调整 YYYY, 操作人 = the row's 审批人, each row with its 校验),
 *     read and written inside the change tracker's queue (its ownWrites: the tracker logs nothing
 *     twice). Applying twice writes nothing the second time.
 *   - recordMonth: the month's rows into CreditHistory (信用月报; a month already recorded is
 *     replaced, in the same request) and the `信用异常 YYYY-MM` sheet with its tables and two native
 *     charts (core monthlyReport, abnormalitySheet).
 * What cannot be done is returned as a refusal (data the pane words), with nothing written.
 */
import {
  abnormalitySheet, buildCreditReview, CreditPolicyError, existingAbnormalitySheet, existingReviewSheet, filledReviewRows, isRowOfMonth,
  MonitorError, monthlyReport, monthRecords, PaymentsTableError, planReviewApply, ReviewError, reviewSheetName,
  type AbnormalityRule, type Aging, type Grade, type ReviewErrorCode, type ReviewOutcome, type ReviewSkip,
} from "../core/credit";
import { logTime, type KeyField } from "../core/changes";
import { cellAddress, type Cell, type SheetBlock } from "../core/table";
import { CHANGELOG, CREDIT_HISTORY, CREDIT_POLICY, CUSTOMERS, PAYMENTS } from "../core/template/tables";
import type { LocalizedText } from "../core/validate";
import type { ExcelRun } from "./check";
import type { OwnWriteTracker } from "./fixes";
import { readBlocks, readTemplateTables, type TemplateRead } from "./read";
import { appendRecords, queueCellWrites, RequestBudget, WEB_WRITE_BUDGET, writeSheet } from "./write";

/** Why a credit step did nothing, as data (the pane words it). */
export type CreditRefusal =
  | { kind: "refused"; reason: "payments" }
  | { kind: "refused"; reason: "policy"; key: string; value: string }
  | { kind: "refused"; reason: ReviewErrorCode; sheet: string; columns: readonly string[] }
  | { kind: "refused"; reason: "bad-month" | "not-begun"; month: string };

/** What generating the year's review did. */
export type ReviewSheetOutcome =
  | CreditRefusal
  /** The year's review sheet is there: nothing written (generate again only when asked: `again`). `filled`: its rows with an 审批结果. */
  | { kind: "exists"; year: number; sheet: string; filled: number }
  | {
    kind: "made"; year: number; sheet: string; asOf: string; customers: number; dormant: number;
    changes: { grade: number; limit: number; thin: number };
    /** An earlier sheet of the year was replaced (with `again`); `filledBefore` of its rows had an 审批结果. */
    replaced: boolean; filledBefore: number;
  };

/** One row of the review sheet after applying, as the pane lists it. */
export interface AppliedRow {
  /** The review sheet's row, and the cell its message is about (A1). */
  row: number;
  address: string;
  customerId: string;
  status: ReviewOutcome["status"];
  skip?: ReviewSkip;
  message: LocalizedText;
}

/** What applying the approved rows did. */
export type ReviewApplyOutcome =
  | CreditRefusal
  | { kind: "applied"; year: number; reviewSheet: string; customersSheet: string; counts: { applied: number; unchanged: number; skipped: number }; cells: number; changeLogRows: number; rows: AppliedRow[] };

/** What recording a month did. */
export type MonthOutcome =
  | CreditRefusal
  | {
    kind: "recorded"; month: string; asOf: string; previous: string | null; customers: number;
    byRule: Record<AbnormalityRule, number>; total: number; longOverdueDays: number;
    /** Rows of this month that were in 信用月报 before, replaced now. */
    replaced: number;
    historySheet: string; sheet: string; sheetReplaced: boolean; charts: number;
    grades: { current: Record<Grade, number>; previous: Record<Grade, number> | null };
    agingFen: Record<keyof Aging, number>;
  };

/** Options every credit step takes. */
export interface CreditStepOptions {
  /** Largest estimated response of one read sync (WEB_READ_BUDGET on Excel on the web; default none). */
  requestBudget?: number;
  /** Today's day number (default: today in Asia/Shanghai); the day credit is measured at, and the latest 审批日期 accepted. */
  today: number;
}

/** A core error that means "this cannot be done" as a refusal; anything else is thrown on. */
function refusal(e: unknown): CreditRefusal {
  if (e instanceof PaymentsTableError) return { kind: "refused", reason: "payments" };
  if (e instanceof CreditPolicyError) return { kind: "refused", reason: "policy", key: e.key, value: e.value };
  if (e instanceof ReviewError) return { kind: "refused", reason: e.code, sheet: e.sheet, columns: e.columns };
  if (e instanceof MonitorError) return { kind: "refused", reason: e.code, month: e.month };
  throw e;
}

/** Customers columns credit management reads (what core readRecordedCredit needs). */
const CUSTOMER_COLUMNS = ["customerId", "name", "owner", "status", "grade", "creditLimit"];

/** A sheet read whole (its used range), or null when it is missing or empty: a review sheet spelt another way than asked. */
async function readSheet(context: Excel.RequestContext, name: string, budget?: number): Promise<SheetBlock | null> {
  const used = context.workbook.worksheets.getItem(name).getUsedRangeOrNullObject(true).load("isNullObject,rowIndex,columnIndex,rowCount,columnCount");
  await context.sync();
  if (used.isNullObject) return null;
  const [data] = await readBlocks(context, [{ sheet: name, row: used.rowIndex, column: used.columnIndex, rows: used.rowCount, columns: used.columnCount, formats: true }], { budget });
  return { sheet: name, firstRow: used.rowIndex + 1, firstColumn: used.columnIndex + 1, values: data.values, numberFormats: data.numberFormats };
}

/** The blocks credit needs, with the year's review sheet (found by name, spaces and full-width digits ignored) when there is one. */
async function readForReview(context: Excel.RequestContext, year: number, budget: number | undefined, withPayments: boolean): Promise<{ read: TemplateRead; blocks: SheetBlock[]; review: { name: string; block: SheetBlock | null } | null }> {
  const canonical = reviewSheetName(year);
  const read = await readTemplateTables(context, [
    { def: CUSTOMERS, columns: CUSTOMER_COLUMNS },
    ...(withPayments ? [{ def: PAYMENTS }, { def: CREDIT_POLICY }] : []),
  ], { budget, sheets: [canonical], records: withPayments ? [] : [CHANGELOG] });
  const name = existingReviewSheet(read.sheetNames, year);
  if (name === null) return { read, blocks: read.blocks, review: null };
  const block = name === canonical ? read.sheets.get(canonical) ?? null : await readSheet(context, name, budget);
  return { read, blocks: block ? [...read.blocks, block] : read.blocks, review: { name, block } };
}

/**
 * Generate the annual review sheet of `year` (SPEC §8.2): every customer not 休眠, graded today,
 * with the proposal prefilled and 编制人 = `preparer`. A workbook that has the year's sheet gets
 * nothing (`exists`, with how many rows have an 审批结果) unless `again`: then the sheet is
 * replaced under its own name, and the outcome says how many filled-in rows the old one had.
 */
export async function generateReview(run: ExcelRun, options: CreditStepOptions & { year: number; preparer?: string; again?: boolean }): Promise<ReviewSheetOutcome> {
  return run(async (context) => {
    const { blocks, review: existing } = await readForReview(context, options.year, options.requestBudget, true);
    const filled = filledReviewRows(existing?.block ?? undefined);
    if (existing && !options.again) return { kind: "exists", year: options.year, sheet: existing.name, filled };
    let review;
    try {
      review = buildCreditReview(blocks, { year: options.year, asOf: options.today, preparer: options.preparer });
    } catch (e) {
      return refusal(e);
    }
    const name = existing?.name ?? review.sheetName;
    const budget = options.requestBudget ? new RequestBudget(context, { bytes: WEB_WRITE_BUDGET }) : undefined;
    await writeSheet(context, { ...review.sheet, name }, { known: { exists: existing !== null, hasData: existing !== null }, replace: existing !== null, activate: true, budget });
    await context.sync();
    return {
      kind: "made", year: options.year, sheet: name, asOf: review.asOf, customers: review.proposals.length, dormant: review.dormant,
      changes: review.changes, replaced: existing !== null, filledBefore: filled,
    };
  });
}

/**
 * Apply the approved rows of the year's review sheet (SPEC §8.2): their 调整后等级 / 调整后额度
 * into Customers, each old value to ChangeLog first (the plan's entries: 原因 信用评级调整 YYYY,
 * 操作人 = 审批人), in one request. With the change tracker running, the whole step (read, plan,
 * write) runs in its queue as custfile's own writes, so the tracker logs nothing twice.
 */
export async function applyReview(run: ExcelRun, options: CreditStepOptions & { year: number; tracker?: OwnWriteTracker | null; now?: () => Date }): Promise<ReviewApplyOutcome> {
  const step = async (context: Excel.RequestContext, own: (sheetRow: number, field: KeyField, value: Cell) => void): Promise<ReviewApplyOutcome> => {
    const { read, blocks } = await readForReview(context, options.year, options.requestBudget, false);
    let plan;
    try {
      plan = planReviewApply(blocks, { year: options.year, time: logTime(options.now?.() ?? new Date()), today: options.today });
    } catch (e) {
      return refusal(e);
    }
    if (plan.writes.length > 0) {
      // The old values first (each row chained by its 校验), then the cells, in one request.
      await appendRecords(context, read.records.get("ChangeLog")!, plan.writes.map((w) => w.log));
      for (const w of plan.writes) own(w.row, w.field, w.after);
      await queueCellWrites(context, plan.writes.map((w) => ({ sheet: w.sheet, row: w.row, column: w.columnNumber, value: w.after, format: w.field === "grade" ? "text" : "money" })));
      await context.sync();
    }
    return {
      kind: "applied", year: plan.year, reviewSheet: plan.reviewSheet, customersSheet: plan.customersSheet, counts: plan.counts,
      cells: plan.writes.length, changeLogRows: plan.writes.length,
      rows: plan.outcomes.map((o) => ({ row: o.row, address: cellAddress(o.row, o.at.columnNumber), customerId: o.customerId, status: o.status, ...(o.skip ? { skip: o.skip } : {}), message: o.message })),
    };
  };
  if (options.tracker) return options.tracker.ownWrites((context, own) => step(context, own));
  return run((context) => step(context, () => undefined));
}

/**
 * Record `month` (SPEC §8.3): every customer measured as of the month's last day (today while it
 * runs) into CreditHistory — the month's earlier rows replaced in the same request — and the
 * sheet `信用异常 YYYY-MM` (summary, abnormalities against the latest earlier month, grade
 * distribution this month vs last, aging, two native charts), replacing that month's sheet.
 * 信用月报 is protected again after the write. Replaced rows are custfile's own measurements, not
 * customer data: they are not copied to ChangeLog (docs/credit.md says why).
 */
export async function recordMonth(run: ExcelRun, options: CreditStepOptions & { month: string }): Promise<MonthOutcome> {
  return run(async (context) => {
    const read = await readTemplateTables(context, [
      { def: CUSTOMERS, columns: CUSTOMER_COLUMNS }, { def: PAYMENTS }, { def: CREDIT_POLICY }, { def: CREDIT_HISTORY },
    ], { budget: options.requestBudget, records: [CREDIT_HISTORY] });
    let report;
    try {
      report = monthlyReport(read.blocks, { month: options.month, today: options.today });
    } catch (e) {
      return refusal(e);
    }
    const target = read.records.get("CreditHistory")!;
    const history = target.table ? read.blocks.find((b) => b.tableName === target.table!.name) : undefined;
    const budget = options.requestBudget ? new RequestBudget(context, { bytes: WEB_WRITE_BUDGET }) : undefined;
    const appended = await appendRecords(context, target, monthRecords(report), {
      budget, protect: true,
      ...(history ? { replace: { body: { values: history.values.slice(1), numberFormats: history.numberFormats!.slice(1) }, match: (row: Record<string, Cell>) => isRowOfMonth(row, report.month) } } : {}),
    });
    const spec = abnormalitySheet(report);
    const existing = existingAbnormalitySheet(read.sheetNames, report.month);
    const name = existing ?? spec.name;
    const written = await writeSheet(context, { ...spec, name }, { known: { exists: existing !== null, hasData: existing !== null }, replace: existing !== null, activate: true, budget });
    await context.sync();
    return {
      kind: "recorded", month: report.month, asOf: report.asOf, previous: report.previous, customers: report.rows.length,
      byRule: report.byRule, total: report.abnormalities.length, longOverdueDays: report.policy.longOverdueDays,
      replaced: appended.replaced ?? 0, historySheet: appended.sheet, sheet: name, sheetReplaced: existing !== null, charts: written.charts,
      grades: report.grades, agingFen: report.agingFen,
    };
  });
}
