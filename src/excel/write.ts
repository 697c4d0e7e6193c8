/**
 * The one way custfile writes into the workbook (issue 10): its own rows (ChangeLog, Audits and
 * the record tables to come: CreditHistory, Handovers …), whole sheets of its own (reports,
 * reviews, handover lists, the audit sheet) from a core `SheetSpec`, and single cells of the
 * user's tables (fixes, restores). Everything goes through the core's cell conversion
 * (core/sheets `excelCell`): a cell that will hold text is formatted "@" before its value is
 * written, so Excel keeps `+86 138…`, `007` or `2026-12-04 10:30` as typed; dates and times are
 * written as serials with a date format, so they sort and filter as dates.
 *
 * Writes are queued; the caller's next `context.sync()` (or the end of its Excel.run) sends
 * them, so a feature's records, cells and sheets go out in one request. A `RequestBudget` makes
 * a writer sync between parts when the queued request would pass Excel on the web's 5 MB bound.
 * Writes land on the user's undo stack like any add-in write (docs/changes.md).
 *
 * Rules kept here so every writer keeps them:
 *   - a table is made over a Range object, never over an address without a sheet name (Excel
 *     would make it on the active sheet);
 *   - a table is made over its header and its rows at once (over a header alone Excel adds a
 *     blank first row); a blank last row of an existing table is filled before rows are added;
 *   - a record table is never made over a sheet holding other data: it goes below that data;
 *   - a sheet custfile protects is unprotected and protected again in the same request.
 */
import type { Cell } from "../core/table";
import { columnLetter } from "../core/table";
import {
  excelCell, formatOfKind, layoutSheet, missingRecordColumns, recordCells, recordColumns, recordOf, sheetNameProblem, tableCells, templateColumns,
  NUMBER_FORMATS, TABLE_STYLE, type ChartSpec, type ColumnFormat, type ExcelCell, type RecordEntry, type SheetSpec, type TableSpec,
} from "../core/sheets";
import type { ColumnDef, TableDef } from "../core/template/tables";
import type { ChangeLogEntry } from "../core/changes";
import { chainRows, changeLogCells, webCryptoSha256 } from "../core/records/chain";

/** Excel column width in points for a width in characters (CJK headers are about two characters wide). */
export const POINTS_PER_CHAR = 7.5;

/** How custfile protects its own sheets: no password (custfile unprotects for its own writes), filtering and sorting allowed. */
export const SHEET_PROTECTION: Excel.WorksheetProtectionOptions = { allowAutoFilter: true, allowSort: true, allowFormatColumns: true };

/** Why a write was refused, as a code and data (the pane words it; nothing was written). */
export class WriteError extends Error {
  constructor(
    readonly code: "sheet-name" | "sheet-has-data" | "record-table",
    readonly sheet: string,
    detail: string,
  ) {
    super(`${code}: sheet '${sheet}': ${detail}`);
    this.name = "WriteError";
  }
}

/* ------------------------------ request budget ------------------------------ */

/** UTF-8 bytes a value takes in a request (JSON): CJK text is 3 bytes a character. */
export function requestBytes(value: Cell): number {
  if (value === null) return 4;
  if (typeof value !== "string") return String(value).length + 1;
  let n = 3;
  for (let i = 0; i < value.length; i++) n += value.charCodeAt(i) < 0x80 ? 1 : 3;
  return n;
}

/** What a write request may use of Excel on the web's 5 MB bound, leaving room for the JSON around the values. */
export const WEB_WRITE_BUDGET = 4_000_000;

/** Bytes one queued operation takes besides its values (object path, method). */
export const OPERATION_BYTES = 80;

/** Limits of one request: bytes (Excel on the web: 5 MB) and cells. */
export interface WriteLimits {
  bytes?: number;
  cells?: number;
}

/**
 * The writes queued since the last sync, against the limits of one request: `room(bytes, cells)`
 * syncs what is queued first when the next writes would pass a limit. Share one between writers
 * of the same request so they count together.
 */
export class RequestBudget {
  bytes = 0;
  cells = 0;
  /** Syncs made to stay under the limits. */
  syncs = 0;
  constructor(private readonly context: Excel.RequestContext, private readonly limits: WriteLimits = {}) {}

