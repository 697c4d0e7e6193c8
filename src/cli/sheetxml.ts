/**
 * Worksheet parts: writing a sheet custfile owns from its SheetSpec (cells, column widths and
 * formats, frozen header, protection, dropdowns, table parts), and editing a user's sheet in
 * place (cells set, rows added) while every row the edit does not touch keeps its bytes.
 */
import { columnLetter, type Cell, type SheetBlock } from "../core/table";
import { excelCell, layoutSheet, NUMBER_FORMATS, type ExcelCell, type SheetSpec, type TableSpec } from "../core/sheets";
import { displayWidth } from "./io";
import { PackageError, REL_NS } from "./package";
import type { StyleBook } from "./styles";
import { elementEnd, escapeAttr, escapeText, findTag, findTags, withAttr, type StartTag } from "./xml";

export const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
export { REL_NS };
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Excel's limits, checked before writing so a too-large output is a clear error instead of a file Excel repairs. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A1 address from 0-based row and column. */
export function a1(row: number, column: number): string {
  return `${columnLetter(column + 1)}${row + 1}`;
}

/** 0-based row and column of an A1 address ("$" allowed). */
export function parseA1(ref: string): { row: number; column: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref.trim());
  if (!m) throw new Error(`not a cell address: ${ref}`);
  let column = 0;
  for (const ch of m[1].toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, column: column - 1 };
}

/** A range "A1:C9" (or a single cell) as 0-based corners. */
export function parseRange(ref: string): { top: number; left: number; bottom: number; right: number } {
  const [a, b] = ref.split(":");
  const s = parseA1(a);
  const e = b === undefined ? s : parseA1(b);
  return { top: Math.min(s.row, e.row), left: Math.min(s.column, e.column), bottom: Math.max(s.row, e.row), right: Math.max(s.column, e.column) };
}

/** A range from 0-based corners. */
export function rangeRef(top: number, left: number, bottom: number, right: number): string {
  return top === bottom && left === right ? a1(top, left) : `${a1(top, left)}:${a1(bottom, right)}`;
}

/** The <c> element of a value at a 0-based cell with a cell format index; blank keeps only the format. */
export function cellXml(row: number, column: number, value: Cell, style: number, prefix = ""): string {
  return cellAt(a1(row, column), value, style, prefix);
}

const NEEDS_SPACE = /^\s|\s$|\n/;

/** The <c> element of a value at an A1 address (the hot path of writing a sheet). */
function cellAt(ref: string, value: Cell, style: number, prefix = ""): string {
  const s = style ? ` s="${style}"` : "";
  if (value === null || value === "") return `<${prefix}c r="${ref}"${s}/>`;
  if (typeof value === "string") {
    const space = NEEDS_SPACE.test(value) ? ' xml:space="preserve"' : "";
    return `<${prefix}c r="${ref}"${s} t="inlineStr"><${prefix}is><${prefix}t${space}>${escapeText(value)}</${prefix}t></${prefix}is></${prefix}c>`;
  }
  if (typeof value === "boolean") return `<${prefix}c r="${ref}"${s} t="b"><${prefix}v>${value ? 1 : 0}</${prefix}v></${prefix}c>`;
  if (!Number.isFinite(value)) return `<${prefix}c r="${ref}"${s}/>`;
  return `<${prefix}c r="${ref}"${s}><${prefix}v>${value}</${prefix}v></${prefix}c>`;
}

/** UTF-8 bytes written piece by piece into large blocks (no giant intermediate string). */
export class ByteSink {
  private static readonly BLOCK = 1 << 20;
  private readonly encoder = new TextEncoder();
  private blocks: Uint8Array[] = [];
  private current = new Uint8Array(ByteSink.BLOCK);
  private used = 0;

  /** Append text. */
  write(text: string): void {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    if (this.used + text.length * 3 > this.current.length) {
      this.flush();
      if (text.length * 3 > this.current.length) this.current = new Uint8Array(text.length * 3);
    }
    this.used += this.encoder.encodeInto(text, this.current.subarray(this.used)).written;
  }

  private flush(): void {
    if (this.used > 0) this.blocks.push(this.current.subarray(0, this.used));
    this.current = new Uint8Array(ByteSink.BLOCK);
    this.used = 0;
  }

