/**
 * Payments (回款记录, SPEC §2.4) → per-customer credit figures (SPEC §7), in one pass over the
 * rows for any number of customers: rows are grouped by customer id and 单据号 into invoices,
 * then each customer's invoices are scored once. Money is kept in whole fen (cents) so that
 * aging buckets add up exactly to the open balance.
 */
import { addMonths, BLANK_DAY, dayOfCell, formatDay } from "../dates";
import { cellText, isBlank, type Cell, type SheetBlock } from "../table";
import { PAYMENTS } from "../template/tables";
import { findHeaderRow, matchHeader } from "../validate/detect";
import { AGING_KEYS, TIER_OF, agingBucket, median, paydexScore, roundHalfAway, type Aging, type Grade, type Tier } from "./model";
import { DEFAULT_POLICY, type CreditPolicy } from "./policy";
import { customerIdKey, readCustomerId } from "../customerid";
import { numberOfText, readNumberText, whyNotNumber } from "../numbers";

/** What custfile reports for one customer (the JSON of `custfile credit --json`). */
export interface CustomerCredit {
  id: string;
  /** PAYDEX-style score 0–100, or null when there is nothing to score. */
  score: number | null;
  /** Amount-weighted days beyond terms (one decimal), or null when there is nothing to score. */
  dbt: number | null;
  grade: Grade;
  tier: Tier;
  /** Suggested credit limit (yuan), rounded down to the policy's step. */
  limit: number;
  aging: Aging;
  /** Invoices reviewed: due in the window, or still open and past due. */
  invoices: number;
  /** Of those, invoices paid (or still open) more than the grace days beyond the due date. */
  lateInvoices: number;
  /** Open balance at the as-of day (yuan); equals the sum of the aging buckets. */
  openAmount: number;
  warnings: string[];
}

/** A payment row that could not be used; the row is left out, never guessed. */
export interface PaymentProblem {
  /** Sheet row number (for a custom function: row of the range, header = row 1). */
  row: number;
  code: "unreadable-date" | "invalid-row";
  /** Header text of the column at fault, when one is. */
  column?: string;
  customerId?: string;
  /** What is wrong, without the row (e.g. "unreadable date '2024/13/01' in 开票日期"). */
  detail: string;
  message: string;
}

/** The payment table is unusable as a whole (no header row, a column missing). */
export class PaymentsTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PaymentsTableError";
  }
}

/** Per-customer credit figures at one as-of day under one policy. */
export interface CreditIndex {
  /** As-of day number (days since 1970-01-01). */
  asOf: number;
  policy: CreditPolicy;
  /** Customers that have at least one payment row, in order of first appearance. */
  customers: Map<string, CustomerCredit>;
  /** Rows left out, in row order. */
  problems: PaymentProblem[];
  /** Data rows read (after the header). */
  rows: number;
  /** The figures of a customer; one with no rows gets grade N and a warning, never an error. */
  get(customerId: Cell): CustomerCredit;
}

/** Options of buildCreditIndex. */
export interface CreditOptions {
  /** The as-of day number; payments and invoices dated after it are ignored. */
  asOf: number;
  policy?: CreditPolicy;
}

/** The payment table's columns (template keys of 回款记录). */
export type PaymentKey = "customerId" | "invoiceNo" | "invoiceDate" | "dueDate" | "terms" | "amount" | "paidOn" | "paidAmount";
type Key = PaymentKey;
const KEYS: readonly Key[] = ["customerId", "invoiceNo", "invoiceDate", "dueDate", "terms", "amount", "paidOn", "paidAmount"];
/** Columns credit grading cannot do without (付款日期 and 付款金额 are optional in the template, not here). */
const NEEDED: readonly Key[] = ["customerId", "invoiceNo", "invoiceDate", "amount", "paidOn", "paidAmount"];

function headerOf(key: Key): string {
  const c = PAYMENTS.columns.find((x) => x.key === key)!;
  return c.aliases.length > 0 ? `${c.header} (${c.aliases[0]})` : c.header;
}

/** Where a payment table's header row is, which column holds what (-1 when absent) and each column's header as written. */
export interface PaymentColumns {
  /** Index into the block's values of the header row. */
  headerIndex: number;
  columns: Record<PaymentKey, number>;
  headers: Record<PaymentKey, string>;
}

