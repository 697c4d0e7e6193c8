/**
 * The one file writer of the command line. A copy of a workbook is the input's zip package
 * with only the parts custfile means to change replaced or added — its own sheets, the cells
 * it writes, the record tables it grows, the workbook part, relationships, content types and
 * styles they need — and every other part (tables, validation, conditional formats, charts,
 * pivot tables, images, comments, names, protection, styles of the user's cells) carried over
 * byte for byte. A new workbook is the same edits applied to an empty package. Every write is
 * checked (never the input, an existing file only with --force) and atomic (temporary file in
 * the same folder, then rename). Reading stays with SheetJS (./xlsx.ts).
 */
import { excelCell, formatOfKind, layoutSheet, TABLE_STYLE, templateColumns, type ColumnFormat, type SheetSpec } from "../core/sheets";
import { isBlank, type Cell, type SheetBlock } from "../core/table";
import { isTableName, isTableSheet, type ColumnDef, type TableDef } from "../core/template/tables";
import { detectTables, matchHeader } from "../core/validate/detect";
import { CliError } from "./io";
import { chartXml, drawingXml } from "./charts";
import { checkOutput, writeFileAtomic } from "./output";
import { CONTENT, PackageError, REL, XlsxPackage } from "./package";
import { MAIN_NS, parseRange, rangeRef, REL_NS, SheetEditor, sheetSpecParts, sheetSpecXml, tablePartXml, uniqueHeaders, a1, type PlacedTable, type RowProgress } from "./sheetxml";
import { EMPTY_STYLES, StyleBook } from "./styles";
import { escapeAttr, findTag, findTags, elementEnd, prefixOf, withAttr } from "./xml";
import { readSheetBlocks, type LoadedWorkbook } from "./xlsx";
import { ZipArchive, ZipError, type ZipChunks } from "./zip";
import { maxOf, minOf, pushAll } from "../core/arrays";

export { writtenBlock } from "./sheetxml";

/** A record's cells by template column key (TableDef column keys, e.g. { time, table, customerId, … }). */
export type RecordCells = Readonly<Record<string, Cell>>;

/**
 * Cells computed for each appended row from the row before it — the table's last row as a
 * reader sees it, or the previously appended row as written — e.g. the ChangeLog 校验 chain.
 * Returns the cells to add to the entry (by column key).
 */
export type RowExtension = (previous: RecordCells | null, entry: RecordCells) => Record<string, Cell>;

/** Rows for one of custfile's record tables (ChangeLog, Audits, …). */
export interface TableAppend {
  /** The template table: found by Excel table name, then sheet name, then headers; created from the template when missing. */
  table: TableDef;
  entries: readonly RecordCells[];
  /** Compute extra cells of each row from the previous row (see RowExtension). */
  extend?: RowExtension;
  /**
   * Rows to replace: the table's rows for which it returns true (given as a reader sees them)
   * are taken out before the entries are appended; the rows below close up with their cells as
   * they were (values, formats), the entries follow the last row kept, and rows left over at
   * the bottom are emptied (the table keeps its range). E.g. a month recorded again in
   * CreditHistory. The hook `extend` then sees the last row kept.
   */
  replace?: (row: RecordCells) => boolean;
}

/** A value written into a cell of a user's sheet, keeping the cell's format (font, fill, borders). */
export interface CellEdit {
  sheet: string;
  /** 1-based row and column numbers. */
  row: number;
  column: number;
  value: Cell;
  /** How to write it (number format, date conversion); without it strings are written as text ("@") and numbers keep the cell's format. */
  format?: ColumnFormat;
}

/** What a copy changes. Applied in this order: cells, appends, sheets. */
export interface WorkbookEdits {
  /** custfile's own sheets: added after the user's, or replacing a sheet of that name in place. */
  sheets?: readonly SheetSpec[];
  /** Rows for record tables, mapped onto the existing table's columns by header or alias; the table grows. */
  append?: readonly TableAppend[];
  /** In-place values in the user's sheets. */
  cells?: readonly CellEdit[];
  /**
   * A last pass over the package once every edit is in, before it is zipped: for a command that
   * must also change parts the edits do not reach (the masked copy's purge, src/cli/purge.ts).
   */
  finish?: (pkg: XlsxPackage) => void;
}

/** Options of every write. */
export interface WriteOptions {
  /** Replace an existing output file. */
  force?: boolean;
  /** The option that named the output, for messages (e.g. "--out"). */
  option?: string;
}

/** Options of a new workbook's write. */
export interface NewWorkbookOptions extends WriteOptions {
  /**
   * Make each sheet's XML as the file is written, chunk by chunk, instead of in memory first
   * (a workbook of millions of cells, the demo); `onProgress` hears the rows written per sheet.
   */
  stream?: boolean;
  onProgress?: RowProgress;
}

