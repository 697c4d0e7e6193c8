/**
 * A test double of the part of the Excel JavaScript API custfile uses. It keeps a workbook in
 * memory (sheets of cells, tables, data validation, fills, conditional formats, charts,
 * protection, settings) and is at least as strict as Excel where that matters for correctness
 * (issue 10; every strictness has a test in test/excel/fake-excel.test.ts):
 *
 *   - Operations are queued and run at `context.sync()`, in order; a property must be `load`ed
 *     and synced before it is read (PropertyNotLoaded). An operation Excel refuses fails the
 *     sync: the operations before it in the batch stay applied, the ones after it are dropped,
 *     and no load of that batch is filled in.
 *   - A string written into a cell that is not formatted "@" is read as if typed: ISO and other
 *     date or time text becomes a date serial (the cell gets a date format), numeric text a
 *     number (leading zeros lost, "1,234" and "15%" too), TRUE/FALSE a boolean, text starting
 *     with "=" a formula (the double does not evaluate formulas: it reads back #NAME?), text
 *     starting with "+" or "-" a formula too (a valid one is computed, an invalid one fails the
 *     sync). A null in a 2-D array leaves that cell unchanged; "" clears it.
 *   - `maxRequestBytes` / `maxResponseBytes` (Excel on the web: 5 MB): a batch whose request or
 *     response passes the bound fails at sync with RequestPayloadSizeLimitExceeded /
 *     ResponsePayloadSizeLimitExceeded and none of it is applied.
 *   - `tables.add(address)` without a sheet name uses the active sheet; a table over a header
 *     row alone gets one blank data row; blank or repeated header cells are renamed Column1 …
 *   - ConditionalFormat.id is the format's position in its collection (new formats go to the
 *     top, so ids shift); an item object refers to a position, not to a format.
 *   - Objects belong to their Excel.run: once it has finished, queuing anything on them (a load,
 *     a write, an event handler's remove()) throws InvalidRequestContext, unless the run is
 *     entered again with `run(context, batch)` (what Excel.run(handler.context, …) does).
 *   - A protected sheet refuses writes (AccessDenied); protect() on a protected sheet fails.
 *   - Range.delete(Up) takes rows out of a table only across its exact columns, never its header
 *     nor its last data row; a table below the cells moves up, one that would be cut is refused.
 *   - charts.add refuses a chart type or series direction Excel does not have.
 *   - Sheet names follow Excel's rules (≤ 31 characters, none of : \ / ? * [ ]); the last
 *     visible sheet cannot be deleted.
 *   - Charts: charts.add refuses a type or seriesBy that is no Excel.ChartType / ChartSeriesBy
 *     value, and a protected sheet; setPosition takes cells of the chart's own sheet only; a
 *     series other than the chart's first is found at sync (ItemNotFound); a deleted sheet
 *     takes its charts with it.
 *   - Every `context.sync()` is counted (also one that fails), so tests can assert round trips.
 *
 * User actions (`userEdit`, `userInsertTableRows`, `userDeleteTableRows`, `userAddTable`,
 * `userDeleteTable`, `userSort`) change the workbook at once and raise the events Excel raises:
 * table and worksheet onChanged (`details` only for single-cell edits), tables.onAdded /
 * onDeleted, worksheet onRowSorted (a sort raises no onChanged with values).
 */
import { columnLetter, type Cell } from "../../src/core/table";

/* ----------------------------- addresses ----------------------------- */

/** A rectangle of cells, 0-based, inclusive of start, `rows`×`cols` in size. */
export interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

function colToIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function indexToCol(index: number): string {
  return columnLetter(index + 1);
}

/** Split "Sheet!A1:B2" / "'客户 信息'!A1" into sheet name (or undefined) and the local part. */
export function splitAddress(address: string): { sheet?: string; local: string } {
  const bang = address.lastIndexOf("!");
  if (bang < 0) return { local: address };
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, local: address.slice(bang + 1) };
}

/** Parse a local A1 address ("B3", "B3:D9", "A:C", "2:5") to a rectangle. */
export function parseRect(local: string): Rect {
  const parts = local.replace(/\$/g, "").split(":");
  const one = (p: string) => {
    const m = /^([A-Za-z]*)(\d*)$/.exec(p);
    if (!m) throw new FakeOfficeError("InvalidArgument", `bad address '${local}'`);
    return { col: m[1] ? colToIndex(m[1]) : -1, row: m[2] ? Number(m[2]) - 1 : -1 };
  };
  const a = one(parts[0]);
  const b = parts.length > 1 ? one(parts[1]) : a;
  const row = a.row < 0 ? 0 : Math.min(a.row, b.row);
  const col = a.col < 0 ? 0 : Math.min(a.col, b.col);
  const rowEnd = a.row < 0 ? 1048575 : Math.max(a.row, b.row);
  const colEnd = a.col < 0 ? 16383 : Math.max(a.col, b.col);
  return { row, col, rows: rowEnd - row + 1, cols: colEnd - col + 1 };
}

/** Rectangle → local A1 address. */
export function rectAddress(r: Rect): string {
  const start = `${indexToCol(r.col)}${r.row + 1}`;
  if (r.rows === 1 && r.cols === 1) return start;
  return `${start}:${indexToCol(r.col + r.cols - 1)}${r.row + r.rows}`;
}

function quoteSheet(name: string): string {
  return /^[A-Za-z0-9_]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.row < b.row + b.rows && b.row < a.row + a.rows && a.col < b.col + b.cols && b.col < a.col + a.cols;
}

/* ------------------------------- errors ------------------------------- */

/** An error as Excel reports it (OfficeExtension.Error): `code` is one of Excel.ErrorCodes. */
export class FakeOfficeError extends Error {
  constructor(readonly code: string, detail: string) {
    super(`${code}: ${detail}`);
    this.name = "RichApi.Error";
  }
}

function closedContext(): FakeOfficeError {
  return new FakeOfficeError("InvalidRequestContext", "the object belongs to an Excel.run that has finished; use it inside Excel.run(object.context, …) or get it again in this run");
}

/* ----------------------------- sizes ----------------------------- */

/** UTF-8 length of a string (what the 5 MB bound of Excel on the web counts). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

function jsonBytes(v: unknown): number {
  return utf8Length(JSON.stringify(v) ?? "");
}

/** Bytes of one queued operation besides its values (the object path and method of the request). */
const OP_BYTES = 60;

/* --------------------- what Excel makes of a typed string --------------------- */

/** What a cell holds after a value is written into it through the API. */
export interface CellInput {
  value: Cell;
  /** A number format Excel gives the cell (a date typed into a General cell gets a date format). */
  numberFormat?: string;
  formula?: string;
}

const DATE_FORMAT_OF_TYPED = "yyyy/m/d";
const DATETIME_FORMAT_OF_TYPED = "yyyy/m/d h:mm";

function serialOf(y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 9999) return null;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return t / 86400000 + 25569;
}

function timeOf(h: string, m: string, s?: string): number | null {
  const hh = Number(h), mm = Number(m), ss = Number(s ?? 0);
  if (hh > 23 || mm > 59 || ss > 59) return null;
  return (hh * 3600 + mm * 60 + ss) / 86400;
}

const DATE_TEXT = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const TIME_TEXT = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const NUMBER_TEXT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function numberOfText(t: string): number | null {
  if (!/\d/.test(t) || !NUMBER_TEXT.test(t)) return null;
  const n = Number(t.replace(/,/g, ""));
  return Number.isFinite(n) ? n : null;
}

/** A formula of numbers and + - * / ( ) as Excel computes it; null when it is not one Excel can parse. */
function arithmetic(text: string): number | null {
  let i = 0;
  const s = text.replace(/\s+/g, (m, at: number) => (at === 0 ? "" : m));
  if (/\s/.test(s)) return null; // a space between numbers is Excel's intersection operator: #NULL!/invalid here
  const peek = () => s[i];
  const num = (): number | null => {
    const m = /^(\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(s.slice(i));
    if (!m) return null;
    i += m[0].length;
    return Number(m[0]);
  };
  const factor = (): number | null => {
    if (peek() === "+") { i++; return factor(); }
    if (peek() === "-") { i++; const f = factor(); return f === null ? null : -f; }
    if (peek() === "(") { i++; const e = expr(); if (e === null || peek() !== ")") return null; i++; return e; }
    return num();
  };
  const term = (): number | null => {
    let v = factor();
    while (v !== null && (peek() === "*" || peek() === "/")) { const op = s[i++]; const r = factor(); if (r === null) return null; v = op === "*" ? v * r : v / r; }
    return v;
  };
  const expr = (): number | null => {
    let v = term();
    while (v !== null && (peek() === "+" || peek() === "-")) { const op = s[i++]; const r = term(); if (r === null) return null; v = op === "+" ? v + r : v - r; }
    return v;
  };
  const v = expr();
  return v !== null && i === s.length && Number.isFinite(v) ? v : null;
}

/**
 * What Excel makes of a string written into a cell of format `cellFormat`, as if typed (issue
 * 10): kept as text only in a "@" cell; otherwise dates, times, numbers, booleans and formulas
 * are recognised. Throws InvalidArgument for text that starts like a formula but is not one.
 */
export function excelReadsTyped(text: string, cellFormat: string): CellInput {
  if (cellFormat === "@") return { value: text };
  if (text === "") return { value: null };
  const t = text.normalize("NFKC").trim();
  const first = t.charAt(0);
  if (first === "=") return { value: "#NAME?", formula: text };
  const n = numberOfText(t);
  if (n !== null) return { value: n };
  if (first === "+" || first === "-") {
    const v = arithmetic(t.slice(1) === "" ? "x" : t);
    if (v === null) throw new FakeOfficeError("InvalidArgument", `'${text}' is read as the formula '=${text}', which is not a valid formula`);
    return { value: v, formula: `=${text}` };
  }
  const pct = /^(.*)%$/.exec(t);
  if (pct) {
    const p = numberOfText(pct[1].trim());
    if (p !== null) return { value: p / 100, numberFormat: cellFormat === "General" ? "0%" : undefined };
  }
  const d = DATE_TEXT.exec(t);
  if (d) {
    const day = serialOf(Number(d[1]), Number(d[2]), Number(d[3]));
    if (day !== null) {
      if (d[4] === undefined) return { value: day, numberFormat: cellFormat === "General" ? DATE_FORMAT_OF_TYPED : undefined };
      const time = timeOf(d[4], d[5], d[6]);
      if (time !== null) return { value: day + time, numberFormat: cellFormat === "General" ? DATETIME_FORMAT_OF_TYPED : undefined };
    }
  }
  const tm = TIME_TEXT.exec(t);
  if (tm) {
    const time = timeOf(tm[1], tm[2], tm[3]);
    if (time !== null) return { value: time, numberFormat: cellFormat === "General" ? "h:mm" : undefined };
  }
  if (/^true$/i.test(t)) return { value: true };
  if (/^false$/i.test(t)) return { value: false };
  return { value: text };
}

/** What Excel stores for one value of a 2-D array written to a cell (null: the cell is left as it is). */
function cellInput(v: unknown, cellFormat: string): CellInput | null {
  if (v === null) return null;
  if (v === undefined) throw new FakeOfficeError("InvalidArgument", "undefined in a 2-D array of values");
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new FakeOfficeError("InvalidArgument", `${v} is not a value Excel can store`);
    return { value: v };
  }
  if (typeof v === "boolean") return { value: v };
  if (typeof v === "string") {
    if (v.length > 32767) throw new FakeOfficeError("InvalidArgument", `a cell holds at most 32,767 characters (got ${v.length})`);
    return excelReadsTyped(v, cellFormat);
  }
  throw new FakeOfficeError("InvalidArgument", `a cell value must be text, a number or a boolean (got ${typeof v})`);
}