  /** Make room for writes of `bytes` and `cells` (a sync first when they would pass a limit and something is queued). */
  async room(bytes: number, cells = 0): Promise<void> {
    const overBytes = this.limits.bytes !== undefined && this.bytes + bytes > this.limits.bytes;
    const overCells = this.limits.cells !== undefined && this.cells + cells > this.limits.cells;
    if ((overBytes || overCells) && (this.bytes > 0 || this.cells > 0)) {
      await this.context.sync();
      this.syncs++;
      this.bytes = 0;
      this.cells = 0;
    }
    this.bytes += bytes;
    this.cells += cells;
  }

  /** Rows of `rowBytes`/`rowCells` each that fit in one request beside a few operations (at least one). */
  rowsPerRequest(rowBytes: number, rowCells: number): number {
    const byBytes = this.limits.bytes === undefined ? Infinity : Math.floor((this.limits.bytes - 4 * OPERATION_BYTES) / Math.max(1, rowBytes));
    const byCells = this.limits.cells === undefined ? Infinity : Math.floor(this.limits.cells / Math.max(1, rowCells));
    return Math.max(1, Math.min(byBytes, byCells));
  }
}

function cellsBytes(rows: readonly (readonly ExcelCell[])[]): number {
  let n = 0;
  for (const r of rows) for (const c of r) n += requestBytes(c.value) + c.numberFormat.length + 3;
  return n;
}

/* ------------------------------ cells ------------------------------ */

/** Whether a write should set the cell's number format: text ("@") and dates do; numbers keep the format the cell has. */
function setsFormat(format: ColumnFormat, cell: ExcelCell): boolean {
  if (typeof cell.value === "string") return cell.value !== "";
  return typeof cell.value === "number" && (format === "date" || format === "datetime");
}

/** One cell custfile writes in a user's table (a fix, a restore): 1-based sheet row and column. */
export interface CellWrite {
  sheet: string;
  row: number;
  column: number;
  value: Cell;
  /** How the column is written (core/sheets formatOfKind of its template column). */
  format: ColumnFormat;
}

/**
 * Queue cell writes that keep what custfile means: text stays text ("@" set before the value,
 * so `+86…` or `007` survive), dates become date cells; a number keeps the cell's own format.
 */
export async function queueCellWrites(context: Excel.RequestContext, writes: readonly CellWrite[], budget?: RequestBudget): Promise<void> {
  const sheets = new Map<string, Excel.Worksheet>();
  for (const w of writes) {
    let sheet = sheets.get(w.sheet);
    if (!sheet) sheets.set(w.sheet, (sheet = context.workbook.worksheets.getItem(w.sheet)));
    const cell = excelCell(w.format, w.value);
    await budget?.room(requestBytes(cell.value) + cell.numberFormat.length + 2 * OPERATION_BYTES, 2);
    const range = sheet.getRangeByIndexes(w.row - 1, w.column - 1, 1, 1);
    if (setsFormat(w.format, cell)) range.numberFormat = [[cell.numberFormat]];
    range.values = [[cell.value]];
  }
}

/* ------------------------------ tables and sheets ------------------------------ */

/** Where a table's header row goes: 0-based sheet row and column. */
export interface TableAt {
  row: number;
  column: number;
}

/**
 * Queue a table: number formats first (text columns "@"), then header and rows, then the Excel
 * table over that Range (never an address the active sheet could capture), its name and style,
 * column widths and dropdowns. Rows go in parts under `budget` when one is given.
 */
export async function queueTable(context: Excel.RequestContext, sheet: Excel.Worksheet, spec: TableSpec, at: TableAt = { row: 0, column: 0 }, budget?: RequestBudget): Promise<Excel.Table> {
  const cells = tableCells(spec);
  const cols = spec.columns.length;
  const perPart = budget ? budget.rowsPerRequest(cellsBytes(cells.slice(0, 2)) / Math.min(2, cells.length), 2 * cols) : cells.length;
  for (let start = 0; start < cells.length; start += perPart) {
    const part = cells.slice(start, start + perPart);
    await budget?.room(cellsBytes(part) + 2 * OPERATION_BYTES, 2 * part.length * cols);
    const range = sheet.getRangeByIndexes(at.row + start, at.column, part.length, cols);
    range.numberFormat = part.map((r) => r.map((c) => c.numberFormat));
    range.values = part.map((r) => r.map((c) => c.value));
  }
  const table = sheet.tables.add(sheet.getRangeByIndexes(at.row, at.column, cells.length, cols), true);
  table.name = spec.name;
  table.style = spec.style ?? TABLE_STYLE;
  const bodyRows = cells.length - 1;
  spec.columns.forEach((c, j) => {
    if (c.width) sheet.getRangeByIndexes(at.row, at.column + j, 1, 1).format.columnWidth = Math.round(c.width * POINTS_PER_CHAR);
    const source = c.listSource ?? (c.list ? c.list.join(",") : null);
    if (source) {
      const body = sheet.getRangeByIndexes(at.row + 1, at.column + j, bodyRows, 1);
      body.dataValidation.clear();
      body.dataValidation.rule = { list: { inCellDropDown: true, source } };
    }
  });
  return table;
}

