/**
 * Monthly credit status (信用月报, SPEC §8.3; seed 000: credit status tracked every month,
 * abnormalities reported to finance). A month is measured as of its last day (today for the
 * running month) into one CreditHistory row per customer; the abnormality report compares it
 * with the latest earlier recorded month. Host-free: hosts read the workbook, call
 * `monthlyReport`, and write `recordMonth`'s table body and `abnormalitySheet`'s sheet.
 */
import { cellDay, dayNumber, daysInMonth, formatDay, parseIsoDate } from "../dates";
import type { SheetSpec } from "../sheets";
import { cellText, isBlank, type Cell, type SheetBlock } from "../table";
import { ABNORMALITY_COLUMNS, ABNORMALITY_SHEET_PREFIX, AGING_TOTAL_COLUMNS, GRADE_DISTRIBUTION_COLUMNS, REPORT_CAPTIONS, type SheetColumn } from "../template/credit";
import { CREDIT_HISTORY, normalizeHeader, type TableKey } from "../template/tables";
import { detectTables } from "../validate/detect";
import type { LocalizedText } from "../validate/types";
import { AGING_HEADERS, AGING_KEYS, type Aging, type Grade } from "./model";
import type { CustomerCredit } from "./payments";
import type { CreditPolicy } from "./policy";
import { amountFenOfCell, gradeOfCell, yuanText } from "./recorded";
import { readCustomerId } from "../customerid";
import { numberOfText } from "../numbers";
import { CREDIT_TABLES, creditReport, type CreditReport } from "./report";

/** The tables monthlyReport reads (a host may read only their sheets): creditReport's and CreditHistory (信用月报). */
export const MONITOR_TABLES: readonly TableKey[] = [...CREDIT_TABLES, "CreditHistory"];

/** The monthly report cannot be made: a month that is no month (`bad-month`), or has not begun (`not-begun`). */
export class MonitorError extends Error {
  constructor(message: string, readonly code: "bad-month" | "not-begun", readonly month: string) {
    super(message);
    this.name = "MonitorError";
  }
}

// ---------------------------------------------------------------------------------------------
// Months

/** A month as YYYY-MM text from what people type (2026-11, 2026/11, 2026年11月, 2026.11, 202611), or null. */
export function parseMonth(text: string): string | null {
  const t = text.normalize("NFKC").trim();
  const m = /^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$/.exec(t);
  if (!m) return null;
  const year = Number(m[1]), month = Number(m[2] ?? m[3]);
  return month >= 1 && month <= 12 ? `${m[1]}-${String(month).padStart(2, "0")}` : null;
}

/** A 月份 cell as YYYY-MM: month text, a date (Excel turns a typed 2026-11 into the 1st of the month), a date text, or 202611; null when it is none. */
export function monthOfCell(value: Cell | undefined): string | null {
  if (typeof value === "number" && Number.isInteger(value) && value >= 190001 && value <= 999912) return parseMonth(String(value));
  if (typeof value === "string") {
    const month = parseMonth(value);
    if (month) return month;
  }
  // Otherwise a day, read as everywhere (core/dates): its month.
  const day = cellDay(value);
  return day === null ? null : formatDay(day).slice(0, 7);
}

/** First and last day numbers of a YYYY-MM month. */
export function monthBounds(month: string): { first: number; last: number } {
  const y = Number(month.slice(0, 4)), m = Number(month.slice(5, 7));
  return { first: dayNumber(y, m, 1)!, last: dayNumber(y, m, daysInMonth(y, m))! };
}

/** The YYYY-MM of a day number. */
export function monthOfDay(day: number): string {
  return formatDay(day).slice(0, 7);
}

