/**
 * The annual credit review (信用评级调整, SPEC §8.2; seed 000: grades adjusted once a year from
 * sales and payments, approved by the marketing director, filed by finance). Three steps, all
 * host-free: propose (a review sheet listing every customer not 休眠 with the computed grade and
 * limit prefilled), read back what people filled in, and plan the approved changes as cell
 * edits to Customers with their ChangeLog rows. Applying the plan twice changes nothing the
 * second time, because a row whose Customers values already match is left alone.
 */
import { customerIdKey } from "../customerid";
import type { ChangeLogEntry, ChangeReason } from "../changes/diff";
import { dayOfCell, formatDay } from "../dates";
import type { ColumnSpec, SheetSpec } from "../sheets";
import { cellText, isBlank, type Cell, type SheetBlock } from "../table";
import { APPROVAL_RESULTS, REVIEW_COLUMNS, REVIEW_SHEET_PREFIX, type ApprovalResult } from "../template/credit";
import { CUSTOMERS, header, normalizeHeader, type TableKey } from "../template/tables";
import { HEADER_SEARCH_ROWS } from "../validate/detect";
import { locate } from "../validate/messages";
import type { LocalizedText } from "../validate/types";
import type { Aging } from "./model";
import type { CustomerCredit } from "./payments";
import { amountFenOfCell, gradeOfCell, RECORDED_GRADES, readRecordedCredit, yuanText, type CustomersColumn, type RecordedCustomer, type RecordedGrade } from "./recorded";
import { CREDIT_TABLES, creditReport, type CreditReport } from "./report";

/** Why a review cannot be made or applied as a whole, as a code a host words (the message says it in both languages for the command line). */
export type ReviewErrorCode = "no-customers-table" | "no-customers" | "no-review-sheet" | "review-columns" | "customers-columns";

/** The review cannot be made or applied as a whole (no Customers, no review sheet, a column missing); the message names the sheet. */
export class ReviewError extends Error {
  constructor(message: string, readonly code: ReviewErrorCode, readonly sheet: string, readonly columns: readonly string[] = []) {
    super(message);
    this.name = "ReviewError";
  }
}

/** The name of the review sheet of a year: `信用评级调整 2026`. */
export function reviewSheetName(year: number): string {
  return `${REVIEW_SHEET_PREFIX} ${year}`;
}

/** The ChangeLog 原因 of the review of a year. */
export function reviewReason(year: number): ChangeReason {
  return `${REVIEW_SHEET_PREFIX} ${year}`;
}

/**
 * The tables a review reads (a host may read only their sheets, and the review sheet of the year,
 * found by existingReviewSheet): buildCreditReview grades as creditReport does; planReviewApply
 * reads Customers (the ChangeLog rows it plans are appended by the host's writer).
 */
export const REVIEW_TABLES: readonly TableKey[] = CREDIT_TABLES;
export const REVIEW_APPLY_TABLES: readonly TableKey[] = ["Customers"];

