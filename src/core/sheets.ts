/**
 * What custfile writes into a workbook, described once for every host: a sheet of its own
 * (lines of text, then tables stacked below each other, charts beside them) and the rows it
 * appends to its record tables. The Excel adapter (src/excel/write.ts) and the file writer
 * (src/cli/workbook.ts) both apply these specs, with the same layout and the same cell
 * conversion, so a sheet looks the same whether the pane or the command line made it.
 *
 * Why conversion matters: Excel reads a string written into a General cell as if it were typed
 * ("2026-12-04 10:30" becomes a date serial, "+86 138…" or "-" a formula, "007" the number 7).
 * So every string is written into a cell formatted "@" (text), and dates and times are written
 * as Excel serial numbers with a date format, so they sort and filter as dates.
 */
import { dayToExcelSerial, formatDay, parseIsoDate } from "./dates";
import { cellText, type Cell } from "./table";
import type { ColumnDef, ColumnKind, TableDef } from "./template/tables";
import { matchHeader } from "./validate/detect";

/** How a column's cells are written. */
export type ColumnFormat =
  /** Text, format "@": kept exactly as given (phones, ids, codes, names, "—"). */
  | "text"
  /** A calendar day: "YYYY-MM-DD" text or an Excel serial → serial, format "yyyy-mm-dd". */
  | "date"
  /** A moment: "YYYY-MM-DD HH:MM[:SS]" text or an Excel serial → serial, format "yyyy-mm-dd hh:mm:ss". */
  | "datetime"
  /** A whole number, format "0". */
  | "integer"
  /** A number with one decimal (scores, DBT), format "0.0". */
  | "decimal"
  /** Money in yuan, format "#,##0.00". */
  | "money"
  /** A fraction 0–1 shown as a percentage, format "0.0%". */
  | "percent";

/** The Excel number format of each column format. */
export const NUMBER_FORMATS: Readonly<Record<ColumnFormat, string>> = {
  text: "@",
  date: "yyyy-mm-dd",
  datetime: "yyyy-mm-dd hh:mm:ss",
  integer: "0",
  decimal: "0.0",
  money: "#,##0.00",
  percent: "0.0%",
};

