/**
 * Reading .xlsx files with SheetJS for the command line. The core sees only SheetBlocks; this
 * is the one place that knows SheetJS's cell objects. A command reads only the sheets holding
 * the tables it needs (the zip's other parts are never inflated). Writing is ./workbook.ts
 * (SheetJS's community build drops tables, validation, charts … when it writes a workbook back).
 */
import * as fs from "node:fs";
import * as XLSX from "xlsx";
import type { Cell, SheetBlock } from "../core/table";
import { TABLES, normalizeHeader, type TableKey } from "../core/template/tables";
import { HEADER_SEARCH_ROWS, locateTables } from "../core/validate/detect";
import { CliError } from "./io";
import { XlsxPackage } from "./package";
import { asBuffer, ZipArchive, ZipError } from "./zip";

/** A workbook as read from disk: the sheets read, as blocks, and the file's bytes. */
export interface LoadedWorkbook {
  path: string;
  /** Every sheet, or (when the read named tables or sheets) only those sheets; a sheet read for a table says which table it is. */
  sheets: SheetBlock[];
  /** Every sheet name of the workbook, in order. */
  sheetNames: string[];
  /**
   * The file's bytes: the file writer (./workbook.ts) patches a copy of them, never the sheets
   * read (they may be only some; it reads any other sheet it needs from these bytes).
   */
  bytes: Uint8Array;
  /** Warnings about how the workbook was read (a hidden sheet read for a table beside a visible one of the same name), for stderr. */
  notes?: string[];
}

/** What to read. */
export interface ReadOptions {
  /** The template tables the command needs: only their sheets are parsed. Omitted (and no `sheets`): every sheet. */
  tables?: readonly TableKey[];
  /**
   * Sheets to parse by name (with `tables`: as well as theirs), or a function choosing them from
   * the workbook's sheet names (e.g. a report sheet whose name is spelt loosely); names the
   * workbook does not have are left out.
   */
  sheets?: readonly string[] | ((sheetNames: readonly string[]) => readonly string[]);
  /** Told before each sheet is parsed in full, with the size of its XML when known (for progress on long reads). */
  onSheet?: (sheet: string, done: number, count: number, bytes: number) => void;
}

/** Read an .xlsx (or .xls/.ods SheetJS understands) file into sheet blocks; unreadable input is a CliError (exit 2). */
export function readWorkbook(path: string, options: ReadOptions = {}): LoadedWorkbook {
  let data: Buffer;
  try {
    data = fs.readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? `File not found: ${path}` : `Cannot read ${path}: ${(e as Error).message}`);
  }
  return readWorkbookData(data, path, options);
}

/** SheetJS's read options for cells as custfile reads them (number formats kept: they tell date cells from numbers). */
const CELL_OPTIONS: XLSX.ParsingOptions = { dense: true, cellNF: true, cellDates: false, cellText: false, cellFormula: false, cellHTML: false };

/** Parse workbook bytes (see readWorkbook). */
export function readWorkbookData(data: Uint8Array, path = "(input)", options: ReadOptions = {}): LoadedWorkbook {
  if (data.length === 0) throw new CliError(`${path} is empty (0 bytes); expected an .xlsx workbook.`);
  // SheetJS reads any text as a one-sheet "workbook"; a real .xlsx is a zip (PK header).
  const isZip = data[0] === 0x50 && data[1] === 0x4b;
  const isOle = data[0] === 0xd0 && data[1] === 0xcf;
  const unreadable = (e: unknown) => new CliError(`${path} is not a workbook custfile can read: ${(e as Error).message}. Open it in Excel, save it as .xlsx and try again.`);
  if (isOle && isEncrypted(data)) {
    throw new CliError(`${path} is password-protected (an encrypted workbook). custfile cannot read it: open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it), save it as .xlsx and try again.`);
  }
  if (!isZip && !isOle) {
    try {
      XLSX.read(data, { type: "buffer", bookSheets: true });
    } catch (e) {
      throw unreadable(e);
    }
    throw new CliError(`${path} is not an .xlsx workbook (it does not start like one). Save it from Excel as .xlsx and try again.`);
  }
  try {
    const source = (isZip && PartsSource.open(data)) || new WholeSource(data);
    const names = source.sheetNames();
    if (!options.tables && !options.sheets) {
      const all = names.map((_, i) => i);
      const book = source.parse(all, options.onSheet);
      return { path, bytes: data, sheetNames: names, sheets: all.map((i) => blockOf(book, names[i])) };
    }
    const located = options.tables
      ? locateTables(names, options.tables, (indices) => {
        const book = source.parse(indices, undefined, true);
        return indices.map((i) => sheetBlock(names[i], book.Sheets[names[i]], HEADER_SEARCH_ROWS));
      })
      : [];
    const named = namedSheets(names, options.sheets);
    const indices = [...new Set([...located.map((l) => l.index), ...named])].sort((a, b) => a - b);
    if (indices.length === 0) return { path, bytes: data, sheetNames: names, sheets: [] };
    const book = source.parse(indices, options.onSheet);
    const sheets = indices.map((i): SheetBlock => {
      const l = located.find((x) => x.index === i);
      return l ? { ...blockOf(book, names[i]), located: { table: l.table, by: l.by } } : blockOf(book, names[i]);
    });
    const notes = hiddenTableNotes(names, source.hidden(), located);
    return { path, bytes: data, sheetNames: names, sheets, ...(notes.length ? { notes } : {}) };
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw unreadable(e);
  }
}