/**
 * Queue a column added to the right of an existing table: its header, then its cells formatted
 * for `format` before they are written (a list of names added to 下拉选项 stays text). `values`
 * fill the data rows from the top; the table must already have that many rows.
 */
export function queueTableColumn(context: Excel.RequestContext, tableName: string, header: string, values: readonly Cell[], format: ColumnFormat): void {
  const table = context.workbook.tables.getItem(tableName);
  table.columns.add(null as unknown as number, undefined, header);
  if (values.length === 0) return;
  const cells = values.map((v) => excelCell(format, v));
  const body = table.columns.getItem(header).getDataBodyRange();
  body.numberFormat = cells.map((c) => [c.numberFormat]);
  body.values = cells.map((c) => [c.value ?? ""]);
}

/** Excel's chart type for a ChartSpec type. */
const CHART_TYPES: Readonly<Record<ChartSpec["type"], string>> = { pie: "Pie", doughnut: "Doughnut", bar: "BarClustered", column: "ColumnClustered" };

/** A sheet as a survey knows it (so writeSheet needs no round trip to look). */
export interface SheetState {
  exists: boolean;
  /** It holds values (custfile never writes over them unless told to replace the sheet). */
  hasData: boolean;
}

/** Options of writeSheet. */
export interface WriteSheetOptions {
  /** Replace a sheet of that name (custfile's own report of the same name); otherwise a sheet with data is refused. */
  replace?: boolean;
  /** Make it the active sheet. */
  activate?: boolean;
  /** What is there now, when the caller knows (otherwise one sync looks). */
  known?: SheetState;
  budget?: RequestBudget;
}

/** What writeSheet queued: the sheet and where each table went (1-based sheet row of its header). */
export interface WrittenSheet {
  sheet: string;
  tables: Array<{ name: string; headerRow: number }>;
  charts: number;
}

/** The state of a sheet now (one sync). */
export async function sheetState(context: Excel.RequestContext, name: string): Promise<SheetState> {
  const sheet = context.workbook.worksheets.getItemOrNullObject(name).load("isNullObject");
  const used = sheet.getUsedRangeOrNullObject(true).load("isNullObject");
  await context.sync();
  return { exists: !sheet.isNullObject, hasData: !sheet.isNullObject && !used.isNullObject };
}

/**
 * Queue a whole sheet of custfile's (SPEC §8–§10 reports, the audit sheet): lines of text from
 * A1, then each table with its caption (formats first, Excel tables with TABLE_STYLE, widths,
 * dropdowns), native charts beside their tables, the header frozen, protection when asked. A
 * sheet of that name is replaced only with `replace`; an empty one is used; one holding data is
 * refused (WriteError sheet-has-data). The caller syncs.
 */