/** A cell as a writer puts it into Excel: the value and the number format to give the cell before the value. */
export interface ExcelCell {
  value: Cell;
  numberFormat: string;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Excel serial of "YYYY-MM-DD" or "YYYY-MM-DD HH:MM[:SS]" text; null when the text is neither. */
export function isoToExcelSerial(text: string): number | null {
  const day = parseIsoDate(text);
  if (day !== null) return dayToExcelSerial(day);
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const d = parseIsoDate(m[1]);
  const h = Number(m[2]), min = Number(m[3]), s = Number(m[4] ?? 0);
  if (d === null || h > 23 || min > 59 || s > 59) return null;
  return dayToExcelSerial(d) + (h * 3600 + min * 60 + s) / 86400;
}

/** "YYYY-MM-DD HH:mm:ss" (or "YYYY-MM-DD" when `withTime` is false) of an Excel serial, to the nearest second; null outside 1900-03-01 … 9999-12-31. */
export function excelSerialToIso(serial: number, withTime = true): string | null {
  if (!Number.isFinite(serial) || serial < 61 || serial >= 2958466) return null;
  // Rounded to the second first, so 23:59:59.6 is the next day's 00:00:00, not 23:59:60.
  const seconds = Math.round(serial * 86400);
  const day = Math.floor(seconds / 86400);
  const date = formatDay(day - dayToExcelSerial(0));
  if (!withTime) return date;
  const s = seconds - day * 86400;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date} ${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/**
 * A timestamp cell (ChangeLog 时间, Audits 抽取时间) as "YYYY-MM-DD HH:mm:ss" text, whether it
 * holds an Excel date-time serial (what custfile writes since issue 10) or text (what it wrote
 * before, and what a user may type); other text is returned trimmed, as it is.
 */
export function timestampText(value: Cell | undefined): string {
  if (typeof value === "number") return excelSerialToIso(value) ?? String(value);
  return cellText(value ?? null).trim();
}

/**
 * The cell a writer puts into Excel for `value` in a column of `format`. A string is always
 * written as text ("@") unless it is a date or time in a date or datetime column; blanks stay
 * blank (with the column's format, so a value typed later gets it); booleans stay booleans.
 */
export function excelCell(format: ColumnFormat, value: Cell): ExcelCell {
  const columnFormat = NUMBER_FORMATS[format];
  if (value === null || value === "") return { value: "", numberFormat: columnFormat };
  if (typeof value === "string") {
    if (format === "date" || format === "datetime") {
      const serial = isoToExcelSerial(value);
      if (serial !== null) return { value: serial, numberFormat: serial % 1 === 0 && format === "datetime" ? NUMBER_FORMATS.date : columnFormat };
    }
    return { value, numberFormat: "@" };
  }
  if (typeof value === "number") return { value, numberFormat: format === "text" ? "General" : columnFormat };
  return { value, numberFormat: "General" };
}

/** One column of a table custfile writes. */
export interface ColumnSpec {
  header: string;
  format: ColumnFormat;
  /** Width in characters (CJK characters count two). */
  width?: number;
  /** A dropdown (list data validation) with these values, on every data row. */
  list?: readonly string[];
  /**
   * A dropdown fed from the workbook instead: the list rule's source formula, e.g. the
   * template's =INDIRECT("Lists[客户类型]") (see core/template/plan listSource). Wins over `list`.
   */
  listSource?: string;
}

/** A table custfile writes: an Excel table (ListObject) with a header row. */
export interface TableSpec {
  /** Excel table name, unique in the workbook (letters, digits, underscore; no spaces). */
  name: string;
  columns: readonly ColumnSpec[];
  /** Data rows, one cell per column, values as core gives them (dates as YYYY-MM-DD text). */
  rows: readonly (readonly Cell[])[];
  /** Excel table style; default TABLE_STYLE. */
  style?: string;
  /** A caption written as text in the row above the header (e.g. "按省份"). */
  caption?: string;
}

/** A native chart of a table: categories from one column, one series per value column. */
export interface ChartSpec {
  /** The table (TableSpec.name) it plots. */
  table: string;
  type: "pie" | "doughnut" | "bar" | "column";
  title: string;
  /** 0-based column index of the categories (default 0). */
  categoryColumn?: number;
  /** 0-based column indexes of the series. */
  seriesColumns: readonly number[];
}

/** A sheet custfile writes whole (a report, a review, a handover list): lines, then tables. */
export interface SheetSpec {
  name: string;
  /** Lines of text above the first table (title, summary, a note), one cell each in column A. */
  lines?: readonly string[];
  tables: readonly TableSpec[];
  /** Native charts beside their tables (hosts that cannot write charts say so in a line). */
  charts?: readonly ChartSpec[];
  /** Freeze the rows down to the first table's header row. */
  freezeHeader?: boolean;
  /** Protect the sheet (no password; selecting, sorting and filtering allowed): custfile's record sheets. */
  protect?: boolean;
  /** Put the sheet before every other sheet (the notice of a masked copy, SPEC §10.5a); default: after the last. */
  first?: boolean;
}

/** The default table style of the tables custfile makes. */
export const TABLE_STYLE = "TableStyleMedium2";

/** Where a table of a sheet spec lands (0-based sheet rows and columns). */
export interface TablePlace {
  table: TableSpec;
  /** Row of the caption, when the table has one. */
  captionRow: number | null;
  headerRow: number;
  firstColumn: number;
  /** Data rows the table spans: its rows, at least one (Excel gives a table over a header alone one empty row). */
  bodyRows: number;
}

/** Where a chart goes: beside its table, right of it with one empty column between. */
export interface ChartPlace {
  chart: ChartSpec;
  /** 0-based top row and left column of the chart's area, and its size in cells. */
  row: number;
  column: number;
  rows: number;
  columns: number;
}

/** The layout of a sheet spec: lines from A1, then each table (caption, header, body) with one empty row between blocks. */
export interface SheetLayout {
  lines: number;
  tables: TablePlace[];
  charts: ChartPlace[];
  /** Rows to freeze (0 = none). */
  frozenRows: number;
}

/** Rows a chart takes at the least (charts of short tables get this height). */
const CHART_MIN_ROWS = 15;
/** Columns a chart takes. */
const CHART_COLUMNS = 8;

/** Lay out a sheet spec; both writers place cells and charts by it. */
export function layoutSheet(spec: SheetSpec): SheetLayout {
  const lines = spec.lines?.length ?? 0;
  let row = lines > 0 ? lines + 1 : 0;
  const tables: TablePlace[] = [];
  const charts: ChartPlace[] = [];
  for (const table of spec.tables) {
    const captionRow = table.caption ? row : null;
    const headerRow = table.caption ? row + 1 : row;
    const bodyRows = Math.max(1, table.rows.length);
    tables.push({ table, captionRow, headerRow, firstColumn: 0, bodyRows });
    let end = headerRow + bodyRows;
    const own = (spec.charts ?? []).filter((c) => c.table === table.name);
    own.forEach((chart, i) => {
      const top = headerRow + i * (CHART_MIN_ROWS + 1);
      charts.push({ chart, row: top, column: table.columns.length + 1, rows: CHART_MIN_ROWS, columns: CHART_COLUMNS });
      end = Math.max(end, top + CHART_MIN_ROWS);
    });
    row = end + 1;
  }
  const frozenRows = spec.freezeHeader && tables.length > 0 ? tables[0].headerRow + 1 : 0;
  return { lines, tables, charts, frozenRows };
}

/** The cells of a table as a writer puts them: header row (text), then the data rows converted per column. */
export function tableCells(table: TableSpec): ExcelCell[][] {
  const header = table.columns.map((c) => ({ value: c.header, numberFormat: "@" }));
  const body = table.rows.length
    ? table.rows.map((r) => table.columns.map((c, j) => excelCell(c.format, r[j] ?? null)))
    : [table.columns.map((c) => excelCell(c.format, null))];
  return [header, ...body];
}

/** Why Excel would refuse a sheet name (1–31 characters, none of : \\ / ? * [ ], not starting or ending with '), or null when it is a valid one. */
export function sheetNameProblem(name: string): string | null {
  if (name.length === 0) return "empty";
  if (name.length > 31) return `${name.length} characters, Excel allows 31`;
  const bad = /[:\\/?*[\]]/.exec(name);
  if (bad) return `contains '${bad[0]}'`;
  if (name.startsWith("'") || name.endsWith("'")) return "starts or ends with '";
  return null;
}

/** How custfile writes a template column of a kind (text kinds as "@", so Excel keeps them as typed). */
export function formatOfKind(kind: ColumnKind): ColumnFormat {
  switch (kind) {
    case "date": return "date";
    case "datetime": return "datetime";
    case "money": return "money";
    case "integer": return "integer";
    case "decimal": return "decimal";
    default: return "text";
  }
}

/** The column specs of a template table (its template columns, in order), for writing it or its rows. */
export function templateColumns(def: TableDef, columns: readonly ColumnDef[] = def.columns.filter((c) => c.inTemplate)): ColumnSpec[] {
  return columns.map((c) => ({ header: c.header, format: formatOfKind(c.kind), width: c.width }));
}

/** One record (a row of a record table such as ChangeLog or Audits) by column key. */
export type RecordEntry = Readonly<Record<string, Cell>>;

/**
 * Which template column each header of an existing table holds (by header text or alias, never
 * by position); null for a column custfile does not fill. A second copy of a header is null.
 */
export function recordColumns(def: TableDef, headers: readonly Cell[]): (ColumnDef | null)[] {
  const seen = new Set<string>();
  return headers.map((h) => {
    const c = matchHeader(def, h) ?? null;
    if (!c || seen.has(c.key)) return null;
    seen.add(c.key);
    return c;
  });
}

/** The template columns of `def` that records fill but a table with these columns lacks (to be added, so nothing is dropped). */
export function missingRecordColumns(def: TableDef, columns: readonly (ColumnDef | null)[], entries: readonly RecordEntry[]): ColumnDef[] {
  const have = new Set(columns.flatMap((c) => (c ? [c.key] : [])));
  return def.columns.filter((c) => !have.has(c.key) && (c.inTemplate || entries.some((e) => e[c.key] !== undefined && e[c.key] !== null && e[c.key] !== "")));
}

/** A record as the cells of a row of a table with these columns (a column custfile does not fill is written blank, as text). */
export function recordCells(columns: readonly (ColumnDef | null)[], entry: RecordEntry): ExcelCell[] {
  return columns.map((c) => (c ? excelCell(formatOfKind(c.kind), entry[c.key] ?? null) : { value: "", numberFormat: "@" }));
}

/** A row of a table read back as a record by column key (header-mapped); timestamps come back as text. */
export function recordOf(columns: readonly (ColumnDef | null)[], row: readonly Cell[]): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  columns.forEach((c, i) => {
    if (!c) return;
    const v = row[i] ?? null;
    out[c.key] = c.kind === "datetime" ? timestampText(v) : v === "" ? null : v;
  });
  return out;
}