/** An OLE compound file holding an EncryptedPackage stream: an .xlsx saved with a password. */
function isEncrypted(data: Uint8Array): boolean {
  const name = Buffer.from("EncryptedPackage", "utf16le");
  return asBuffer(data).indexOf(name) >= 0;
}

/**
 * A warning for each table read from a hidden sheet while a visible sheet bears one of that
 * table's names (a hidden 客户信息 beside a visible `Customers`): the visible one is not read.
 */
function hiddenTableNotes(names: readonly string[], hidden: ReadonlySet<number>, located: readonly { table: TableKey; index: number }[]): string[] {
  const notes: string[] = [];
  for (const l of located) {
    if (!hidden.has(l.index)) continue;
    const def = TABLES.find((t) => t.key === l.table);
    if (!def) continue;
    const aliases = new Set([def.key, def.sheet, def.title, ...def.sheetAliases].map(normalizeHeader));
    const visible = names.filter((n, i) => i !== l.index && !hidden.has(i) && aliases.has(normalizeHeader(n)));
    for (const v of visible) {
      notes.push(`warning: the ${def.sheet} (${def.key}) table is read from the hidden sheet '${names[l.index]}'; the visible sheet '${v}' is not read. Unhide and rename or delete one of them so that the one you mean is read.`);
    }
  }
  return notes;
}

/** The indices of the sheets `sheets` names (see ReadOptions.sheets). */
function namedSheets(names: readonly string[], sheets: ReadOptions["sheets"]): number[] {
  const wanted = typeof sheets === "function" ? sheets(names) : sheets ?? [];
  return names.flatMap((n, i) => (wanted.includes(n) ? [i] : []));
}

/** Read some sheets of workbook bytes as blocks, by name (the file writer reads a record sheet a command did not load). */
export function readSheetBlocks(data: Uint8Array, names: readonly string[]): SheetBlock[] {
  return readWorkbookData(data, "(input)", { sheets: names }).sheets;
}

/**
 * A workbook already in memory as it would be read from `path`: the blocks of the tables and
 * sheets asked (tables located from names and first rows, as a read of the file does), without
 * their Excel table names (SheetJS does not report them). The bytes are read from `path` only
 * if a copy is written.
 */
export function workbookFromBlocks(path: string, blocks: readonly SheetBlock[], options: ReadOptions = {}): LoadedWorkbook {
  const plain = blocks.map(({ tableName: _tableName, located: _located, ...b }): SheetBlock => b);
  const names = plain.map((b) => b.sheet);
  let sheets = plain;
  if (options.tables || options.sheets) {
    const located = options.tables ? locateTables(names, options.tables, (indices) => indices.map((i) => plain[i])) : [];
    const named = namedSheets(names, options.sheets);
    sheets = [...new Set([...located.map((l) => l.index), ...named])].sort((a, b) => a - b).map((i) => {
      const l = located.find((x) => x.index === i);
      return l ? { ...plain[i], located: { table: l.table, by: l.by } } : plain[i];
    });
  }
  sheets.forEach((s, k) => options.onSheet?.(s.sheet, k, sheets.length, 0));
  let bytes: Uint8Array | undefined;
  return { path, sheetNames: names, sheets, get bytes() { return (bytes ??= fs.readFileSync(path)); } };
}