/** What a write did, for a command to report. */
export interface WriteReport {
  out: string;
  /** Sheets added and sheets replaced, by name. */
  added: string[];
  replaced: string[];
  /** Per append: the sheet and table it went to, how, and the sheet rows written. */
  appended: Array<{ table: string; sheet: string; how: "table" | "range" | "new-sheet"; firstRow: number; rows: number; /** Rows taken out first (only for an append with `replace`). */ replaced?: number }>;
}

/** Thrown by the writer for a workbook it cannot change as asked; commands turn it into a message (exit 2). */
class WriteError extends PackageError {}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const XLTX = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml";
const WORKBOOK_TYPES = new Set<string>([CONTENT.workbook, XLTX]);
const INVALID_SHEET_NAME = /[[\]:*?/\\]/;

interface SheetEntry {
  name: string;
  sheetId: number;
  rid: string;
  part: string;
}

interface TableEntry {
  sheet: SheetEntry;
  part: string;
  name: string;
  id: number;
  ref: string;
  headerRows: number;
  totalsRows: number;
  columns: string[];
}

/** An edit session over one package. */
class WorkbookWriter {
  private readonly pkg: XlsxPackage;
  private readonly wbPart: string;
  private wbXml: string;
  private wbChanged = false;
  private sheets: SheetEntry[];
  private stylesCache: StyleBook | undefined;
  private stylesPart: string | undefined;
  private readonly editors = new Map<string, SheetEditor>();
  private tables: TableEntry[] | undefined;
  private readonly names: Set<string>;
  private dropCalcChain = false;
  /** How many `first` sheets were put before the user's sheets so far (they keep the order of the edits). */
  private firstSheets = 0;
  readonly report: WriteReport;

  constructor(pkg: XlsxPackage, out: string, private readonly blocks: (names: string[]) => SheetBlock[], private readonly stream?: { onProgress?: RowProgress }) {
    this.pkg = pkg;
    this.report = { out, added: [], replaced: [], appended: [] };
    this.wbPart = pkg.workbookPart();
    const type = pkg.contentType(this.wbPart);
    if (!type || !WORKBOOK_TYPES.has(type)) {
      throw new WriteError(type?.includes("macroEnabled") ? "it is a macro-enabled workbook (.xlsm); custfile writes .xlsx copies only, which cannot hold macros. Save it as .xlsx first." : `its main part is not an Excel workbook (${type ?? "no content type"}).`);
    }
    this.wbXml = pkg.text(this.wbPart);
    this.sheets = pkg.sheets(this.wbPart).map((s) => ({ ...s, part: s.part ?? "" }));
    this.names = new Set(findTags(this.wbXml, "definedName").map((t) => (t.attrs.name ?? "").toLowerCase()));
    // A template (.xltx) saved as .xlsx must say it is a workbook.
    if (type === XLTX) this.pkg.add(this.wbPart, this.wbXml, CONTENT.workbook);
  }

  private styles(): StyleBook {
    if (this.stylesCache) return this.stylesCache;
    const rel = this.pkg.rels(this.wbPart).find((r) => r.type === REL.styles);
    if (rel) {
      this.stylesPart = this.pkg.target(this.wbPart, rel);
      this.stylesCache = new StyleBook(this.pkg.text(this.stylesPart));
    } else {
      this.stylesPart = this.pkg.freePartName((n) => (n === 1 ? "xl/styles.xml" : `xl/styles${n}.xml`));
      this.pkg.add(this.stylesPart, EMPTY_STYLES, CONTENT.styles);
      this.pkg.addRel(this.wbPart, REL.styles, this.stylesPart);
      this.stylesCache = new StyleBook(EMPTY_STYLES);
    }
    return this.stylesCache;
  }

  private sheetByName(name: string): SheetEntry | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  private editor(sheet: SheetEntry): SheetEditor {
    let e = this.editors.get(sheet.part);
    if (!e) {
      if (this.pkg.contentType(sheet.part) !== CONTENT.worksheet) throw new WriteError(`sheet ${sheet.name} is not a worksheet (a chart sheet or macro sheet); custfile does not write into it.`);
      e = new SheetEditor(this.pkg.text(sheet.part), sheet.name);
      this.editors.set(sheet.part, e);
    }
    return e;
  }

  /** Every Excel table of the workbook, with its sheet (read once). */
  private allTables(): TableEntry[] {
    if (this.tables) return this.tables;
    this.tables = [];
    for (const sheet of this.sheets) {
      if (!sheet.part) continue;
      for (const rel of this.pkg.rels(sheet.part)) {
        if (rel.type !== REL.table || rel.external) continue;
        const part = this.pkg.target(sheet.part, rel);
        if (!this.pkg.has(part)) continue;
        const xml = this.pkg.text(part);
        const root = findTag(xml, "table");
        if (!root) continue;
        this.tables.push({
          sheet, part,
          name: root.attrs.displayName ?? root.attrs.name ?? "",
          id: Number(root.attrs.id ?? 0),
          ref: root.attrs.ref ?? "A1",
          headerRows: Number(root.attrs.headerRowCount ?? 1),
          totalsRows: Number(root.attrs.totalsRowCount ?? 0),
          columns: findTags(xml, "tableColumn").map((t) => t.attrs.name ?? ""),
        });
      }
    }
    return this.tables;
  }

