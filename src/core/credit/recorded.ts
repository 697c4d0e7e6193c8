/**
 * What the company decided about each customer's credit (SPEC §8.1): 客户等级 and 信用额度 as
 * recorded in Customers (客户信息), with where each cell is, so that the flags, the annual
 * review and the monthly report can compare it with what the payments say and point at the
 * cell. Read once per run; cells are read the tolerant way people type them ("A", "A类",
 * "320,000", "32万"), and a cell that cannot be read is a note naming sheet, row and column.
 */
import { cellText, isBlank, type Cell, type SheetBlock } from "../table";
import { DEFAULT_LISTS, LIST_ALIASES } from "../template/lists";
import { CUSTOMERS, header, normalizeHeader } from "../template/tables";
import { detectTables, type DetectedTable } from "../validate/detect";
import type { Grade } from "./model";
import { fenOfCell } from "./payments";
import { readCustomerId } from "../customerid";

/** A grade the company can record (N is not one: it means "not enough history to grade"). */
export type RecordedGrade = Exclude<Grade, "N">;

/** The recordable grades, best first. */
export const RECORDED_GRADES: readonly RecordedGrade[] = ["A类", "B类", "C类"];

/** One customer's recorded credit and where it sits. */
export interface RecordedCustomer {
  id: string;
  /** The sheet's 1-based row number. */
  row: number;
  name: string;
  /** 负责人 (owner), "" when blank or no such column. */
  owner: string;
  /** 合作状态 as a list value (合作中 / 停止合作 / 休眠) or as written. */
  status: string;
  /** 客户等级 cell as read. */
  gradeCell: Cell;
  /** 客户等级 as written (trimmed), "" when blank. */
  gradeText: string;
  /** 客户等级 as a grade, null when blank or not a grade (then gradeText says what it is). */
  grade: RecordedGrade | null;
  /** 信用额度 cell as read. */
  limitCell: Cell;
  /** 信用额度 as written, "" when blank. */
  limitText: string;
  /** 信用额度 in fen, null when blank or unreadable. */
  limitFen: number | null;
}

/** A column of Customers: its 1-based sheet column number and header as written. */
export interface CustomersColumn {
  columnNumber: number;
  header: string;
}

/** The Customers table's recorded credit. */
export interface RecordedCredit {
  /** Whether a Customers table was found. */
  found: boolean;
  sheet: string;
  /** Customers in sheet order; a repeated id is kept once (its first row). */
  customers: RecordedCustomer[];
  byId: Map<string, RecordedCustomer>;
  /** The 客户等级 and 信用额度 columns, null when the table has none. */
  gradeColumn: CustomersColumn | null;
  limitColumn: CustomersColumn | null;
  /** Cells that could not be read (sheet, row and column named); the check they feed is skipped for that customer. */
  notes: string[];
}

let gradeIndex: Map<string, RecordedGrade> | undefined;

/** A 客户等级 cell as a grade: A类 / B类 / C类 and the spellings the template accepts (A, A级, Ａ类, "A 类"); null otherwise. */
export function gradeOfCell(value: Cell | undefined): RecordedGrade | null {
  if (!gradeIndex) {
    gradeIndex = new Map();
    for (const g of DEFAULT_LISTS.客户等级) gradeIndex.set(normalizeHeader(g), g as RecordedGrade);
    for (const [alias, g] of Object.entries(LIST_ALIASES.客户等级)) gradeIndex.set(normalizeHeader(alias), g as RecordedGrade);
  }
  return gradeIndex.get(normalizeHeader(cellText(value ?? null))) ?? null;
}

/**
 * An amount cell in fen: a number, or text such as `320,000`, `¥5000`, `5000元`, `32万` or
 * `3.2万元` (people write limits in 万); null when blank, NaN when it is not an amount.
 */