/** The workbook's review sheet of a year (spaces and full-width forms ignored), or null: generating refuses to overwrite it unless asked to. */
export function existingReviewSheet(sheetNames: readonly string[], year: number): string | null {
  const wanted = normalizeHeader(reviewSheetName(year));
  return sheetNames.find((n) => normalizeHeader(n) === wanted) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Proposing

/** One customer's line of the review sheet. */
export interface ReviewProposal {
  customerId: string;
  name: string;
  owner: string;
  /** 客户等级 and 信用额度 as Customers records them (the grade as written; the limit in yuan, null when blank or unreadable). */
  currentGrade: string;
  currentLimit: number | null;
  credit: CustomerCredit;
  /** Prefilled proposal: the computed grade and suggested limit; for N (not enough history) the current values, to be decided by hand. */
  proposedGrade: RecordedGrade | null;
  proposedLimit: number | null;
  reason: string;
}

/** A review ready to be written. */
export interface CreditReview {
  year: number;
  asOf: string;
  sheetName: string;
  proposals: ReviewProposal[];
  /** Customers left out because they are 休眠. */
  dormant: number;
  /** Proposals that change the grade, that change the limit, and customers graded N (kept as they are, for a person to decide). */
  changes: { grade: number; limit: number; thin: number };
  report: CreditReport;
  sheet: SheetSpec;
}

/** Options of buildCreditReview. */
export interface ReviewOptions {
  year: number;
  /** The day the credit is measured at (day number). */
  asOf: number;
  /** Prefills 编制人 (the pane gives the 操作人 name). */
  preparer?: string;
}

const yuan = (fen: number | null) => (fen === null ? null : fen / 100);

/** Open amount more than 90 days past due (the money that makes a customer C类 whatever its history). */
function longOverdue(aging: Aging): number {
  return aging.d91_120 + aging.d120plus;
}

/** The generated 理由 of a proposal, e.g. "评分 78，DBT 18.2 天，12 张发票中 5 张逾期；等级 A类→B类，额度 320,000→120,000". */
export function proposalReason(credit: CustomerCredit, current: RecordedCustomer, proposedGrade: RecordedGrade | null, proposedLimit: number | null): string {
  const facts: string[] = [];
  if (credit.grade === "N") {
    facts.push(credit.invoices === 0 && credit.score === null ? "无可评分的回款记录" : `${credit.invoices} 张发票中 ${credit.lateInvoices} 张逾期`);
    facts.push("资料不足(N)，维持现等级与额度，请人工判断");
  } else {
    facts.push(`评分 ${credit.score}`, `DBT ${credit.dbt} 天`, `${credit.invoices} 张发票中 ${credit.lateInvoices} 张逾期`);
  }
  const veryLate = longOverdue(credit.aging);
  if (veryLate > 0) facts.push(`逾期超过 90 天未收 ${yuanText(Math.round(veryLate * 100))}`);
  const openFen = Math.round(credit.openAmount * 100);
  if (current.limitFen !== null && openFen > current.limitFen) facts.push(`未收 ${yuanText(openFen)} 超过现额度`);
  const changes: string[] = [];
  const was = current.grade ?? (current.gradeText || "空");
  changes.push(proposedGrade === current.grade ? "等级不变" : `等级 ${was}→${proposedGrade ?? "空"}`);
  const limitFen = proposedLimit === null ? null : Math.round(proposedLimit * 100);
  changes.push(limitFen === current.limitFen ? "额度不变" : `额度 ${current.limitFen === null ? "空" : yuanText(current.limitFen)}→${limitFen === null ? "空" : yuanText(limitFen)}`);
  return `${facts.join("，")}；${changes.join("，")}`;
}

/** The column specs of the review sheet: SPEC §8.2's columns in order, dropdowns on 调整后等级 and 审批结果. */
export function reviewColumns(): ColumnSpec[] {
  return REVIEW_COLUMNS.map((c) => ({
    header: c.header, format: c.format, width: c.width,
    ...(c.key === "proposedGrade" ? { list: RECORDED_GRADES } : c.key === "result" ? { list: APPROVAL_RESULTS } : {}),
  }));
}

/**
 * The review of a year: every customer of Customers that is not 休眠, graded at `asOf`, with the
 * proposal prefilled and the sheet to write. Throws ReviewError without customers, and the
 * credit errors (PaymentsTableError, CreditPolicyError) of creditReport.
 */
export function buildCreditReview(blocks: readonly SheetBlock[], options: ReviewOptions): CreditReview {
  const report = creditReport(blocks, options.asOf);
  const recorded = report.recorded;
  if (!recorded.found) throw new ReviewError(`没有客户信息表。No Customers table (sheet ${CUSTOMERS.sheet}): the review lists its customers.`, "no-customers-table", CUSTOMERS.sheet);
  if (recorded.customers.length === 0) throw new ReviewError(`${recorded.sheet}: no customers to review.${recorded.notes.length ? " " + recorded.notes.join(" ") : ""}`, "no-customers", recorded.sheet);
  const creditOf = new Map(report.customers.map((c) => [c.id, c]));
  const proposals: ReviewProposal[] = [];
  let dormant = 0;
  for (const current of recorded.customers) {
    if (current.status === "休眠") { dormant++; continue; }
    const credit = creditOf.get(current.id)!;
    const n = credit.grade === "N";
    const proposedGrade = n ? current.grade : (credit.grade as RecordedGrade);
    const proposedLimit = n ? yuan(current.limitFen) : credit.limit;
    proposals.push({
      customerId: current.id, name: current.name, owner: current.owner, currentGrade: current.gradeText, currentLimit: yuan(current.limitFen),
      credit, proposedGrade, proposedLimit, reason: proposalReason(credit, current, proposedGrade, proposedLimit),
    });
  }
  const sheetName = reviewSheetName(options.year);
  const asOf = formatDay(options.asOf);
  const gradeChanges = proposals.filter((p) => p.proposedGrade !== (recorded.byId.get(p.customerId)!.grade)).length;
  const limitChanges = proposals.filter((p) => p.proposedLimit !== p.currentLimit).length;
  const thin = proposals.filter((p) => p.credit.grade === "N").length;
  const preparer = options.preparer?.trim() ?? "";
  const rows = proposals.map((p): Cell[] => [
    p.customerId, p.name, p.owner, p.currentGrade, p.currentLimit, p.credit.score, p.credit.dbt, p.credit.lateInvoices, p.credit.grade, p.credit.limit,
    p.proposedGrade, p.proposedLimit, p.reason, preparer, null, null, null, null,
  ]);
  const sheet: SheetSpec = {
    name: sheetName,
    lines: [
      `${sheetName}：按回款记录评估（评估日 ${asOf}），市场部编制，营销总监审批，财务部备案。`,
      `共 ${proposals.length} 个客户${dormant ? `（不含休眠 ${dormant} 个）` : ""}：建议调整等级 ${gradeChanges} 个，调整额度 ${limitChanges} 个；资料不足(N) ${thin} 个维持现状，请人工判断。`,
      `填写：调整后等级、调整后额度可改；审批结果选 同意 / 不同意 / 修改后同意；审批人须不是编制人，并填审批日期。然后「应用已审批」（custfile review --apply）把已批准的行写入${CUSTOMERS.sheet}，原值先记入变更记录。`,
    ],
    tables: [{ name: `CreditReview${options.year}`, columns: reviewColumns(), rows }],
    freezeHeader: true,
  };
  return { year: options.year, asOf, sheetName, proposals, dormant, changes: { grade: gradeChanges, limit: limitChanges, thin }, report, sheet };
}

// ---------------------------------------------------------------------------------------------
// Reading back and applying

type ReviewKey = (typeof REVIEW_COLUMNS)[number]["key"];

/** Columns the apply step cannot do without. */
const NEEDED: readonly ReviewKey[] = ["customerId", "proposedGrade", "proposedLimit", "preparer", "approver", "result", "approvedOn"];

/** A review sheet as read back: where its header is, which column holds what, and its rows. */
export interface ReviewSheet {
  sheet: string;
  /** The header row's sheet row number. */
  headerRow: number;
  columns: Map<string, CustomersColumn & { index: number }>;
  /** Data rows with their sheet row numbers (blank rows left out). */
  rows: Array<{ row: number; cells: readonly Cell[] }>;
}

let reviewHeaders: Map<string, string> | undefined;

function reviewKeyOf(text: Cell): string | undefined {
  if (!reviewHeaders) {
    reviewHeaders = new Map();
    for (const c of REVIEW_COLUMNS) for (const h of [c.header, ...c.aliases]) if (!reviewHeaders.has(normalizeHeader(h))) reviewHeaders.set(normalizeHeader(h), c.key);
  }
  return typeof text === "string" ? reviewHeaders.get(normalizeHeader(text)) : undefined;
}

/** Read a filled review sheet (its header row may sit under the title lines); throws ReviewError naming the sheet and any missing column. */
export function readReviewSheet(block: SheetBlock): ReviewSheet {
  let best = { index: -1, score: 0 };
  for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, block.values.length); r++) {
    const keys = new Set((block.values[r] ?? []).map(reviewKeyOf).filter((k) => k !== undefined));
    if (keys.size > best.score) best = { index: r, score: keys.size };
  }
  const columns: ReviewSheet["columns"] = new Map();
  if (best.index >= 0) {
    (block.values[best.index] ?? []).forEach((cell, i) => {
      const key = reviewKeyOf(cell);
      if (key && !columns.has(key)) columns.set(key, { index: i, columnNumber: block.firstColumn + i, header: cellText(cell).trim() });
    });
  }
  const missing = NEEDED.filter((k) => !columns.has(k)).map((k) => REVIEW_COLUMNS.find((c) => c.key === k)!.header);
  if (missing.length > 0) {
    throw new ReviewError(`工作表「${block.sheet}」缺少列：${missing.join("、")}。Sheet "${block.sheet}" is missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (expected the header row of a review sheet).`, "review-columns", block.sheet, missing);
  }
  const rows: ReviewSheet["rows"] = [];
  for (let r = best.index + 1; r < block.values.length; r++) {
    const cells = block.values[r] ?? [];
    if (cells.every((c) => isBlank(c))) continue;
    rows.push({ row: block.firstRow + r, cells });
  }
  return { sheet: block.sheet, headerRow: block.firstRow + best.index, columns, rows };
}