  /** A table name free in the workbook (tables and defined names share one namespace), from a wanted name. */
  private freeTableName(wanted: string): string {
    let base = wanted.replace(/[^\p{L}\p{N}_.]/gu, "_");
    if (!/^[\p{L}_]/u.test(base)) base = `_${base}`;
    // A name that reads as a cell address (A1, R1C1) is not allowed.
    if (/^[A-Za-z]{1,3}\d+$/.test(base) || /^[Rr]\d*[Cc]\d*$/.test(base) || /^[RrCc]$/.test(base)) base = `${base}_`;
    const taken = new Set([...this.allTables().map((t) => t.name.toLowerCase()), ...this.names]);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    return name;
  }

  // ---- cells -------------------------------------------------------------

  /** Write in-place values into the user's sheets. */
  applyCells(edits: readonly CellEdit[]): void {
    const styles = this.styles();
    for (const edit of edits) {
      const sheet = this.sheetByName(edit.sheet);
      if (!sheet) throw new WriteError(`there is no sheet ${edit.sheet} to write ${a1(edit.row - 1, edit.column - 1)} into.`);
      if (!(edit.row >= 1 && edit.column >= 1)) throw new WriteError(`sheet ${edit.sheet}: row ${edit.row}, column ${edit.column} is not a cell.`);
      const ed = this.editor(sheet);
      const base = ed.styleAt(edit.row, edit.column);
      let value = edit.value;
      let style = base;
      if (edit.format) {
        const c = excelCell(edit.format, value);
        value = c.value;
        if (c.numberFormat !== "General") style = styles.derive(base, c.numberFormat);
      } else if (typeof value === "string" && value !== "") {
        style = styles.derive(base, "@");
      }
      ed.set(edit.row, edit.column, value, style);
    }
  }

  // ---- record tables -------------------------------------------------------

  /** Append rows to a record table: its Excel table, else its plain range, else a new sheet from the template. */
  applyAppend(append: TableAppend): void {
    const def = append.table;
    const table = this.allTables().find((t) => isTableName(def, t.name))
      ?? this.allTables().find((t) => isTableSheet(def, t.sheet.name) && t.columns.some((h) => matchHeader(def, h)));
    if (table) return this.appendToTable(append, table);
    const candidates = this.sheets.filter((s) => isTableSheet(def, s.name)).map((s) => s.name);
    const blocks = this.blocks(candidates);
    const found = detectTables(blocks).find((d) => d.table === def.key && d.headerRowIndex >= 0);
    if (found) return this.appendToRange(append, blocks[found.blockIndex], found.headerRow, found.columns.map((c) => ({ key: c.def.key, column: c.columnNumber })));
    this.appendAsNewSheet(append);
  }

  /** Run the extension hook over the entries; returns full rows and the values each row reads back as. */
  private extended(append: TableAppend, previous: RecordCells | null, formatOf: (key: string) => ColumnFormat): Record<string, Cell>[] {
    const rows: Record<string, Cell>[] = [];
    let prev = previous;
    for (const entry of append.entries) {
      const row: Record<string, Cell> = { ...entry, ...(append.extend ? append.extend(prev, entry) : {}) };
      rows.push(row);
      // The next row sees this one as a reader of the file will: dates as serials, blanks as null.
      const readBack: Record<string, Cell> = {};
      for (const [k, v] of Object.entries(row)) {
        const c = excelCell(formatOf(k), v);
        readBack[k] = c.value === "" ? null : c.value;
      }
      prev = readBack;
    }
    return rows;
  }

  private columnDef(def: TableDef, key: string): ColumnDef {
    const c = def.columns.find((x) => x.key === key);
    if (!c) throw new Error(`${def.key} has no column '${key}'`);
    return c;
  }

  private formatOf(def: TableDef) {
    return (key: string): ColumnFormat => formatOfKind(this.columnDef(def, key).kind);
  }

  /** Keys of template columns the rows fill (non-blank) that the table has no column for, in template order. */
  private missingKeys(def: TableDef, present: Set<string>, rows: readonly RecordCells[]): string[] {
    const keys = new Set<string>();
    for (const r of rows) for (const [k, v] of Object.entries(r)) if (!isBlank(v)) keys.add(k);
    return def.columns.map((c) => c.key).filter((k) => keys.has(k) && !present.has(k));
  }

  private previousRow(block: SheetBlock | undefined, row: number, columns: ReadonlyArray<{ key: string; column: number }>): RecordCells | null {
    if (!block) return null;
    const r = block.values[row - block.firstRow];
    if (!r) return null;
    const out: Record<string, Cell> = {};
    for (const c of columns) out[c.key] = r[c.column - block.firstColumn] ?? null;
    return out;
  }