export async function writeSheet(context: Excel.RequestContext, spec: SheetSpec, options: WriteSheetOptions = {}): Promise<WrittenSheet> {
  const problem = sheetNameProblem(spec.name);
  if (problem) throw new WriteError("sheet-name", spec.name, problem);
  const state = options.known ?? (await sheetState(context, spec.name));
  if (state.exists && state.hasData && !options.replace) throw new WriteError("sheet-has-data", spec.name, "holds data; custfile does not write over it");
  let sheet: Excel.Worksheet;
  if (state.exists && options.replace) {
    // Add the new sheet first (the old one may be the only visible sheet), then delete the old one and take its name.
    sheet = context.workbook.worksheets.add(`~custfile ${Date.now().toString(36).slice(-8)}`);
    context.workbook.worksheets.getItem(spec.name).delete();
    sheet.name = spec.name;
  } else if (state.exists) {
    sheet = context.workbook.worksheets.getItem(spec.name);
  } else {
    sheet = context.workbook.worksheets.add(spec.name);
  }
  const layout = layoutSheet(spec);
  (spec.lines ?? []).forEach((line, i) => {
    const cell = sheet.getRangeByIndexes(i, 0, 1, 1);
    cell.numberFormat = [["@"]];
    cell.values = [[line]];
  });
  const written: WrittenSheet = { sheet: spec.name, tables: [], charts: 0 };
  for (const place of layout.tables) {
    if (place.captionRow !== null) {
      const caption = sheet.getRangeByIndexes(place.captionRow, place.firstColumn, 1, 1);
      caption.numberFormat = [["@"]];
      caption.values = [[place.table.caption ?? ""]];
    }
    await queueTable(context, sheet, place.table, { row: place.headerRow, column: place.firstColumn }, options.budget);
    written.tables.push({ name: place.table.name, headerRow: place.headerRow + 1 });
  }
  for (const c of layout.charts) {
    const place = layout.tables.find((t) => t.table.name === c.chart.table);
    if (!place) continue;
    queueChart(sheet, c.chart, place.headerRow, place.firstColumn, place.bodyRows, { row: c.row, column: c.column, rows: c.rows, columns: c.columns });
    written.charts++;
  }
  if (layout.frozenRows > 0) sheet.freezePanes.freezeRows(layout.frozenRows);
  if (spec.protect) sheet.protection.protect(SHEET_PROTECTION);
  if (options.activate) sheet.activate();
  return written;
}

/** Queue a native chart (ExcelApi 1.1 charts.add; 1.7 series for columns that are not side by side) over a table's cells. */
function queueChart(sheet: Excel.Worksheet, chart: ChartSpec, headerRow: number, firstColumn: number, bodyRows: number, box: { row: number; column: number; rows: number; columns: number }): void {
  const category = chart.categoryColumn ?? 0;
  const columns = [category, ...chart.seriesColumns];
  const contiguous = columns.every((c, i) => i === 0 || c === columns[i - 1] + 1);
  const column = (c: number, withHeader: boolean) => sheet.getRangeByIndexes(withHeader ? headerRow : headerRow + 1, firstColumn + c, bodyRows + (withHeader ? 1 : 0), 1);
  let made: Excel.Chart;
  if (contiguous) {
    made = sheet.charts.add(CHART_TYPES[chart.type] as Excel.ChartType, sheet.getRangeByIndexes(headerRow, firstColumn + category, bodyRows + 1, columns.length), "Columns" as Excel.ChartSeriesBy);
  } else {
    made = sheet.charts.add(CHART_TYPES[chart.type] as Excel.ChartType, column(chart.seriesColumns[0], true), "Columns" as Excel.ChartSeriesBy);
    made.series.getItemAt(0).setXAxisValues(column(category, false));
    for (const s of chart.seriesColumns.slice(1)) {
      const series = made.series.add();
      series.setValues(column(s, false));
      series.setXAxisValues(column(category, false));
    }
  }
  made.title.text = chart.title;
  made.setPosition(`${columnLetter(box.column + 1)}${box.row + 1}`, `${columnLetter(box.column + box.columns)}${box.row + box.rows}`);
}

/* ------------------------------ record tables ------------------------------ */

/** What a writer knows of a record table (from a survey or `lookUpRecordTable`). */
export interface RecordTable {
  def: TableDef;
  /** The sheet the table is on, or the one it will be made on (the template's sheet). */
  sheet: string;
  sheetExists: boolean;
  /** The Excel table, when the workbook has one. */
  table: {
    name: string;
    headers: string[];
    /** 0-based sheet row of the header, and data rows (a blank one counts). */
    headerRow: number;
    dataRows: number;
    /** The last data row's values and number formats (a blank last row is filled first; hooks read it). */
    lastRow: { values: Cell[]; numberFormats: string[] };
  } | null;
  /** 0-based row where a new table's header goes: 0 on an empty sheet, below the data otherwise. */
  newTableRow: number;
  /** The sheet is protected now: custfile unprotects it and protects it again around its write. */
  protected: boolean;
}