/** How many rows of a review sheet people have filled in (an 审批结果): what generating it anew would lose; 0 for a sheet that does not read as a review sheet. */
export function filledReviewRows(block: SheetBlock | undefined): number {
  if (!block) return 0;
  try {
    const sheet = readReviewSheet(block);
    const result = sheet.columns.get("result")!.index;
    return sheet.rows.filter((r) => !isBlank(r.cells[result] ?? null)).length;
  } catch {
    return 0; // not readable as a review sheet: nothing filled in that custfile could apply
  }
}

/** Why an approved-looking row is not applied. */
export type ReviewSkip =
  | "blank-id" | "unknown-customer" | "repeated" | "not-approved" | "unknown-result" | "rejected"
  | "no-approver" | "no-preparer" | "same-person" | "no-date" | "bad-date" | "future-date" | "bad-grade" | "bad-limit" | "nothing-proposed";

/** One cell of Customers the review writes, with the ChangeLog row that keeps its old value (write the log first). */
export interface ReviewWrite {
  sheet: string;
  /** The sheet's 1-based row and column numbers. */
  row: number;
  columnNumber: number;
  /** The column's header as written in Customers. */
  column: string;
  customerId: string;
  field: "grade" | "creditLimit";
  before: Cell;
  after: Cell;
  /** "@" for the grade text (Excel keeps it as typed); null for the limit (a number keeps the cell's own format). */
  numberFormat: string | null;
  log: ChangeLogEntry;
}