/** The day a month is measured at: its last day, or `today` while it is running; throws MonitorError for a month that has not begun. */
export function measureDay(month: string, today: number): number {
  if (parseMonth(month) !== month || parseIsoDate(`${month}-01`) === null) throw new MonitorError(`月份「${month}」无效，应为 YYYY-MM。The month must be written YYYY-MM, e.g. 2026-11 (got '${month}').`, "bad-month", month);
  const { first, last } = monthBounds(month);
  if (first > today) throw new MonitorError(`${month} 尚未开始（今天 ${formatDay(today)}）。${month} has not begun yet (today is ${formatDay(today)}).`, "not-begun", month);
  return Math.min(last, today);
}

// ---------------------------------------------------------------------------------------------
// One month's status

/** One CreditHistory row: a customer's credit status in a month (money in fen). */
export interface MonthStatus {
  month: string;
  customerId: string;
  score: number | null;
  /** A类 / B类 / C类 / N, or the text found in an older row. */
  grade: string;
  dbt: number | null;
  openFen: number;
  /** Open and past due. */
  overdueFen: number;
  /** 信用额度 recorded in Customers at the time; null when blank. */
  limitFen: number | null;
  suggestedFen: number;
  /** Open more than the policy's 长期逾期天数 past due; null when an older row does not say. */
  longOverdueFen: number | null;
}

const fen = (yuan: number) => Math.round(yuan * 100);

/** Aging bucket index of the first bucket beyond `days` past due (30 → 31–60, 60 → 61–90, ...). */
function firstBucketBeyond(days: number): number {
  return [0, 30, 60, 90, 120].indexOf(days) + 1 || AGING_KEYS.length;
}

/** The status of one customer from its credit figures and recorded limit. */
export function monthStatus(month: string, credit: CustomerCredit, limitFen: number | null, policy: CreditPolicy): MonthStatus {
  const bucketFen = AGING_KEYS.map((k) => fen(credit.aging[k]));
  const from = firstBucketBeyond(policy.longOverdueDays);
  return {
    month, customerId: credit.id, score: credit.score, grade: credit.grade, dbt: credit.dbt,
    openFen: fen(credit.openAmount), overdueFen: bucketFen.slice(1).reduce((a, b) => a + b, 0), limitFen,
    suggestedFen: fen(credit.limit), longOverdueFen: bucketFen.slice(from).reduce((a, b) => a + b, 0),
  };
}

/** A month measured: the credit run at its measuring day and one status per customer of Customers (in sheet order; without Customers, per customer of the payments). */
export interface MeasuredMonth {
  month: string;
  asOf: number;
  credit: CreditReport;
  rows: MonthStatus[];
}

/** Measure a month (SPEC §8.3): every customer as of the month's last day, or `today` for the running month. */
export function measureMonth(blocks: readonly SheetBlock[], month: string, today: number): MeasuredMonth {
  const asOf = measureDay(month, today);
  const credit = creditReport(blocks, asOf);
  const byId = new Map(credit.customers.map((c) => [c.id, c]));
  const rows = credit.recorded.found
    ? credit.recorded.customers.map((r) => monthStatus(month, byId.get(r.id)!, r.limitFen, credit.policy))
    : credit.customers.map((c) => monthStatus(month, c, null, credit.policy));
  return { month, asOf, credit, rows };
}

// ---------------------------------------------------------------------------------------------
// The CreditHistory table

/** The CreditHistory table as read: its columns (template key per column, null for others), rows with their status (null when unreadable, kept as they are). */
export interface CreditHistoryTable {
  found: boolean;
  sheet: string;
  /** The sheet row number of the header (0 when there is no table). */
  headerRow: number;
  /** The header cells as written (the template's when there is no table yet). */
  header: Cell[];
  /** Template column key of each column of the table, in its order. */
  columns: (string | null)[];
  rows: Array<{ row: number; cells: readonly Cell[]; status: MonthStatus | null }>;
  /** Rows that could not be read (sheet, row and column named); they are left out of comparisons and kept when recording. */
  problems: string[];
}