  private appendToTable(append: TableAppend, table: TableEntry): void {
    const def = append.table;
    if (table.headerRows === 0) throw new WriteError(`table ${table.name} on sheet ${table.sheet.name} has no header row; custfile cannot tell its columns apart.`);
    if (table.totalsRows > 0) throw new WriteError(`table ${table.name} on sheet ${table.sheet.name} has a totals row; custfile adds rows only to tables without one. Turn the totals row off and run again.`);
    const ed = this.editor(table.sheet);
    const styles = this.styles();
    const box = parseRange(table.ref);
    const headerRow = box.top + 1; // 1-based sheet row of the header
    const columns: Array<{ key: string; column: number }> = [];
    table.columns.forEach((h, i) => {
      const c = matchHeader(def, h);
      if (c && !columns.some((x) => x.key === c.key)) columns.push({ key: c.key, column: box.left + 1 + i });
    });
    // The rows the table ends with that hold nothing (the empty row a new table starts with) are filled first.
    let last = box.bottom + 1;
    while (last > headerRow && ed.blankRow(last, box.left + 1, box.right + 1)) last--;
    const block = last > headerRow ? this.blocks([table.sheet.name])[0] : undefined;
    const taken = this.takeOut(append, ed, block, headerRow, last, box.left + 1, box.right + 1, columns);
    last = taken.last;
    const rows = this.extended(append, taken.previous > headerRow ? this.previousRow(block, taken.previous, columns) : null, this.formatOf(def));
    const newKeys = this.missingKeys(def, new Set(columns.map((c) => c.key)), rows);
    const first = last + 1;
    const bottom = Math.max(box.bottom + 1, last + rows.length);
    let right = box.right + 1;
    const added: Array<{ key: string; column: number; header: string }> = [];
    const headers = uniqueHeaders([...table.columns, ...newKeys.map((k) => this.columnDef(def, k).header)]);
    for (const k of newKeys) {
      right++;
      added.push({ key: k, column: right, header: headers[right - box.left - 1] });
    }
    // Nothing the user has may sit where the table grows (below it, or right of it for new columns).
    for (let r = box.bottom + 2; r <= bottom; r++) this.requireBlank(ed, table.sheet.name, r, box.left + 1, right, `table ${table.name} grows into it`);
    for (const a of added) for (let r = headerRow; r <= box.bottom + 1; r++) this.requireBlank(ed, table.sheet.name, r, a.column, a.column, `table ${table.name} gains the column ${a.header} there`);
    for (const a of added) ed.set(headerRow, a.column, a.header, ed.styleAt(headerRow, a.column - 1));
    const all = [...columns, ...added];
    rows.forEach((row, i) => {
      const r = first + i;
      for (const c of all) {
        const format = formatOfKind(this.columnDef(def, c.key).kind);
        const cell = excelCell(format, row[c.key] ?? null);
        const base = ed.cell(r, c.column) ? ed.styleAt(r, c.column) : r - 1 > headerRow ? ed.styleAt(r - 1, c.column) : ed.styleAt(r, c.column);
        ed.set(r, c.column, cell.value, cell.numberFormat === "General" ? base : styles.derive(base, cell.numberFormat));
      }
    });
    const ref = rangeRef(box.top, box.left, bottom - 1, right - 1);
    if (ref !== table.ref || added.length) this.rewriteTable(table, ref, added.map((a) => a.header));
    if (bottom - 1 > box.bottom) ed.growRanges({ top: box.top + 1, left: box.left, bottom: box.bottom, right: box.right }, bottom - 1);
    this.report.appended.push({ table: table.name, sheet: table.sheet.name, how: "table", firstRow: first, rows: rows.length, ...taken.report });
  }

  private requireBlank(ed: SheetEditor, sheet: string, r: number, c1: number, c2: number, why: string): void {
    for (let c = c1; c <= c2; c++) {
      if (ed.cell(r, c)?.filled) throw new WriteError(`sheet ${sheet}, row ${r}, column ${a1(0, c - 1).replace(/\d+$/, "")} (${a1(r - 1, c - 1)}) holds data where ${why}; custfile will not write over it. Move that data and run again.`);
    }
  }

  private rewriteTable(table: TableEntry, ref: string, newHeaders: readonly string[]): void {
    let xml = this.pkg.text(table.part);
    const root = findTag(xml, "table")!;
    xml = xml.slice(0, root.start) + withAttr(xml.slice(root.start, root.end), "ref", ref) + xml.slice(root.end);
    const af = findTag(xml, "autoFilter");
    if (af) {
      // The filter spans the header and body (not a totals row, which such tables do not have here).
      xml = xml.slice(0, af.start) + withAttr(xml.slice(af.start, af.end), "ref", ref) + xml.slice(af.end);
    }
    if (newHeaders.length) {
      const cols = findTag(xml, "tableColumns")!;
      const end = elementEnd(xml, cols);
      const close = xml.lastIndexOf("</", end - 1);
      const ids = findTags(xml, "tableColumn", cols.end, end).map((t) => Number(t.attrs.id ?? 0));
      let id = Math.max(0, maxOf(ids, 0));
      const add = newHeaders.map((h) => `<${cols.prefix}tableColumn id="${++id}" name="${escapeAttr(h)}"/>`).join("");
      const open = withAttr(xml.slice(cols.start, cols.end), "count", String(ids.length + newHeaders.length));
      xml = xml.slice(0, cols.start) + open + xml.slice(cols.end, close) + add + xml.slice(close);
    }
    this.pkg.setText(table.part, xml);
    table.ref = ref;
    pushAll(table.columns, newHeaders);
  }