/** Excel's sheet-name rules: 1–31 characters, none of : \ / ? * [ ], not starting or ending with '. */
function checkSheetName(name: string): void {
  if (name.length === 0 || name.length > 31 || /[:\\/?*[\]]/.test(name) || name.startsWith("'") || name.endsWith("'")) {
    throw new FakeOfficeError("InvalidArgument", `'${name}' is not a valid sheet name (1–31 characters, none of : \\ / ? * [ ])`);
  }
}

/* ----------------------------- the model ----------------------------- */

interface CellModel {
  value: Cell;
  numberFormat: string;
  fill: string | null;
  formula?: string;
}

export interface DataValidationModel {
  rect: Rect;
  rule: unknown;
}

/** One conditional format: its areas, type, rule formula and fill. Its place in the sheet's list is its priority. */
export interface ConditionalFormatModel {
  rects: Rect[];
  type: string;
  formula?: string;
  fill?: string;
  /** For tests only: who made it (never visible through the API). */
  tag?: string;
}

/** A native chart on a sheet. */
export interface ChartModel {
  type: string;
  /** The data the chart was added over (sheet and rectangle). */
  source: { sheet: string; rect: Rect };
  seriesBy: string;
  title: string;
  name: string;
  /** Where it is placed: top-left and bottom-right cells (A1 addresses), when set. */
  position: { start: string; end: string } | null;
  /** Categories set on the chart's first series (setXAxisValues), when set: an A1 address with sheet. */
  categories: string;
  /** Series added after the chart: name, values and categories (A1 addresses with sheet). */
  series: Array<{ name: string; values: string; categories: string }>;
}

type Handler = (e: unknown) => Promise<unknown> | unknown;

/** One worksheet of the fake workbook. */
export class SheetModel {
  private rowsMap = new Map<number, Map<number, CellModel>>();
  dataValidations: DataValidationModel[] = [];
  conditionalFormats: ConditionalFormatModel[] = [];
  charts: ChartModel[] = [];
  columnWidths = new Map<number, number>();
  frozenRows = 0;
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  protection: { protected: boolean; password: string; options: unknown } = { protected: false, password: "", options: null };
  changedHandlers: Handler[] = [];
  rowSortedHandlers: Handler[] = [];
  constructor(public name: string, readonly id: string) {}

  cell(row: number, col: number): CellModel | undefined {
    return this.rowsMap.get(row)?.get(col);
  }
  get(row: number, col: number): Cell {
    return this.cell(row, col)?.value ?? null;
  }
  set(row: number, col: number, patch: Partial<CellModel>): void {
    let r = this.rowsMap.get(row);
    if (!r) this.rowsMap.set(row, (r = new Map()));
    const cur = r.get(col) ?? { value: null, numberFormat: "General", fill: null };
    const next = { ...cur, ...patch };
    if (next.value === "") next.value = null;
    if (patch.value !== undefined && patch.formula === undefined) delete next.formula;
    r.set(col, next);
  }
  /** Remove a cell entirely (value, format, fill). */
  remove(row: number, col: number): void {
    this.rowsMap.get(row)?.delete(col);
  }
  /** Test set-up: write a 2-D block of values as they are (no conversion) starting at (row, col). */
  write(row: number, col: number, values: Cell[][]): void {
    values.forEach((r, i) => r.forEach((v, j) => this.set(row + i, col + j, { value: v })));
  }
  /** The smallest rectangle holding every non-empty cell (null when the sheet is empty). */
  usedRect(): Rect | null {
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    for (const [r, cols] of this.rowsMap) {
      for (const [c, cell] of cols) {
        if (cell.value === null) continue;
        r0 = Math.min(r0, r); c0 = Math.min(c0, c); r1 = Math.max(r1, r); c1 = Math.max(c1, c);
      }
    }
    return r1 < 0 ? null : { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }
  /** One property of every cell of a rectangle, row by row (`empty` where no cell was ever set). */
  private grid<T>(r: Rect, of: (c: CellModel) => T | null, empty: T): T[][] {
    const out: T[][] = new Array(r.rows);
    for (let i = 0; i < r.rows; i++) {
      const src = this.rowsMap.get(r.row + i);
      const row: T[] = new Array(r.cols);
      for (let j = 0; j < r.cols; j++) {
        const c = src?.get(r.col + j);
        row[j] = (c ? of(c) : null) ?? empty;
      }
      out[i] = row;
    }
    return out;
  }
  /** Values of a rectangle (empty cells as "", as Excel gives them). */
  values(r: Rect): Cell[][] {
    return this.grid<Cell>(r, (c) => c.value, "");
  }
  /** Number formats of a rectangle. */
  formats(r: Rect): string[][] {
    return this.grid(r, (c) => c.numberFormat, "General");
  }
  private shiftRows(map: (r: number) => number | null, cols?: { col: number; cols: number }): void {
    const next = new Map<number, Map<number, CellModel>>();
    for (const [r, row] of this.rowsMap) {
      for (const [c, cell] of row) {
        const inside = !cols || (c >= cols.col && c < cols.col + cols.cols);
        const to = inside ? map(r) : r;
        if (to === null) continue;
        let target = next.get(to);
        if (!target) next.set(to, (target = new Map()));
        target.set(c, cell);
      }
    }
    this.rowsMap = next;
  }
  /** Delete rows [row, row+count) shifting the cells below up (within `cols` when given: a table's columns). */
  deleteRows(row: number, count: number, cols?: { col: number; cols: number }): void {
    this.shiftRows((r) => (r >= row && r < row + count ? null : r >= row + count ? r - count : r), cols);
  }
  /** Insert `count` empty rows before `row`, shifting cells down (within `cols` when given). */
  insertRows(row: number, count: number, cols?: { col: number; cols: number }): void {
    this.shiftRows((r) => (r >= row ? r + count : r), cols);
  }
}

/** One Excel table (ListObject) of the fake workbook: a header row plus at least one data row on a sheet. */
export class TableModel {
  changedHandlers: Handler[] = [];
  style = "TableStyleMedium2";
  constructor(public name: string, public sheet: SheetModel, public rect: Rect, readonly id: string) {}
  get headers(): string[] {
    return this.sheet.values({ ...this.rect, rows: 1 })[0].map((v) => String(v ?? ""));
  }
  /** Data rows (without header). */
  get dataRect(): Rect {
    return { ...this.rect, row: this.rect.row + 1, rows: this.rect.rows - 1 };
  }
}

/** Options for a fake Excel host. */
export interface FakeExcelOptions {
  /** Office.context.platform to report ("PC", "Mac", "OfficeOnline"). */
  platform?: string;
  /** Office display language. */
  displayLanguage?: string;
  /** The signed-in user's name, for ChangeLog's 操作人 where a host gives it. */
  userName?: string;
  /**
   * Fire onChanged (source Local, after the sync that applied it) for values written through
   * the API, as Excel does; off by default. `settle()` awaits the handlers.
   */
  apiWritesFireEvents?: boolean;
  /** Excel on the web's request bound (5,000,000 bytes of UTF-8 JSON); default none (desktop). */
  maxRequestBytes?: number;
  /** Excel on the web's response bound (5,000,000 bytes); default none (desktop). */
  maxResponseBytes?: number;
}

/** The 5 MB bounds of Excel on the web, for `new FakeExcel({ ...WEB_LIMITS })`. */
export const WEB_LIMITS = { platform: "OfficeOnline", maxRequestBytes: 5_000_000, maxResponseBytes: 5_000_000 } as const;

/* ------------------------------ operations ------------------------------ */

interface Op {
  /** Cells loaded (per property) or written, for syncLog. */
  cells: number;
  /** Request bytes of the operation's arguments. */
  bytes: number;
  /** Response bytes, estimated before the batch runs. */
  response?: () => number;
  run(): void;
  /** After the whole batch succeeded (loads become readable). */
  commit?(): void;
}

/** The RequestContext: `workbook`, a queue of operations, `sync()` counting round trips. */
export class FakeContext {
  readonly workbook: FakeWorkbook;
  private queue: Op[] = [];
  /** Objects of this context can queue operations only while it is inside a run. */
  active = true;
  constructor(readonly host: FakeExcel) {
    this.workbook = new FakeWorkbook(this);
  }
  /** Queue an operation (throws when the context's run has finished). */
  enqueue(op: Op): void {
    if (!this.active) throw closedContext();
    this.queue.push(op);
  }
  /** Operations waiting for the next sync. */
  get pending(): number {
    return this.queue.length;
  }
  /** Drop whatever is queued (a run that ended by throwing). */
  discard(): void {
    this.queue = [];
  }
  async sync(): Promise<void> {
    if (!this.active) throw closedContext();
    const batch = this.queue;
    this.queue = [];
    const host = this.host;
    host.syncCount++;
    await Promise.resolve();
    const request = batch.reduce((n, o) => n + o.bytes + OP_BYTES, 0);
    if (host.options.maxRequestBytes !== undefined && request > host.options.maxRequestBytes) {
      host.syncLog.push(0);
      throw new FakeOfficeError("RequestPayloadSizeLimitExceeded", `the request is ${request} bytes, above ${host.options.maxRequestBytes}`);
    }
    if (host.options.maxResponseBytes !== undefined) {
      const response = batch.reduce((n, o) => n + (o.response?.() ?? 0), 0);
      if (response > host.options.maxResponseBytes) {
        host.syncLog.push(0);
        throw new FakeOfficeError("ResponsePayloadSizeLimitExceeded", `the response is ${response} bytes, above ${host.options.maxResponseBytes}`);
      }
    }
    host.syncLog.push(batch.reduce((n, o) => n + o.cells, 0));
    let failure: unknown = null;
    const done: Op[] = [];
    for (const op of batch) {
      try {
        op.run();
        done.push(op);
      } catch (e) {
        failure = e;
        break;
      }
    }
    if (failure === null) for (const op of done) op.commit?.();
    host.fireApiWriteEvents();
    if (failure !== null) throw failure;
  }
}

/** A write operation of `cells` cells and `bytes` request bytes. */
function writeOp(cells: number, bytes: number, run: () => void): Op {
  return { cells, bytes, run };
}

type LoadSpec = string | string[] | Record<string, unknown> | undefined;

function loadProps(spec: LoadSpec): string[] {
  if (spec === undefined) return ["*"];
  if (typeof spec === "string") return spec.split(",").map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(spec)) return spec;
  const out: string[] = [];
  for (const [k, v] of Object.entries(spec)) {
    if (k === "$all") out.push("*");
    else if (v && typeof v === "object") for (const p of loadProps(v as Record<string, unknown>)) out.push(`${k}/${p}`);
    else out.push(k);
  }
  return out;
}

/** Base of every proxy: loads are queued; loaded properties are readable after the sync. */
abstract class ClientObject {
  private props = new Map<string, unknown>();
  private loadedAll = false;
  private synced = false;
  private isNull = false;
  private children = new Map<string, ClientObject>();
  constructor(readonly context: FakeContext) {}

  /** Whether the object exists now (null objects: false); throws ItemNotFound for a missing required item. */
  protected abstract exists(): boolean;
  /** The object's loadable scalar properties now (`props` may be ["*"]). */
  protected abstract capture(props: string[]): Record<string, unknown>;
  /** Cells a load of `props` reads (cell properties of ranges). */
  protected loadCells(_props: string[]): number {
    return 0;
  }
  /** Response bytes of a load of `props`, estimated now. */
  protected loadBytes(props: string[]): number {
    return props.length * 20;
  }

  /** A navigation property (protection, customOrNullObject …) as a proxy loadable through "name/prop" paths. */
  protected child<T extends ClientObject>(name: string, make: () => T): T {
    let c = this.children.get(name) as T | undefined;
    if (!c) this.children.set(name, (c = make()));
    return c;
  }