/** Read the CreditHistory (信用月报) table; a workbook without one gives an empty table with the template's columns. */
export function readCreditHistory(blocks: readonly SheetBlock[]): CreditHistoryTable {
  const table = detectTables(blocks).find((t) => t.table === "CreditHistory");
  const templateHeader = CREDIT_HISTORY.columns.map((c) => c.header);
  const none: CreditHistoryTable = { found: false, sheet: CREDIT_HISTORY.sheet, headerRow: 0, header: templateHeader, columns: CREDIT_HISTORY.columns.map((c) => c.key), rows: [], problems: [] };
  if (!table) return none;
  const block = blocks[table.blockIndex];
  if (table.headerRowIndex < 0 || block.values.length === 0) {
    const empty = block.values.every((r) => r.every((c) => isBlank(c)));
    return { ...none, found: true, sheet: table.sheet, problems: empty ? [] : [`${table.sheet}: no header row (expected ${templateHeader.join(", ")}); earlier months cannot be read.`] };
  }
  const headerCells = block.values[table.headerRowIndex];
  const columns: (string | null)[] = headerCells.map(() => null);
  for (const c of table.columns) columns[c.index] = c.def.key;
  const index = (key: string) => columns.indexOf(key);
  const headerText = (key: string) => cellText(headerCells[index(key)] ?? null) || key;
  const result: CreditHistoryTable = { found: true, sheet: table.sheet, headerRow: table.headerRow, header: [...headerCells], columns, rows: [], problems: [] };
  const missing = ["month", "customerId"].filter((k) => index(k) < 0).map((k) => CREDIT_HISTORY.columns.find((c) => c.key === k)!.header);
  for (let r = table.headerRowIndex + 1; r < block.values.length; r++) {
    const cells = block.values[r] ?? [];
    if (cells.every((c) => isBlank(c))) continue;
    const row = block.firstRow + r;
    if (missing.length > 0) {
      result.rows.push({ row, cells, status: null });
      continue;
    }
    const at = (key: string): Cell => (index(key) >= 0 ? cells[index(key)] ?? null : null);
    const bad = (key: string, what: string) => {
      result.problems.push(`${table.sheet} row ${row}, ${headerText(key)}: '${cellText(at(key))}' ${what}; the row is left out of the comparison (and kept).`);
      result.rows.push({ row, cells, status: null });
    };
    const month = monthOfCell(at("month"));
    if (month === null) { bad("month", "is not a month (YYYY-MM)"); continue; }
    const idRead = readCustomerId(at("customerId"));
    if (idRead.kind === "not-id") { result.problems.push(`${table.sheet} row ${row}, ${headerText("customerId")}: ${idRead.why}; the row is left out of the comparison (and kept).`); result.rows.push({ row, cells, status: null }); continue; }
    const customerId = idRead.kind === "id" ? idRead.id : "";
    if (customerId === "") { bad("customerId", "is blank"); continue; }
    const num = (key: string): number | null | "bad" => {
      const v = at(key);
      if (isBlank(v)) return null;
      const n = typeof v === "number" ? v : numberOfText(cellText(v).replace(/\s*天\s*$/, ""));
      return n !== null && Number.isFinite(n) ? n : "bad";
    };
    const money = (key: string): number | null | "bad" => {
      const f = amountFenOfCell(at(key));
      return f === null ? null : Number.isNaN(f) ? "bad" : f;
    };
    const score = num("score"), dbt = num("dbt");
    const open = money("openAmount"), overdue = money("overdueAmount"), limit = money("creditLimit"), suggested = money("suggestedLimit"), long = money("longOverdueAmount");
    const wrong = ([["score", score], ["dbt", dbt], ["openAmount", open], ["overdueAmount", overdue], ["creditLimit", limit], ["suggestedLimit", suggested], ["longOverdueAmount", long]] as const).find(([, v]) => v === "bad");
    if (wrong) { bad(wrong[0], "is not a number"); continue; }
    const gradeText = cellText(at("grade")).trim();
    result.rows.push({
      row, cells, status: {
        month, customerId, score: score as number | null, grade: gradeOfCell(gradeText) ?? (normalizeHeader(gradeText) === "n" ? "N" : gradeText), dbt: dbt as number | null,
        openFen: (open as number | null) ?? 0, overdueFen: (overdue as number | null) ?? 0, limitFen: limit as number | null, suggestedFen: (suggested as number | null) ?? 0,
        longOverdueFen: long as number | null,
      },
    });
  }
  if (missing.length > 0 && result.rows.length > 0) result.problems.push(`${table.sheet}: no ${missing.join(", ")} column; earlier months cannot be read.`);
  return result;
}