/** Map a payment table's columns; throws PaymentsTableError naming the missing columns. */
export function mapPaymentColumns(values: readonly (readonly Cell[])[]): PaymentColumns {
  const best = findHeaderRow(PAYMENTS, { values });
  if (best.index < 0 || best.score < 2) {
    throw new PaymentsTableError(`回款记录没有表头行：请把表头一起选上（如 Payments[#All]）。The payments range has no header row: include it (e.g. Payments[#All]); expected columns ${NEEDED.map(headerOf).join(", ")}.`);
  }
  const columns = { customerId: -1, invoiceNo: -1, invoiceDate: -1, dueDate: -1, terms: -1, amount: -1, paidOn: -1, paidAmount: -1 } as Record<Key, number>;
  const row = values[best.index];
  for (let c = 0; c < row.length; c++) {
    const def = matchHeader(PAYMENTS, row[c] ?? null);
    if (def && (columns as Record<string, number>)[def.key] === -1) (columns as Record<string, number>)[def.key] = c;
  }
  const missing = NEEDED.filter((k) => columns[k] < 0).map(headerOf);
  if (columns.dueDate < 0 && columns.terms < 0) missing.push(`${headerOf("dueDate")} / ${headerOf("terms")}`);
  if (missing.length > 0) {
    throw new PaymentsTableError(`回款记录缺少列：${missing.join("、")}。The payments table is missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}.`);
  }
  const headers = {} as Record<Key, string>;
  for (const k of KEYS) headers[k] = cellText(row[columns[k]] ?? null);
  return { headerIndex: best.index, columns, headers };
}

/** A blank date or money cell (core/dates's sentinel: day numbers are small integers, fen are never -1e9; NaN means unreadable). */
const BLANK = BLANK_DAY;

/**
 * A money cell in fen: a number, or text the one number reader (core/numbers) reads — `1,234.50`,
 * `¥1234`, `1000元`, `+1000`; a large negative sentinel (below any amount) when empty, NaN when it
 * is not a number (`1,5`, `1.000,50`, more than 15 significant digits …).
 */
export function fenOfCell(v: Cell | undefined): number {
  if (v === null || v === undefined) return BLANK;
  if (typeof v === "number") return Number.isFinite(v) ? Math.round(v * 100) : Number.NaN;
  if (typeof v !== "string") return Number.NaN;
  if (v.trim() === "") return BLANK;
  const n = numberOfText(v);
  return n === null ? Number.NaN : Math.round(n * 100);
}

/** Why a money cell that is not blank gives no amount (for the row left out). */
function notAmount(v: Cell | undefined): string {
  if (typeof v !== "string") return "is not a number";
  const r = readNumberText(v);
  return r.kind === "number" ? "is not a number" : whyNotNumber(r);
}

/** A customer id cell as the canonical id it is matched by (core/customerid); "" when blank or not an id (an error value, TRUE/FALSE, invisible characters). */
export function customerKey(v: Cell | undefined): string {
  return customerIdKey(v);
}

/**
 * A 单据号 cell as the key its rows are grouped by: the text trimmed, as typed otherwise (an invoice
 * number is not a customer id: no case folding, no id rules). "" when blank.
 */
function invoiceKey(v: Cell | undefined): string {
  if (v === null || v === undefined) return "";
  return typeof v === "string" ? v.trim() : String(v);
}

interface Payment { day: number; fen: number; row: number }

interface Invoice {
  no: string;
  /** Invoice amount (fen) from the rows with a positive 金额; 0 when only credit rows were seen. */
  amount: number;
  amountDiffers: boolean;
  invoiceDay: number;
  dueDay: number;
  /** Sum of credit notes under this 单据号 dated by the as-of day (fen, ≤ 0). */
  credits: number;
  payments: Payment[];
}

type WarningKind = "advance" | "no-due" | "overpaid" | "amount-differs" | "unapplied-credit" | "after-as-of" | "invalid";

interface CustomerRows {
  id: string;
  invoices: Map<string, Invoice>;
  notes: Map<WarningKind, string[]>;
}

function note(c: CustomerRows, kind: WarningKind, text: string): void {
  let list = c.notes.get(kind);
  if (!list) c.notes.set(kind, (list = []));
  list.push(text);
}

const MAX_LISTED = 5;

function listed(items: string[]): string {
  return items.length <= MAX_LISTED ? items.join(", ") : `${items.slice(0, MAX_LISTED).join(", ")} … (${items.length} in all)`;
}

