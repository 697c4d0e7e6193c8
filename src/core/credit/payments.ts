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
  if (n.has("advance")) out.push(`payment dated before its invoice (advance), days beyond terms capped at −30: ${listed(get("advance"))}`);
  if (n.has("no-due")) out.push(`到期日 blank, due date = 开票日期 + 账期天数: ${listed(get("no-due"))}`);
  if (n.has("overpaid")) out.push(`paid more than the invoice amount net of credit notes; the excess is not scored: ${listed(get("overpaid"))}`);
  if (n.has("amount-differs")) out.push(`rows of one invoice give different 金额; the largest is used: ${listed(get("amount-differs"))}`);
  if (n.has("unapplied-credit")) out.push(`unapplied credit (negative 金额 under its own 单据号), not in the open balance: ${listed(get("unapplied-credit"))}`);
  if (n.has("after-as-of")) out.push(`${get("after-as-of").length} row(s) dated after the as-of day ignored: ${listed(get("after-as-of"))}`);
  return out;
}

interface LeaveOutContext { problems: PaymentProblem[]; header: (k: Key) => string }

/** Leave a row out: a problem for the report and a warning for its customer. */
function leaveOut(ctx: LeaveOutContext, customer: CustomerRows, sheetRow: number, code: PaymentProblem["code"], column: Key | undefined, why: string): void {
  const message = `row ${sheetRow}: ${why}; row left out`;
  ctx.problems.push({ row: sheetRow, code, column: column ? ctx.header(column) : undefined, customerId: customer.id, detail: why, message });
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
  problem: { code: PaymentProblem["code"]; column: PaymentKey; why: string } | null;
}

/** A fresh record for readPaymentRow to fill. */
export function paymentRowRecord(): PaymentRowRead {
  return { customerId: "", invoiceNo: "", invoiceDay: 0, dueDay: 0, dueFromTerms: false, amount: 0, paidDay: 0, paidFen: 0, problem: null };
}

/** Mark a row left out (a function of its own, so that reading a good row makes no closure). */
function invalid(into: PaymentRowRead, code: PaymentProblem["code"], column: Key, why: string): PaymentRowKind {
  into.problem = { code, column, why };
  return "invalid";
}

/**
 * Read one payment row by the rules of SPEC §2.4 and §7 — the one place they live, used by
 * credit grading and by composition analysis alike, so both leave out the same rows and see
 * the same invoices. Fills `into` and says what the row is.
 */
export function readPaymentRow(row: readonly Cell[], map: PaymentColumns, asOf: number, into: PaymentRowRead): PaymentRowKind {
  const col = map.columns;
  const header = map.headers;
  into.problem = null;
  const idRead = readCustomerId(row[col.customerId]);
  const id = idRead.kind === "id" ? idRead.id : "";
  into.customerId = id;
  if (idRead.kind === "not-id") return invalid(into, "invalid-row", "customerId", `${header.customerId} ${idRead.why}`);
  if (id === "") {
    return KEYS.some((k) => col[k] >= 0 && !isBlank(row[col[k]] ?? null)) ? invalid(into, "invalid-row", "customerId", `${header.customerId} is blank`) : "blank";
  }
  // Dates first: an unreadable one makes the whole row unusable.
  const invoiceDay = dayOfCell(row[col.invoiceDate]);
  const dueCell = col.dueDate >= 0 ? dayOfCell(row[col.dueDate]) : BLANK;
  const paidDay = dayOfCell(row[col.paidOn]);
  if (Number.isNaN(invoiceDay) || Number.isNaN(dueCell) || Number.isNaN(paidDay)) {
    const key: Key = Number.isNaN(invoiceDay) ? "invoiceDate" : Number.isNaN(dueCell) ? "dueDate" : "paidOn";
    return invalid(into, "unreadable-date", key, `unreadable date '${cellText(row[col[key]] ?? null)}' in ${header[key]}`);
  }
  const invoiceNo = customerKey(row[col.invoiceNo]);
  if (invoiceNo === "") return invalid(into, "invalid-row", "invoiceNo", `${header.invoiceNo} is blank`);
  if (invoiceDay === BLANK) return invalid(into, "invalid-row", "invoiceDate", `${header.invoiceDate} is blank`);
  const amount = fenOfCell(row[col.amount]);
  if (amount === BLANK || Number.isNaN(amount)) return invalid(into, "invalid-row", "amount", `${header.amount} ${amount === BLANK ? "is blank" : `'${cellText(row[col.amount] ?? null)}' ${notAmount(row[col.amount])}`}`);
  const paidFen = fenOfCell(row[col.paidAmount]);
  if (Number.isNaN(paidFen)) return invalid(into, "invalid-row", "paidAmount", `${header.paidAmount} '${cellText(row[col.paidAmount] ?? null)}' ${notAmount(row[col.paidAmount])}`);
  const hasPaidDay = paidDay !== BLANK;
  const hasPaidFen = paidFen !== BLANK && paidFen !== 0;
  if (hasPaidDay && !hasPaidFen) return invalid(into, "invalid-row", "paidAmount", `${header.paidOn} ${formatDay(paidDay)} with no ${header.paidAmount}`);
  if (!hasPaidDay && hasPaidFen) return invalid(into, "invalid-row", "paidOn", `${header.paidAmount} ${paidFen / 100} with no ${header.paidOn}`);
  if (hasPaidFen && paidFen < 0) return invalid(into, "invalid-row", "paidAmount", `negative ${header.paidAmount} ${paidFen / 100}`);
  if (amount < 0 && hasPaidFen) return invalid(into, "invalid-row", "paidAmount", `a credit note (negative ${header.amount}) with a payment`);
  if (amount === 0) return invalid(into, "invalid-row", "amount", `${header.amount} is 0`);
  into.invoiceNo = invoiceNo;
  into.invoiceDay = invoiceDay;
  into.amount = amount;
  into.paidDay = paidDay;
  into.paidFen = hasPaidFen ? paidFen : 0;
  into.dueFromTerms = false;
  if (invoiceDay > asOf) return "after-as-of";
  if (amount < 0) return "credit";
  let dueDay = dueCell;
  if (dueDay === BLANK) {
    const terms = col.terms >= 0 ? row[col.terms] : null;
    const days = typeof terms === "number" ? terms : typeof terms === "string" && /^\s*\d+\s*$/.test(terms) ? Number(terms) : Number.NaN;
    if (!Number.isInteger(days) || days < 0) return invalid(into, "invalid-row", "dueDate", `${header.dueDate} is blank and there is no ${col.terms >= 0 ? header.terms : "账期天数 column"} to count it from`);
    dueDay = invoiceDay + days;
    into.dueFromTerms = true;
  }
  into.dueDay = dueDay;
  return "invoice";
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
    if (kind === "invalid") { leaveOut(ctx, customer, sheetRow, r0.problem!.code, r0.problem!.column, r0.problem!.why); continue; }
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
        note(c, "advance", `row ${p.row}`);
        d = Math.max(d, -30);
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