/** A status as cells in a table's column order (money in yuan; unknown columns blank). */
export function historyCells(status: MonthStatus, columns: readonly (string | null)[]): Cell[] {
  const yuan = (f: number | null) => (f === null ? null : f / 100);
  const byKey: Record<string, Cell> = {
    month: status.month, customerId: status.customerId, score: status.score, grade: status.grade, dbt: status.dbt,
    openAmount: yuan(status.openFen), overdueAmount: yuan(status.overdueFen), creditLimit: yuan(status.limitFen),
    suggestedLimit: yuan(status.suggestedFen), longOverdueAmount: yuan(status.longOverdueFen),
  };
  return columns.map((k) => (k === null ? null : byKey[k] ?? null));
}

/** What recording a month does to the CreditHistory table. */
export interface MonthRecording {
  month: string;
  /** Rows of this month already there, replaced (SPEC §8.3: "replaces it, and says so"). */
  replaced: number;
  /** Their sheet row numbers (for a host that deletes rows instead of rewriting the body). */
  removedRows: number[];
  /** The table's header (as written, or the template's for a new table) and its whole body after recording: every other row kept as it was (unreadable ones too), then the month's rows. */
  header: Cell[];
  body: Cell[][];
  /** The month's new rows, in the table's column order. */
  added: Cell[][];
}

/**
 * Whether a CreditHistory row (cells by template column key) belongs to a month: its 月份 reads
 * as that month. Such a row is replaced when the month is recorded again, even when another of
 * its cells cannot be read (it is a stale row of that month, not someone else's data).
 */
export function isRowOfMonth(row: Readonly<Record<string, Cell>>, month: string): boolean {
  return monthOfCell(row.month ?? null) === month;
}

/** The rows of the table that recording `month` replaces (see isRowOfMonth). */
function rowsOfMonth(history: CreditHistoryTable, month: string): Set<number> {
  const at = history.columns.indexOf("month");
  return new Set(history.rows.filter((r) => at >= 0 && isRowOfMonth({ month: r.cells[at] ?? null }, month)).map((r) => r.row));
}

/** Record a month into the CreditHistory table: rows of that month are replaced, every other row is kept verbatim. */
export function recordMonth(history: CreditHistoryTable, month: string, rows: readonly MonthStatus[]): MonthRecording {
  const kept: Cell[][] = [];
  const removedRows: number[] = [];
  const ofMonth = rowsOfMonth(history, month);
  for (const r of history.rows) {
    if (ofMonth.has(r.row)) removedRows.push(r.row);
    else kept.push([...r.cells]);
  }
  const added = rows.map((s) => historyCells(s, history.columns));
  return { month, replaced: removedRows.length, removedRows, header: history.header, body: [...kept, ...added], added };
}

// ---------------------------------------------------------------------------------------------
// Abnormalities

/** The rules of SPEC §8.3, in the order the report lists them. */
export const ABNORMALITY_RULES = ["new-c", "grade-down", "newly-over-limit", "overdue-up", "dbt-up", "first-long-overdue"] as const;
export type AbnormalityRule = (typeof ABNORMALITY_RULES)[number];