/** Render a customer's notes as warning lines, one per kind. */
function warningsOf(c: CustomerRows): string[] {
  const out: string[] = [];
  const n = c.notes;
  const get = (k: WarningKind) => n.get(k) ?? [];
  for (const text of get("invalid")) out.push(text);
  if (n.has("advance")) out.push(`payment dated before its invoice (advance), scored as 30 days early (100): ${listed(get("advance"))}`);
  if (n.has("no-due")) out.push(`到期日 blank, due date = 开票日期 + 账期天数: ${listed(get("no-due"))}`);
  if (n.has("overpaid")) out.push(`paid more than the invoice amount net of credit notes; the excess is not scored: ${listed(get("overpaid"))}`);
  if (n.has("amount-differs")) out.push(`rows of one invoice give different 金额; the largest is used: ${listed(get("amount-differs"))}`);
  if (n.has("unapplied-credit")) out.push(`unapplied credit (negative 金额 under its own 单据号), not in the open balance: ${listed(get("unapplied-credit"))}`);
  if (n.has("after-as-of")) out.push(`${get("after-as-of").length} row(s) dated after the as-of day ignored: ${listed(get("after-as-of"))}`);
  return out;
}

interface LeaveOutContext { problems: PaymentProblem[]; header: (k: Key) => string }

/** Leave a row out: a problem for the report and a warning for its customer. */
function leaveOut(ctx: LeaveOutContext, customer: CustomerRows, sheetRow: number, problem: PaymentRowProblem): void {
  const why = problem.why;
  const message = `row ${sheetRow}: ${why}; row left out`;
  ctx.problems.push({ row: sheetRow, code: problem.code, column: ctx.header(problem.column), customerId: customer.id, detail: why, message });
  note(customer, "invalid", message);
}

/** What a payment row is, once read (see readPaymentRow). */
export type PaymentRowKind =
  /** No customer id and nothing else: skipped silently. */
  | "blank"
  /** Left out: `problem` says why (never guessed). */
  | "invalid"
  /** Invoiced after the as-of day: ignored. */
  | "after-as-of"
  /** A credit note (negative 金额) against the invoice of its 单据号, or an unapplied credit. */
  | "credit"
  /** An invoice row, with a payment when `paidFen` > 0 (which may be dated after the as-of day). */
  | "invoice";

/**
 * Why a payment row is left out: one reason per rule of readPaymentRow (docs/credit.md lists
 * them). Validation reports the same rows with the same reasons (core/validate, 回款记录).
 */
export type PaymentRowReason =
  | "blank-id" | "not-an-id" | "unreadable-date" | "blank-invoice-no" | "blank-invoice-date"
  | "blank-amount" | "amount-not-number" | "amount-zero" | "amount-too-large"
  | "paid-not-number" | "paid-too-large" | "paid-zero" | "paid-negative" | "date-without-paid" | "paid-without-date" | "credit-note-paid"
  | "due-before-invoice" | "no-due" | "terms-not-number" | "terms-not-whole" | "terms-out-of-range";

/** Longest 账期天数 custfile reads (10 years); more is surely a typo (a date typed as days, a stray 1e6). */
export const MAX_TERMS_DAYS = 3650;
/** Largest |金额| or 付款金额 custfile reads, in yuan (一万亿): beyond it a row is left out, so no sum, score or limit can overflow. */
export const MAX_AMOUNT_YUAN = 1e12;
const MAX_FEN = MAX_AMOUNT_YUAN * 100;
const MAX_AMOUNT_TEXT = "1,000,000,000,000";

/** Why one row is left out, in the words of both languages (what is wrong, then what to do). */
export interface PaymentRowProblem {
  code: PaymentProblem["code"];
  reason: PaymentRowReason;
  /** The column at fault. */
  column: PaymentKey;
  /** What is wrong, in English, without the row (credit's PaymentProblem.detail). */
  why: string;
  /** The same in Chinese. */
  zh: string;
  /** What to do about it, in English and Chinese. */
  fix: { en: string; zh: string };
}

/** The cells of one payment row as numbers; one object is reused for every row, so reading allocates nothing for a good row. */
export interface PaymentRowRead {
  customerId: string;
  invoiceNo: string;
  invoiceDay: number;
  /** Due day: 到期日, or 开票日期 + 账期天数 when it is blank (then `dueFromTerms`). Not set for credit notes. */
  dueDay: number;
  dueFromTerms: boolean;
  /** 金额 in fen (negative for a credit note). */
  amount: number;
  /** 付款日期 and 付款金额 in fen; paidFen is 0 when the row records no payment. */
  paidDay: number;
  paidFen: number;
  /** Why an "invalid" row is left out. */
  problem: PaymentRowProblem | null;
}