/** The loads of a record table lookup, filled in by the caller's next sync. */
export interface RecordLookup {
  def: TableDef;
  table: Excel.Table;
  range: Excel.Range;
  header: Excel.Range;
  lastRow: Excel.Range;
  tableSheet: Excel.Worksheet;
  sheet: Excel.Worksheet;
  used: Excel.Range;
}

/** Queue the loads that find a record table (by Excel table name; else its template sheet); `recordTableOf` reads them after the sync. */
export function queueRecordLookup(context: Excel.RequestContext, def: TableDef, tableName: string = def.tableName): RecordLookup {
  const table = context.workbook.tables.getItemOrNullObject(tableName).load("isNullObject,name");
  const tableSheet = table.worksheet.load("name");
  tableSheet.protection.load("protected");
  const sheet = context.workbook.worksheets.getItemOrNullObject(def.sheet).load("isNullObject");
  sheet.protection.load("protected");
  return {
    def,
    table,
    range: table.getRange().load("rowIndex,rowCount"),
    header: table.getHeaderRowRange().load("values"),
    lastRow: table.getDataBodyRange().getLastRow().load("values,numberFormat"),
    tableSheet,
    sheet,
    used: sheet.getUsedRangeOrNullObject(true).load("rowIndex,rowCount"),
  };
}

/** The record table a lookup found, after the sync. */
export function recordTableOf(lookup: RecordLookup): RecordTable {
  const { def } = lookup;
  if (!lookup.table.isNullObject) {
    return {
      def,
      sheet: lookup.tableSheet.name,
      sheetExists: true,
      table: {
        name: lookup.table.name,
        headers: (lookup.header.values[0] as Cell[]).map((v) => String(v ?? "")),
        headerRow: lookup.range.rowIndex,
        dataRows: lookup.range.rowCount - 1,
        lastRow: { values: lookup.lastRow.values[0] as Cell[], numberFormats: lookup.lastRow.numberFormat[0] as string[] },
      },
      newTableRow: 0,
      protected: lookup.tableSheet.protection.protected,
    };
  }
  const exists = !lookup.sheet.isNullObject;
  return {
    def,
    sheet: def.sheet,
    sheetExists: exists,
    table: null,
    // A sheet of that name without the table may hold the user's notes: start below them, never over them.
    newTableRow: exists && !lookup.used.isNullObject ? lookup.used.rowIndex + lookup.used.rowCount + 1 : 0,
    protected: exists && lookup.sheet.protection.protected,
  };
}

/** Find a record table (one sync). */
export async function lookUpRecordTable(context: Excel.RequestContext, def: TableDef, tableName?: string): Promise<RecordTable> {
  const lookup = queueRecordLookup(context, def, tableName);
  await context.sync();
  return recordTableOf(lookup);
}

/**
 * A per-table step run on the records before they are written, given the table's last row as a
 * record (null when the table is new or its last row blank): e.g. a ChangeLog 校验 column
 * chaining each row to the one before (SPEC §10.5c).
 */
export interface RecordHook {
  beforeAppend(lastRow: Record<string, Cell> | null, entries: readonly RecordEntry[]): RecordEntry[] | Promise<RecordEntry[]>;
}

/**
 * Every ChangeLog row custfile writes carries its 校验 (SPEC §10.5c): chained to the table's last
 * row (a log without the column starts its chain at the first new row), hashed with Web Crypto.
 */
export const CHANGELOG_CHAIN: RecordHook = {
  async beforeAppend(lastRow, entries) {
    const previous = typeof lastRow?.check === "string" ? lastRow.check : null;
    const checks = await chainRows(previous, entries.map((e) => changeLogCells(e as unknown as ChangeLogEntry)), webCryptoSha256);
    return entries.map((e, i) => ({ ...e, check: checks[i] }));
  },
};

/** The hooks every writer runs: the ChangeLog chain. */
const BUILT_IN_HOOKS: ReadonlyMap<string, RecordHook> = new Map([["ChangeLog", CHANGELOG_CHAIN]]);
const hooks = new Map<string, RecordHook>(BUILT_IN_HOOKS);

/** Register the hook every append to a record table goes through; null puts the built-in one back (tests replace it for a while). */
export function setRecordHook(tableKey: string, hook: RecordHook | null): void {
  const builtIn = BUILT_IN_HOOKS.get(tableKey);
  if (hook) hooks.set(tableKey, hook);
  else if (builtIn) hooks.set(tableKey, builtIn);
  else hooks.delete(tableKey);
}