/** Short label of a rule (the long-overdue one names the policy's days). */
export function abnormalityLabel(rule: AbnormalityRule, policy: Pick<CreditPolicy, "longOverdueDays">): LocalizedText {
  const labels: Record<AbnormalityRule, LocalizedText> = {
    "new-c": { "zh-CN": "新增C类", "en-US": "New C" },
    "grade-down": { "zh-CN": "等级下降", "en-US": "Grade down" },
    "newly-over-limit": { "zh-CN": "新超信用额度", "en-US": "Newly over limit" },
    "overdue-up": { "zh-CN": "逾期金额大增", "en-US": "Overdue up" },
    "dbt-up": { "zh-CN": "DBT上升", "en-US": "DBT up" },
    "first-long-overdue": { "zh-CN": `首次逾期超${policy.longOverdueDays}天`, "en-US": `First > ${policy.longOverdueDays} days past due` },
  };
  return labels[rule];
}

/** One line of the report: a customer, a rule, the figures before (the previous recorded month) and after. */
export interface Abnormality {
  customerId: string;
  name: string;
  owner: string;
  rule: AbnormalityRule;
  /** A grade, or an amount in yuan, or DBT days; null when the previous month has no figure for the customer. */
  before: string | number | null;
  after: string | number | null;
  detail: LocalizedText;
}

const GRADE_RANK: Readonly<Record<string, number>> = { "A类": 0, "B类": 1, "C类": 2 };

/**
 * The abnormalities of a month against the latest earlier recorded month (SPEC §8.3), one per
 * customer and rule, in rule order then in the order of `current`. A drop to C类 is reported as
 * new C类 only (grade-down covers A类→B类), so one change is one line. No earlier month: nothing.
 */
export function findAbnormalities(
  current: readonly MonthStatus[], earlier: readonly MonthStatus[], policy: CreditPolicy, who: (id: string) => { name: string; owner: string },
): { previous: string | null; items: Abnormality[] } {
  const month = current[0]?.month;
  const before = earlier.filter((s) => month === undefined || s.month < month);
  const previous = before.reduce<string | null>((m, s) => (m === null || s.month > m ? s.month : m), null);
  if (previous === null) return { previous, items: [] };
  const prev = new Map(before.filter((s) => s.month === previous).map((s) => [s.customerId, s]));
  const everLong = new Set(before.filter((s) => (s.longOverdueFen ?? 0) > 0).map((s) => s.customerId));
  const found: Record<AbnormalityRule, Abnormality[]> = Object.fromEntries(ABNORMALITY_RULES.map((r) => [r, []])) as unknown as Record<AbnormalityRule, Abnormality[]>;
  const y = (f: number | null) => (f === null ? null : f / 100);
  const days = policy.longOverdueDays;
  for (const now of current) {
    const p = prev.get(now.customerId);
    const add = (rule: AbnormalityRule, b: string | number | null, a: string | number | null, zh: string, en: string) =>
      found[rule].push({ customerId: now.customerId, ...who(now.customerId), rule, before: b, after: a, detail: { "zh-CN": zh, "en-US": en } });
    if (now.grade === "C类" && p?.grade !== "C类") {
      add("new-c", p?.grade ?? null, now.grade, p ? `等级 ${p.grade}→C类` : `${previous} 无记录，本月 C类`, p ? `grade ${p.grade} → C类` : `not recorded in ${previous}, C类 now`);
    } else if (p && now.grade in GRADE_RANK && p.grade in GRADE_RANK && GRADE_RANK[now.grade] > GRADE_RANK[p.grade]) {
      add("grade-down", p.grade, now.grade, `等级 ${p.grade}→${now.grade}`, `grade ${p.grade} → ${now.grade}`);
    }
    const over = (s: MonthStatus | undefined) => s !== undefined && s.limitFen !== null && s.openFen > s.limitFen;
    if (over(now) && !over(p)) {
      add("newly-over-limit", y(p?.openFen ?? null), y(now.openFen),
        `未收 ${yuanText(now.openFen)} 超过信用额度 ${yuanText(now.limitFen!)}${p ? `（上月未收 ${yuanText(p.openFen)}）` : ""}`,
        `open ${yuanText(now.openFen)} is over the credit limit ${yuanText(now.limitFen!)}${p ? ` (open ${yuanText(p.openFen)} last month)` : ""}`);
    }
    const was = p?.overdueFen ?? 0;
    const rise = now.overdueFen - was;
    if (rise > 0 && rise >= Math.round(policy.overdueIncreaseAmount * 100) && rise >= was * policy.overdueIncreaseRatio) {
      const pct = was > 0 ? `，+${Math.round((rise / was) * 100)}%` : "";
      add("overdue-up", y(was), y(now.overdueFen), `逾期金额 ${yuanText(was)}→${yuanText(now.overdueFen)}（+${yuanText(rise)}${pct}）`,
        `overdue ${yuanText(was)} → ${yuanText(now.overdueFen)} (+${yuanText(rise)}${pct.replace("，", ", ")})`);
    }
    if (p && p.dbt !== null && now.dbt !== null && Math.round((now.dbt - p.dbt) * 10) >= Math.round(policy.dbtIncreaseDays * 10)) {
      const up = (Math.round((now.dbt - p.dbt) * 10) / 10).toFixed(1);
      add("dbt-up", p.dbt, now.dbt, `DBT ${p.dbt.toFixed(1)}→${now.dbt.toFixed(1)} 天（+${up}）`, `DBT ${p.dbt.toFixed(1)} → ${now.dbt.toFixed(1)} days (+${up})`);
    }
    if ((now.longOverdueFen ?? 0) > 0 && !everLong.has(now.customerId)) {
      add("first-long-overdue", y(p?.longOverdueFen ?? null), y(now.longOverdueFen), `首次有逾期超过 ${days} 天的未收款 ${yuanText(now.longOverdueFen!)}`,
        `first time anything is more than ${days} days past due: ${yuanText(now.longOverdueFen!)}`);
    }
  }
  return { previous, items: ABNORMALITY_RULES.flatMap((r) => found[r]) };
}