  private appendToRange(append: TableAppend, block: SheetBlock, headerRow: number, columns: Array<{ key: string; column: number }>): void {
    const def = append.table;
    const sheet = this.sheetByName(block.sheet)!;
    const ed = this.editor(sheet);
    const styles = this.styles();
    // The last row holding anything in the table's columns.
    let last = headerRow;
    for (let i = block.values.length - 1; i >= 0; i--) {
      const r = block.firstRow + i;
      if (r <= headerRow) break;
      if (columns.some((c) => !isBlank(block.values[i][c.column - block.firstColumn] ?? null))) {
        last = r;
        break;
      }
    }
    const header = block.values[headerRow - block.firstRow] ?? [];
    let right = block.firstColumn - 1;
    header.forEach((v, i) => {
      if (!isBlank(v)) right = block.firstColumn + i;
    });
    const taken = this.takeOut(append, ed, block, headerRow, last, minOf(columns.map((c) => c.column)), right, columns);
    last = taken.last;
    const rows = this.extended(append, taken.previous > headerRow ? this.previousRow(block, taken.previous, columns) : null, this.formatOf(def));
    const newKeys = this.missingKeys(def, new Set(columns.map((c) => c.key)), rows);
    const all = [...columns];
    for (const k of newKeys) {
      right++;
      this.requireBlank(ed, block.sheet, headerRow, right, right, `the column ${this.columnDef(def, k).header} is added`);
      ed.set(headerRow, right, this.columnDef(def, k).header, ed.styleAt(headerRow, right - 1));
      all.push({ key: k, column: right });
    }
    rows.forEach((row, i) => {
      const r = last + 1 + i;
      for (const c of all) {
        const cell = excelCell(formatOfKind(this.columnDef(def, c.key).kind), row[c.key] ?? null);
        const base = r - 1 > headerRow ? ed.styleAt(r - 1, c.column) : ed.styleAt(r, c.column);
        ed.set(r, c.column, cell.value, cell.numberFormat === "General" ? base : styles.derive(base, cell.numberFormat));
      }
    });
    this.report.appended.push({ table: def.tableName, sheet: block.sheet, how: "range", firstRow: last + 1, rows: rows.length, ...taken.report });
  }

  private appendAsNewSheet(append: TableAppend): void {
    const def = append.table;
    const rows = this.extended(append, null, this.formatOf(def));
    const keys = new Set(rows.flatMap((r) => Object.keys(r).filter((k) => !isBlank(r[k]))));
    const columns = def.columns.filter((c) => c.inTemplate || keys.has(c.key));
    let name = def.sheet;
    for (let n = 2; this.sheetByName(name); n++) name = `${def.sheet} (${n})`;
    const spec: SheetSpec = {
      name,
      tables: [{ name: def.tableName, columns: templateColumns(def, columns), rows: rows.map((r) => columns.map((c) => r[c.key] ?? null)) }],
      freezeHeader: true,
      protect: def.addinOwned,
    };
    this.applySheet(spec);
    this.report.appended.push({ table: def.tableName, sheet: name, how: "new-sheet", firstRow: 2, rows: rows.length, ...(append.replace ? { replaced: 0 } : {}) });
  }

  /**
   * For an append with `replace`: take the rows it picks out of a table's body (rows headerRow+1
   * to last, columns c1..c2, 1-based), closing up the rows kept. Returns the new last row, the
   * row of the input whose values the last row kept has (for the `extend` hook), and what to
   * add to the report. Without `replace`, nothing moves.
   */
  private takeOut(append: TableAppend, ed: SheetEditor, block: SheetBlock | undefined, headerRow: number, last: number, c1: number, c2: number, columns: ReadonlyArray<{ key: string; column: number }>): { last: number; previous: number; report: { replaced?: number } } {
    if (!append.replace) return { last, previous: last, report: {} };
    const kept: number[] = [];
    let replaced = 0;
    for (let r = headerRow + 1; r <= last; r++) {
      const cells = ed.blankRow(r, c1, c2) ? null : this.previousRow(block, r, columns);
      if (cells && append.replace(cells)) replaced++;
      else kept.push(r);
    }
    if (replaced === 0) return { last, previous: last, report: { replaced } };
    // Kept rows only move up (row i of the kept goes to headerRow + 1 + i, never below where it was), so a row is read before it is written over.
    kept.forEach((from, i) => ed.moveCells(from, headerRow + 1 + i, c1, c2));
    for (let r = headerRow + 1 + kept.length; r <= last; r++) ed.clearCells(r, c1, c2);
    let n = kept.length;
    while (n > 0 && ed.blankRow(headerRow + n, c1, c2)) n--;
    return { last: headerRow + n, previous: n > 0 ? kept[n - 1] : headerRow, report: { replaced } };
  }