/**
 * Rows of a record table to replace (e.g. a month recorded again in CreditHistory, SPEC §8.3):
 * the table's data body as read (values and number formats, top to bottom, every column), and
 * which of its rows go, given each as a record by column key (what a reader sees).
 */
export interface ReplaceRows {
  body: { values: readonly (readonly Cell[])[]; numberFormats: readonly (readonly string[])[] };
  match(row: Record<string, Cell>): boolean;
}

/** Options of appendRecords. */
export interface AppendOptions {
  budget?: RequestBudget;
  /**
   * Protect the sheet after writing even if it was not protected (custfile's record sheets, SPEC
   * §10.5b). Default: a protected sheet stays protected, and a record sheet custfile makes
   * (ChangeLog, Audits, CreditHistory, Handovers on a new or empty sheet) is protected.
   */
  protect?: boolean;
  /** Take these rows out of the table first (in the same request); the records then follow the last row kept. */
  replace?: ReplaceRows;
}

/** What appendRecords queued. */
export interface AppendResult {
  table: string;
  sheet: string;
  /** 1-based sheet row of the first record written, and how many. */
  firstRow: number;
  rows: number;
  /** Rows taken out first (with `replace`). */
  replaced?: number;
  /** The ChangeLog's 校验 chain started with these rows, below rows written before it (SPEC §10.5c upgrade). */
  chainStart?: ChainStart;
}

/**
 * Where a ChangeLog's 校验 chain started in a log that already had rows: the column was added
 * (or was there, empty) and the rows above were written before the chain, so it does not cover them.
 */
export interface ChainStart {
  sheet: string;
  /** 1-based sheet row of the chain's first row. */
  row: number;
  /** Rows above it, below the header, that the chain does not cover. */
  uncovered: number;
  /** The 校验 column was added by this write (the log had none). */
  columnAdded: boolean;
}

const chainStartListeners = new Set<(start: ChainStart) => void>();

/** Hear where a ChangeLog's chain starts over older rows (the pane says so once); returns the unsubscribe function. */
export function onChainStart(listener: (start: ChainStart) => void): () => void {
  chainStartListeners.add(listener);
  return () => chainStartListeners.delete(listener);
}

/** Tell the listeners, after the sync that wrote it, that a chain started (nothing when `start` is undefined). */
export function announceChainStart(start: ChainStart | undefined): void {
  if (!start) return;
  for (const listener of chainStartListeners) {
    try {
      listener(start);
    } catch (e) {
      console.error("custfile: a chain-start listener failed", e);
    }
  }
}

function blankRow(values: readonly Cell[]): boolean {
  return values.every((v) => v === null || v === "" || (typeof v === "string" && v.trim() === ""));
}

/**
 * Queue records (by column key) into a record table, mapping keys to the table's columns by
 * header or alias; template columns the table lacks are added first (nothing is dropped). When
 * the workbook has no such table it is made on its template sheet (created when missing), below
 * anything already there. Text is written as text, times as date-times; a blank last row is
 * filled first; a protected sheet is unprotected and protected again in the same request. The
 * caller syncs; `target` is updated so a later append in the same run continues after these rows.
 */