// ---------------------------------------------------------------------------------------------
// The month's report

/** Grades in the order the report shows them. */
const GRADES: readonly Grade[] = ["A类", "B类", "C类", "N"];

/** Everything the monthly report says about a month. */
export interface MonthlyReport {
  month: string;
  /** The measuring day (YYYY-MM-DD). */
  asOf: string;
  /** The latest earlier recorded month compared with, or null. */
  previous: string | null;
  rows: MonthStatus[];
  abnormalities: Abnormality[];
  byRule: Record<AbnormalityRule, number>;
  grades: { current: Record<Grade, number>; previous: Record<Grade, number> | null };
  /** Open amount per aging bucket this month (fen). */
  agingFen: Record<keyof Aging, number>;
  /** Rows of this month already in CreditHistory (recording replaces them). */
  alreadyRecorded: number;
  history: CreditHistoryTable;
  credit: CreditReport;
  policy: CreditPolicy;
}

/** Options of monthlyReport. */
export interface MonthlyOptions {
  /** YYYY-MM. */
  month: string;
  /** Today's day number (the running month is measured at it). */
  today: number;
}

function gradeCounts(rows: readonly MonthStatus[]): Record<Grade, number> {
  const counts: Record<Grade, number> = { "A类": 0, "B类": 0, "C类": 0, N: 0 };
  for (const r of rows) if ((GRADES as readonly string[]).includes(r.grade)) counts[r.grade as Grade]++;
  return counts;
}