/** A fresh record for readPaymentRow to fill. */
export function paymentRowRecord(): PaymentRowRead {
  return { customerId: "", invoiceNo: "", invoiceDay: 0, dueDay: 0, dueFromTerms: false, amount: 0, paidDay: 0, paidFen: 0, problem: null };
}

/** Mark a row left out (a function of its own, so that reading a good row makes no closure). */
function invalid(into: PaymentRowRead, reason: PaymentRowReason, column: Key, why: string, zh: string, fixEn: string, fixZh: string): PaymentRowKind {
  into.problem = { code: reason === "unreadable-date" ? "unreadable-date" : "invalid-row", reason, column, why, zh, fix: { en: fixEn, zh: fixZh } };
  return "invalid";
}

/** 账期天数 as a whole number of days, or why it is not one (a blank cell is `null`). */
function readTerms(v: Cell | undefined): number | "not-number" | "not-whole" | "negative" | "too-long" | null {
  if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) return null;
  let n: number;
  if (typeof v === "number") n = v;
  else if (typeof v === "string") {
    const t = v.normalize("NFKC").trim();
    n = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
  } else return "not-number";
  if (!Number.isFinite(n)) return "not-number";
  if (!Number.isInteger(n)) return "not-whole";
  return n < 0 ? "negative" : n > MAX_TERMS_DAYS ? "too-long" : n;
}

const yuan = (fen: number) => fen / 100;

/**
 * Read one payment row by the rules of SPEC §2.4 and §7 — the one place they live, used by
 * credit grading, by composition analysis and by validation alike, so all three leave out the
 * same rows and see the same invoices. Fills `into` and says what the row is. A row that cannot
 * be used is "invalid" whatever its dates (a row dated after the as-of day included): the
 * reasons are PaymentRowReason, each with a message that says what is wrong and what to do.
 */