  /** Append bytes (kept, not copied). */
  writeBytes(bytes: Uint8Array): void {
    if (this.used > 0) this.flush();
    this.blocks.push(bytes);
  }

  /** Everything written, as one array. */
  bytes(): Uint8Array {
    this.flush();
    const size = this.blocks.reduce((n, b) => n + b.length, 0);
    const out = new Uint8Array(size);
    let p = 0;
    for (const b of this.blocks) {
      out.set(b, p);
      p += b.length;
    }
    return out;
  }
}

/** UTF-8 bytes of text written piece by piece into a chunk of about CHUNK bytes, taken when full. */
class ChunkSink {
  private buf = Buffer.allocUnsafe(CHUNK);
  size = 0;

  /** Append text; true when the chunk is full (take it). */
  write(text: string): boolean {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    if (this.size + text.length * 3 > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.size + text.length * 3));
      this.buf.copy(grown, 0, 0, this.size);
      this.buf = grown;
    }
    this.size += this.buf.write(text, this.size, "utf8");
    return this.size >= CHUNK;
  }

  /** The bytes so far; the sink starts a new chunk. */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.size);
    this.buf = Buffer.allocUnsafe(CHUNK);
    this.size = 0;
    return out;
  }
}

/** Headers of a table as Excel requires them: none empty, none repeated (case-insensitively). */
export function uniqueHeaders(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((h, i) => {
    let name = h.trim() === "" ? `列${i + 1}` : h;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${h.trim() === "" ? `列${i + 1}` : h}${n}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

/** A table placed on a sheet custfile writes: what its table part needs. */
export interface PlacedTable {
  spec: TableSpec;
  /** The Excel table name actually used (made unique in the workbook). */
  name: string;
  ref: string;
  headers: string[];
}

/** Column width in Excel's units for a width in characters (a little padding, as Excel adds). */
function excelWidth(chars: number): number {
  return Math.round((chars + 0.7) * 100) / 100;
}

/** The default width of a column: its header and the first rows' text, between 8 and 50 characters. */
function defaultWidth(table: TableSpec, column: number): number {
  let w = displayWidth(table.columns[column].header);
  for (const row of table.rows.slice(0, 200)) {
    const v = row[column];
    if (v !== null && v !== undefined) w = Math.max(w, displayWidth(String(v)));
  }
  return Math.min(50, Math.max(8, w + 2));
}

/** An inline dropdown source: the values quoted and comma-separated (Excel's limit is 255 characters). */
function inlineList(values: readonly string[], where: string): string {
  for (const v of values) if (v.includes(",") || v.includes('"')) throw new Error(`${where}: a dropdown value may not hold a comma or a quote (${v})`);
  const text = values.join(",");
  if (text.length > 255) throw new Error(`${where}: a dropdown list written into the rule is limited to 255 characters; point it at a list in the workbook instead`);
  return `"${text}"`;
}

/** Rows of a sheet written so far, of how many (progress of a long write). */
export type RowProgress = (sheet: string, rows: number, total: number) => void;

/** A worksheet part in three pieces: the XML before the rows, the rows (made chunk by chunk), and after. */
export interface SheetParts {
  head: string;
  /** The <row> elements as UTF-8, in chunks of about CHUNK bytes; `onProgress` hears the rows made. */
  rows(onProgress?: RowProgress): Generator<Uint8Array>;
  tail: string;
}

/** Rows are handed on in chunks of about this many bytes (a big sheet never lives as one string). */
const CHUNK = 1 << 20;

/**
 * The worksheet part of a sheet spec, in pieces (see SheetParts). `tables` are the spec's tables
 * with their final names; `tableRelIds` the relationship ids of their table parts; `drawingRelId`
 * the drawing of its charts, when there are any. Every cell format the rows can use is added to
 * `styles` here, before any row is made: a streamed part is made after the styles part is final.
 */
export function sheetSpecParts(spec: SheetSpec, tables: readonly PlacedTable[], styles: StyleBook, tableRelIds: readonly string[], drawingRelId?: string): SheetParts {
  const layout = layoutSheet(spec);
  const styleOf = new Map<string, number>();
  const style = (code: string) => {
    let s = styleOf.get(code);
    if (s === undefined) styleOf.set(code, (s = code === "General" ? 0 : styles.derive(0, code)));
    return s;
  };
  const text = style("@");
  let maxRow = 0;
  let maxCol = 0;
  (spec.lines ?? []).forEach((_line, r) => (maxRow = Math.max(maxRow, r)));
  const widths: number[] = [];
  const columnStyles: number[] = [];
  const validations: string[] = [];
  layout.tables.forEach((place, t) => {
    const placed = tables[t];
    const table = place.table;
    const first = place.firstColumn;
    maxRow = Math.max(maxRow, place.headerRow + Math.max(1, table.rows.length));
    table.columns.forEach((col, j) => {
      const c = first + j;
      maxCol = Math.max(maxCol, c);
      widths[c] = Math.max(widths[c] ?? 0, col.width ?? defaultWidth(table, j));
      columnStyles[c] ??= style(NUMBER_FORMATS[col.format]);
      // What excelCell can give a cell of this column besides its own format: text, General, and a whole day in a date-time column.
      style("@");
      if (col.format === "datetime") style(NUMBER_FORMATS.date);
      const bodyRef = rangeRef(place.headerRow + 1, c, place.headerRow + place.bodyRows, c);
      const where = `sheet ${spec.name}, table ${placed.name}, column ${col.header}`;
      const source = col.listSource !== undefined ? col.listSource.replace(/^=/, "") : col.list !== undefined ? inlineList(col.list, where) : undefined;
      if (source !== undefined) validations.push(`<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${bodyRef}"><formula1>${escapeText(source)}</formula1></dataValidation>`);
    });
  });
  if (maxRow >= MAX_ROWS) throw new PackageError(`sheet ${spec.name} would have ${maxRow + 1} rows; Excel holds at most ${MAX_ROWS}`);
  if (maxCol >= MAX_COLUMNS) throw new PackageError(`sheet ${spec.name} would have ${maxCol + 1} columns; Excel holds at most ${MAX_COLUMNS}`);

  const out: string[] = [HEAD, `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`, `<dimension ref="${rangeRef(0, 0, maxRow, maxCol)}"/>`];
  if (layout.frozenRows > 0) {
    const top = a1(layout.frozenRows, 0);
    out.push(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="${layout.frozenRows}" topLeftCell="${top}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="${top}" sqref="${top}"/></sheetView></sheetViews>`);
  } else out.push(`<sheetViews><sheetView workbookViewId="0"/></sheetViews>`);
  out.push(`<sheetFormatPr defaultRowHeight="15"/>`);
  const cols: string[] = [];
  for (let c = 0; c <= maxCol; c++) {
    if (widths[c] === undefined && columnStyles[c] === undefined) continue;
    const w = widths[c] !== undefined ? ` width="${excelWidth(widths[c])}" customWidth="1"` : "";
    const s = columnStyles[c] ? ` style="${columnStyles[c]}"` : "";
    cols.push(`<col min="${c + 1}" max="${c + 1}"${w}${s}/>`);
  }
  if (cols.length) out.push(`<cols>${cols.join("")}</cols>`);
  out.push("<sheetData>");
  const tail: string[] = ["</sheetData>"];
  // Like the add-in: no password; selecting, sorting and filtering stay allowed.
  if (spec.protect) tail.push(`<sheetProtection sheet="1" objects="1" scenarios="1" sort="0" autoFilter="0"/>`);
  if (validations.length) tail.push(`<dataValidations count="${validations.length}">${validations.join("")}</dataValidations>`);
  tail.push(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`);
  if (drawingRelId) tail.push(`<drawing r:id="${drawingRelId}"/>`);
  if (tableRelIds.length) tail.push(`<tableParts count="${tableRelIds.length}">${tableRelIds.map((id) => `<tablePart r:id="${id}"/>`).join("")}</tableParts>`);
  tail.push("</worksheet>");

  // Rows are made in order: lines, then each table's caption, header and body below the previous block.
  // Each row is encoded into the chunk as it is made: a sheet of a million rows is never one string.
  function* rows(onProgress?: RowProgress): Generator<Uint8Array> {
    const total = maxRow + 1;
    const sink = new ChunkSink();
    let done = 0;
    onProgress?.(spec.name, 0, total);
    const heads: string[] = (spec.lines ?? []).map((line, r) => `<row r="${r + 1}">${cellXml(r, 0, line, text)}</row>`);
    for (const [t, place] of layout.tables.entries()) {
      const placed = tables[t];
      const table = place.table;
      const first = place.firstColumn;
      if (place.captionRow !== null) heads.push(`<row r="${place.captionRow + 1}">${cellXml(place.captionRow, first, table.caption ?? "", text)}</row>`);
      heads.push(`<row r="${place.headerRow + 1}">${placed.headers.map((h, j) => cellXml(place.headerRow, first + j, h, text)).join("")}</row>`);
      for (const h of heads) sink.write(h);
      done += heads.length;
      heads.length = 0;
      const letters = table.columns.map((_c, j) => columnLetter(first + j + 1));
      const formats = table.columns.map((c) => c.format);
      const body = table.rows.length ? table.rows : [table.columns.map(() => null)];
      for (let i = 0; i < body.length; i++) {
        const values = body[i];
        const rn = place.headerRow + 2 + i;
        let row = `<row r="${rn}">`;
        for (let j = 0; j < letters.length; j++) {
          const c = excelCell(formats[j], values[j] ?? null);
          row += cellAt(letters[j] + rn, c.value, style(c.numberFormat));
        }
        done++;
        if (sink.write(row + "</row>")) {
          yield sink.take();
          onProgress?.(spec.name, done, total);
        }
      }
    }
    for (const h of heads) sink.write(h);
    done += heads.length;
    if (sink.size > 0) yield sink.take();
    onProgress?.(spec.name, done, total);
  }
  return { head: out.join(""), rows, tail: tail.join("") };
}

/** The worksheet part of a sheet spec as UTF-8 bytes (see sheetSpecParts). */
export function sheetSpecXml(spec: SheetSpec, tables: readonly PlacedTable[], styles: StyleBook, tableRelIds: readonly string[], drawingRelId?: string): Uint8Array {
  const parts = sheetSpecParts(spec, tables, styles, tableRelIds, drawingRelId);
  const sink = new ByteSink();
  sink.write(parts.head);
  for (const chunk of parts.rows()) sink.writeBytes(chunk);
  sink.write(parts.tail);
  return sink.bytes();
}

/**
 * A sheet written from its spec as a reader of the file sees it (./xlsx.ts): values as written
 * (dates as serials, blanks as null) with their number formats, table headers as made unique.
 * A command that has just written a workbook can hand this on instead of reading the file back.
 * A data row whose values are written as they are is the spec's own array, and rows with the
 * same formats share one array (a 100,000-customer demo is not held twice).
 */
export function writtenBlock(spec: SheetSpec): SheetBlock {
  const layout = layoutSheet(spec);
  const lines = spec.lines ?? [];
  let width = lines.length > 0 ? 1 : 0;
  for (const place of layout.tables) width = Math.max(width, place.firstColumn + place.table.columns.length);
  const values: Cell[][] = [];
  const numberFormats: string[][] = [];
  const shared = new Map<string, string[]>();
  const general = new Array<string>(width).fill("General");
  const put = (r: number, row: Cell[], formats: string[]) => {
    while (values.length < r) {
      values.push(new Array<Cell>(width).fill(null));
      numberFormats.push(general);
    }
    const key = formats.join("\u0000");
    let f = shared.get(key);
    if (!f) shared.set(key, (f = formats));
    values.push(row);
    numberFormats.push(f);
  };
  /** A row of `cells` from the first column, blanks after; `source` is reused when it holds exactly these values. */
  const row = (r: number, first: number, cells: readonly ExcelCell[], source?: readonly Cell[]) => {
    let out: Cell[] | undefined = source && first === 0 && source.length === width ? (source as Cell[]) : undefined;
    const formats = general.slice();
    for (let j = 0; j < cells.length; j++) {
      const v = cells[j].value === "" ? null : cells[j].value;
      if (out && out[j] !== v) out = undefined;
      formats[first + j] = v === null ? "General" : cells[j].numberFormat;
    }
    if (!out) {
      out = new Array<Cell>(width).fill(null);
      cells.forEach((c, j) => (out![first + j] = c.value === "" ? null : c.value));
    }
    put(r, out, formats);
  };
  lines.forEach((line, r) => row(r, 0, [{ value: line, numberFormat: "@" }]));
  for (const place of layout.tables) {
    const table = place.table;
    if (place.captionRow !== null) row(place.captionRow, place.firstColumn, [{ value: table.caption ?? "", numberFormat: "@" }]);
    const headers = uniqueHeaders(table.columns.map((c) => c.header));
    row(place.headerRow, place.firstColumn, headers.map((h) => ({ value: h, numberFormat: "@" })));
    const formats = table.columns.map((c) => c.format);
    const body = table.rows.length ? table.rows : [table.columns.map(() => null)];
    body.forEach((cells, i) => row(place.headerRow + 1 + i, place.firstColumn, formats.map((f, j) => excelCell(f, cells[j] ?? null)), cells));
  }
  return { sheet: spec.name, firstRow: 1, firstColumn: 1, values, numberFormats };
}

/** The table part of a table custfile writes (autofilter on, banded rows, its style). */
export function tablePartXml(id: number, name: string, ref: string, headers: readonly string[], style: string): string {
  return HEAD + `<table xmlns="${MAIN_NS}" id="${id}" name="${escapeAttr(name)}" displayName="${escapeAttr(name)}" ref="${ref}" totalsRowShown="0"><autoFilter ref="${ref}"/>`
    + `<tableColumns count="${headers.length}">${headers.map((h, i) => `<tableColumn id="${i + 1}" name="${escapeAttr(h)}"/>`).join("")}</tableColumns>`
    + `<tableStyleInfo name="${escapeAttr(style)}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`;
}

/** What a cell of a user's sheet holds, as far as an edit needs to know. */
export interface CellState {
  /** Cell format index (0 when none). */
  style: number;
  /** It holds a value or a formula. */
  filled: boolean;
  formula: boolean;
  /** It is the anchor of a shared or array formula that other cells depend on. */
  formulaAnchor: boolean;
}

interface RowSpan {
  r: number;
  start: number;
  end: number;
}

interface RowEdit {
  /** The row's start tag (without spans), or null for a new row. */
  tag: string | null;
  cells: Map<number, string>;
}

/** A user's worksheet part, edited cell by cell; rows not edited keep their bytes. */
export class SheetEditor {
  private readonly xml: string;
  readonly prefix: string;
  private readonly dataStart: number;
  private readonly dataEnd: number;
  private readonly sheetDataTag: StartTag;
  private readonly rowSpans = new Map<number, RowSpan>();
  private readonly edits = new Map<number, RowEdit>();
  private readonly colStyles: Array<{ min: number; max: number; style: number }>;
  private ranges: Array<{ from: { top: number; left: number; bottom: number; right: number }; newBottom: number }> = [];
  private extent: { bottom: number; right: number } = { bottom: -1, right: -1 };
  /** A formula was overwritten: the workbook's calculation chain must be dropped. */
  formulaRemoved = false;

  constructor(xml: string, private readonly sheet: string) {
    this.xml = xml;
    const tag = findTag(xml, "sheetData");
    if (!tag) throw new PackageError(`sheet ${sheet} has no sheetData`);
    this.sheetDataTag = tag;
    this.prefix = tag.prefix;
    this.dataStart = tag.end;
    this.dataEnd = tag.selfClosing ? tag.end : xml.indexOf(`</${tag.name}>`, tag.end);
    let prev = 0;
    if (!tag.selfClosing) {
      for (const row of findTags(xml, "row", this.dataStart, this.dataEnd)) {
        const r = row.attrs.r ? Number(row.attrs.r) : prev + 1;
        this.rowSpans.set(r, { r, start: row.start, end: elementEnd(xml, row) });
        prev = r;
      }
    }
    this.colStyles = findTags(xml, "col").map((c) => ({ min: Number(c.attrs.min), max: Number(c.attrs.max), style: Number(c.attrs.style ?? 0) }));
  }

  /** Highest 1-based row number holding a row element. */
  lastRow(): number {
    let last = 0;
    for (const r of this.rowSpans.keys()) last = Math.max(last, r);
    for (const r of this.edits.keys()) last = Math.max(last, r);
    return last;
  }

  private rowEdit(r: number): RowEdit {
    let e = this.edits.get(r);
    if (e) return e;
    const span = this.rowSpans.get(r);
    e = { tag: null, cells: new Map() };
    if (span) {
      const text = this.xml.slice(span.start, span.end);
      const tag = findTag(text, "row")!;
      e.tag = withAttr(text.slice(0, tag.end).replace(/\s*\/>$/, ">"), "spans", null);
      const inner = tag.selfClosing ? "" : text.slice(tag.end, text.lastIndexOf("</"));
      let prevCol = 0;
      let p = 0;
      for (const c of findTags(inner, "c")) {
        if (c.start < p) continue;
        const end = elementEnd(inner, c);
        const col = c.attrs.r ? parseA1(c.attrs.r).column + 1 : prevCol + 1;
        let text = inner.slice(c.start, end);
        // A cell written without its address gets one: edited rows may gain cells before it.
        if (!c.attrs.r) text = text.replace(/^<((?:[\w.-]+:)?c)/, `<$1 r="${a1(r - 1, col - 1)}"`);
        e.cells.set(col, text);
        prevCol = col;
        p = end;
      }
    }
    this.edits.set(r, e);
    return e;
  }

  private cellText(r: number, col: number): string | undefined {
    const e = this.edits.get(r);
    if (e) return e.cells.get(col);
    const span = this.rowSpans.get(r);
    if (!span) return undefined;
    return this.rowEdit(r).cells.get(col);
  }

  /** What the cell at a 1-based row and column holds. */
  cell(r: number, col: number): CellState | undefined {
    const text = this.cellText(r, col);
    if (text === undefined) return undefined;
    const tag = findTag(text, "c")!;
    const f = findTag(text, "f");
    return {
      style: Number(tag.attrs.s ?? 0),
      filled: /<([\w.-]+:)?(v|is|f)[\s>/]/.test(text),
      formula: f !== undefined,
      formulaAnchor: f !== undefined && f.attrs.ref !== undefined && (f.attrs.t === "shared" || f.attrs.t === "array") && f.attrs.ref.includes(":"),
    };
  }

  /** The format a value written at a cell should start from: the cell's own, else its row's, else its column's. */
  styleAt(r: number, col: number): number {
    const c = this.cell(r, col);
    if (c) return c.style;
    const span = this.rowSpans.get(r);
    if (span) {
      const tag = findTag(this.xml, "row", span.start, span.end)!;
      if (tag.attrs.customFormat === "1" || tag.attrs.customFormat === "true") return Number(tag.attrs.s ?? 0);
    }
    return this.colStyles.find((c) => col >= c.min && col <= c.max)?.style ?? 0;
  }

  /** Whether the cells of row r from column c1 to c2 (1-based) hold nothing. */
  blankRow(r: number, c1: number, c2: number): boolean {
    if (!this.rowSpans.has(r) && !this.edits.has(r)) return true;
    for (let c = c1; c <= c2; c++) if (this.cell(r, c)?.filled) return false;
    return true;
  }

  /** Set a cell (1-based) to a value with a cell format; refuses to break a formula other cells use. */
  set(r: number, col: number, value: Cell, style: number): void {
    if (r > MAX_ROWS || col > MAX_COLUMNS) throw new PackageError(`sheet ${this.sheet}: cell ${a1(r - 1, col - 1)} is beyond Excel's last row or column`);
    const before = this.cell(r, col);
    if (before?.formulaAnchor) throw new PackageError(`sheet ${this.sheet}, cell ${a1(r - 1, col - 1)}: it holds a formula that other cells share; custfile will not overwrite it`);
    if (before?.formula) this.formulaRemoved = true;
    this.rowEdit(r).cells.set(col, cellXml(r - 1, col - 1, value, style, this.prefix));
    this.extent = { bottom: Math.max(this.extent.bottom, r - 1), right: Math.max(this.extent.right, col - 1) };
  }

  /**
   * Move the cells of row `from`, columns c1..c2 (1-based), to row `to`, as they are (value,
   * shared string, format): what `to` held in those columns is replaced, and a column where
   * `from` has no cell leaves none in `to`. Rows of a record table close up this way when some
   * of its rows are replaced. A formula is refused: its relative references would not follow.
   */
  moveCells(from: number, to: number, c1: number, c2: number): void {
    if (from === to) return;
    const target = this.rowEdit(to);
    for (let c = c1; c <= c2; c++) {
      const text = this.cellText(from, c);
      const state = this.cell(from, c);
      if (state?.formula) throw new PackageError(`sheet ${this.sheet}, cell ${a1(from - 1, c - 1)} holds a formula; custfile will not move it to row ${to} (its references would not follow). Replace the formula by its value and run again.`);
      const before = this.cell(to, c);
      if (before?.formulaAnchor) throw new PackageError(`sheet ${this.sheet}, cell ${a1(to - 1, c - 1)}: it holds a formula that other cells share; custfile will not overwrite it`);
      if (before?.formula) this.formulaRemoved = true;
      if (text === undefined) {
        target.cells.delete(c);
        continue;
      }
      const tag = findTag(text, "c")!;
      target.cells.set(c, withAttr(text.slice(0, tag.end), "r", a1(to - 1, c - 1)) + text.slice(tag.end));
    }
    this.extent = { bottom: Math.max(this.extent.bottom, to - 1), right: Math.max(this.extent.right, c2 - 1) };
  }

  /** Empty the cells of row r, columns c1..c2 (1-based), keeping each cell's format so a value typed there later gets it. */
  clearCells(r: number, c1: number, c2: number): void {
    for (let c = c1; c <= c2; c++) {
      const before = this.cell(r, c);
      if (!before?.filled) continue;
      this.set(r, c, null, before.style);
    }
  }

  /**
   * Grow data validation and conditional format ranges that covered a table's body down to its
   * old last row, so the rows added get the same dropdowns and formats (as Excel does when a
   * table grows).
   */
  growRanges(body: { top: number; left: number; bottom: number; right: number }, newBottom: number): void {
    this.ranges.push({ from: body, newBottom });
  }

  private grownSqref(sqref: string): string {
    return sqref.split(/\s+/).filter(Boolean).map((ref) => {
      const r = parseRange(ref);
      for (const g of this.ranges) {
        if (r.top === g.from.top && r.bottom === g.from.bottom && r.left >= g.from.left && r.right <= g.from.right) return rangeRef(r.top, r.left, g.newBottom, r.right);
      }
      return ref;
    }).join(" ");
  }

  /** Whether anything was edited. */
  get changed(): boolean {
    return this.edits.size > 0;
  }

  /** The part's text with the edits. */
  toXml(): string {
    if (!this.changed) return this.xml;
    const p = this.prefix;
    const parts: string[] = [];
    let head = this.xml.slice(0, this.sheetDataTag.start);
    // The dimension covers the cells written.
    const dim = findTag(head, "dimension");
    if (dim && this.extent.bottom >= 0) {
      const old = dim.attrs.ref ? parseRange(dim.attrs.ref) : { top: 0, left: 0, bottom: 0, right: 0 };
      const ref = rangeRef(old.top, old.left, Math.max(old.bottom, this.extent.bottom), Math.max(old.right, this.extent.right));
      head = head.slice(0, dim.start) + withAttr(head.slice(dim.start, dim.end), "ref", ref) + head.slice(dim.end);
    }
    parts.push(head, `<${this.sheetDataTag.name}>`);
    const edited = [...this.edits.keys()].sort((a, b) => a - b);
    const rowEntry = (r: number) => {
      const e = this.edits.get(r)!;
      const cells = [...e.cells.entries()].sort((a, b) => a[0] - b[0]).map((c) => c[1]).join("");
      const tag = e.tag ?? `<${p}row r="${r}">`;
      return `${tag}${cells}</${tag.slice(1).split(/[\s>]/)[0]}>`;
    };
    let i = 0;
    let p0 = this.dataStart;
    for (const span of this.rowSpans.values()) {
      parts.push(this.xml.slice(p0, span.start));
      while (i < edited.length && edited[i] < span.r) parts.push(rowEntry(edited[i++]));
      if (i < edited.length && edited[i] === span.r) parts.push(rowEntry(edited[i++]));
      else parts.push(this.xml.slice(span.start, span.end));
      p0 = span.end;
    }
    parts.push(this.xml.slice(p0, this.dataEnd));
    while (i < edited.length) parts.push(rowEntry(edited[i++]));
    parts.push(`</${this.sheetDataTag.name}>`);
    let tail = this.xml.slice(this.sheetDataTag.selfClosing ? this.sheetDataTag.end : this.dataEnd + `</${this.sheetDataTag.name}>`.length);
    if (this.ranges.length) {
      tail = tail.replace(/(<(?:[\w.-]+:)?(?:dataValidation|conditionalFormatting)\b[^>]*?\ssqref=")([^"]*)(")/g, (_m, a: string, sqref: string, b: string) => a + this.grownSqref(sqref) + b);
    }
    parts.push(tail);
    return parts.join("");
  }
}