/** Measure a month and compare it with the latest earlier month of CreditHistory (SPEC §8.3); writes nothing. */
export function monthlyReport(blocks: readonly SheetBlock[], options: MonthlyOptions): MonthlyReport {
  const measured = measureMonth(blocks, options.month, options.today);
  const history = readCreditHistory(blocks);
  const earlier = history.rows.flatMap((r) => (r.status ? [r.status] : []));
  const recorded = measured.credit.recorded;
  const who = (id: string) => {
    const r = recorded.byId.get(id);
    return { name: r?.name ?? "", owner: r?.owner ?? "" };
  };
  const { previous, items } = findAbnormalities(measured.rows, earlier, measured.credit.policy, who);
  const byRule = Object.fromEntries(ABNORMALITY_RULES.map((r) => [r, 0])) as Record<AbnormalityRule, number>;
  for (const a of items) byRule[a.rule]++;
  const creditOf = new Map(measured.credit.customers.map((c) => [c.id, c]));
  const agingFen = Object.fromEntries(AGING_KEYS.map((k) => [k, 0])) as Record<keyof Aging, number>;
  for (const r of measured.rows) for (const k of AGING_KEYS) agingFen[k] += fen(creditOf.get(r.customerId)!.aging[k]);
  return {
    month: options.month, asOf: formatDay(measured.asOf), previous, rows: measured.rows, abnormalities: items, byRule,
    grades: { current: gradeCounts(measured.rows), previous: previous === null ? null : gradeCounts(earlier.filter((s) => s.month === previous)) },
    agingFen, alreadyRecorded: rowsOfMonth(history, options.month).size, history, credit: measured.credit, policy: measured.credit.policy,
  };
}

/** A report's month as CreditHistory records by column key (money in yuan), for a writer's append. */
export function monthRecords(report: Pick<MonthlyReport, "rows">): Array<Record<string, Cell>> {
  const keys = CREDIT_HISTORY.columns.map((c) => c.key);
  return report.rows.map((s) => {
    const cells = historyCells(s, keys);
    return Object.fromEntries(keys.map((k, i) => [k, cells[i]]));
  });
}

/** The CreditHistory recording of a report's month (replacing a recorded month). */
export function recordReportMonth(report: MonthlyReport): MonthRecording {
  return recordMonth(report.history, report.month, report.rows);
}

/** The JSON of `custfile monitor --json`. */
export function monthlyJson(report: MonthlyReport) {
  return {
    month: report.month,
    asOf: report.asOf,
    previous: report.previous,
    customers: report.rows.length,
    abnormalities: report.abnormalities.map((a) => ({ id: a.customerId, name: a.name, owner: a.owner, rule: a.rule, before: a.before, after: a.after })),
    summary: { byRule: report.byRule, total: report.abnormalities.length, alreadyRecorded: report.alreadyRecorded },
  };
}

/** The name of a month's report sheet: `信用异常 2026-11`. */
export function abnormalitySheetName(month: string): string {
  return `${ABNORMALITY_SHEET_PREFIX} ${month}`;
}

/** The workbook's report sheet of a month (spaces and full-width forms ignored), or null: a new report replaces it under its own name. */
export function existingAbnormalitySheet(sheetNames: readonly string[], month: string): string | null {
  const wanted = normalizeHeader(abnormalitySheetName(month));
  return sheetNames.find((n) => normalizeHeader(n) === wanted) ?? null;
}

