/** Payment tables for the credit tests, written with days counted from the as-of day so the arithmetic reads in the test. */
import { buildCreditIndex, type CreditPolicy } from "../../../src/core/credit";
import { formatDay, parseIsoDate } from "../../../src/core/dates";
import { layoutSheet, tableCells, type SheetSpec } from "../../../src/core/sheets";
import type { Cell, SheetBlock } from "../../../src/core/table";

export const AS_OF = "2026-09-30";
export const AS_OF_DAY = parseIsoDate(AS_OF)!;
export const HEAD = ["客户编号", "单据号", "开票日期", "到期日", "账期天数", "金额", "付款日期", "付款金额"];

/** The YYYY-MM-DD text of the day `n` days from the as-of day (n < 0: before it). */
export function day(n: number): string {
  return formatDay(AS_OF_DAY + n);
}

/** One payment row. */
export function row(id: string, invoiceNo: string, invoiceDate: Cell, dueDate: Cell, terms: Cell, amount: Cell, paidOn: Cell, paidAmount: Cell): Cell[] {
  return [id, invoiceNo, invoiceDate, dueDate, terms, amount, paidOn, paidAmount];
}

/** An invoice issued `issued` days from as-of with 30-day terms, paid in full `late` days after its due date. */
export function paid(id: string, no: string, issued: number, amount: number, late: number): Cell[] {
  return row(id, no, day(issued), day(issued + 30), 30, amount, day(issued + 30 + late), amount);
}

/** Index of a table given as rows under HEAD (sheet row numbers: header = 1). */
export function index(rows: Cell[][], policy?: CreditPolicy, asOf = AS_OF_DAY) {
  return buildCreditIndex({ values: [HEAD, ...rows], firstRow: 1 }, { asOf, policy });
}

/** A sheet spec as the sheet a writer makes of it (cells by layoutSheet and tableCells: dates as serials), read back as a block. */
export function specBlock(spec: SheetSpec): SheetBlock {
  const layout = layoutSheet(spec);
  const values: Cell[][] = [];
  const put = (r: number, c: number, v: Cell) => {
    while (values.length <= r) values.push([]);
    values[r][c] = v;
  };
  (spec.lines ?? []).forEach((line, r) => put(r, 0, line));
  for (const place of layout.tables) {
    if (place.captionRow !== null) put(place.captionRow, 0, place.table.caption ?? "");
    tableCells(place.table).forEach((row, i) => row.forEach((cell, j) => put(place.headerRow + i, place.firstColumn + j, cell.value === "" ? null : cell.value)));
  }
  const width = Math.max(...values.map((r) => r.length));
  return { sheet: spec.name, firstRow: 1, firstColumn: 1, values: values.map((r) => Array.from({ length: width }, (_, j) => r[j] ?? null)) };
}