/** Where the sheets of a workbook come from: their names, and the sheets parsed (first rows only, with `head`). */
interface SheetSource {
  sheetNames(): string[];
  /** Indices of the hidden sheets (as far as known). */
  hidden(): ReadonlySet<number>;
  parse(indices: number[], onSheet?: ReadOptions["onSheet"], head?: boolean): XLSX.WorkBook;
}

/** Any workbook SheetJS reads (.xls, .ods, a zip the part reader does not handle): SheetJS inflates and reads it whole. */
class WholeSource implements SheetSource {
  private names: string[] = [];
  constructor(private readonly data: Uint8Array) {}
  sheetNames(): string[] {
    this.names = XLSX.read(this.data, { type: "buffer", bookSheets: true }).SheetNames;
    return this.names;
  }
  hidden(): ReadonlySet<number> {
    return new Set();
  }
  parse(indices: number[], onSheet?: ReadOptions["onSheet"]): XLSX.WorkBook {
    // One SheetJS call parses them all (first rows are taken from sheets read in full).
    // The whole file is inflated and parsed: its compressed size, times a usual ratio, is the guess.
    onSheet?.(indices.map((i) => this.names[i]).join(", "), 0, indices.length, this.data.length * 3);
    return XLSX.read(this.data, { type: "buffer", ...CELL_OPTIONS, sheets: indices });
  }
}

/** SheetJS's zip-container reader, which the npm types do not declare. */
const parseZip = (XLSX as unknown as { parse_zip(zip: unknown, options: XLSX.ParsingOptions): XLSX.WorkBook }).parse_zip;

/**
 * An .xlsx read part by part: SheetJS parses a container whose parts inflate when it first
 * touches them, so the sheets a command does not need are never inflated, and a sheet read for
 * its first rows is inflated only that far.
 */
class PartsSource implements SheetSource {
  private readonly cache = new Map<string, Buffer>();
  /** Why a part read is unusable (a sheet's XML cut short), once found. */
  private broken: string | undefined;
  private names: string[] = [];
  private constructor(private readonly zip: ZipArchive, private sheetParts: (string | null)[] | null, private readonly hiddenSheets: ReadonlySet<number>) {}

  hidden(): ReadonlySet<number> {
    return this.hiddenSheets;
  }

  /** The source of a zip the zip module reads, or null (then SheetJS reads it whole). */
  static open(data: Uint8Array): PartsSource | null {
    let zip: ZipArchive;
    try {
      // Buffers in, so the parts SheetJS gets are Buffers.
      zip = ZipArchive.read(asBuffer(data));
    } catch (e) {
      if (e instanceof ZipError) return null;
      throw e;
    }
    const listed = listedSheets(zip);
    const parts = listed && listed.map((s) => s.part);
    // A binary workbook (.xlsb) has no XML sheets to cut: SheetJS reads it whole.
    if (parts && parts.some((p) => p !== null && !p.endsWith(".xml"))) return null;
    const missing = listed?.find((s) => s.part === null);
    if (missing) throw new Error(`the sheet '${missing.name}' is listed in the workbook but its part ${missing.target ?? "(no relationship)"} is missing from the package`);
    return new PartsSource(zip, parts, new Set(listed?.flatMap((s, i) => (s.hidden ? [i] : [])) ?? []));
  }

  sheetNames(): string[] {
    this.names = parseZip(this.container(new Set(), undefined), { bookSheets: true }).SheetNames;
    // Sheets and their parts must line up one to one, or first rows cannot be cut: read them whole.
    if (this.sheetParts && this.sheetParts.length !== this.names.length) this.sheetParts = null;
    return this.names;
  }

  parse(indices: number[], onSheet?: ReadOptions["onSheet"], head = false): XLSX.WorkBook {
    const cut = new Set<string>();
    if (head && this.sheetParts) for (const i of indices) if (this.sheetParts[i]) cut.add(this.sheetParts[i]!);
    let done = 0;
    const touched = (part: string) => {
      const i = this.sheetParts?.indexOf(part) ?? -1;
      if (i >= 0 && indices.includes(i)) onSheet?.(this.names[i] ?? "", done++, indices.length, this.zip.size(part));
    };
    const book = parseZip(this.container(cut, onSheet ? touched : undefined), { ...CELL_OPTIONS, sheets: indices });
    if (this.broken) throw new Error(this.broken);
    return book;
  }