  /** Capture now (at the sync that runs the load) and return a commit function. */
  stage(props: string[]): () => void {
    const exists = this.exists();
    if (!exists) {
      return () => { this.isNull = true; this.synced = true; };
    }
    // isNullObject is loadable on every object; it is known after any load.
    const own = props.filter((p) => p !== "isNullObject" && (!p.includes("/") || p.startsWith("items/")));
    const nested = new Map<string, string[]>();
    for (const p of props) {
      if (!p.includes("/") || p.startsWith("items/")) continue;
      const [head, ...rest] = p.split("/");
      const list = nested.get(head) ?? [];
      list.push(rest.join("/"));
      nested.set(head, list);
    }
    const values = own.length ? this.capture(own) : {};
    const commits: Array<() => void> = [];
    for (const [head, sub] of nested) {
      const c = (this as unknown as Record<string, unknown>)[head];
      if (!(c instanceof ClientObject)) throw new FakeOfficeError("InvalidArgument", `cannot load '${head}/${sub.join(",")}'`);
      commits.push(c.stage(sub));
    }
    return () => {
      for (const [k, v] of Object.entries(values)) this.props.set(k, v);
      if (own.includes("*")) this.loadedAll = true;
      this.synced = true;
      this.isNull = false;
      for (const c of commits) c();
    };
  }

  load(spec?: LoadSpec): this {
    const props = loadProps(spec);
    let commit: (() => void) | null = null;
    this.context.enqueue({
      cells: this.loadCells(props),
      bytes: jsonBytes(props),
      response: () => (this.safeExists() ? this.loadBytes(props) : 0),
      run: () => { commit = this.stage(props); },
      commit: () => commit?.(),
    });
    return this;
  }

  private safeExists(): boolean {
    try {
      return this.exists();
    } catch {
      return false;
    }
  }

  /** Mark properties as loaded now (items of a collection come loaded with it). */
  preload(values: Record<string, unknown>, all = false): this {
    for (const [k, v] of Object.entries(values)) this.props.set(k, v);
    if (all) this.loadedAll = true;
    this.synced = true;
    return this;
  }

  get isNullObject(): boolean {
    if (!this.synced) throw new FakeOfficeError("PropertyNotLoaded", "isNullObject is known only after a load of the object and context.sync()");
    return this.isNull;
  }

