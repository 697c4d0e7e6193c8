/**
 * The borrowing register (SPEC §10.4, seed 002): "客户档案原件不允许拿出公司阅读，在公司内可以
 * 登记后借阅，原则上当天借阅须当天归还；需要文档资料外出使用时，经内勤部经理同意可以影印使用".
 * A loan's due day is its 应还日期, or for an original (原件) without one the day it was
 * registered; it is overdue on a day when it was due before that day and not returned by then.
 */
import { cellText, isBlank, type Cell, type SheetBlock } from "../table";
import { LIST_ALIASES } from "../template/lists";
import { normalizeHeader } from "../template/tables";
import { cellDay } from "../dates";
import { detectTables, type DetectedTable } from "../validate/detect";

/** 方式 of a loan: the original, a copy, or something else as written. */
export type LoanMethod = "原件" | "复印件" | "";

/** One Loans row as the rules and the audit read it. */
export interface Loan {
  /** The sheet's row number. */
  row: number;
  customerId: string;
  docType: string;
  borrower: string;
  approver: string;
  method: LoanMethod;
  /** 登记日期, or null when blank or unreadable. */
  registered: number | null;
  /** 应还日期 as written, or for an original without one the registration day (SPEC §10.4); null when neither is known. */
  due: number | null;
  /** True when `due` is the same-day default of an original rather than a written 应还日期. */
  dueDefaulted: boolean;
  /** 归还日期, or null when not returned (or unreadable). */
  returned: number | null;
}

const METHOD_ALIASES = new Map<string, LoanMethod>(
  ([["原件", "原件"], ["复印件", "复印件"], ...Object.entries(LIST_ALIASES.借阅方式 ?? {})] as Array<[string, string]>)
    .map(([k, v]): [string, LoanMethod] => [normalizeHeader(k), v === "原件" || v === "复印件" ? v : ""]),
);

/** The 方式 a cell means: 原件, 复印件 (影印件 and other aliases too), or "" for anything else. */
export function loanMethod(value: Cell): LoanMethod {
  return METHOD_ALIASES.get(normalizeHeader(cellText(value))) ?? "";
}

/** The due day of a loan: its 应还日期, or the registration day for an original without one. */
export function loanDueDay(method: LoanMethod, registered: number | null, dueOn: number | null): { due: number | null; defaulted: boolean } {
  if (dueOn !== null) return { due: dueOn, defaulted: false };
  if (method === "原件" && registered !== null) return { due: registered, defaulted: true };
  return { due: null, defaulted: false };
}

/** Whole days a loan is overdue on `day` (0 when it is not): due before `day` and not returned by `day`. */
export function overdueDays(loan: Pick<Loan, "due" | "returned">, day: number): number {
  if (loan.due === null || loan.due >= day) return 0;
  if (loan.returned !== null && loan.returned <= day) return 0;
  return day - loan.due;
}

/** Read one row of a detected Loans table (`r` = index into block.values). */
export function loanOfRow(table: DetectedTable, block: SheetBlock, r: number): Loan {
  const row = block.values[r] ?? [];
  const at = (key: string): Cell => {
    const c = table.columns.find((m) => m.def.key === key);
    return c ? row[c.index] ?? null : null;
  };
  const method = loanMethod(at("method"));
  const registered = cellDay(at("date"));
  const { due, defaulted } = loanDueDay(method, registered, cellDay(at("dueOn")));
  return {
    row: block.firstRow + r,
    customerId: cellText(at("customerId")).trim(),
    docType: cellText(at("docType")).trim(),
    borrower: cellText(at("borrower")).trim(),
    approver: cellText(at("approver")).trim(),
    method, registered, due, dueDefaulted: defaulted,
    returned: cellDay(at("returnedOn")),
  };
}

/** Every non-blank row of the workbook's Loans table (found like validation finds it); [] without one. */
export function readLoans(blocks: readonly SheetBlock[], tables: readonly DetectedTable[] = detectTables(blocks)): Loan[] {
  const t = tables.find((x) => x.table === "Loans");
  if (!t || t.headerRowIndex < 0) return [];
  const block = blocks[t.blockIndex];
  const out: Loan[] = [];
  for (let r = t.headerRowIndex + 1; r < block.values.length; r++) {
    if ((block.values[r] ?? []).every((v) => isBlank(v))) continue;
    out.push(loanOfRow(t, block, r));
  }
  return out;
}
