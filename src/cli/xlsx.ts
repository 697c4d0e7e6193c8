/**
 * Reading .xlsx files with SheetJS for the command line. The core sees only SheetBlocks; this
 * is the one place that knows SheetJS's cell objects. Writing is ./workbook.ts (SheetJS's
 * community build drops tables, validation, charts … when it writes a workbook back).
 */
import * as fs from "node:fs";
import * as XLSX from "xlsx";
import type { Cell, SheetBlock } from "../core/table";
import { CliError } from "./io";

/** A workbook as read from disk: its sheets as blocks, the SheetJS object, and the file's bytes (the file writer patches a copy of them). */
export interface LoadedWorkbook {
  path: string;
  sheets: SheetBlock[];
  book: XLSX.WorkBook;
  bytes: Uint8Array;
}

/** Read an .xlsx (or .xls/.ods SheetJS understands) file into sheet blocks; unreadable input is a CliError (exit 2). */
export function readWorkbook(path: string): LoadedWorkbook {
  let data: Buffer;
  try {
    data = fs.readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? `File not found: ${path}` : `Cannot read ${path}: ${(e as Error).message}`);
  }
  return readWorkbookData(data, path);
}

/** Parse workbook bytes (see readWorkbook). */
export function readWorkbookData(data: Uint8Array, path = "(input)"): LoadedWorkbook {
  if (data.length === 0) throw new CliError(`${path} is empty (0 bytes); expected an .xlsx workbook.`);
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(data, { type: "buffer", dense: true, cellNF: true, cellDates: false, cellText: false, cellFormula: false });
  } catch (e) {
    throw new CliError(`${path} is not a workbook custfile can read (${(e as Error).message}). Save it from Excel as .xlsx and try again.`);
  }
  // SheetJS reads any text as a one-sheet "workbook"; a real .xlsx is a zip (PK header).
  const isZip = data[0] === 0x50 && data[1] === 0x4b;
  const isOle = data[0] === 0xd0 && data[1] === 0xcf;
  if (!isZip && !isOle) throw new CliError(`${path} is not an .xlsx workbook (it does not start like one). Save it from Excel as .xlsx and try again.`);
  return { path, book, bytes: data, sheets: book.SheetNames.map((name) => sheetBlock(name, book.Sheets[name])) };
}

/** Read some sheets of workbook bytes as blocks (the file writer reads a record sheet a command did not load). */
export function readSheetBlocks(data: Uint8Array, names: readonly string[]): SheetBlock[] {
  const book = XLSX.read(data, { type: "buffer", dense: true, cellNF: true, cellDates: false, cellText: false, cellFormula: false, sheets: [...names] });
  return book.SheetNames.filter((n) => names.includes(n) && book.Sheets[n]).map((n) => sheetBlock(n, book.Sheets[n]));
}

function sheetBlock(name: string, ws: XLSX.WorkSheet): SheetBlock {
  const ref = ws["!ref"];
  if (!ref) return { sheet: name, firstRow: 1, firstColumn: 1, values: [], numberFormats: [] };
  const range = XLSX.utils.decode_range(ref);
  const dense = (ws as unknown as { "!data"?: (XLSX.CellObject | undefined)[][] })["!data"] ?? [];
  const width = range.e.c - range.s.c + 1;
  const values: Cell[][] = [];
  const numberFormats: string[][] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const src = dense[r];
    const row: Cell[] = new Array(width);
    const fmt: string[] = new Array(width);
    for (let c = 0; c < width; c++) {
      const cell = src ? src[range.s.c + c] : undefined;
      row[c] = cell ? cellValue(cell) : null;
      fmt[c] = cell && typeof cell.z === "string" ? cell.z : "General";
    }
    values.push(row);
    numberFormats.push(fmt);
  }
  return { sheet: name, firstRow: range.s.r + 1, firstColumn: range.s.c + 1, values, numberFormats };
}

function cellValue(cell: XLSX.CellObject): Cell {
  switch (cell.t) {
    case "n":
      return typeof cell.v === "number" ? cell.v : null;
    case "s":
      return typeof cell.v === "string" ? cell.v : cell.v == null ? null : String(cell.v);
    case "b":
      return Boolean(cell.v);
    case "e":
      return cell.w ?? XLSX.utils.format_cell(cell) ?? "#N/A";
    case "d":
      return cell.v instanceof Date ? dateToSerial(cell.v) : null;
    default:
      return null;
  }
}

function dateToSerial(d: Date): number {
  return d.getTime() / 86400000 + 25569;
}