  /** A loaded property (throws PropertyNotLoaded before load + sync, as Excel does). */
  protected got<T>(prop: string): T {
    if (this.synced && this.isNull) throw new FakeOfficeError("InvalidObjectPath", `the object is a null object (isNullObject); '${prop}' has no value`);
    if (!this.props.has(prop)) {
      throw new FakeOfficeError("PropertyNotLoaded", `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
    }
    return this.props.get(prop) as T;
  }

  /** Queue a write on this object. */
  protected write(cells: number, bytes: number, run: () => void): void {
    this.context.enqueue(writeOp(cells, bytes, run));
  }

  toJSON(): unknown {
    return {};
  }
}

function pick(all: Record<string, () => unknown>, props: string[]): Record<string, unknown> {
  const keys = props.includes("*") ? Object.keys(all) : props;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const f = all[k];
    if (!f) throw new FakeOfficeError("InvalidArgument", `no loadable property '${k}'`);
    out[k] = f();
  }
  return out;
}

/** Item properties of a collection load ("items/name,items/id" → ["name", "id"]; "items" alone → all). */
function itemProps(props: string[]): string[] | null {
  const sub = props.filter((p) => p === "items" || p === "*" || p.startsWith("items/")).map((p) => (p.startsWith("items/") ? p.slice(6) : "*"));
  return sub.length ? sub : null;
}

/* ------------------------------- events ------------------------------- */

/** An event (onChanged, onAdded …): `add` registers at the next sync; the result's remove() works only in its own context. */
class EventSlot {
  constructor(private readonly ctx: FakeContext, private readonly list: () => Handler[]) {}
  add(handler: Handler): { context: FakeContext; remove(): void } {
    const ctx = this.ctx;
    const list = this.list;
    ctx.enqueue(writeOp(0, OP_BYTES, () => { list().push(handler); }));
    return {
      context: ctx,
      remove: () => {
        ctx.enqueue(writeOp(0, OP_BYTES, () => {
          const l = list();
          const i = l.indexOf(handler);
          if (i >= 0) l.splice(i, 1);
        }));
      },
    };
  }
}

/* ------------------------------ workbook ------------------------------ */

class FakeWorkbook extends ClientObject {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly settings: FakeSettingCollection;
  readonly application: { calculationMode: string; suspendApiCalculationUntilNextSync(): void };
  constructor(ctx: FakeContext) {
    super(ctx);
    this.application = { calculationMode: "Automatic", suspendApiCalculationUntilNextSync: () => undefined };
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.tables = new FakeTableCollection(ctx, null);
    this.settings = new FakeSettingCollection(ctx);
  }
  protected exists(): boolean {
    return true;
  }
  protected capture(): Record<string, unknown> {
    return {};
  }
  getSelectedRange(): FakeRange {
    const host = this.context.host;
    return new FakeRange(this.context, () => {
      const sel = host.selection;
      if (!sel) throw new FakeOfficeError("ItemNotFound", "nothing selected");
      return { sheet: host.sheet(sel.sheet)!, rect: sel.rect };
    });
  }
  getActiveCell(): FakeRange {
    return this.getSelectedRange().getCell(0, 0);
  }
}

class FakeSettingCollection extends ClientObject {
  protected exists(): boolean {
    return true;
  }
  protected capture(): Record<string, unknown> {
    return {};
  }
  add(key: string, value: unknown) {
    const settings = this.context.host.settings;
    this.write(0, jsonBytes(value), () => { settings.set(key, value); });
    return { key, value };
  }
  getItemOrNullObject(key: string): FakeSetting {
    return new FakeSetting(this.context, key, false);
  }
  getItem(key: string): FakeSetting {
    return new FakeSetting(this.context, key, true);
  }
}

class FakeSetting extends ClientObject {
  constructor(ctx: FakeContext, private readonly key_: string, private readonly required: boolean) {
    super(ctx);
  }
  protected exists(): boolean {
    const has = this.context.host.settings.has(this.key_);
    if (!has && this.required) throw new FakeOfficeError("ItemNotFound", `setting '${this.key_}'`);
    return has;
  }
  protected capture(props: string[]): Record<string, unknown> {
    const settings = this.context.host.settings;
    return pick({ key: () => this.key_, value: () => settings.get(this.key_) }, props);
  }
  get key(): string {
    return this.got("key");
  }
  get value(): unknown {
    return this.got("value");
  }
  delete(): void {
    const settings = this.context.host.settings;
    this.write(0, OP_BYTES, () => { settings.delete(this.key_); });
  }
}

/**
 * A proxy of an item of a workbook collection (a sheet, a table), found at the sync that uses
 * it: a getItem of a missing one fails there (ItemNotFound); a getItemOrNullObject gives a null
 * object, whose navigation (its sheet, its ranges) gives null objects too.
 */
abstract class ItemObject<T> extends ClientObject {
  constructor(ctx: FakeContext, protected readonly ref: () => T | null, protected readonly required: boolean, private readonly present: (t: T) => boolean, private readonly what: (t: T | null) => string) {
    super(ctx);
  }
  /** The item now, or ItemNotFound. */
  model(): T {
    const t = this.ref();
    if (t === null || !this.present(t)) throw new FakeOfficeError("ItemNotFound", this.what(t));
    return t;
  }
  /** The item, or null for a null object. */
  protected maybe(): T | null {
    const t = this.ref();
    if (t !== null && this.present(t)) return t;
    if (this.required) this.model();
    return null;
  }
  protected exists(): boolean {
    return this.maybe() !== null;
  }
  /** Capture properties now (for items of a loaded collection). */
  captureNow(props: string[]): Record<string, unknown> {
    return this.capture(props);
  }
}

/** What a load of a collection captures: its items (each with the item properties asked for) and its count. */
function captureItems<T>(props: string[], models: readonly T[], make: (m: T) => ItemObject<T>): Record<string, unknown> {
  const sub = itemProps(props);
  const out: Record<string, unknown> = {};
  if (sub) {
    out.items = models.map((m) => {
      const item = make(m);
      item.preload(item.captureNow(sub), sub.includes("*"));
      return item;
    });
  }
  if (props.includes("count") || props.includes("*")) out.count = models.length;
  return out;
}

/* ------------------------------ worksheets ------------------------------ */

class FakeWorksheetCollection extends ClientObject {
  protected exists(): boolean {
    return true;
  }
  protected capture(props: string[]): Record<string, unknown> {
    return captureItems(props, this.context.host.sheets, (s) => new FakeWorksheet(this.context, () => s));
  }
  get items(): FakeWorksheet[] {
    return this.got("items");
  }
  get count(): number {
    return this.got("count");
  }
  getItem(name: string): FakeWorksheet {
    const host = this.context.host;
    return new FakeWorksheet(this.context, () => {
      const s = host.sheet(name);
      if (!s) throw new FakeOfficeError("ItemNotFound", `worksheet '${name}'`);
      return s;
    });
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    const host = this.context.host;
    return new FakeWorksheet(this.context, () => host.sheet(name) ?? null, false);
  }
  add(name: string): FakeWorksheet {
    const host = this.context.host;
    let made: SheetModel | null = null;
    this.write(0, jsonBytes(name), () => {
      checkSheetName(name);
      made = host.addSheet(name);
    });
    return new FakeWorksheet(this.context, () => {
      if (!made) throw new FakeOfficeError("ItemNotFound", `worksheet '${name}' (not added yet)`);
      return made;
    });
  }
  getActiveWorksheet(): FakeWorksheet {
    const host = this.context.host;
    return new FakeWorksheet(this.context, () => host.sheet(host.activeSheet)!);
  }
  get onChanged(): EventSlot {
    const host = this.context.host;
    return new EventSlot(this.context, () => host.workbookChangedHandlers);
  }
}

class FakeProtection extends ClientObject {
  constructor(ctx: FakeContext, private readonly maybeSheet: () => SheetModel | null) {
    super(ctx);
  }
  private sheet(): SheetModel {
    const s = this.maybeSheet();
    if (!s) throw new FakeOfficeError("ItemNotFound", "worksheet (a null object)");
    return s;
  }
  protected exists(): boolean {
    return this.maybeSheet() !== null;
  }
  protected capture(props: string[]): Record<string, unknown> {
    const s = this.sheet();
    return pick({ protected: () => s.protection.protected, options: () => s.protection.options }, props);
  }
  get protected(): boolean {
    return this.got("protected");
  }
  protect(options?: unknown, password?: string): void {
    this.write(0, jsonBytes(options ?? null), () => {
      const s = this.sheet();
      if (s.protection.protected) throw new FakeOfficeError("InvalidOperation", `sheet '${s.name}' is already protected`);
      s.protection = { protected: true, password: password ?? "", options: options ?? null };
    });
  }
  unprotect(password?: string): void {
    this.write(0, OP_BYTES, () => {
      const s = this.sheet();
      if (!s.protection.protected) return;
      if ((password ?? "") !== s.protection.password) throw new FakeOfficeError("InvalidArgument", `the password does not unprotect sheet '${s.name}'`);
      s.protection = { protected: false, password: "", options: null };
    });
  }
}

class FakeWorksheet extends ItemObject<SheetModel> {
  constructor(ctx: FakeContext, ref: () => SheetModel | null, required = true) {
    super(ctx, ref, required, (s) => ctx.host.sheets.includes(s), (s) => (s ? `worksheet '${s.name}' was deleted` : "worksheet (a null object)"));
  }
  protected capture(props: string[]): Record<string, unknown> {
    const s = this.model();
    const host = this.context.host;
    return pick({
      name: () => s.name,
      id: () => s.id,
      visibility: () => s.visibility,
      position: () => host.sheets.indexOf(s),
    }, props);
  }
  get name(): string {
    return this.got("name");
  }
  set name(value: string) {
    const host = this.context.host;
    this.write(0, jsonBytes(value), () => {
      checkSheetName(value);
      const s = this.model();
      if (host.sheets.some((x) => x !== s && x.name.toLowerCase() === value.toLowerCase())) throw new FakeOfficeError("ItemAlreadyExists", `worksheet '${value}'`);
      if (host.activeSheet === s.name) host.activeSheet = value;
      s.name = value;
    });
  }
  get id(): string {
    return this.got("id");
  }
  get position(): number {
    return this.got("position");
  }
  set position(p: number) {
    const host = this.context.host;
    this.write(0, OP_BYTES, () => {
      const s = this.model();
      host.sheets = host.sheets.filter((x) => x !== s);
      host.sheets.splice(Math.max(0, Math.min(p, host.sheets.length)), 0, s);
    });
  }
  get visibility(): string {
    return this.got("visibility");
  }
  set visibility(v: string) {
    this.write(0, OP_BYTES, () => { this.model().visibility = v as SheetModel["visibility"]; });
  }
  get tables(): FakeTableCollection {
    return new FakeTableCollection(this.context, () => this.model());
  }
  get protection(): FakeProtection {
    return this.child("protection", () => new FakeProtection(this.context, () => this.maybe()));
  }
  get charts(): FakeChartCollection {
    return new FakeChartCollection(this.context, () => this.model());
  }
  get freezePanes() {
    return {
      freezeRows: (n: number) => this.write(0, OP_BYTES, () => { this.model().frozenRows = n; }),
      unfreeze: () => this.write(0, OP_BYTES, () => { this.model().frozenRows = 0; }),
    };
  }
  get onChanged(): EventSlot {
    return new EventSlot(this.context, () => this.model().changedHandlers);
  }
  /** Worksheet.onRowSorted (ExcelApi 1.10): raised by `userSort`. */
  get onRowSorted(): EventSlot {
    return new EventSlot(this.context, () => this.model().rowSortedHandlers);
  }
  getRange(address?: string): FakeRange {
    const rect = address ? parseRect(splitAddress(address).local) : { row: 0, col: 0, rows: 1048576, cols: 16384 };
    return new FakeRange(this.context, () => ({ sheet: this.model(), rect }));
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    if (rows < 1 || cols < 1) throw new FakeOfficeError("InvalidArgument", `getRangeByIndexes(${row}, ${col}, ${rows}, ${cols}): a range has at least one row and column`);
    return new FakeRange(this.context, () => ({ sheet: this.model(), rect: { row, col, rows, cols } }));
  }
  getRanges(addresses: string): FakeRangeAreas {
    const rects = addresses.split(",").map((a) => parseRect(splitAddress(a.trim()).local));
    return new FakeRangeAreas(this.context, () => this.model(), rects);
  }
  getUsedRange(_valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const s = this.model();
      return { sheet: s, rect: s.usedRect() ?? { row: 0, col: 0, rows: 1, cols: 1 } };
    });
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const s = this.maybe();
      const r = s?.usedRect();
      return s && r ? { sheet: s, rect: r } : null;
    });
  }
  activate(): void {
    const host = this.context.host;
    this.write(0, OP_BYTES, () => { host.activeSheet = this.model().name; });
  }
  delete(): void {
    const host = this.context.host;
    this.write(0, OP_BYTES, () => {
      const s = this.model();
      if (host.sheets.filter((x) => x !== s && x.visibility === "Visible").length === 0) throw new FakeOfficeError("InvalidOperation", `'${s.name}' is the last visible sheet and cannot be deleted`);
      host.sheets = host.sheets.filter((x) => x !== s);
      host.tables = host.tables.filter((t) => t.sheet !== s);
      if (host.activeSheet === s.name) host.activeSheet = host.sheets.find((x) => x.visibility === "Visible")!.name;
    });
  }
}

/* ------------------------------ tables ------------------------------ */

class FakeTableCollection extends ClientObject {
  constructor(ctx: FakeContext, private readonly sheet: (() => SheetModel) | null) {
    super(ctx);
  }
  private all(): TableModel[] {
    const s = this.sheet?.();
    return this.context.host.tables.filter((t) => !s || t.sheet === s);
  }
  protected exists(): boolean {
    return true;
  }
  protected capture(props: string[]): Record<string, unknown> {
    return captureItems(props, this.all(), (t) => new FakeTable(this.context, () => t, true));
  }
  get items(): FakeTable[] {
    return this.got("items");
  }
  get count(): number {
    return this.got("count");
  }
  getItem(name: string): FakeTable {
    return new FakeTable(this.context, () => {
      const t = this.all().find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (!t) throw new FakeOfficeError("ItemNotFound", `table '${name}'`);
      return t;
    }, true);
  }
  getItemOrNullObject(name: string): FakeTable {
    return new FakeTable(this.context, () => this.all().find((x) => x.name.toLowerCase() === name.toLowerCase()) ?? null, false);
  }
  /**
   * add(address | range, hasHeaders): a table over the range whose first row is the header. An
   * address without a sheet name means the active sheet (whatever collection add is called on).
   */
  add(address: string | FakeRange, hasHeaders: boolean): FakeTable {
    const host = this.context.host;
    let made: TableModel | null = null;
    this.write(0, jsonBytes(typeof address === "string" ? address : "range"), () => {
      let sheet: SheetModel;
      let rect: Rect;
      if (typeof address === "string") {
        const { sheet: name, local } = splitAddress(address);
        const s = host.sheet(name ?? host.activeSheet);
        if (!s) throw new FakeOfficeError("ItemNotFound", `worksheet '${name ?? host.activeSheet}'`);
        sheet = s;
        rect = parseRect(local);
      } else {
        const at = address.resolve();
        sheet = at.sheet;
        rect = at.rect;
      }
      if (sheet.protection.protected) throw new FakeOfficeError("AccessDenied", `sheet '${sheet.name}' is protected`);
      // A table has at least one data row: over a header row alone Excel adds the row below.
      if (hasHeaders && rect.rows === 1) rect = { ...rect, rows: 2 };
      const clash = host.tables.find((t) => t.sheet === sheet && overlaps(t.rect, rect));
      if (clash) throw new FakeOfficeError("InvalidArgument", `a table cannot overlap table '${clash.name}'`);
      if (hasHeaders) {
        // Blank or repeated header cells get Excel's names: Column1, 客户编号2 …
        const seen = new Set<string>();
        for (let j = 0; j < rect.cols; j++) {
          const v = sheet.get(rect.row, rect.col + j);
          let text = v === null ? `Column${j + 1}` : String(v);
          const base = text;
          for (let k = 2; seen.has(text.toLowerCase()); k++) text = `${base}${k}`;
          seen.add(text.toLowerCase());
          if (text !== v) sheet.set(rect.row, rect.col + j, { value: text });
        }
      }
      made = host.addTable(`Table${host.tables.length + 1}`, sheet, rect);
    });
    return new FakeTable(this.context, () => {
      if (!made) throw new FakeOfficeError("ItemNotFound", "table (not added yet)");
      return made;
    }, true);
  }
  get onChanged(): EventSlot {
    const host = this.context.host;
    return new EventSlot(this.context, () => host.tablesChangedHandlers);
  }
  /** TableCollection.onAdded (ExcelApi 1.9): raised by `userAddTable`. */
  get onAdded(): EventSlot {
    const host = this.context.host;
    return new EventSlot(this.context, () => host.tablesAddedHandlers);
  }
  /** TableCollection.onDeleted (ExcelApi 1.9): raised by `userDeleteTable`. */
  get onDeleted(): EventSlot {
    const host = this.context.host;
    return new EventSlot(this.context, () => host.tablesDeletedHandlers);
  }
}

class FakeTable extends ItemObject<TableModel> {
  constructor(ctx: FakeContext, ref: () => TableModel | null, required: boolean) {
    super(ctx, ref, required, (t) => ctx.host.tables.includes(t), (t) => `table${t ? ` '${t.name}'` : ""}`);
  }
  protected capture(props: string[]): Record<string, unknown> {
    const t = this.model();
    return pick({ name: () => t.name, id: () => t.id, style: () => t.style, showHeaders: () => true }, props);
  }
  get name(): string {
    return this.got("name");
  }
  set name(v: string) {
    const host = this.context.host;
    this.write(0, jsonBytes(v), () => {
      const t = this.model();
      // Table names are unique in the workbook, whatever their case.
      if (host.tables.some((x) => x !== t && x.name.toLowerCase() === v.toLowerCase())) throw new FakeOfficeError("InvalidArgument", `a table named '${v}' exists`);
      if (!/^[\p{L}_\\][\p{L}\p{N}_.]*$/u.test(v) || /^[A-Za-z]{1,3}\d+$/.test(v)) throw new FakeOfficeError("InvalidArgument", `'${v}' is not a valid table name`);
      t.name = v;
    });
  }
  get id(): string {
    return this.got("id");
  }
  get style(): string {
    return this.got("style");
  }
  set style(v: string) {
    this.write(0, jsonBytes(v), () => { this.model().style = v; });
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.maybe()?.sheet ?? null, this.required);
  }
  get onChanged(): EventSlot {
    return new EventSlot(this.context, () => this.model().changedHandlers);
  }
  get rows() {
    const host = this.context.host;
    return {
      add: (index: number | null | undefined, values: Cell[][]) => {
        let added: number | null = null;
        const cells = values.length * (values[0]?.length ?? 0);
        this.write(cells, jsonBytes(values), () => {
          const t = this.model();
          // Excel refuses rows whose width differs from the table's.
          if (!Array.isArray(values) || values.some((r) => !Array.isArray(r) || r.length !== t.rect.cols)) throw new FakeOfficeError("InvalidArgument", `rows of ${values[0]?.length} values added to table '${t.name}' of ${t.rect.cols} columns`);
          if (t.sheet.protection.protected) throw new FakeOfficeError("AccessDenied", `sheet '${t.sheet.name}' is protected`);
          added = host.addTableRows(t, values, index ?? undefined, true);
        });
        // TableRow: the top row of the rows added.
        return {
          getRange: () => new FakeRange(this.context, () => {
            if (added === null) throw new FakeOfficeError("ItemNotFound", "table row (not added yet)");
            const t = this.model();
            return { sheet: t.sheet, rect: { row: added, col: t.rect.col, rows: 1, cols: t.rect.cols } };
          }),
        };
      },
    };
  }
  get columns() {
    const host = this.context.host;
    return {
      add: (_index: number | null | undefined, values?: Cell[][], name?: string) => {
        this.write(values ? values.length : 1, jsonBytes(values ?? name ?? ""), () => {
          const t = this.model();
          // Excel wants one value per row of the table, the header first.
          if (values && (values.length !== t.rect.rows || values.some((r) => r.length !== 1))) throw new FakeOfficeError("InvalidArgument", `${values.length} values for a column of table '${t.name}' of ${t.rect.rows} rows`);
          if (t.sheet.protection.protected) throw new FakeOfficeError("AccessDenied", `sheet '${t.sheet.name}' is protected`);
          const col = t.rect.col + t.rect.cols;
          // The cells to the right of the table move right to make room (within the table's rows).
          host.insertColumnCells(t.sheet, col, t.rect.row, t.rect.rows);
          const header = name ?? (values ? values[0][0] : null) ?? `Column${t.rect.cols + 1}`;
          t.sheet.set(t.rect.row, col, { value: String(header) });
          (values ?? []).slice(1).forEach((r, i) => host.writeCell(t.sheet, t.rect.row + 1 + i, col, r[0]));
          t.rect = { ...t.rect, cols: t.rect.cols + 1 };
        });
      },
      /** TableColumnCollection.getItem(name) (ExcelApi 1.1): its ranges are found at the sync that uses them. */
      getItem: (name: string) => {
        const column = () => {
          const t = this.model();
          const j = t.headers.findIndex((h) => h.toLowerCase() === name.toLowerCase());
          if (j < 0) throw new FakeOfficeError("ItemNotFound", `column '${name}' of table '${t.name}'`);
          return { t, col: t.rect.col + j };
        };
        return {
          getDataBodyRange: () => new FakeRange(this.context, () => { const { t, col } = column(); return { sheet: t.sheet, rect: { row: t.rect.row + 1, col, rows: t.rect.rows - 1, cols: 1 } }; }),
          getRange: () => new FakeRange(this.context, () => { const { t, col } = column(); return { sheet: t.sheet, rect: { row: t.rect.row, col, rows: t.rect.rows, cols: 1 } }; }),
        };
      },
    };
  }
  getRange(): FakeRange {
    return new FakeRange(this.context, () => { const t = this.maybe(); return t && { sheet: t.sheet, rect: t.rect }; });
  }
  getHeaderRowRange(): FakeRange {
    return new FakeRange(this.context, () => { const t = this.maybe(); return t && { sheet: t.sheet, rect: { ...t.rect, rows: 1 } }; });
  }
  getDataBodyRange(): FakeRange {
    return new FakeRange(this.context, () => { const t = this.maybe(); return t && { sheet: t.sheet, rect: t.dataRect }; });
  }
  delete(): void {
    const host = this.context.host;
    this.write(0, OP_BYTES, () => {
      const t = this.model();
      host.tables = host.tables.filter((x) => x !== t);
    });
  }
}

/* --------------------------- conditional formats --------------------------- */

class FakeConditionalFormats extends ClientObject {
  constructor(ctx: FakeContext, private readonly at: () => { sheet: SheetModel; rects: Rect[] }) {
    super(ctx);
  }
  /** The formats touching the range, in priority order (what ConditionalFormatCollection holds). */
  list(): ConditionalFormatModel[] {
    const { sheet, rects } = this.at();
    return sheet.conditionalFormats.filter((m) => m.rects.some((mr) => rects.some((r) => overlaps(r, mr))));
  }
  protected exists(): boolean {
    return true;
  }
  protected capture(props: string[]): Record<string, unknown> {
    const sub = itemProps(props);
    const out: Record<string, unknown> = {};
    if (sub) {
      out.items = this.list().map((_m, i) => {
        const cf = new FakeConditionalFormat(this.context, () => this.list()[i] ?? null, () => this.at().sheet);
        const commit = cf.stage(sub);
        commit();
        return cf;
      });
    }
    if (props.includes("count") || props.includes("*")) out.count = this.list().length;
    return out;
  }
  get items(): FakeConditionalFormat[] {
    return this.got("items");
  }
  get count(): number {
    return this.got("count");
  }
  /** A new format at the top of the collection (priority 0): every other format's id shifts by one. */
  add(type: string): FakeConditionalFormat {
    const model: ConditionalFormatModel = { rects: [], type };
    this.write(0, OP_BYTES, () => {
      const { sheet, rects } = this.at();
      if (sheet.protection.protected) throw new FakeOfficeError("AccessDenied", `sheet '${sheet.name}' is protected`);
      model.rects = rects.map((r) => ({ ...r }));
      sheet.conditionalFormats.unshift(model);
    });
    return new FakeConditionalFormat(this.context, () => model, () => this.at().sheet);
  }
  /** ConditionalFormatCollection.getItem(id): the format at that position now. */
  getItem(id: string): FakeConditionalFormat {
    return new FakeConditionalFormat(this.context, () => {
      const m = this.list()[Number(id)];
      if (!m) throw new FakeOfficeError("ItemNotFound", `conditional format '${id}'`);
      return m;
    }, () => this.at().sheet);
  }
  /** ConditionalFormatCollection.getItemOrNullObject is ExcelApi 1.14, above the 1.9 custfile requires: Excel 2019/2021 lack it. */
  getItemOrNullObject(_id: string): FakeConditionalFormat {
    throw new FakeOfficeError("ApiNotFound", "ConditionalFormatCollection.getItemOrNullObject needs ExcelApi 1.14 (custfile requires 1.9)");
  }
  clearAll(): void {
    this.write(0, OP_BYTES, () => {
      const { sheet } = this.at();
      const gone = new Set(this.list());
      sheet.conditionalFormats = sheet.conditionalFormats.filter((m) => !gone.has(m));
    });
  }
}

/** One property of a conditional format's custom rule or format (rule.formula, format.fill.color): loadable, and set at the sync. */
abstract class FormatProperty extends ClientObject {
  constructor(ctx: FakeContext, private readonly owner: FakeCustomFormat, private readonly model: () => ConditionalFormatModel | null, private readonly key: "formula" | "fill") {
    super(ctx);
  }
  protected exists(): boolean {
    return this.owner.present();
  }
  protected capture(props: string[]): Record<string, unknown> {
    return pick({ [this.name()]: () => this.model()![this.key] ?? "" }, props);
  }
  /** The property's name in the API (formula, color). */
  protected abstract name(): string;
  protected read(): string {
    return this.got(this.name());
  }
  protected set(value: string): void {
    this.write(0, jsonBytes(value), () => {
      const m = this.model();
      if (!m) throw new FakeOfficeError("ItemNotFound", "conditional format");
      m[this.key] = this.key === "fill" ? value.toUpperCase() : value;
    });
  }
}

class FormulaProperty extends FormatProperty {
  protected name(): string { return "formula"; }
  get formula(): string { return this.read(); }
  set formula(f: string) { this.set(f); }
}

class ColorProperty extends FormatProperty {
  protected name(): string { return "color"; }
  get color(): string { return this.read(); }
  set color(c: string) { this.set(c); }
}

class FakeCustomFormat extends ClientObject {
  constructor(ctx: FakeContext, readonly model: () => ConditionalFormatModel | null) {
    super(ctx);
  }
  /** Whether the format is there and of type Custom (otherwise customOrNullObject is a null object). */
  present(): boolean {
    return this.exists();
  }
  protected exists(): boolean {
    const m = this.model();
    return m !== null && m.type === "Custom";
  }
  protected capture(): Record<string, unknown> {
    return {};
  }
  get rule(): FormulaProperty {
    return this.child("rule", () => new FormulaProperty(this.context, this, this.model, "formula"));
  }
  get format() {
    const ctx = this.context;
    const self = this;
    const fill = new ColorProperty(ctx, this, this.model, "fill");
    const format = new (class extends ClientObject {
      protected exists() { return self.exists(); }
      protected capture() { return {}; }
      get fill() { return this.child("fill", () => fill); }
      get font() { return { color: "" }; }
    })(ctx);
    return this.child("format", () => format);
  }
}

/** One conditional format; an object from `items` refers to a position in its collection, as Excel's id does. */
class FakeConditionalFormat extends ClientObject {
  constructor(ctx: FakeContext, private readonly ref: () => ConditionalFormatModel | null, private readonly sheet: () => SheetModel) {
    super(ctx);
  }
  private model(): ConditionalFormatModel {
    const m = this.ref();
    if (!m) throw new FakeOfficeError("ItemNotFound", "conditional format");
    return m;
  }
  protected exists(): boolean {
    this.model();
    return true;
  }
  protected capture(props: string[]): Record<string, unknown> {
    const m = this.model();
    const list = this.sheet().conditionalFormats;
    return pick({ id: () => String(this.positionIn(m)), type: () => m.type, priority: () => list.indexOf(m), stopIfTrue: () => false }, props);
  }
  private positionIn(m: ConditionalFormatModel): number {
    // id: the priority within the collection this object came from; for a new one, within its sheet.
    return this.sheet().conditionalFormats.indexOf(m);
  }
  get id(): string {
    return this.got("id");
  }
  get type(): string {
    return this.got("type");
  }
  get priority(): number {
    return this.got("priority");
  }
  get custom(): FakeCustomFormat {
    return this.child("custom", () => new FakeCustomFormat(this.context, () => {
      const m = this.ref();
      if (m && m.type !== "Custom") throw new FakeOfficeError("InvalidOperation", `the conditional format is of type ${m.type}, not Custom`);
      return m;
    }));
  }
  /** ConditionalFormat.customOrNullObject (ExcelApi 1.6): a null object for formats of other types. */
  get customOrNullObject(): FakeCustomFormat {
    return this.child("customOrNullObject", () => new FakeCustomFormat(this.context, () => this.ref()));
  }
  get cellValue() {
    return { format: { fill: { color: "" }, font: { color: "" } }, setRule: () => undefined };
  }
  getRanges(): FakeRangeAreas {
    return new FakeRangeAreas(this.context, this.sheet, this.ref()?.rects ?? []);
  }
  delete(): void {
    this.write(0, OP_BYTES, () => {
      const m = this.model();
      const s = this.sheet();
      s.conditionalFormats = s.conditionalFormats.filter((x) => x !== m);
    });
  }
}

/* ------------------------------- charts ------------------------------- */

/** Excel.ChartType values (ExcelApi 1.1 and later); anything else fails charts.add at sync, as Excel does. */
export const CHART_TYPES: ReadonlySet<string> = new Set(("ColumnClustered ColumnStacked ColumnStacked100 3DColumnClustered 3DColumnStacked 3DColumnStacked100 BarClustered BarStacked " +
  "BarStacked100 3DBarClustered 3DBarStacked 3DBarStacked100 LineStacked LineStacked100 LineMarkers LineMarkersStacked LineMarkersStacked100 PieOfPie PieExploded " +
  "3DPieExploded BarOfPie XYScatterSmooth XYScatterSmoothNoMarkers XYScatterLines XYScatterLinesNoMarkers AreaStacked AreaStacked100 3DAreaStacked 3DAreaStacked100 " +
  "DoughnutExploded RadarMarkers RadarFilled Surface SurfaceWireframe SurfaceTopView SurfaceTopViewWireframe Bubble Bubble3DEffect StockHLC StockOHLC StockVHLC " +
  "StockVOHLC CylinderColClustered CylinderColStacked CylinderColStacked100 CylinderBarClustered CylinderBarStacked CylinderBarStacked100 CylinderCol ConeColClustered " +
  "ConeColStacked ConeColStacked100 ConeBarClustered ConeBarStacked ConeBarStacked100 ConeCol PyramidColClustered PyramidColStacked PyramidColStacked100 " +
  "PyramidBarClustered PyramidBarStacked PyramidBarStacked100 PyramidCol 3DColumn Line 3DLine 3DPie Pie XYScatter 3DArea Area Doughnut Radar " +
  "Histogram Boxwhisker Pareto RegionMap Treemap Waterfall Sunburst Funnel").split(" "));
/** Excel.ChartSeriesBy values. */
const SERIES_BY: ReadonlySet<string> = new Set(["Auto", "Columns", "Rows"]);

/** A chart position cell: an A1 address of one cell or a range on the chart's own sheet ("F3", "F3:M17"); Excel refuses anything else. */
function chartCell(x: string | FakeRange, sheet: SheetModel): string {
  if (typeof x !== "string") {
    const at = x.resolve();
    if (at.sheet !== sheet) throw new FakeOfficeError("InvalidArgument", `chart position on sheet '${at.sheet.name}', the chart is on '${sheet.name}'`);
    return rectAddress(at.rect);
  }
  const { sheet: named, local } = splitAddress(x);
  if (named !== undefined && named !== sheet.name) throw new FakeOfficeError("InvalidArgument", `chart position '${x}' is not on the chart's sheet '${sheet.name}'`);
  if (!/^\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?$/.test(local)) throw new FakeOfficeError("InvalidArgument", `chart position '${x}' is not a cell address`);
  return rectAddress(parseRect(local));
}

class FakeChartCollection extends ClientObject {
  constructor(ctx: FakeContext, private readonly sheet: () => SheetModel) {
    super(ctx);
  }
  protected exists(): boolean {
    return true;
  }
  protected capture(props: string[]): Record<string, unknown> {
    return pick({ count: () => this.sheet().charts.length }, props);
  }
  get count(): number {
    return this.got("count");
  }
  /** charts.add(type, sourceData, seriesBy) (ExcelApi 1.1): an unknown type or seriesBy fails the sync (InvalidArgument). */
  add(type: string, source: FakeRange, seriesBy = "Auto"): FakeChart {
    const chart: ChartModel = { type, source: { sheet: "", rect: { row: 0, col: 0, rows: 1, cols: 1 } }, seriesBy, title: "", name: "", position: null, categories: "", series: [] };
    this.write(0, OP_BYTES, () => {
      const s = this.sheet();
      if (!CHART_TYPES.has(type)) throw new FakeOfficeError("InvalidArgument", `'${type}' is not an Excel.ChartType`);
      if (!SERIES_BY.has(seriesBy)) throw new FakeOfficeError("InvalidArgument", `'${seriesBy}' is not an Excel.ChartSeriesBy`);
      if (s.protection.protected) throw new FakeOfficeError("AccessDenied", `sheet '${s.name}' is protected`);
      const at = source.resolve();
      chart.source = { sheet: at.sheet.name, rect: at.rect };
      chart.name = `Chart ${s.charts.length + 1}`;
      s.charts.push(chart);
    });
    return new FakeChart(this.context, chart, this.sheet);
  }
}

class FakeChart extends ClientObject {
  constructor(ctx: FakeContext, private readonly chart: ChartModel, private readonly sheet: () => SheetModel) {
    super(ctx);
  }
  protected exists(): boolean {
    return true;
  }
  protected capture(props: string[]): Record<string, unknown> {
    return pick({ name: () => this.chart.name }, props);
  }
  get name(): string {
    return this.got("name");
  }
  set name(v: string) {
    this.write(0, jsonBytes(v), () => { this.chart.name = v; });
  }
  get title() {
    const write = (t: string) => this.write(0, jsonBytes(t), () => { this.chart.title = t; });
    return { set text(t: string) { write(t); } };
  }
  /** Chart.setPosition(startCell, endCell?) (ExcelApi 1.1): cells of the chart's own sheet, else the sync fails (InvalidArgument). */
  setPosition(start: string | FakeRange, end?: string | FakeRange): void {
    this.write(0, OP_BYTES, () => {
      const s = this.sheet();
      this.chart.position = { start: chartCell(start, s), end: end === undefined ? "" : chartCell(end, s) };
    });
  }
  get series() {
    const chart = this.chart;
    const ctx = this.context;
    const where = (r: FakeRange) => { const at = r.resolve(); return `${quoteSheet(at.sheet.name)}!${rectAddress(at.rect)}`; };
    return {
      add: (name?: string) => {
        const entry = { name: name ?? "", values: "", categories: "" };
        ctx.enqueue(writeOp(0, OP_BYTES, () => { chart.series.push(entry); }));
        return {
          setValues: (r: FakeRange) => ctx.enqueue(writeOp(0, OP_BYTES, () => { entry.values = where(r); })),
          setXAxisValues: (r: FakeRange) => ctx.enqueue(writeOp(0, OP_BYTES, () => { entry.categories = where(r); })),
        };
      },
      /** ChartSeriesCollection.getItemAt (ExcelApi 1.1): 0 is the series the chart was made with. */
      getItemAt: (index: number) => ({
        setXAxisValues: (r: FakeRange) => ctx.enqueue(writeOp(0, OP_BYTES, () => {
          if (index === 0) chart.categories = where(r);
          else if (chart.series[index - 1]) chart.series[index - 1].categories = where(r);
          else throw new FakeOfficeError("ItemNotFound", `series ${index}`);
        })),
      }),
    };
  }
}

/* ------------------------------- ranges ------------------------------- */

class FakeFill {
  constructor(private readonly apply: (color: string | null) => void) {}
  set color(c: string) {
    this.apply(c);
  }
  clear(): void {
    this.apply(null);
  }
}

type RangeAt = { sheet: SheetModel; rect: Rect };

class FakeRange extends ClientObject {
  constructor(ctx: FakeContext, private readonly ref: () => RangeAt | null) {
    super(ctx);
  }
  /** Where the range is now (throws ItemNotFound for a null range used as a real one). */
  resolve(): RangeAt {
    const at = this.ref();
    if (!at) throw new FakeOfficeError("ItemNotFound", "range (a null object)");
    return at;
  }
  protected exists(): boolean {
    return this.ref() !== null;
  }
  private static readonly CELL_PROPS = new Set(["values", "numberFormat", "text", "formulas", "valueTypes"]);
  protected override loadCells(props: string[]): number {
    const n = props.filter((p) => FakeRange.CELL_PROPS.has(p) || p === "*").length;
    if (n === 0) return 0;
    const at = this.ref();
    return at ? n * at.rect.rows * at.rect.cols : 0;
  }
  protected override loadBytes(props: string[]): number {
    const at = this.ref();
    if (!at) return 0;
    const has = (p: string) => props.includes(p) || props.includes("*");
    let n = 40;
    if (has("values")) n += jsonBytes(at.sheet.values(at.rect));
    if (has("text")) n += jsonBytes(at.sheet.values(at.rect).map((r) => r.map((v) => (v === null ? "" : String(v)))));
    if (has("numberFormat")) n += jsonBytes(at.sheet.formats(at.rect));
    if (has("formulas")) n += jsonBytes(at.sheet.values(at.rect));
    return n;
  }
  protected capture(props: string[]): Record<string, unknown> {
    const { sheet, rect } = this.resolve();
    return pick({
      values: () => sheet.values(rect),
      numberFormat: () => sheet.formats(rect),
      text: () => sheet.values(rect).map((r) => r.map((v) => (v === null ? "" : typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : String(v)))),
      formulas: () => sheet.values(rect).map((r, i) => r.map((v, j) => sheet.cell(rect.row + i, rect.col + j)?.formula ?? v)),
      address: () => `${quoteSheet(sheet.name)}!${rectAddress(rect)}`,
      rowIndex: () => rect.row,
      columnIndex: () => rect.col,
      rowCount: () => rect.rows,
      columnCount: () => rect.cols,
      cellCount: () => rect.rows * rect.cols,
    }, props);
  }
  get address(): string { return this.got("address"); }
  get rowIndex(): number { return this.got("rowIndex"); }
  get columnIndex(): number { return this.got("columnIndex"); }
  get rowCount(): number { return this.got("rowCount"); }
  get columnCount(): number { return this.got("columnCount"); }
  get values(): Cell[][] { return this.got("values"); }
  get text(): string[][] { return this.got("text"); }
  get formulas(): unknown[][] { return this.got("formulas"); }
  get numberFormat(): string[][] { return this.got("numberFormat"); }

  /** A 2-D array the size of the range, or a scalar for every cell; anything else fails the sync (InvalidArgument). */
  private cellsOf<T>(given: T[][] | T, what: string, rect: Rect): (i: number, j: number) => T {
    if (!Array.isArray(given)) {
      if (given === null || given === undefined) throw new FakeOfficeError("InvalidArgument", `${what} cannot be set to ${given}`);
      return () => given;
    }
    if (given.length !== rect.rows || given.some((r) => !Array.isArray(r) || r.length !== rect.cols)) {
      throw new FakeOfficeError("InvalidArgument", `${what} are ${given.length}×${(given[0] as unknown[] | undefined)?.length}, range is ${rect.rows}×${rect.cols}`);
    }
    return (i, j) => given[i][j];
  }
  private checkWritable(sheet: SheetModel): void {
    if (sheet.protection.protected) throw new FakeOfficeError("AccessDenied", `sheet '${sheet.name}' is protected`);
  }
  set values(values: Cell[][]) {
    const host = this.context.host;
    const cells = Array.isArray(values) ? values.length * ((values[0] as Cell[] | undefined)?.length ?? 0) : 1;
    this.write(cells, jsonBytes(values), () => {
      const { sheet, rect } = this.resolve();
      const at = this.cellsOf<Cell>(values, "values", rect);
      this.checkWritable(sheet);
      for (let i = 0; i < rect.rows; i++) for (let j = 0; j < rect.cols; j++) host.writeCell(sheet, rect.row + i, rect.col + j, at(i, j));
      host.recordWrite(sheet, rect);
    });
  }
  set numberFormat(formats: string[][]) {
    const cells = Array.isArray(formats) ? formats.length * ((formats[0] as string[] | undefined)?.length ?? 0) : 1;
    this.write(cells, jsonBytes(formats), () => {
      const { sheet, rect } = this.resolve();
      const at = this.cellsOf<string | null>(formats, "number formats", rect);
      this.checkWritable(sheet);
      for (let i = 0; i < rect.rows; i++) {
        for (let j = 0; j < rect.cols; j++) {
          const f = at(i, j);
          if (f === null) continue; // null leaves the cell's format as it is
          sheet.set(rect.row + i, rect.col + j, { numberFormat: f === "" ? "General" : f });
        }
      }
    });
  }
  get format() {
    const apply = (color: string | null) => this.write(0, OP_BYTES, () => {
      const { sheet, rect } = this.resolve();
      this.checkWritable(sheet);
      for (let i = 0; i < rect.rows; i++) for (let j = 0; j < rect.cols; j++) sheet.set(rect.row + i, rect.col + j, { fill: color });
    });
    const setWidth = (w: number) => this.write(0, OP_BYTES, () => {
      const { sheet, rect } = this.resolve();
      for (let j = 0; j < rect.cols; j++) sheet.columnWidths.set(rect.col + j, w);
    });
    return {
      fill: new FakeFill(apply),
      font: { bold: false, color: "" },
      set columnWidth(w: number) { setWidth(w); },
      autofitColumns: () => this.write(0, OP_BYTES, () => undefined),
      wrapText: false,
    };
  }
  get dataValidation() {
    const self = this;
    return {
      set rule(rule: unknown) {
        self.write(0, jsonBytes(rule), () => {
          const { sheet, rect } = self.resolve();
          self.checkWritable(sheet);
          sheet.dataValidations = sheet.dataValidations.filter((d) => !overlaps(d.rect, rect));
          sheet.dataValidations.push({ rect, rule });
        });
      },
      clear: () => self.write(0, OP_BYTES, () => {
        const { sheet, rect } = self.resolve();
        sheet.dataValidations = sheet.dataValidations.filter((d) => !overlaps(d.rect, rect));
      }),
      errorAlert: {},
    };
  }
  get conditionalFormats(): FakeConditionalFormats {
    return new FakeConditionalFormats(this.context, () => { const at = this.resolve(); return { sheet: at.sheet, rects: [at.rect] }; });
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.ref()?.sheet ?? null, false);
  }
  private derived(f: (r: Rect) => Rect): FakeRange {
    return new FakeRange(this.context, () => { const at = this.ref(); return at && { sheet: at.sheet, rect: f(at.rect) }; });
  }
  /** Range.getLastRow (ExcelApi 1.2). */
  getLastRow(): FakeRange {
    return this.derived((r) => ({ ...r, row: r.row + r.rows - 1, rows: 1 }));
  }
  getCell(row: number, col: number): FakeRange {
    return this.derived((r) => ({ row: r.row + row, col: r.col + col, rows: 1, cols: 1 }));
  }
  getRow(row: number): FakeRange {
    return this.derived((r) => ({ ...r, row: r.row + row, rows: 1 }));
  }
  getColumn(col: number): FakeRange {
    return this.derived((r) => ({ ...r, col: r.col + col, cols: 1 }));
  }
  getRowsBelow(count = 1): FakeRange {
    return this.derived((r) => ({ ...r, row: r.row + r.rows, rows: count }));
  }
  getResizedRange(deltaRows: number, deltaCols: number): FakeRange {
    return this.derived((r) => ({ ...r, rows: r.rows + deltaRows, cols: r.cols + deltaCols }));
  }
  getOffsetRange(rows: number, cols: number): FakeRange {
    return this.derived((r) => ({ ...r, row: r.row + rows, col: r.col + cols }));
  }
  getAbsoluteResizedRange(rows: number, cols: number): FakeRange {
    return this.derived((r) => ({ ...r, rows, cols }));
  }
  select(): void {
    const host = this.context.host;
    this.write(0, OP_BYTES, () => {
      const { sheet, rect } = this.resolve();
      host.activeSheet = sheet.name;
      host.selection = { sheet: sheet.name, rect };
    });
  }
  clear(_applyTo?: string): void {
    this.write(0, OP_BYTES, () => {
      const { sheet, rect } = this.resolve();
      this.checkWritable(sheet);
      for (let i = 0; i < rect.rows; i++) for (let j = 0; j < rect.cols; j++) sheet.remove(rect.row + i, rect.col + j);
    });
  }
  /**
   * Range.delete(shift) (ExcelApi 1.1): the cells go and the cells below move up (the double
   * models "Up" only; "Left" is refused as unmodelled). As strict as Excel about tables (see
   * FakeExcel.deleteCellsUp): rows of a table go only across its exact columns and never with its
   * header; a table keeps one data row.
   */
  delete(shift: string): void {
    const host = this.context.host;
    this.write(0, OP_BYTES, () => {
      const { sheet, rect } = this.resolve();
      if (shift !== "Up" && shift !== "Left") throw new FakeOfficeError("InvalidArgument", `Range.delete: shift '${shift}' is not Up or Left`);
      if (shift === "Left") throw new FakeOfficeError("InvalidArgument", "fake-excel: Range.delete(Left) is not modelled");
      this.checkWritable(sheet);
      host.deleteCellsUp(sheet, rect);
    });
  }
}

class FakeRangeAreas extends ClientObject {
  constructor(ctx: FakeContext, private readonly sheet: () => SheetModel, readonly rects: Rect[]) {
    super(ctx);
  }
  protected exists(): boolean {
    return true;
  }
  protected capture(props: string[]): Record<string, unknown> {
    const s = this.sheet();
    return pick({
      address: () => this.rects.map((r) => `${quoteSheet(s.name)}!${rectAddress(r)}`).join(","),
      areaCount: () => this.rects.length,
    }, props);
  }
  get address(): string {
    return this.got("address");
  }
  get areaCount(): number {
    return this.got("areaCount");
  }
  get format() {
    const apply = (color: string | null) => this.write(0, OP_BYTES, () => {
      const s = this.sheet();
      if (s.protection.protected) throw new FakeOfficeError("AccessDenied", `sheet '${s.name}' is protected`);
      for (const rect of this.rects) for (let i = 0; i < rect.rows; i++) for (let j = 0; j < rect.cols; j++) s.set(rect.row + i, rect.col + j, { fill: color });
    });
    return { fill: new FakeFill(apply) };
  }
  get conditionalFormats(): FakeConditionalFormats {
    return new FakeConditionalFormats(this.context, () => ({ sheet: this.sheet(), rects: this.rects }));
  }
  select(): void {
    const host = this.context.host;
    this.write(0, OP_BYTES, () => {
      const s = this.sheet();
      host.activeSheet = s.name;
      host.selection = { sheet: s.name, rect: this.rects[0] };
    });
  }
}

/* ----------------------------- the host ----------------------------- */

/** A change event as Excel builds it for onChanged handlers. */
export interface FakeChangedEvent {
  type: "TableChanged" | "WorksheetChanged";
  address: string;
  changeType: "RangeEdited" | "RowInserted" | "RowDeleted" | "ColumnInserted" | "ColumnDeleted" | "CellInserted" | "CellDeleted" | "Unknown";
  source: "Local" | "Remote";
  worksheetId: string;
  tableId?: string;
  details?: { valueBefore: Cell; valueAfter: Cell; valueTypeBefore?: string; valueTypeAfter?: string };
}

/** An in-memory Excel host. `run` is the Excel.run of this host. */
export class FakeExcel {
  sheets: SheetModel[] = [];
  tables: TableModel[] = [];
  settings = new Map<string, unknown>();
  activeSheet = "";
  selection: { sheet: string; rect: Rect } | null = null;
  /** Number of context.sync() calls made through this host (including ones that failed). */
  syncCount = 0;
  /** Cells loaded (per property) or written in each sync, in order (0 for a sync refused for its size). */
  syncLog: number[] = [];
  /** Every range written through `values` or `rows.add`, in order: {sheet, address}. */
  writes: Array<{ sheet: string; address: string }> = [];
  workbookChangedHandlers: Handler[] = [];
  tablesChangedHandlers: Handler[] = [];
  tablesAddedHandlers: Handler[] = [];
  tablesDeletedHandlers: Handler[] = [];
  private nextId = 1;
  /** API writes waiting for the next sync to raise their events (apiWritesFireEvents). */
  apiWriteEvents: Array<{ sheet: SheetModel; rect: Rect }> = [];
  private eventsInFlight: Promise<void>[] = [];
  constructor(readonly options: FakeExcelOptions = {}) {}

  /** Raise the events of synced API writes without waiting for their handlers (Excel delivers them asynchronously). */
  fireApiWriteEvents(): void {
    const writes = this.apiWriteEvents.splice(0);
    for (const w of writes) this.eventsInFlight.push(this.fireChanged(w.sheet, w.rect, "RangeEdited", "Local"));
  }

  /** Wait until every handler of events raised by API writes has settled. */
  async settle(): Promise<void> {
    while (this.eventsInFlight.length) await Promise.all(this.eventsInFlight.splice(0));
  }

  /**
   * Excel.run for this host: `run(batch)` in a new context, or `run(context, batch)` to use a
   * context again (Excel.run(object.context, …): how an event handler is removed). Queued work
   * is synced at the end; after the batch the context's objects cannot queue anything.
   */
  run = async <T>(first: ((context: FakeContext) => Promise<T>) | FakeContext | { context: FakeContext }, second?: (context: FakeContext) => Promise<T>): Promise<T> => {
    let ctx: FakeContext;
    let batch: (context: FakeContext) => Promise<T>;
    if (typeof first === "function") {
      ctx = new FakeContext(this);
      batch = first;
    } else {
      ctx = first instanceof FakeContext ? first : first.context;
      if (!(ctx instanceof FakeContext) || ctx.host !== this || !second) throw new FakeOfficeError("InvalidArgument", "Excel.run(object, batch) needs a request context of this workbook");
      batch = second;
      ctx.active = true;
    }
    try {
      const result = await batch(ctx);
      if (ctx.pending > 0) await ctx.sync(); // Excel.run syncs queued work at the end
      return result;
    } finally {
      ctx.discard();
      ctx.active = false;
    }
  };

  sheet(name: string): SheetModel | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /** Add a worksheet (throws if the name exists, as Excel does). */
  addSheet(name: string): SheetModel {
    if (this.sheet(name)) throw new FakeOfficeError("ItemAlreadyExists", `worksheet '${name}'`);
    const s = new SheetModel(name, `sheet${this.nextId++}`);
    this.sheets.push(s);
    if (!this.activeSheet) this.activeSheet = name;
    return s;
  }

  /** Add a table over a rectangle of a sheet whose first row is the header (a header alone gets one blank data row, as in Excel). */
  addTable(name: string, sheet: SheetModel, rect: Rect): TableModel {
    if (this.tables.some((t) => t.name.toLowerCase() === name.toLowerCase())) throw new FakeOfficeError("ItemAlreadyExists", `table '${name}'`);
    const t = new TableModel(name, sheet, rect.rows < 2 ? { ...rect, rows: 2 } : rect, `table${this.nextId++}`);
    this.tables.push(t);
    return t;
  }

  /** Test set-up: a sheet holding `rows` at A1 (or at `at`), optionally as an Excel table named `tableName`. Values are stored as given. */
  addSheetWithRows(name: string, rows: Cell[][], options: { tableName?: string; at?: string; numberFormats?: string[][] } = {}): SheetModel {
    const sheet = this.sheet(name) ?? this.addSheet(name);
    const start = parseRect(options.at ?? "A1");
    sheet.write(start.row, start.col, rows);
    options.numberFormats?.forEach((r, i) => r.forEach((f, j) => sheet.set(start.row + i, start.col + j, { numberFormat: f })));
    if (options.tableName) this.addTable(options.tableName, sheet, { row: start.row, col: start.col, rows: rows.length, cols: rows[0]?.length ?? 1 });
    return sheet;
  }

  /** A user deletes a sheet (its tables go with it). */
  userDeleteSheet(name: string): void {
    const s = this.sheet(name);
    this.sheets = this.sheets.filter((x) => x !== s);
    this.tables = this.tables.filter((t) => t.sheet !== s);
  }

  /** Protect a sheet as a user (or custfile earlier) did. */
  protectSheet(name: string, password = ""): void {
    this.sheet(name)!.protection = { protected: true, password, options: null };
  }

  /**
   * One value written into a cell through the API, as Excel stores it: converted as if typed
   * unless the cell is formatted "@"; null leaves the cell as it is.
   */
  writeCell(sheet: SheetModel, row: number, col: number, v: unknown): void {
    const input = cellInput(v, sheet.cell(row, col)?.numberFormat ?? "General");
    if (!input) return;
    sheet.set(row, col, { value: input.value, ...(input.numberFormat ? { numberFormat: input.numberFormat } : {}), ...(input.formula ? { formula: input.formula } : {}) });
  }

  /** Cells right of `col` in rows [row, row+rows) move one column right (a column inserted into a table). */
  insertColumnCells(sheet: SheetModel, col: number, row: number, rows: number): void {
    for (let r = row; r < row + rows; r++) {
      const used = sheet.usedRect();
      if (!used) return;
      for (let c = used.col + used.cols - 1; c >= col; c--) {
        const cell = sheet.cell(r, c);
        if (cell) sheet.set(r, c + 1, cell);
        sheet.remove(r, c);
      }
    }
  }

  /**
   * Rows added to a table (Excel's table.rows.add): inserted at the end or before data row
   * `index`, shifting the cells below within the table's columns. New cells take the number
   * format of the table's last data row (Excel extends a column's format to new rows); through
   * the API (`api`), values are converted as if typed, so text in a General column is not kept.
   */
  addTableRows(t: TableModel, values: Cell[][], index?: number, api = false): number {
    const at = index === undefined ? t.rect.row + t.rect.rows : t.rect.row + 1 + index;
    const formatRow = t.rect.row + t.rect.rows - 1;
    const formats = Array.from({ length: t.rect.cols }, (_v, j) => (t.rect.rows > 1 ? t.sheet.cell(formatRow, t.rect.col + j)?.numberFormat ?? "General" : "General"));
    t.sheet.insertRows(at, values.length, { col: t.rect.col, cols: t.rect.cols });
    values.forEach((r, i) => r.forEach((v, j) => {
      t.sheet.set(at + i, t.rect.col + j, { value: null, numberFormat: formats[j] });
      if (api) this.writeCell(t.sheet, at + i, t.rect.col + j, v ?? "");
      else t.sheet.set(at + i, t.rect.col + j, { value: v });
    }));
    t.rect = { ...t.rect, rows: t.rect.rows + values.length };
    for (const other of this.tables) {
      if (other !== t && other.sheet === t.sheet && other.rect.row >= at && other.rect.col < t.rect.col + t.rect.cols && t.rect.col < other.rect.col + other.rect.cols) other.rect = { ...other.rect, row: other.rect.row + values.length };
    }
    this.recordWrite(t.sheet, { row: at, col: t.rect.col, rows: values.length, cols: t.rect.cols });
    return at;
  }

  /**
   * Cells deleted with the cells below moving up (Range.delete "Up"), as Excel allows it around
   * tables: a table the cells reach into loses those data rows only when they span its exact
   * columns and leave its header and at least one data row (Excel keeps a data row; custfile
   * never relies on what it does instead, so the double refuses); a table below moves up when it
   * lies within the cells' columns, and is refused when it would be cut. Data validation,
   * conditional formats and charts do not move (custfile's rows of record tables carry none).
   */
  deleteCellsUp(sheet: SheetModel, rect: Rect): void {
    const end = rect.col + rect.cols;
    for (const t of this.tables.filter((x) => x.sheet === sheet)) {
      const tEnd = t.rect.col + t.rect.cols;
      const sideBySide = t.rect.col < end && rect.col < tEnd;
      if (!sideBySide) continue;
      const below = t.rect.row >= rect.row + rect.rows;
      const sameColumns = t.rect.col === rect.col && tEnd === end;
      if (below) {
        if (t.rect.col < rect.col || tEnd > end) throw new FakeOfficeError("InvalidOperation", `deleting ${rectAddress(rect)} would shift part of table '${t.name}'`);
        continue;
      }
      if (!overlaps(t.rect, rect)) continue;
      if (!sameColumns) throw new FakeOfficeError("InvalidOperation", `deleting ${rectAddress(rect)} would shift cells in table '${t.name}' (${rectAddress(t.rect)})`);
      if (rect.row <= t.rect.row) throw new FakeOfficeError("InvalidOperation", `deleting ${rectAddress(rect)} would take the header row of table '${t.name}'`);
      if (rect.row + rect.rows > t.rect.row + t.rect.rows) throw new FakeOfficeError("InvalidOperation", `deleting ${rectAddress(rect)} reaches below table '${t.name}'`);
      if (rect.rows >= t.rect.rows - 1) throw new FakeOfficeError("InvalidOperation", `deleting every data row of table '${t.name}': a table keeps one`);
    }
    for (const t of this.tables.filter((x) => x.sheet === sheet)) {
      if (t.rect.col < rect.col || t.rect.col + t.rect.cols > end) continue;
      if (t.rect.row >= rect.row + rect.rows) t.rect = { ...t.rect, row: t.rect.row - rect.rows };
      else if (overlaps(t.rect, rect)) t.rect = { ...t.rect, rows: t.rect.rows - rect.rows };
    }
    sheet.deleteRows(rect.row, rect.rows, { col: rect.col, cols: rect.cols });
  }

  /** Test set-up: append rows to a table as they are (Excel's table.rows.add, without conversion). */
  appendTableRows(t: TableModel, values: Cell[][], index?: number): void {
    this.addTableRows(t, values, index, false);
  }

  recordWrite(sheet: SheetModel, rect: Rect): void {
    this.writes.push({ sheet: sheet.name, address: rectAddress(rect) });
    if (this.options.apiWritesFireEvents) this.apiWriteEvents.push({ sheet, rect });
  }

  /** A table by name (test inspection). */
  table(name: string): TableModel | undefined {
    return this.tables.find((t) => t.name === name);
  }

  /** Data rows of a table (test inspection). */
  tableRows(name: string): Cell[][] {
    const t = this.table(name);
    if (!t) throw new Error(`fake-excel: no table ${name}`);
    return t.sheet.values(t.dataRect);
  }

  /**
   * A user edit: write values at `address` on `sheet` and fire onChanged on the table that
   * holds it (TableChanged) and on the sheet (WorksheetChanged), as Excel does. `details`
   * only for a single cell. Returns after every handler settled.
   */
  async userEdit(sheetName: string, address: string, values: Cell[][], source: "Local" | "Remote" = "Local"): Promise<void> {
    const sheet = this.sheet(sheetName);
    if (!sheet) throw new Error(`fake-excel: no sheet ${sheetName}`);
    const rect = parseRect(address);
    const before = sheet.get(rect.row, rect.col);
    sheet.write(rect.row, rect.col, values);
    const single = rect.rows === 1 && rect.cols === 1;
    const details = single ? { valueBefore: before ?? "", valueAfter: values[0][0] ?? "", valueTypeBefore: typeof before, valueTypeAfter: typeof values[0][0] } : undefined;
    await this.fireChanged(sheet, rect, "RangeEdited", source, details);
  }

  /** A user makes `rows` (at A1 of `sheetName`) a table named `tableName`; raises tables.onAdded and awaits its handlers. */
  async userAddTable(sheetName: string, tableName: string, rows: Cell[][]): Promise<void> {
    const sheet = this.addSheetWithRows(sheetName, rows, { tableName });
    const table = this.table(tableName)!;
    const e = { type: "TableAdded", source: "Local", tableId: table.id, worksheetId: sheet.id };
    await Promise.all([...this.tablesAddedHandlers].map((h) => h(e)));
  }

  /** A user deletes a table (its cells stay, as "Convert to Range" leaves them): tables.onDeleted fires; the table's own handlers are gone with it. */
  async userDeleteTable(tableName: string): Promise<void> {
    const t = this.table(tableName)!;
    this.tables = this.tables.filter((x) => x !== t);
    t.changedHandlers = [];
    const e = { type: "TableDeleted", source: "Local", tableId: t.id, tableName: t.name, worksheetId: t.sheet.id };
    await Promise.all([...this.tablesDeletedHandlers].map((h) => h(e)));
  }

  /**
   * A user sorts a table's data rows by a column: the rows move, onRowSorted fires on the
   * worksheet (ExcelApi 1.10), and onChanged fires only as `changed` says (Excel gives no values).
   */
  async userSort(tableName: string, column: number, options: { descending?: boolean; changed?: "none" | "Unknown" | "RangeEdited" } = {}): Promise<void> {
    const t = this.table(tableName)!;
    const rows = t.sheet.values(t.dataRect);
    const formats = t.sheet.formats(t.dataRect);
    const order = rows.map((_r, i) => i).sort((a, b) => {
      const x = String(rows[a][column] ?? ""), y = String(rows[b][column] ?? "");
      const c = x < y ? -1 : x > y ? 1 : a - b;
      return options.descending ? -c : c;
    });
    order.forEach((from, i) => rows[from].forEach((v, j) => t.sheet.set(t.dataRect.row + i, t.rect.col + j, { value: v, numberFormat: formats[from][j] })));
    const address = rectAddress(t.dataRect);
    const sorted = { type: "WorksheetRowSorted", address, source: "Local", worksheetId: t.sheet.id };
    const calls: unknown[] = [...t.sheet.rowSortedHandlers].map((h) => h(sorted));
    if (options.changed && options.changed !== "none") calls.push(this.fireChanged(t.sheet, t.dataRect, options.changed, "Local"));
    await Promise.all(calls);
  }

  /** A user deletes rows [row, row+count) of a table (0-based sheet rows). */
  async userDeleteTableRows(tableName: string, sheetRow: number, count: number, source: "Local" | "Remote" = "Local"): Promise<void> {
    const t = this.table(tableName)!;
    t.sheet.deleteRows(sheetRow, count, { col: t.rect.col, cols: t.rect.cols });
    t.rect = { ...t.rect, rows: t.rect.rows - count };
    // The table is named: deleted rows at its end no longer overlap its shrunk rectangle.
    await this.fireChanged(t.sheet, { row: sheetRow, col: t.rect.col, rows: count, cols: t.rect.cols }, "RowDeleted", source, undefined, t);
  }

  /** A user inserts rows holding `values` before 0-based sheet row `sheetRow` inside a table. */
  async userInsertTableRows(tableName: string, sheetRow: number, values: Cell[][], source: "Local" | "Remote" = "Local"): Promise<void> {
    const t = this.table(tableName)!;
    t.sheet.insertRows(sheetRow, values.length, { col: t.rect.col, cols: t.rect.cols });
    t.sheet.write(sheetRow, t.rect.col, values);
    t.rect = { ...t.rect, rows: t.rect.rows + values.length };
    await this.fireChanged(t.sheet, { row: sheetRow, col: t.rect.col, rows: values.length, cols: t.rect.cols }, "RowInserted", source);
  }

  private async fireChanged(sheet: SheetModel, rect: Rect, changeType: FakeChangedEvent["changeType"], source: "Local" | "Remote", details?: FakeChangedEvent["details"], changedTable?: TableModel): Promise<void> {
    const address = rectAddress(rect);
    const table = changedTable ?? this.tables.find((t) => t.sheet === sheet && overlaps(t.rect, rect));
    const calls: unknown[] = [];
    if (table) {
      const e: FakeChangedEvent = { type: "TableChanged", address, changeType, source, worksheetId: sheet.id, tableId: table.id, details };
      for (const h of [...table.changedHandlers, ...this.tablesChangedHandlers]) calls.push(h(e));
    }
    const we: FakeChangedEvent = { type: "WorksheetChanged", address, changeType, source, worksheetId: sheet.id, details };
    for (const h of [...sheet.changedHandlers]) calls.push(h(we));
    await Promise.all(calls);
  }

  /** Fill colour of a cell ("C7" on a sheet), for asserting marks. */
  fillAt(sheetName: string, address: string): string | null {
    const r = parseRect(address);
    return this.sheet(sheetName)?.cell(r.row, r.col)?.fill ?? null;
  }

  /** The value at an address (test inspection). */
  valueAt(sheetName: string, address: string): Cell {
    const r = parseRect(address);
    return this.sheet(sheetName)?.get(r.row, r.col) ?? null;
  }

  /** The number format at an address (test inspection). */
  formatAt(sheetName: string, address: string): string {
    const r = parseRect(address);
    return this.sheet(sheetName)?.cell(r.row, r.col)?.numberFormat ?? "General";
  }
}

/* ----------------------- custom-function arguments ----------------------- */

/** How an empty cell of a range argument reaches a custom function: "" in the docs, 0 on desktop, null on the web (office-js #1951, #5262, #4702). */
export type BlankForm = 0 | null | "";

/** A range as Excel passes it to a custom function: empty cells in the given blank form. */
export function customFunctionArgument(values: readonly (readonly Cell[])[], blank: BlankForm): unknown[][] {
  return values.map((r) => r.map((v) => (v === null || v === "" ? blank : v)));
}

/** A cell value as a typed value (what `allowCustomDataForDataTypeAny` passes: an object with basicValue). */
export function typedValue(v: Cell): unknown {
  if (typeof v === "number") return { type: "Double", basicType: "Double", basicValue: v };
  if (typeof v === "boolean") return { type: "Boolean", basicType: "Boolean", basicValue: v };
  if (v === null || v === "") return { type: "Empty", basicType: "Empty", basicValue: "" };
  return { type: "String", basicType: "String", basicValue: v };
}

/** An error cell as a custom function receives it when errors are allowed (allowErrorForDataTypeAny). */
export function errorValue(code = "#DIV/0!"): unknown {
  return { type: "Error", basicType: "Error", basicValue: code, errorType: code.replace(/[#!?/]/g, "") };
}