  // ---- sheets ------------------------------------------------------------

  /** Add a sheet of custfile's, or replace the sheet of that name in place (same position, same id). */
  applySheet(spec: SheetSpec): void {
    if (spec.name.length === 0 || spec.name.length > 31 || INVALID_SHEET_NAME.test(spec.name) || /^'|'$/.test(spec.name)) {
      throw new WriteError(`'${spec.name}' cannot be a sheet name (1 to 31 characters, none of [ ] : * ? / \\, not starting or ending with ').`);
    }
    const styles = this.styles();
    const existing = this.sheetByName(spec.name);
    let part: string;
    if (existing) {
      if (this.editors.has(existing.part)) throw new WriteError(`sheet ${spec.name} is both edited and replaced in one write.`);
      if (this.pkg.contentType(existing.part) !== CONTENT.worksheet) throw new WriteError(`a sheet named ${spec.name} exists and is not a worksheet; rename it and run again.`);
      part = existing.part;
      if (/<(?:[\w.-]+:)?f[\s>]/.test(this.pkg.text(part))) this.dropCalcChain = true;
      this.dropSubtree(part);
      this.report.replaced.push(existing.name);
    } else {
      part = this.pkg.freePartName((n) => `xl/worksheets/sheet${n}.xml`);
    }
    // Excel tables of the spec, with names free in the workbook.
    const placed: PlacedTable[] = [];
    const relIds: string[] = [];
    const layout = layoutSheet(spec);
    let maxId = Math.max(0, maxOf(this.allTables().map((t) => t.id), 0));
    layout.tables.forEach((place) => {
      const headers = uniqueHeaders(place.table.columns.map((c) => c.header));
      const name = this.freeTableName(place.table.name);
      const ref = rangeRef(place.headerRow, place.firstColumn, place.headerRow + place.bodyRows, place.firstColumn + headers.length - 1);
      const tablePart = this.pkg.freePartName((n) => `xl/tables/table${n}.xml`);
      this.pkg.add(tablePart, tablePartXml(++maxId, name, ref, headers, place.table.style ?? TABLE_STYLE), CONTENT.table);
      relIds.push(this.pkg.addRel(part, REL.table, tablePart));
      placed.push({ spec: place.table, name, ref, headers });
      this.allTables().push({ sheet: existing ?? { name: spec.name, sheetId: 0, rid: "", part }, part: tablePart, name, id: maxId, ref, headerRows: 1, totalsRows: 0, columns: headers });
    });
    const drawingRelId = layout.charts.length ? this.addCharts(spec, layout, part) : undefined;
    let xml: Uint8Array | ZipChunks;
    if (this.stream) {
      const parts = sheetSpecParts(spec, placed, styles, relIds, drawingRelId);
      const onProgress = this.stream.onProgress;
      xml = function* () {
        yield parts.head;
        yield* parts.rows(onProgress);
        yield parts.tail;
      };
    } else xml = sheetSpecXml(spec, placed, styles, relIds, drawingRelId);
    if (existing) {
      if (typeof xml === "function") this.pkg.setStream(part, xml);
      else this.pkg.setBytes(part, xml);
    } else {
      this.pkg.add(part, xml, CONTENT.worksheet);
      const rid = this.pkg.addRel(this.wbPart, REL.worksheet, part);
      const sheetId = Math.max(0, maxOf(this.sheets.map((s) => s.sheetId), 0)) + 1;
      this.addSheetElement(spec.name, sheetId, rid, spec.first === true);
      this.sheets.push({ name: spec.name, sheetId, rid, part });
      this.report.added.push(spec.name);
    }
  }

  /** A drawing with the sheet's charts (one chart part each); returns the sheet's relationship id of the drawing. */
  private addCharts(spec: SheetSpec, layout: ReturnType<typeof layoutSheet>, sheetPart: string): string {
    const drawing = this.pkg.freePartName((n) => `xl/drawings/drawing${n}.xml`);
    const chartIds = layout.charts.map((place) => {
      const chart = this.pkg.freePartName((n) => `xl/charts/chart${n}.xml`);
      this.pkg.add(chart, chartXml(spec.name, place, layout), CONTENT.chart);
      return this.pkg.addRel(drawing, REL.chart, chart);
    });
    this.pkg.add(drawing, drawingXml(layout.charts, chartIds), CONTENT.drawing);
    return this.pkg.addRel(sheetPart, REL.drawing, drawing);
  }