export function readPaymentRow(row: readonly Cell[], map: PaymentColumns, asOf: number, into: PaymentRowRead): PaymentRowKind {
  const col = map.columns;
  const header = map.headers;
  into.problem = null;
  const idRead = readCustomerId(row[col.customerId]);
  const id = idRead.kind === "id" ? idRead.id : "";
  into.customerId = id;
  if (idRead.kind === "not-id") {
    const zh = idRead.reason === "boolean" ? `「${idRead.shown}」是逻辑值，不是客户编号`
      : idRead.reason === "error-value" ? `错误值 ${idRead.shown} 不是客户编号`
      : `「${idRead.shown}」含不可见字符 ${(idRead.invisible ?? []).join("、")}`;
    return invalid(into, "not-an-id", "customerId", `${header.customerId} ${idRead.why}`, `${header.customerId}${zh}`,
      idRead.reason === "invisible" ? "delete the character and retype the id" : "enter the customer id", idRead.reason === "invisible" ? "请删除该字符后重新输入编号" : "请填写客户编号");
  }
  if (id === "") {
    return KEYS.some((k) => col[k] >= 0 && !isBlank(row[col[k]] ?? null))
      ? invalid(into, "blank-id", "customerId", `${header.customerId} is blank`, `${header.customerId}为空`, `fill in the customer id, or delete the row`, `请填写客户编号，或删除此行`)
      : "blank";
  }
  // Dates first: an unreadable one makes the whole row unusable.
  const invoiceDay = dayOfCell(row[col.invoiceDate]);
  const dueCell = col.dueDate >= 0 ? dayOfCell(row[col.dueDate]) : BLANK;
  const paidDay = dayOfCell(row[col.paidOn]);
  if (Number.isNaN(invoiceDay) || Number.isNaN(dueCell) || Number.isNaN(paidDay)) {
    const key: Key = Number.isNaN(invoiceDay) ? "invoiceDate" : Number.isNaN(dueCell) ? "dueDate" : "paidOn";
    const text = cellText(row[col[key]] ?? null);
    return invalid(into, "unreadable-date", key, `unreadable date '${text}' in ${header[key]}`, `${header[key]}「${text}」不是日期`, `enter it as YYYY-MM-DD, e.g. 2026-09-30`, `请按 YYYY-MM-DD 填写，如 2026-09-30`);
  }
  const invoiceNo = invoiceKey(row[col.invoiceNo]);
  if (invoiceNo === "") return invalid(into, "blank-invoice-no", "invoiceNo", `${header.invoiceNo} is blank`, `${header.invoiceNo}为空`, `fill in the invoice number`, `请填写单据号`);
  if (invoiceDay === BLANK) return invalid(into, "blank-invoice-date", "invoiceDate", `${header.invoiceDate} is blank`, `${header.invoiceDate}为空`, `fill in the invoice date`, `请填写开票日期`);
  const amount = fenOfCell(row[col.amount]);
  if (amount === BLANK) return invalid(into, "blank-amount", "amount", `${header.amount} is blank`, `${header.amount}为空`, `fill in the invoice amount`, `请填写发票金额`);
  if (Number.isNaN(amount)) {
    const text = cellText(row[col.amount] ?? null);
    return invalid(into, "amount-not-number", "amount", `${header.amount} '${text}' ${notAmount(row[col.amount])}`, `${header.amount}「${text}」不是数字`, `enter the amount as a plain number, e.g. 10000 (negative for a credit note)`, `请填写数字金额，如 10000（红字冲销填负数）`);
  }
  if (!(Math.abs(amount) <= MAX_FEN)) {
    const text = cellText(row[col.amount] ?? null);
    return invalid(into, "amount-too-large", "amount", `${header.amount} ${text} is beyond ±${MAX_AMOUNT_TEXT} (no invoice is that large)`, `${header.amount} ${text} 超出 ±1 万亿（不可能是一张发票的金额）`, `check the amount`, `请核对金额`);
  }
  const paidFen = fenOfCell(row[col.paidAmount]);
  if (Number.isNaN(paidFen)) {
    const text = cellText(row[col.paidAmount] ?? null);
    return invalid(into, "paid-not-number", "paidAmount", `${header.paidAmount} '${text}' ${notAmount(row[col.paidAmount])}`, `${header.paidAmount}「${text}」不是数字`, `enter the amount paid as a plain number, e.g. 10000`, `请填写数字金额，如 10000`);
  }
  if (paidFen !== BLANK && !(Math.abs(paidFen) <= MAX_FEN)) {
    const text = cellText(row[col.paidAmount] ?? null);
    return invalid(into, "paid-too-large", "paidAmount", `${header.paidAmount} ${text} is beyond ±${MAX_AMOUNT_TEXT} (no payment is that large)`, `${header.paidAmount} ${text} 超出 ±1 万亿（不可能是一笔付款的金额）`, `check the amount`, `请核对金额`);
  }
  const hasPaidDay = paidDay !== BLANK;
  const hasPaidFen = paidFen !== BLANK && paidFen !== 0;
  if (hasPaidDay && paidFen === 0) {
    return invalid(into, "paid-zero", "paidAmount", `${header.paidAmount} is 0 on ${header.paidOn} ${formatDay(paidDay)} (a payment is more than 0)`, `${header.paidAmount}为 0（${header.paidOn} ${formatDay(paidDay)}），付款金额应大于 0`, `enter the amount paid, or clear 付款日期 if nothing was paid`, `请填写实付金额；如未付款，请清除付款日期`);
  }
  if (hasPaidDay && !hasPaidFen) return invalid(into, "date-without-paid", "paidAmount", `${header.paidOn} ${formatDay(paidDay)} with no ${header.paidAmount}`, `有${header.paidOn} ${formatDay(paidDay)} 却没有${header.paidAmount}`, `enter the amount paid, or clear 付款日期`, `请补填付款金额，或清除付款日期`);
  if (!hasPaidDay && hasPaidFen) return invalid(into, "paid-without-date", "paidOn", `${header.paidAmount} ${yuan(paidFen)} with no ${header.paidOn}`, `有${header.paidAmount} ${yuan(paidFen)} 却没有${header.paidOn}`, `enter the payment date, or clear 付款金额`, `请补填付款日期，或清除付款金额`);
  if (hasPaidFen && paidFen < 0) return invalid(into, "paid-negative", "paidAmount", `negative ${header.paidAmount} ${yuan(paidFen)} (a payment is more than 0)`, `${header.paidAmount} ${yuan(paidFen)} 为负数，付款金额应大于 0`, `enter the amount paid as a positive number; a refund or discount is a credit note: a negative 金额 under the invoice's 单据号`, `请填写正数；退款或折让请作为红字冲销：在该单据号下填写负数金额`);
  if (amount < 0 && hasPaidFen) return invalid(into, "credit-note-paid", "paidAmount", `a credit note (negative ${header.amount}) with a payment`, `红字冲销（${header.amount}为负数）不应有付款`, `put the payment on the invoice's own row, or clear 付款日期 and 付款金额 here`, `请把付款记在发票行上，或清除此行的付款日期和付款金额`);
  if (amount === 0) return invalid(into, "amount-zero", "amount", `${header.amount} is 0`, `${header.amount}为 0`, `enter the invoice amount, or delete the row (an invoice of 0 has nothing to grade)`, `请填写发票金额，或删除此行（金额为 0 的发票无从评级）`);
  if (dueCell !== BLANK && dueCell < invoiceDay) {
    return invalid(into, "due-before-invoice", "dueDate", `${header.dueDate} ${formatDay(dueCell)} is before ${header.invoiceDate} ${formatDay(invoiceDay)}`, `${header.dueDate} ${formatDay(dueCell)} 早于${header.invoiceDate} ${formatDay(invoiceDay)}`, `check both dates (a due date is on or after the invoice date)`, `请核对两个日期（到期日不早于开票日期）`);
  }
  const terms = col.terms >= 0 ? readTerms(row[col.terms]) : null;
  if (typeof terms === "string") {
    const text = cellText(row[col.terms] ?? null);
    const range = `a whole number of days from 0 to ${MAX_TERMS_DAYS}`;
    const rangeZh = `0 到 ${MAX_TERMS_DAYS} 的整数天`;
    if (terms === "not-number") return invalid(into, "terms-not-number", "terms", `${header.terms} '${text}' is not a number of days`, `${header.terms}「${text}」不是天数`, `enter ${range}, e.g. 30`, `请填写${rangeZh}，如 30`);
    if (terms === "not-whole") return invalid(into, "terms-not-whole", "terms", `${header.terms} ${text} is not a whole number of days`, `${header.terms} ${text} 不是整数天`, `enter ${range}, e.g. 30`, `请填写${rangeZh}，如 30`);
    if (terms === "negative") return invalid(into, "terms-out-of-range", "terms", `${header.terms} ${text} is negative`, `${header.terms} ${text} 为负数`, `enter ${range}, e.g. 30`, `请填写${rangeZh}，如 30`);
    return invalid(into, "terms-out-of-range", "terms", `${header.terms} ${text} is more than ${MAX_TERMS_DAYS} days (10 years)`, `${header.terms} ${text} 超过 ${MAX_TERMS_DAYS} 天（10 年）`, `enter ${range}, e.g. 30`, `请填写${rangeZh}，如 30`);
  }
  into.invoiceNo = invoiceNo;
  into.invoiceDay = invoiceDay;
  into.amount = amount;
  into.paidDay = paidDay;
  into.paidFen = hasPaidFen ? paidFen : 0;
  into.dueFromTerms = false;
  if (amount < 0) return invoiceDay > asOf ? "after-as-of" : "credit";
  let dueDay = dueCell;
  if (dueDay === BLANK) {
    // Unusable whatever its dates: reported after the as-of day too (issue 18).
    if (terms === null) {
      return invalid(into, "no-due", "dueDate", `${header.dueDate} is blank and there is no ${col.terms >= 0 ? header.terms : "账期天数 column"} to count it from`,
        `${header.dueDate}为空，也没有${col.terms >= 0 ? header.terms : "账期天数列"}可推算到期日`, `fill in 到期日 or 账期天数`, `请填写到期日或账期天数`);
    }
    dueDay = invoiceDay + terms;
    into.dueFromTerms = true;
  }
  into.dueDay = dueDay;
  return invoiceDay > asOf ? "after-as-of" : "invoice";
}