export async function appendRecords(context: Excel.RequestContext, target: RecordTable, records: readonly RecordEntry[], options: AppendOptions = {}): Promise<AppendResult> {
  const { def } = target;
  const hook = hooks.get(def.key);
  const replace = options.replace && target.table ? options.replace : undefined;
  if (records.length === 0 && !replace) return { table: target.table?.name ?? def.tableName, sheet: target.sheet, firstRow: 0, rows: 0 };
  const budget = options.budget;
  const sheet = target.sheetExists ? context.workbook.worksheets.getItem(target.sheet) : context.workbook.worksheets.add(target.sheet);
  if (target.protected) sheet.protection.unprotect();
  // A record sheet custfile makes (a new or empty sheet) is protected like set-up protects it; one the user left unprotected stays so.
  const protect = options.protect ?? (def.addinOwned && !target.table && target.newTableRow === 0);
  const hadCheck = target.table ? recordColumns(def, target.table.headers).some((c) => c?.key === "check") : false;
  const headerRow = target.table?.headerRow ?? target.newTableRow;
  const replaced = replace ? await queueRowRemoval(context, target, target.table!, replace, budget) : undefined;
  const counted = replaced === undefined ? {} : { replaced };
  const lastRecord = target.table && !blankRow(target.table.lastRow.values) ? recordOf(recordColumns(def, target.table.headers), target.table.lastRow.values) : null;
  const entries = hook ? await hook.beforeAppend(lastRecord, records) : [...records];
  if (entries.length === 0) {
    if (target.protected) sheet.protection.protect(SHEET_PROTECTION);
    return { table: target.table?.name ?? def.tableName, sheet: target.sheet, firstRow: 0, rows: 0, ...counted };
  }
  let result: AppendResult;
  if (!target.table) {
    const columns: ColumnDef[] = [...def.columns.filter((c) => c.inTemplate), ...missingRecordColumns(def, def.columns.filter((c) => c.inTemplate), entries)];
    const spec: TableSpec = { name: def.tableName, columns: templateColumns(def, columns), rows: entries.map((e) => columns.map((c) => e[c.key] ?? null)) };
    await queueTable(context, sheet, spec, { row: target.newTableRow, column: 0 }, budget);
    const last = recordCells(columns, entries[entries.length - 1]);
    result = { table: def.tableName, sheet: target.sheet, firstRow: target.newTableRow + 2, rows: entries.length };
    target.table = { name: def.tableName, headers: columns.map((c) => c.header), headerRow: target.newTableRow, dataRows: entries.length, lastRow: { values: last.map((c) => c.value), numberFormats: last.map((c) => c.numberFormat) } };
    target.sheetExists = true;
  } else {
    result = await appendToTable(context, target, target.table, entries, budget);
  }
  if (target.protected || protect) {
    sheet.protection.protect(SHEET_PROTECTION);
    target.protected = true;
  }
  const uncovered = result.firstRow - (headerRow + 2);
  const first = entries[0]?.check;
  if (def.key === "ChangeLog" && uncovered > 0 && typeof first === "string" && first.startsWith("1:")) {
    result.chainStart = { sheet: target.sheet, row: result.firstRow, uncovered, columnAdded: !hadCheck };
  }
  return { ...result, ...counted };
}

/**
 * Queue taking the rows `replace` picks out of a table: contiguous runs deleted bottom up with
 * the cells below moving up (Range.delete, ExcelApi 1.1), so the rows kept close up with their
 * values and formats as they were. Excel keeps one data row in a table: when every row goes, the
 * first stays, emptied, and the next record fills it. `table` is updated (rows, last row).
 */
async function queueRowRemoval(context: Excel.RequestContext, target: RecordTable, table: NonNullable<RecordTable["table"]>, replace: ReplaceRows, budget?: RequestBudget): Promise<number> {
  const { values, numberFormats } = replace.body;
  if (values.length !== table.dataRows) throw new Error(`${target.sheet}: table ${table.name} has ${table.dataRows} data rows, ${values.length} were read; read it again before replacing rows`);
  const columns = recordColumns(target.def, table.headers);
  const gone = values.map((row) => replace.match(recordOf(columns, row)));
  const count = gone.filter(Boolean).length;
  if (count === 0) return 0;
  const keepFirst = count === values.length;
  const runs: Array<{ start: number; rows: number }> = [];
  gone.forEach((g, i) => {
    if (!g || (keepFirst && i === 0)) return;
    const last = runs[runs.length - 1];
    if (last && last.start + last.rows === i) last.rows++;
    else runs.push({ start: i, rows: 1 });
  });
  const excelTable = context.workbook.tables.getItem(table.name);
  await budget?.room((runs.length + 1) * OPERATION_BYTES);
  // Bottom up: a run's rows are where they were read whatever was deleted below them.
  for (const run of runs.reverse()) {
    const body = excelTable.getDataBodyRange();
    const rows = run.rows > 1 ? body.getRow(run.start).getResizedRange(run.rows - 1, 0) : body.getRow(run.start);
    rows.delete("Up" as Excel.DeleteShiftDirection.up);
  }
  const kept = values.map((_v, i) => i).filter((i) => !gone[i]);
  if (keepFirst) {
    excelTable.getDataBodyRange().getRow(0).clear("Contents" as Excel.ClearApplyTo.contents);
    table.dataRows = 1;
    table.lastRow = { values: values[0].map(() => ""), numberFormats: [...numberFormats[0]] };
  } else {
    const last = kept[kept.length - 1];
    table.dataRows = kept.length;
    table.lastRow = { values: [...values[last]], numberFormats: [...numberFormats[last]] };
  }
  return count;
}