  private addSheetElement(name: string, sheetId: number, rid: string, first: boolean): void {
    let xml = this.wbXml;
    let r = prefixOf(xml, REL_NS);
    if (r === undefined) {
      // The workbook part never needed the relationships namespace: declare it on the root.
      const root = findTag(xml, "workbook")!;
      xml = xml.slice(0, root.start) + withAttr(xml.slice(root.start, root.end), "xmlns:r", REL_NS) + xml.slice(root.end);
      r = "r";
    }
    const sheetsTag = findTag(xml, "sheets");
    if (!sheetsTag) throw new WriteError("the workbook part has no list of sheets.");
    const p = sheetsTag.prefix;
    const el = `<${p}sheet name="${escapeAttr(name)}" sheetId="${sheetId}" ${r}:id="${rid}"/>`;
    if (sheetsTag.selfClosing) xml = xml.slice(0, sheetsTag.start) + `<${sheetsTag.name}>${el}</${sheetsTag.name}>` + xml.slice(sheetsTag.end);
    else if (first) {
      const close = xml.indexOf(`</${sheetsTag.name}>`, sheetsTag.end);
      const before = findTags(xml, "sheet", sheetsTag.end, close)[this.firstSheets];
      const at = before ? before.start : close;
      xml = this.shiftSheetIndexes(xml.slice(0, at) + el + xml.slice(at), this.firstSheets);
      this.firstSheets++;
    } else {
      const close = xml.indexOf(`</${sheetsTag.name}>`, sheetsTag.end);
      xml = xml.slice(0, close) + el + xml.slice(close);
    }
    this.wbXml = xml;
    this.wbChanged = true;
  }

  /**
   * A sheet inserted at position `at` moves the sheets from there one place on: what names a sheet
   * by its position follows it — a defined name's localSheetId (print areas, filter ranges) and
   * the window's active tab — so the user's names and view stay with their sheets. The tab strip
   * scrolls to the start so the inserted sheet is seen.
   */
  private shiftSheetIndexes(xml: string, at: number): string {
    let out = xml;
    for (const tag of findTags(out, "definedName").reverse()) {
      const id = tag.attrs.localSheetId;
      if (id === undefined || Number(id) < at) continue;
      out = out.slice(0, tag.start) + withAttr(out.slice(tag.start, tag.end), "localSheetId", String(Number(id) + 1)) + out.slice(tag.end);
    }
    for (const tag of findTags(out, "workbookView").reverse()) {
      let text = out.slice(tag.start, tag.end);
      const active = Number(tag.attrs.activeTab ?? 0);
      if (active >= at) text = withAttr(text, "activeTab", String(active + 1));
      if (tag.attrs.firstSheet !== undefined) text = withAttr(text, "firstSheet", null);
      out = out.slice(0, tag.start) + text + out.slice(tag.end);
    }
    return out;
  }

  /** Remove what only this sheet used (its tables, drawings, comments …), keeping the sheet part itself. */
  private dropSubtree(sheetPart: string): void {
    const before = this.reachable();
    const tableParts = new Set(this.pkg.rels(sheetPart).filter((r) => r.type === REL.table && !r.external).map((r) => this.pkg.target(sheetPart, r)));
    this.tables = this.allTables().filter((t) => !tableParts.has(t.part));
    this.pkg.clearRels(sheetPart);
    const after = this.reachable();
    // Parts no longer reachable went only with this sheet; parts that were orphans in the input were never in `before` and stay.
    for (const part of before) if (!after.has(part) && part !== sheetPart && this.pkg.has(part)) this.pkg.remove(part);
  }

  /** Parts reachable from the package root by relationships. */
  private reachable(): Set<string> {
    const seen = new Set<string>();
    const stack = [""];
    while (stack.length) {
      const src = stack.pop()!;
      for (const rel of this.pkg.rels(src)) {
        if (rel.external) continue;
        const t = this.pkg.target(src, rel);
        if (seen.has(t) || !this.pkg.has(t)) continue;
        seen.add(t);
        stack.push(t);
      }
    }
    return seen;
  }

  /** The package with every edit (and the edits' last pass), ready to be written. */
  finish(finish?: (pkg: XlsxPackage) => void): XlsxPackage {
    for (const [part, ed] of this.editors) {
      if (!ed.changed) continue;
      this.pkg.setText(part, ed.toXml());
      if (ed.formulaRemoved) this.dropCalcChain = true;
    }
    if (this.dropCalcChain) {
      // The calculation chain lists formula cells; Excel rebuilds it when it is missing, and repairs the file when it is wrong.
      const rel = this.pkg.rels(this.wbPart).find((r) => r.type === REL.calcChain);
      if (rel) {
        const part = this.pkg.target(this.wbPart, rel);
        this.pkg.removeRel(this.wbPart, rel.id);
        if (this.pkg.has(part)) this.pkg.remove(part);
      }
    }
    const styles = this.stylesCache?.toXml();
    if (styles && this.stylesPart) this.pkg.setText(this.stylesPart, styles);
    if (this.wbChanged) this.pkg.setText(this.wbPart, this.wbXml);
    if (finish) finish(this.pkg);
    return this.pkg;
  }
}