/**
 * Build the credit figures of every customer in a payment table (header row included) in
 * one pass. Throws PaymentsTableError when the header or a needed column is missing; rows
 * with unreadable dates or contradictory payment cells are left out and listed in `problems`.
 */
export function buildCreditIndex(block: Pick<SheetBlock, "values" | "firstRow">, options: CreditOptions): CreditIndex {
  const policy = options.policy ?? DEFAULT_POLICY;
  const asOf = options.asOf;
  const values = block.values;
  const map = mapPaymentColumns(values);
  const headerIndex = map.headerIndex;
  const problems: PaymentProblem[] = [];
  const byCustomer = new Map<string, CustomerRows>();
  const ctx: LeaveOutContext = { problems, header: (k) => map.headers[k] };
  const r0 = paymentRowRecord();

  for (let r = headerIndex + 1; r < values.length; r++) {
    const row = values[r];
    if (!row) continue;
    const sheetRow = block.firstRow + r;
    const kind = readPaymentRow(row, map, asOf, r0);
    if (kind === "blank") continue;
    const id = r0.customerId;
    if (id === "") {
      const why = r0.problem!.why;
      problems.push({ row: sheetRow, code: r0.problem!.code, column: map.headers.customerId, detail: why, message: `row ${sheetRow}: ${why}; row left out` });
      continue;
    }
    let customer = byCustomer.get(id);
    if (!customer) byCustomer.set(id, (customer = { id, invoices: new Map(), notes: new Map() }));
    if (kind === "invalid") { leaveOut(ctx, customer, sheetRow, r0.problem!); continue; }
    if (kind === "after-as-of") { note(customer, "after-as-of", `row ${sheetRow}`); continue; }

    const { invoiceNo, invoiceDay, amount } = r0;
    let invoice = customer.invoices.get(invoiceNo);
    if (kind === "credit") {
      if (!invoice) customer.invoices.set(invoiceNo, (invoice = { no: invoiceNo, amount: 0, amountDiffers: false, invoiceDay, dueDay: BLANK, credits: 0, payments: [] }));
      invoice.credits += amount;
      continue;
    }
    const dueDay = r0.dueDay;
    if (r0.dueFromTerms) note(customer, "no-due", `row ${sheetRow}`);
    if (!invoice) {
      customer.invoices.set(invoiceNo, (invoice = { no: invoiceNo, amount, amountDiffers: false, invoiceDay, dueDay, credits: 0, payments: [] }));
    } else if (invoice.amount === 0) {
      // Only credit rows seen so far: this row is the invoice itself.
      invoice.amount = amount; invoice.invoiceDay = invoiceDay; invoice.dueDay = dueDay;
    } else {
      if (amount !== invoice.amount) { invoice.amountDiffers = true; invoice.amount = Math.max(invoice.amount, amount); }
      // Order-independent choice when rows disagree: the earliest dates.
      if (invoiceDay < invoice.invoiceDay) invoice.invoiceDay = invoiceDay;
      if (dueDay < invoice.dueDay) invoice.dueDay = dueDay;
    }
    if (r0.paidFen > 0) {
      if (r0.paidDay > asOf) note(customer, "after-as-of", `row ${sheetRow}`);
      else invoice.payments.push({ day: r0.paidDay, fen: r0.paidFen, row: sheetRow });
    }
  }

  const customers = new Map<string, CustomerCredit>();
  for (const c of byCustomer.values()) customers.set(c.id, gradeCustomer(c, asOf, policy));
  const rows = Math.max(0, values.length - headerIndex - 1);
  return {
    asOf, policy, customers, problems, rows,
    get(customerId: Cell) {
      const id = customerKey(customerId);
      return customers.get(id) ?? noRows(id, policy);
    },
  };
}