  /** A container for SheetJS's parse_zip in which every part inflates on first touch; parts in `head` give their first rows only. */
  private container(head: Set<string>, touched: ((part: string) => void) | undefined): unknown {
    const names = this.zip.names().filter((n) => !n.endsWith("/"));
    const root = { name: "Root Entry", type: 5, content: null };
    const files = names.map((part) => {
      const entry = { name: part.slice(part.lastIndexOf("/") + 1), type: 2 } as { name: string; type: number; content?: Buffer };
      let content: Buffer | undefined;
      Object.defineProperty(entry, "content", {
        enumerable: true,
        get: () => {
          if (content === undefined) {
            touched?.(part);
            content = head.has(part) ? firstRowsOf(this.zip, part) : this.inflate(part);
          }
          return content;
        },
      });
      return entry;
    });
    return { FullPaths: ["Root Entry/", ...names.map((n) => "Root Entry/" + n)], FileIndex: [root, ...files] };
  }

  private inflate(part: string): Buffer {
    let b = this.cache.get(part);
    if (!b) {
      const bytes = this.zip.read(part);
      b = bytes ? asBuffer(bytes) : Buffer.alloc(0);
      if (this.sheetParts?.includes(part) && !WORKSHEET_END.test(b.subarray(Math.max(0, b.length - 64)).toString("latin1"))) {
        // SheetJS swallows an error thrown while it reads a sheet: kept, and thrown after the parse.
        this.broken ??= `the sheet part ${part} is cut short (its XML does not end with </worksheet>)`;
      }
      // Shared strings and styles serve every parse of this read; sheets are parsed once.
      if (!this.sheetParts?.includes(part)) this.cache.set(part, b);
    }
    return b;
  }
}

/** The XML of a worksheet part up to its first HEADER_SEARCH_ROWS row elements, closed so SheetJS reads it like the whole. */
function firstRowsOf(zip: ZipArchive, part: string): Buffer {
  let head: string | null = null;
  const raw = zip.readPrefix(part, (text) => (head = headXml(text, false)) !== null) ?? Buffer.alloc(0);
  return Buffer.from(head ?? headXml(raw.toString("latin1"), true) ?? raw.toString("latin1"), "latin1");
}

/** How a whole worksheet part ends. */
const WORKSHEET_END = /<\/(?:[\w.-]+:)?worksheet>\s*$/;

const SHEET_DATA = /<((?:[\w.-]+:)?)sheetData\b[^>]*?(\/?)>/;
const ROW_OR_END = /<(?:[\w.-]+:)?row[\s>/]|<\/(?:[\w.-]+:)?sheetData>/g;

/**
 * Sheet XML cut before its (HEADER_SEARCH_ROWS + 1)-th row element and closed, or null when the
 * text does not reach that far yet. Row elements come in ascending row order, so the first
 * HEADER_SEARCH_ROWS of them hold every row of the sheet's first HEADER_SEARCH_ROWS (counted from
 * its used range, which starts at or before the first row element): all that table detection
 * reads. Cell text cannot hold a "<", so a tag found is a tag.
 */
export function headXml(text: string, whole: boolean): string | null {
  const open = SHEET_DATA.exec(text);
  if (!open) return whole ? text : null;
  const prefix = open[1];
  if (open[2] === "/") return text.slice(0, open.index + open[0].length) + `</${prefix}worksheet>`;
  ROW_OR_END.lastIndex = open.index + open[0].length;
  let rows = 0;
  for (let m = ROW_OR_END.exec(text); m; m = ROW_OR_END.exec(text)) {
    if (m[0].charCodeAt(1) === 47 /* / */ || ++rows > HEADER_SEARCH_ROWS) return text.slice(0, m.index) + `</${prefix}sheetData></${prefix}worksheet>`;
  }
  return whole ? text : null;
}

/**
 * Every sheet in workbook order with its part (null for one whose part is missing; `target` says
 * which), from the workbook part and its relationships; null when they cannot be read (then no
 * sheet is cut).
 */