/** The summary lines at the top of the report (also what a host prints); `recorded`: the month is recorded with it (the report sheet), so a month already there has been replaced. */
export function monthlySummaryLines(report: MonthlyReport, recorded = false): string[] {
  const label = (r: AbnormalityRule) => abnormalityLabel(r, report.policy)["zh-CN"];
  const sum = (rows: readonly MonthStatus[], f: (s: MonthStatus) => number) => rows.reduce((a, s) => a + f(s), 0);
  const lines = [
    report.previous
      ? `信用异常报告 ${report.month}：截至 ${report.asOf}，对比 ${report.previous}（信用月报）。`
      : `信用异常报告 ${report.month}：截至 ${report.asOf}；信用月报中没有更早的月份，无从比较，本月记录后下月起报告异常。`,
  ];
  const customers = new Set(report.abnormalities.map((a) => a.customerId)).size;
  lines.push(`客户 ${report.rows.length} 个；异常 ${report.abnormalities.length} 条，涉及 ${customers} 个客户${report.previous ? `：${ABNORMALITY_RULES.map((r) => `${label(r)} ${report.byRule[r]}`).join("，")}` : ""}。`);
  const prevRows = report.history.rows.flatMap((r) => (r.status && r.status.month === report.previous ? [r.status] : []));
  const overdue = sum(report.rows, (s) => s.overdueFen);
  lines.push(`未收合计 ${yuanText(sum(report.rows, (s) => s.openFen))}，其中逾期 ${yuanText(overdue)}${report.previous ? `（上月 ${yuanText(sum(prevRows, (s) => s.overdueFen))}）` : ""}；C类 ${report.grades.current["C类"]} 个${report.grades.previous ? `（上月 ${report.grades.previous["C类"]} 个）` : ""}。`);
  const byOwner = new Map<string, number>();
  for (const a of report.abnormalities) byOwner.set(a.owner || "（无负责人）", (byOwner.get(a.owner || "（无负责人）") ?? 0) + 1);
  if (byOwner.size > 0) lines.push(`按负责人：${[...byOwner].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([o, n]) => `${o} ${n} 条`).join("，")}。`);
  if (report.alreadyRecorded > 0) {
    lines.push(recorded
      ? `${report.month} 原已在信用月报中（${report.alreadyRecorded} 行），已由本次记录替换。`
      : `${report.month} 已在信用月报中（${report.alreadyRecorded} 行），记录本月时替换。`);
  }
  return lines;
}

function columns(cols: readonly SheetColumn[]) {
  return cols.map((c) => ({ header: c.header, format: c.format, width: c.width }));
}

/** Text of a before/after figure for the sheet (amounts with separators, DBT with one decimal). */
function figureText(rule: AbnormalityRule, value: string | number | null): string {
  if (value === null) return "—";
  if (typeof value === "string") return value;
  return rule === "dbt-up" ? `${value.toFixed(1)} 天` : yuanText(Math.round(value * 100));
}

/** The `信用异常 YYYY-MM` sheet, written when the month is recorded: summary lines, the abnormalities, the grade distribution (this month vs the previous) and the aging, with a chart of each of the last two. */
export function abnormalitySheet(report: MonthlyReport): SheetSpec {
  const id = report.month.replace("-", "");
  const total = Object.values(report.agingFen).reduce((a, b) => a + b, 0);
  const tables = [
    {
      name: `CreditAbnormal${id}`, caption: REPORT_CAPTIONS.abnormalities, columns: columns(ABNORMALITY_COLUMNS),
      rows: report.abnormalities.map((a) => [a.customerId, a.name, a.owner, abnormalityLabel(a.rule, report.policy)["zh-CN"], figureText(a.rule, a.before), figureText(a.rule, a.after), a.detail["zh-CN"]]),
    },
    {
      name: `CreditGrades${id}`, caption: REPORT_CAPTIONS.grades, columns: columns(GRADE_DISTRIBUTION_COLUMNS),
      rows: GRADES.map((g) => [g, report.grades.previous ? report.grades.previous[g] : null, report.grades.current[g]]),
    },
    {
      name: `CreditAging${id}`, caption: REPORT_CAPTIONS.aging, columns: columns(AGING_TOTAL_COLUMNS),
      rows: AGING_KEYS.map((k, i) => [AGING_HEADERS[i], report.agingFen[k] / 100, total === 0 ? 0 : report.agingFen[k] / total]),
    },
  ];
  return {
    name: abnormalitySheetName(report.month),
    lines: monthlySummaryLines(report, true),
    tables,
    charts: [
      { table: tables[1].name, type: "column", title: `等级分布：${report.month}${report.previous ? ` 与 ${report.previous}` : ""}`, categoryColumn: 0, seriesColumns: report.previous ? [1, 2] : [2] },
      { table: tables[2].name, type: "column", title: `未收金额账龄分布 ${report.month}`, categoryColumn: 0, seriesColumns: [1] },
    ],
  };
}
