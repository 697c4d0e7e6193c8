/**
 * A table as every host hands it to the core: the sheet's cells as a 2-D array of plain
 * values, with where they sit on the sheet. Excel (Range.values), SheetJS and tests all
 * produce this shape, so the core never needs to know which host it runs in.
 */
import type { TableKey } from "./template/tables";

/** One cell value as hosts give it: text, number (Excel dates are serial numbers), boolean or empty. */
export type Cell = string | number | boolean | null;

/** A block of cells read from one sheet. */
export interface SheetBlock {
  /** Worksheet name, as the user sees it on the tab. */
  sheet: string;
  /** Excel table (ListObject) name, when the block is one. */
  tableName?: string;
  /**
   * The template table this block is, when the host located it over the whole workbook before
   * reading only the sheets it needs (the command line); detection then takes it as such.
   */
  located?: { table: TableKey; by: "sheet-name" | "header" };
  /** 1-based sheet row number of values[0]. */
  firstRow: number;
  /** 1-based sheet column number of values[r][0]. */
  firstColumn: number;
  /** The cells, row by row; the header row is somewhere in here (the first row for an Excel table). */
  values: Cell[][];
  /**
   * Number formats, same shape as `values`, where the host knows them. A number in a
   * date column whose format is a date format is a real Excel date cell.
   */
  numberFormats?: string[][];
}

/** Excel's error values as they arrive in Range.values or from SheetJS (`#N/A`, `#VALUE!` ...). */
const EXCEL_ERRORS = new Set([
  "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
  "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!",
]);

/** True when a cell holds one of Excel's error values rather than data. */
export function isExcelError(value: Cell): boolean {
  return typeof value === "string" && value.length <= 13 && value.charCodeAt(0) === 35 /* # */ && EXCEL_ERRORS.has(value);
}

/** True when a cell is empty: null, undefined or a string of only white space. */
export function isBlank(value: Cell | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return value.trim() === "";
  return false;
}

/** Column number (1-based) to its letters: 1 → A, 28 → AB. */
export function columnLetter(column: number): string {
  let n = column;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** A1-style address of a sheet cell from 1-based row and column numbers. */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}

/** Text of a cell for display and messages; numbers keep Excel's plain form. */
export function cellText(value: Cell | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return String(value);
}