function listedSheets(zip: ZipArchive): { name: string; part: string | null; target: string | null; hidden: boolean }[] | null {
  try {
    const pkg = new XlsxPackage(zip);
    return pkg.sheets().map((s) => ({ name: s.name, part: s.part !== null && pkg.has(s.part) ? s.part : null, target: s.part, hidden: s.hidden }));
  } catch {
    return null;
  }
}

/** A parsed sheet as a block, let go from SheetJS's workbook once converted (a big read holds one copy of each sheet, not two). */
function blockOf(book: XLSX.WorkBook, name: string): SheetBlock {
  const block = sheetBlock(name, book.Sheets[name]);
  delete book.Sheets[name];
  return block;
}

/** Whether a SheetJS cell holds a value (a styled or empty-text cell does not widen the used range). */
function holdsValue(cell: XLSX.CellObject | undefined): boolean {
  if (!cell) return false;
  const v = cellValue(cell);
  return v !== null && v !== "";
}

/**
 * The used range of a sheet from the cells that hold values (0-based, inclusive), or null when
 * none does. The dimension tag (`!ref`) is only an upper bound: a tag of XFD1048576 or a styled
 * cell far away must not make a sheet of 17 billion cells. Rows and cells SheetJS never stored
 * are skipped (its dense rows are sparse arrays), so the cost is that of the cells in the file.
 */
export function usedRange(dense: readonly ((XLSX.CellObject | undefined)[] | undefined)[], ref: XLSX.Range): XLSX.Range | null {
  let top = -1, bottom = -1, left = Number.POSITIVE_INFINITY, right = -1;
  const lastRow = Math.min(ref.e.r, dense.length - 1);
  // forEach skips the holes of a sparse array: a row at 1048576 costs one visit, not a million.
  dense.forEach((src, r) => {
    if (!src || r < ref.s.r || r > lastRow) return;
    src.forEach((cell, c) => {
      if (c < ref.s.c || c > ref.e.c || !holdsValue(cell)) return;
      if (top < 0) top = r;
      bottom = r;
      if (c < left) left = c;
      if (c > right) right = c;
    });
  });
  return top < 0 ? null : { s: { r: top, c: left }, e: { r: bottom, c: right } };
}

/** Shared by every row without a value (its cells read as null; a far-away cell costs one pointer per row between). */
const NO_FORMATS: string[] = [];

/** A SheetJS sheet as a block over its used range (see usedRange); `maxRows` keeps only the first rows (a sheet read for its header). */
function sheetBlock(name: string, ws: XLSX.WorkSheet | undefined, maxRows = Infinity): SheetBlock {
  const ref = ws?.["!ref"];
  const empty: SheetBlock = { sheet: name, firstRow: 1, firstColumn: 1, values: [], numberFormats: [] };
  if (!ws || !ref) return empty;
  const dense = (ws as unknown as { "!data"?: (XLSX.CellObject | undefined)[][] })["!data"] ?? [];
  const range = usedRange(dense, XLSX.utils.decode_range(ref));
  if (!range) return empty;
  const width = range.e.c - range.s.c + 1;
  const values: Cell[][] = [];
  const numberFormats: string[][] = [];
  const lastRow = Math.min(range.e.r, range.s.r + maxRows - 1);
  // Rows with the same formats share one array (a column repeats its format down the sheet): a
  // big sheet's formats then cost a few arrays, not one per row.
  let shared: string[] = [];
  const fmt: string[] = new Array(width);
  for (let r = range.s.r; r <= lastRow; r++) {
    const src = dense[r];
    if (!src || !src.some(holdsValue)) {
      // A row without values: an empty row (its cells read as null), no formats.
      values.push([]);
      numberFormats.push(NO_FORMATS);
      continue;
    }
    const row: Cell[] = new Array(width);
    let same = shared.length === width;
    for (let c = 0; c < width; c++) {
      const cell = src[range.s.c + c];
      row[c] = cell ? cellValue(cell) : null;
      const f = cell && typeof cell.z === "string" ? cell.z : "General";
      fmt[c] = f;
      if (same && shared[c] !== f) same = false;
    }
    if (!same) shared = fmt.slice();
    values.push(row);
    numberFormats.push(shared);
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