/** The figures of a customer with no payment rows: grade N, the starting limit, nothing open. */
function noRows(id: string, policy: CreditPolicy = DEFAULT_POLICY): CustomerCredit {
  return {
    id, score: null, dbt: null, grade: "N", tier: TIER_OF.N, limit: policy.startingLimit, aging: emptyAging(),
    invoices: 0, lateInvoices: 0, openAmount: 0, warnings: ["no payment rows for this customer"],
  };
}

function emptyAging(): Aging {
  return { current: 0, d1_30: 0, d31_60: 0, d61_90: 0, d91_120: 0, d120plus: 0 };
}

const LATE_FOR_C = 90;
/** Days beyond terms an advance (a payment dated before its invoice date) scores as: 100 on the curve. */
export const ADVANCE_D = -30;

/** The calendar month of a day number as one number (year × 12 + month − 1), by integer arithmetic (civil-from-days, H. Hinnant). */
function monthOf(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 12 + month - 1;
}

/** SPEC §7 for one customer's invoices. */
function gradeCustomer(c: CustomerRows, asOf: number, policy: CreditPolicy): CustomerCredit {
  const windowStart = addMonths(asOf, -policy.windowMonths); // due dates after this day and up to asOf
  const grace = policy.graceDays;
  const buckets = [0, 0, 0, 0, 0, 0];
  let weight = 0, scoreSum = 0, dbtSum = 0;
  let paidWeight = 0, paidVeryLate = 0;
  let invoices = 0, lateInvoices = 0, fullyPaid = 0;
  let anyBeyondGrace = false, openVeryLate = false;
  let firstInvoiceDay = Number.POSITIVE_INFINITY;
  let volume = 0;
  const months = new Set<number>();
  const windowTerms: number[] = [];
  const allTerms: number[] = [];

  for (const inv of c.invoices.values()) {
    if (inv.amount === 0) {
      note(c, "unapplied-credit", `${inv.no} ${-inv.credits / 100}`);
      continue;
    }
    if (inv.amountDiffers) note(c, "amount-differs", inv.no);
    firstInvoiceDay = Math.min(firstInvoiceDay, inv.invoiceDay);
    const net = inv.amount + inv.credits;
    const due = inv.dueDay;
    const inWindow = due > windowStart && due <= asOf;
    allTerms.push(due - inv.invoiceDay);
    if (inWindow) {
      windowTerms.push(due - inv.invoiceDay);
      volume += Math.max(net, 0);
      months.add(monthOf(inv.invoiceDay));
    }
    let remaining = Math.max(net, 0);
    let late = false;
    let overpaid = false;
    if (inv.payments.length > 1) inv.payments.sort((a, b) => a.day - b.day || a.fen - b.fen || a.row - b.row);
    for (const p of inv.payments) {
      const w = Math.min(p.fen, remaining);
      if (w < p.fen && !overpaid) { overpaid = true; note(c, "overpaid", inv.no); }
      if (w <= 0) continue;
      remaining -= w;
      let d = p.day - due;
      if (p.day < inv.invoiceDay) {
        // SPEC §7 (2026-12-04): an advance scores as d = −30 (100) whatever the dates.
        note(c, "advance", `row ${p.row}`);
        d = ADVANCE_D;
      }
      if (!inWindow) continue;
      weight += w; scoreSum += w * paydexScore(d); dbtSum += w * Math.max(d, 0);
      paidWeight += w;
      if (d > LATE_FOR_C) paidVeryLate += w;
      if (d > grace) late = true;
    }
    const open = remaining;
    if (open > 0) buckets[agingBucket(asOf - due)] += open;
    const openPastDue = open > 0 && due < asOf;
    if (openPastDue) {
      const d = asOf - due;
      weight += open; scoreSum += open * paydexScore(d); dbtSum += open * d;
      if (d > grace) late = true;
      if (d > LATE_FOR_C) openVeryLate = true;
    }
    if (inWindow || openPastDue) {
      invoices++;
      if (late) { lateInvoices++; anyBeyondGrace = true; }
    }
    // SPEC: "fewer than 3 invoices fully paid by the as-of date" — the whole history, like the 90-day rule.
    if (net > 0 && open === 0) fullyPaid++;
  }

  const score = weight > 0 ? roundHalfAway(scoreSum / weight) : null;
  const dbt = weight > 0 ? roundHalfAway(dbtSum / weight, 1) : null;
  let grade: Grade;
  // SPEC §7 (2026-12-04): money open > 90 days past due is C before N — a thin history that owes
  // long-overdue money is a risk, not "unknown".
  if (openVeryLate) grade = "C类";
  else if (score === null || fullyPaid < policy.minInvoices || asOf - firstInvoiceDay < policy.minHistoryDays) grade = "N";
  else if (score < 50 || (paidWeight > 0 && paidVeryLate >= 0.1 * paidWeight)) grade = "C类";
  else if (score >= 80 && !anyBeyondGrace) grade = "A类";
  else grade = "B类";

  let limit: number;
  if (grade === "N") limit = policy.startingLimit;
  else {
    const k = grade === "A类" ? policy.coefficientA : grade === "B类" ? policy.coefficientB : policy.coefficientC;
    const terms = median(windowTerms.length > 0 ? windowTerms : allTerms);
    const monthly = months.size > 0 ? volume / 100 / months.size : 0;
    const raw = monthly * (terms / 30) * k;
    limit = Number.isFinite(raw) && raw > 0 ? Math.floor(raw / policy.roundingStep + 1e-9) * policy.roundingStep : 0;
  }

  const aging = emptyAging();
  let openFen = 0;
  AGING_KEYS.forEach((k, i) => { aging[k] = buckets[i] / 100; openFen += buckets[i]; });
  return { id: c.id, score, dbt, grade, tier: TIER_OF[grade], limit, aging, invoices, lateInvoices, openAmount: openFen / 100, warnings: warningsOf(c) };
}