export function amountFenOfCell(value: Cell | undefined): number | null {
  if (isBlank(value ?? null)) return null;
  if (typeof value === "string") {
    const wan = /^(.*?)\s*万\s*元?\s*$/.exec(value.normalize("NFKC"));
    if (wan) {
      const fen = fenOfCell(wan[1]);
      return fen < 0 || Number.isNaN(fen) ? Number.NaN : fen * 10_000;
    }
  }
  return fenOfCell(value ?? null);
}

/** 合作状态 as its list value when it is one or an accepted spelling, else as written. */
function statusOf(value: Cell | undefined): string {
  const text = cellText(value ?? null).trim();
  return LIST_ALIASES.合作状态[text] ?? text;
}

/** Yuan with thousands separators for messages (fen kept when there are any). */
export function yuanText(fen: number): string {
  return (fen / 100).toLocaleString("en-US", { minimumFractionDigits: fen % 100 === 0 ? 0 : 2, maximumFractionDigits: 2 });
}

function columnOf(table: DetectedTable, key: string): { index: number; column: CustomersColumn } | null {
  const c = table.columns.find((m) => m.def.key === key);
  return c ? { index: c.index, column: { columnNumber: c.columnNumber, header: c.header } } : null;
}

/** Read every customer's recorded 客户等级 and 信用额度 from a workbook's blocks (tables as detectTables finds them). */
export function readRecordedCredit(blocks: readonly SheetBlock[], tables: readonly DetectedTable[] = detectTables(blocks)): RecordedCredit {
  const table = tables.find((t) => t.table === "Customers");
  const empty: RecordedCredit = { found: false, sheet: table?.sheet ?? CUSTOMERS.sheet, customers: [], byId: new Map(), gradeColumn: null, limitColumn: null, notes: [] };
  if (!table) return empty;
  const result: RecordedCredit = { ...empty, found: true };
  if (table.headerRowIndex < 0) {
    result.notes.push(`${table.sheet}: no header row in the first rows (expected ${header(CUSTOMERS, "customerId")}, ${header(CUSTOMERS, "name")}, …); recorded grades and limits not read.`);
    return result;
  }
  const id = columnOf(table, "customerId");
  if (!id) {
    result.notes.push(`${table.sheet}: no ${header(CUSTOMERS, "customerId")} column in its header row; recorded grades and limits not read.`);
    return result;
  }
  const name = columnOf(table, "name"), owner = columnOf(table, "owner"), status = columnOf(table, "status");
  const grade = columnOf(table, "grade"), limit = columnOf(table, "creditLimit");
  result.gradeColumn = grade?.column ?? null;
  result.limitColumn = limit?.column ?? null;
  const block = blocks[table.blockIndex];
  for (let r = table.headerRowIndex + 1; r < block.values.length; r++) {
    const cells = block.values[r] ?? [];
    const idRead = readCustomerId(cells[id.index]);
    const row = block.firstRow + r;
    if (idRead.kind === "not-id") {
      result.notes.push(`${table.sheet} row ${row}, ${id.column.header}: ${idRead.why}; the row is not a customer and is left out.`);
      continue;
    }
    const customerId = idRead.kind === "id" ? idRead.id : "";
    if (customerId === "" || result.byId.has(customerId)) continue;
    const at = (c: { index: number } | null): Cell => (c ? cells[c.index] ?? null : null);
    const limitCell = at(limit);
    let limitFen = amountFenOfCell(limitCell);
    if (limitFen !== null && (Number.isNaN(limitFen) || limitFen < 0)) {
      result.notes.push(`${table.sheet} row ${row}, ${limit!.column.header}: '${cellText(limitCell)}' is not an amount ≥ 0; credit limit checks skipped for ${customerId}.`);
      limitFen = null;
    }
    const customer: RecordedCustomer = {
      id: customerId, row, name: cellText(at(name)).trim(), owner: cellText(at(owner)).trim(), status: statusOf(at(status)),
      gradeCell: at(grade), gradeText: cellText(at(grade)).trim(), grade: gradeOfCell(at(grade)), limitCell, limitText: cellText(limitCell).trim(), limitFen,
    };
    result.customers.push(customer);
    result.byId.set(customerId, customer);
  }
  return result;
}