/** Apply edits to workbook bytes; returns the new bytes and what was done. Throws CliError for a workbook that cannot be changed as asked. */
export function patchWorkbook(bytes: Uint8Array, edits: WorkbookEdits, blocks?: (names: string[]) => SheetBlock[], out = "(output)"): { bytes: Uint8Array; report: WriteReport } {
  const { pkg, report } = patchPackage(bytes, edits, blocks, out);
  return { bytes: asCliError(out, () => pkg.toBytes()), report };
}

/** The package of workbook bytes with the edits applied (streamed sheets not made yet), and what was done. */
function patchPackage(bytes: Uint8Array, edits: WorkbookEdits, blocks: ((names: string[]) => SheetBlock[]) | undefined, out: string, stream?: { onProgress?: RowProgress }): { pkg: XlsxPackage; report: WriteReport } {
  return asCliError(out, () => {
    const pkg = XlsxPackage.read(bytes);
    const readBlocks = blocks ?? ((names: string[]) => (names.length ? readSheetBlocks(bytes, names) : []));
    const w = new WorkbookWriter(pkg, out, readBlocks, stream);
    if (edits.cells?.length) w.applyCells(edits.cells);
    for (const a of edits.append ?? []) w.applyAppend(a);
    for (const s of edits.sheets ?? []) w.applySheet(s);
    return { pkg: w.finish(edits.finish), report: w.report };
  });
}

/** Run `f`, turning the package's and the zip's errors into a CliError about `out`. */
function asCliError<T>(out: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PackageError || e instanceof ZipError) throw new CliError(`Cannot write ${out}: ${e.message}`);
    throw e;
  }
}

/**
 * Write a copy of a loaded workbook with edits to `out`: refuses the input itself and an
 * existing file without `force`; writes atomically. The input file is never touched.
 */
export function writeWorkbookCopy(source: LoadedWorkbook, out: string, edits: WorkbookEdits, options: WriteOptions = {}): WriteReport {
  checkOutput(out, { input: source.path, force: options.force, option: options.option });
  const isZip = source.bytes[0] === 0x50 && source.bytes[1] === 0x4b;
  if (!isZip) throw new CliError(`Cannot write ${out}: ${source.path} is an old-style .xls (or other non-.xlsx) workbook; custfile writes copies of .xlsx workbooks only. Save it from Excel as .xlsx and run again.`);
  // Sheets the command read are used as they are; others are read when a record table lives there.
  const blocks = (names: string[]) => {
    const have = names.map((n) => source.sheets.find((b) => b.sheet === n));
    const missing = names.filter((_n, i) => !have[i]);
    const read = missing.length ? readSheetBlocks(source.bytes, missing) : [];
    return names.map((n, i) => have[i] ?? read.find((b) => b.sheet === n)!).filter(Boolean);
  };
  const { bytes, report } = patchWorkbook(source.bytes, edits, blocks, out);
  checkOutput(out, { input: source.path, force: options.force, option: options.option });
  writeFileAtomic(out, bytes);
  return report;
}

/** An empty package (no sheets yet): content types, the workbook part, its relationships and a styles part. */
function emptyPackage(): Uint8Array {
  const zip = new ZipArchive();
  const enc = new TextEncoder();
  zip.set("[Content_Types].xml", enc.encode(HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    + `<Default Extension="rels" ContentType="${CONTENT.relationships}"/><Default Extension="xml" ContentType="application/xml"/>`
    + `<Override PartName="/xl/workbook.xml" ContentType="${CONTENT.workbook}"/><Override PartName="/xl/styles.xml" ContentType="${CONTENT.styles}"/></Types>`));
  zip.set("_rels/.rels", enc.encode(HEAD + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL.officeDocument}" Target="xl/workbook.xml"/></Relationships>`));
  zip.set("xl/workbook.xml", enc.encode(HEAD + `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets/></workbook>`));
  zip.set("xl/_rels/workbook.xml.rels", enc.encode(HEAD + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL.styles}" Target="styles.xml"/></Relationships>`));
  zip.set("xl/styles.xml", enc.encode(EMPTY_STYLES));
  return zip.toBytes();
}

/**
 * Write a new workbook made of custfile's sheets to `out` (an existing file only with `force`),
 * atomically; with `stream`, each sheet's XML is made and deflated as the file is written.
 */
export function writeNewWorkbook(out: string, sheets: readonly SheetSpec[], options: NewWorkbookOptions = {}): WriteReport {
  checkOutput(out, { force: options.force, option: options.option });
  if (sheets.length === 0) throw new Error("a workbook needs at least one sheet");
  const { pkg, report } = patchPackage(emptyPackage(), { sheets }, () => [], out, options.stream ? { onProgress: options.onProgress } : undefined);
  checkOutput(out, { force: options.force, option: options.option });
  writeFileAtomic(out, (write) => asCliError(out, () => pkg.writeTo(write)));
  return report;
}

