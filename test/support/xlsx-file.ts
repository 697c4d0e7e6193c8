/** Workbooks for command-line tests: plain sheets of rows written by SheetJS into a scratch folder. */
import * as fs from "node:fs";
import * as path from "node:path";
import * as XLSX from "xlsx";

/** Rows of a sheet as SheetJS's aoa_to_sheet takes them. */
export type Rows = (string | number | boolean | null)[][];

/** Write `sheets` (name → rows, in order) as `dir/name` and return its path. */
export function writeXlsxIn(dir: string, name: string, sheets: Record<string, Rows>): string {
  const book = XLSX.utils.book_new();
  for (const [sheet, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), sheet);
  const file = path.join(dir, name);
  fs.writeFileSync(file, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
  return file;
}