/** What happens to one row of the review sheet. */
export interface ReviewOutcome {
  /** The review sheet's row number. */
  row: number;
  customerId: string;
  /** applied: Customers changes; unchanged: approved, and Customers already holds the approved values; skipped: not applied (see `skip`). */
  status: "applied" | "unchanged" | "skipped";
  skip?: ReviewSkip;
  result?: ApprovalResult;
  approver?: string;
  /** What is applied, or why not, with the place (sheet, row, column). */
  message: LocalizedText;
  /** The review-sheet cell the message is about: its 1-based column number and header (a host selects it). */
  at: CustomersColumn;
  writes: ReviewWrite[];
}

/** The apply step of a review: every row's outcome and the writes, in review-sheet row order. */
export interface ReviewApplyPlan {
  year: number;
  reviewSheet: string;
  customersSheet: string;
  outcomes: ReviewOutcome[];
  writes: ReviewWrite[];
  counts: { applied: number; unchanged: number; skipped: number };
}

/** Options of planReviewApply. */
export interface ApplyOptions {
  year: number;
  /** ChangeLog 时间 of the writes (logTime(now) in a host). */
  time: string;
  /** Today's day number: an approval dated later is not accepted. */
  today: number;
}

/** 审批结果 spellings accepted, by value. */
const RESULT_SPELLINGS: Readonly<Record<ApprovalResult, readonly string[]>> = {
  "同意": ["同意", "批准", "通过", "已同意", "approved", "approve", "yes"],
  "不同意": ["不同意", "不批准", "驳回", "否决", "拒绝", "rejected", "reject", "no"],
  "修改后同意": ["修改后同意", "修改同意", "修改后批准", "有条件同意", "approvedwithchanges"],
};

function resultOf(value: Cell): ApprovalResult | null {
  const n = normalizeHeader(cellText(value));
  for (const r of APPROVAL_RESULTS) if (RESULT_SPELLINGS[r].some((s) => normalizeHeader(s) === n)) return r;
  return null;
}

/** A person's name for the four-eyes comparison: full-width forms, spaces and case ignored. */
function personKey(name: string): string {
  return normalizeHeader(name);
}

/**
 * Plan applying a filled review sheet (SPEC §8.2): rows with 审批结果 同意 or 修改后同意, an
 * 审批人 who is not the 编制人 and an 审批日期 write their 调整后等级 / 调整后额度 into Customers,
 * each old value to ChangeLog first (原因 `信用评级调整 YYYY`, 操作人 = 审批人); every other row is
 * skipped with the reason. A blank 调整后等级 or 调整后额度 leaves that value as it is (never
 * cleared). Throws ReviewError when there is no review sheet of the year or no Customers.
 */