async function appendToTable(context: Excel.RequestContext, target: RecordTable, table: NonNullable<RecordTable["table"]>, entries: readonly RecordEntry[], budget?: RequestBudget): Promise<AppendResult> {
  const { def } = target;
  const excelTable = context.workbook.tables.getItem(table.name);
  let columns = recordColumns(def, table.headers);
  const missing = missingRecordColumns(def, columns, entries);
  for (const c of missing) excelTable.columns.add(null as unknown as number, undefined, c.header);
  if (missing.length) {
    columns = [...columns, ...missing];
    table.headers = [...table.headers, ...missing.map((c) => c.header)];
    table.lastRow = { values: [...table.lastRow.values, ...missing.map(() => "")], numberFormats: [...table.lastRow.numberFormats, ...missing.map(() => "General")] };
  }
  const rows = entries.map((e) => recordCells(columns, e));
  const width = columns.length;
  // The format each column keeps: rows added to a table take their formats from its last row.
  const wanted = columns.map((c) => (c ? NUMBER_FORMATS[formatOfKind(c.kind)] : "@"));
  let start = 0;
  const reuse = blankRow(table.lastRow.values);
  if (reuse) {
    // A table always has a data row: fill the blank one (a new template table has it) instead of leaving it above the records.
    const range = excelTable.getDataBodyRange().getLastRow();
    await budget?.room(cellsBytes(rows.slice(0, 1)) + 2 * OPERATION_BYTES, 2 * width);
    range.numberFormat = [rows[0].map((c, j) => (c.value === "" ? wanted[j] : c.numberFormat))];
    range.values = [rows[0].map((c) => c.value)];
    start = 1;
    table.lastRow = { values: rows[0].map((c) => c.value), numberFormats: rows[0].map((c, j) => (c.value === "" ? wanted[j] : c.numberFormat)) };
  }
  const inherited = table.lastRow.numberFormats;
  // Fast path: every value already has the format the new rows inherit; else add blank rows, format them, then write.
  const fits = wanted.every((f, j) => inherited[j] === f) && rows.every((r) => r.every((c, j) => c.value === "" || typeof c.value === "boolean" || c.numberFormat === wanted[j] || (typeof c.value === "number" && wanted[j] !== "@")));
  const rowBytes = rows.length > start ? cellsBytes(rows.slice(start, start + 1)) : 0;
  const perPart = budget ? budget.rowsPerRequest(rowBytes * (fits ? 1 : 2), width * (fits ? 1 : 3)) : rows.length;
  while (start < rows.length) {
    const part = rows.slice(start, start + perPart);
    await budget?.room(cellsBytes(part) * (fits ? 1 : 2) + 3 * OPERATION_BYTES, part.length * width * (fits ? 1 : 3));
    if (fits) {
      // excelCell never gives null (a blank is ""): Excel reads null in rows.add as "leave as is", which a new row cannot.
      excelTable.rows.add(null as unknown as number, part.map((r) => r.map((c) => c.value ?? "")));
    } else {
      const added = excelTable.rows.add(null as unknown as number, part.map(() => new Array(width).fill("")));
      const range = part.length > 1 ? added.getRange().getResizedRange(part.length - 1, 0) : added.getRange();
      range.numberFormat = part.map((r) => r.map((c, j) => (c.value === "" ? wanted[j] : c.numberFormat)));
      range.values = part.map((r) => r.map((c) => c.value));
    }
    start += part.length;
  }
  const last = rows[rows.length - 1];
  table.lastRow = { values: last.map((c) => c.value), numberFormats: last.map((c, j) => (c.value === "" ? wanted[j] : c.numberFormat)) };
  const firstRow = table.headerRow + 1 + table.dataRows - (reuse ? 1 : 0) + 1;
  table.dataRows += rows.length - (reuse ? 1 : 0);
  return { table: table.name, sheet: target.sheet, firstRow, rows: rows.length };
}
