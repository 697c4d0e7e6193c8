/**
 * The 回款记录 (Payments) row rule: every row credit grading leaves out is a finding here, by the
 * very function credit reads rows with (core/credit readPaymentRow), so `custfile validate` and
 * `custfile credit` (and the CUSTFILE functions) never disagree about which payment rows are
 * usable. The finding names the sheet, row and column at fault, says what is wrong and what to do.
 */
import { paymentRowRecord, readPaymentRow, type PaymentColumns, type PaymentKey, type PaymentRowReason } from "../credit/payments";
import type { Cell, SheetBlock } from "../table";
import { PAYMENTS } from "../template/tables";
import type { DetectedTable, MappedColumn } from "./detect";
import type { MessageBody } from "./messages";
import type { FindingCode } from "./types";

const KEYS: readonly PaymentKey[] = ["customerId", "invoiceNo", "invoiceDate", "dueDate", "terms", "amount", "paidOn", "paidAmount"];
/** The required columns of the table (a missing one is a missing-column finding; credit refuses the whole table then). 付款日期 and 付款金额 may be absent: no payments. */
const NEEDED: readonly PaymentKey[] = ["customerId", "invoiceNo", "invoiceDate", "amount"];

/** The finding code of each reason a row is left out (codes validation already uses for the same kind of problem). */
export const PAYMENT_REASON_CODES: Readonly<Record<PaymentRowReason, FindingCode>> = {
  "blank-id": "required", "blank-invoice-no": "required", "blank-invoice-date": "required", "blank-amount": "required",
  "date-without-paid": "required", "paid-without-date": "required", "no-due": "required",
  "unreadable-date": "date",
  "amount-not-number": "type", "paid-not-number": "type", "terms-not-number": "type", "terms-not-whole": "type",
  "due-before-invoice": "date-mismatch",
  "amount-zero": "pattern", "amount-too-large": "pattern", "paid-too-large": "pattern", "paid-zero": "pattern", "paid-negative": "pattern",
  "credit-note-paid": "pattern", "terms-out-of-range": "pattern", "not-an-id": "pattern",
};

/** Where the rule puts a finding. */
export interface PaymentSink {
  cell(t: DetectedTable, block: SheetBlock, r: number, col: MappedColumn, value: Cell, problem: { code: FindingCode; severity: "error"; body: MessageBody }, customerId?: string): unknown;
  /** Whether the row already has an error on that column (a cell check said it: no second finding for it). */
  hasError(sheetRow: number, columnNumber: number): boolean;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The rule for a Payments table, or null when a required column (or both 到期日 and 账期天数) is
 * missing: validation reports the missing column instead, and credit refuses the whole table.
 */
export function paymentRowRule(t: DetectedTable, block: SheetBlock, asOfDay: number, sink: PaymentSink, colOf: (key: string) => MappedColumn | undefined): ((row: readonly Cell[], r: number, customerId: string | undefined) => void) | null {
  if (t.table !== "Payments") return null;
  if (NEEDED.some((k) => !colOf(k)) || (!colOf("dueDate") && !colOf("terms"))) return null;
  const columns = {} as Record<PaymentKey, number>;
  const headers = {} as Record<PaymentKey, string>;
  for (const k of KEYS) {
    const c = colOf(k);
    columns[k] = c ? c.index : -1;
    headers[k] = c ? c.header : PAYMENTS.columns.find((d) => d.key === k)!.header;
  }
  const map: PaymentColumns = { headerIndex: t.headerRowIndex, columns, headers };
  const read = paymentRowRecord();
  return (row, r, customerId) => {
    if (readPaymentRow(row, map, asOfDay, read) !== "invalid") return;
    const p = read.problem!;
    const col = colOf(p.column) ?? colOf("terms") ?? colOf("customerId")!;
    if (sink.hasError(block.firstRow + r, col.columnNumber)) return;
    sink.cell(t, block, r, col, row[col.index] ?? null, {
      code: PAYMENT_REASON_CODES[p.reason], severity: "error",
      body: {
        zh: `${p.zh}：信用评级不使用此行（custfile credit 列出此行并以退出码 1 结束，CUSTFILE 函数返回 #VALUE!）。${p.fix.zh}。`,
        en: `${capital(p.why)}: credit grading leaves this row out (custfile credit lists it and exits 1; the CUSTFILE functions give #VALUE!). ${capital(p.fix.en)}.`,
      },
    }, customerId);
  };
}