export function planReviewApply(blocks: readonly SheetBlock[], options: ApplyOptions): ReviewApplyPlan {
  const name = existingReviewSheet(blocks.map((b) => b.sheet), options.year);
  const block = name === null ? undefined : blocks.find((b) => b.sheet === name);
  if (!block) throw new ReviewError(`没有工作表「${reviewSheetName(options.year)}」。No sheet ${reviewSheetName(options.year)} to apply: generate it first (custfile review --year ${options.year}).`, "no-review-sheet", reviewSheetName(options.year));
  const sheet = readReviewSheet(block);
  const recorded = readRecordedCredit(blocks);
  if (!recorded.found || recorded.customers.length === 0) throw new ReviewError(`没有客户信息。No customers in ${recorded.sheet}: nothing to apply the review to.`, recorded.found ? "no-customers" : "no-customers-table", recorded.sheet);
  const reason = reviewReason(options.year);
  const seen = new Map<string, number>();
  const outcomes: ReviewOutcome[] = [];
  const missingColumns = new Set<string>();
  for (const { row, cells } of sheet.rows) {
    const at = (key: ReviewKey): Cell => {
      const c = sheet.columns.get(key);
      return c ? cells[c.index] ?? null : null;
    };
    const place = (key: ReviewKey) => {
      const c = sheet.columns.get(key)!;
      return { columnNumber: c.columnNumber, header: c.header };
    };
    // The canonical id (core/customerid), as 客户信息 is read; text that is no id stays as written (an unknown customer).
    const customerId = customerIdKey(at("customerId")) || cellText(at("customerId")).trim();
    const skip = (code: ReviewSkip, key: ReviewKey, zh: string, en: string, extra: Partial<ReviewOutcome> = {}): void => {
      const p = place(key);
      outcomes.push({ row, customerId, status: "skipped", skip: code, message: locate(sheet.sheet, row, p.columnNumber, p.header, { zh, en }), at: p, writes: [], ...extra });
    };
    if (customerId === "") { skip("blank-id", "customerId", "客户编号为空，未应用。", "客户编号 is blank; not applied."); continue; }
    const current = recorded.byId.get(customerId);
    if (!current) { skip("unknown-customer", "customerId", `客户编号 ${customerId} 不在${recorded.sheet}中，未应用。`, `客户编号 ${customerId} is not in ${recorded.sheet}; not applied.`); continue; }
    const first = seen.get(customerId);
    if (first !== undefined) { skip("repeated", "customerId", `客户编号 ${customerId} 与第 ${first} 行重复，只应用第 ${first} 行。`, `客户编号 ${customerId} repeats row ${first}; only row ${first} is applied.`); continue; }
    seen.set(customerId, row);

    const resultCell = at("result");
    if (isBlank(resultCell)) { skip("not-approved", "result", "未审批（审批结果为空）。", "not approved yet (审批结果 is blank)."); continue; }
    const result = resultOf(resultCell);
    if (result === null) { skip("unknown-result", "result", `审批结果「${cellText(resultCell)}」不是 同意 / 不同意 / 修改后同意，未应用。`, `审批结果 '${cellText(resultCell)}' is not 同意 / 不同意 / 修改后同意; not applied.`); continue; }
    if (result === "不同意") { skip("rejected", "result", "审批结果为不同意，未应用。", "审批结果 is 不同意 (rejected); not applied.", { result }); continue; }
    const approver = cellText(at("approver")).trim();
    const preparer = cellText(at("preparer")).trim();
    if (approver === "") { skip("no-approver", "approver", "审批人为空，未应用。", "审批人 (approver) is blank; not applied.", { result }); continue; }
    if (preparer === "") { skip("no-preparer", "preparer", "编制人为空：无法确认审批人不是编制人，未应用。", "编制人 (preparer) is blank, so the approver cannot be shown to be someone else; not applied.", { result, approver }); continue; }
    if (personKey(approver) === personKey(preparer)) { skip("same-person", "approver", `审批人与编制人是同一人（${approver}），未应用。`, `审批人 and 编制人 are the same person (${approver}); not applied.`, { result, approver }); continue; }
    const dateCell = at("approvedOn");
    if (isBlank(dateCell)) { skip("no-date", "approvedOn", "审批日期为空，未应用。", "审批日期 (approval date) is blank; not applied.", { result, approver }); continue; }
    const approvedOn = dayOfCell(dateCell);
    if (Number.isNaN(approvedOn)) { skip("bad-date", "approvedOn", `审批日期「${cellText(dateCell)}」不是日期，未应用。`, `审批日期 '${cellText(dateCell)}' is not a date; not applied.`, { result, approver }); continue; }
    if (approvedOn > options.today) { skip("future-date", "approvedOn", `审批日期 ${formatDay(approvedOn)} 晚于今天，未应用。`, `审批日期 ${formatDay(approvedOn)} is after today; not applied.`, { result, approver }); continue; }
    const gradeCell = at("proposedGrade");
    const grade = gradeOfCell(gradeCell);
    if (!isBlank(gradeCell) && grade === null) { skip("bad-grade", "proposedGrade", `调整后等级「${cellText(gradeCell)}」不是 A类 / B类 / C类，未应用。`, `调整后等级 '${cellText(gradeCell)}' is not A类 / B类 / C类; not applied.`, { result, approver }); continue; }
    const limitCell = at("proposedLimit");
    const limitFen = amountFenOfCell(limitCell);
    if (limitFen !== null && (Number.isNaN(limitFen) || limitFen < 0)) { skip("bad-limit", "proposedLimit", `调整后额度「${cellText(limitCell)}」不是 ≥ 0 的金额，未应用。`, `调整后额度 '${cellText(limitCell)}' is not an amount ≥ 0; not applied.`, { result, approver }); continue; }
    if (grade === null && limitFen === null) { skip("nothing-proposed", "proposedGrade", "调整后等级与调整后额度都为空，无可应用。", "调整后等级 and 调整后额度 are both blank; nothing to apply.", { result, approver }); continue; }

    const writes: ReviewWrite[] = [];
    const write = (field: ReviewWrite["field"], column: CustomersColumn | null, before: Cell, after: Cell) => {
      if (!column) { missingColumns.add(header(CUSTOMERS, field)); return; }
      writes.push({
        sheet: recorded.sheet, row: current.row, columnNumber: column.columnNumber, column: column.header, customerId, field, before, after,
        numberFormat: field === "grade" ? "@" : null,
        log: { time: options.time, table: CUSTOMERS.key, customerId, field: column.header, before: cellText(before), after: cellText(after), reason, user: approver },
      });
    };
    if (grade !== null && grade !== current.grade) write("grade", recorded.gradeColumn, current.gradeCell, grade);
    if (limitFen !== null && limitFen !== current.limitFen) write("creditLimit", recorded.limitColumn, current.limitCell, limitFen / 100);
    const p = place("result");
    const how = `${result}（审批人 ${approver}，${formatDay(approvedOn)}）`;
    const howEn = `${result} by ${approver} on ${formatDay(approvedOn)}`;
    if (writes.length === 0) {
      outcomes.push({ row, customerId, status: "unchanged", result, approver, writes, at: p, message: locate(sheet.sheet, row, p.columnNumber, p.header, { zh: `${how}：${recorded.sheet}已是批准的值，无需改动。`, en: `${howEn}: ${recorded.sheet} already holds the approved values; nothing to change.` }) });
      continue;
    }
    const what = writes.map((w) => `${w.column} ${cellText(w.before) || "空"}→${cellText(w.after)}`).join("，");
    const whatEn = writes.map((w) => `${w.column} ${cellText(w.before) || "blank"} → ${cellText(w.after)}`).join(", ");
    outcomes.push({ row, customerId, status: "applied", result, approver, writes, at: p, message: locate(sheet.sheet, row, p.columnNumber, p.header, { zh: `${how}：${what}。`, en: `${howEn}: ${whatEn}.` }) });
  }
  if (missingColumns.size > 0) {
    const list = [...missingColumns];
    throw new ReviewError(`${recorded.sheet}没有「${list.join("」「")}」列，无法写入已审批的调整。${recorded.sheet} has no column ${list.join(", ")}: add it before applying the review.`, "customers-columns", recorded.sheet, list);
  }
  const counts = { applied: 0, unchanged: 0, skipped: 0 };
  for (const o of outcomes) counts[o.status]++;
  return { year: options.year, reviewSheet: sheet.sheet, customersSheet: recorded.sheet, outcomes, writes: outcomes.flatMap((o) => o.writes), counts };
}
