/**
 * A test double of the part of the Excel JavaScript API custfile uses. It keeps a workbook in
 * memory (sheets of cells, tables, data validation, fills, conditional formats, settings) and
 * behaves like Excel where it matters for correctness:
 *   - a scalar property must be `load`ed and `context.sync()`ed before it is read
 *     (reading it earlier throws PropertyNotLoaded, as Excel does);
 *   - every `context.sync()` is counted, so tests can assert round trips;
 *   - `getItemOrNullObject` gives objects with `isNullObject`;
 *   - table and worksheet `onChanged` handlers fire for user edits made through `userEdit`,
 *     with `details` only for single-cell edits (ExcelApi 1.9 behaviour);
 *   - tables.onAdded fires for a table made through `userAddTable`.
 * Writes apply at once (Excel applies them at the next sync; no test here depends on the gap).
 * Extend it additively: other tests rely on its current behaviour.
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
    if (!m) throw new Error(`fake-excel: bad address '${local}'`);
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

/* ----------------------------- the model ----------------------------- */

interface CellModel {
  value: Cell;
  numberFormat: string;
  fill: string | null;
}

export interface DataValidationModel {
  rect: Rect;
  rule: unknown;
}

export interface ConditionalFormatModel {
  rect: Rect;
  type: string;
  /** Shared by the areas of one format added to RangeAreas (ConditionalFormat.id). */
  id?: string;
  formula?: string;
  fill?: string;
}

/** One worksheet of the fake workbook. */
export class SheetModel {
  cells = new Map<string, CellModel>();
  dataValidations: DataValidationModel[] = [];
  conditionalFormats: ConditionalFormatModel[] = [];
  columnWidths = new Map<number, number>();
  frozenRows = 0;
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  changedHandlers: Array<(e: unknown) => Promise<unknown> | unknown> = [];
  constructor(public name: string, readonly id: string) {}

  cell(row: number, col: number): CellModel | undefined {
    return this.cells.get(`${row},${col}`);
  }
  get(row: number, col: number): Cell {
    return this.cell(row, col)?.value ?? null;
  }
  set(row: number, col: number, patch: Partial<CellModel>): void {
    const key = `${row},${col}`;
    const cur = this.cells.get(key) ?? { value: null, numberFormat: "General", fill: null };
    const next = { ...cur, ...patch };
    if (next.value === "") next.value = null;
    this.cells.set(key, next);
  }
  /** Write a 2-D block of values starting at (row, col). */
  write(row: number, col: number, values: Cell[][]): void {
    values.forEach((r, i) => r.forEach((v, j) => this.set(row + i, col + j, { value: v })));
  }
  /** The smallest rectangle holding every non-empty cell (null when the sheet is empty). */
  usedRect(): Rect | null {
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    for (const [key, c] of this.cells) {
      if (c.value === null) continue;
      const [r, col] = key.split(",").map(Number);
      r0 = Math.min(r0, r); c0 = Math.min(c0, col); r1 = Math.max(r1, r); c1 = Math.max(c1, col);
    }
    return r1 < 0 ? null : { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }
  /** Values of a rectangle (empty cells as ""). */
  values(r: Rect): Cell[][] {
    const out: Cell[][] = [];
    for (let i = 0; i < r.rows; i++) {
      const row: Cell[] = [];
      for (let j = 0; j < r.cols; j++) row.push(this.get(r.row + i, r.col + j) ?? "");
      out.push(row);
    }
    return out;
  }
  /** Delete rows [row, row+count) shifting the cells below up (what deleting table rows does). */
  deleteRows(row: number, count: number): void {
    const next = new Map<string, CellModel>();
    for (const [key, c] of this.cells) {
      const [r, col] = key.split(",").map(Number);
      if (r >= row && r < row + count) continue;
      next.set(`${r >= row + count ? r - count : r},${col}`, c);
    }
    this.cells = next;
  }
  /** Insert `count` empty rows before `row`, shifting cells down. */
  insertRows(row: number, count: number): void {
    const next = new Map<string, CellModel>();
    for (const [key, c] of this.cells) {
      const [r, col] = key.split(",").map(Number);
      next.set(`${r >= row ? r + count : r},${col}`, c);
    }
    this.cells = next;
  }
}

/** One Excel table (ListObject) of the fake workbook: a header row plus data rows on a sheet. */
export class TableModel {
  changedHandlers: Array<(e: unknown) => Promise<unknown> | unknown> = [];
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
  /**
   * Excel on the web's response bound (5,000,000 bytes): when the cell data loaded in one sync
   * (values, numberFormat, text as UTF-8 JSON) passes it, those ranges' cell properties come
   * back null, as Excel on the web may give them. Default: no bound (desktop).
   */
  maxResponseBytes?: number;
}

/* --------------------------- the API proxies --------------------------- */

type LoadSpec = string | string[] | Record<string, unknown> | undefined;

function loadProps(spec: LoadSpec): string[] {
  if (spec === undefined) return ["*"];
  if (typeof spec === "string") return spec.split(",").map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(spec)) return spec;
  return Object.keys(spec);
}

/** Base of every proxy: tracks which properties were loaded and synced. */
class ClientObject {
  private pending = new Set<string>();
  private loaded = new Set<string>();
  private pendingItemProps = new Set<string>();
  /** Properties of a collection's items loaded as "items/name" (only those are readable on the items). */
  protected itemProps = new Set<string>();
  constructor(protected readonly ctx: FakeContext) {
    ctx.track(this);
  }
  load(spec?: LoadSpec): this {
    for (const p of loadProps(spec)) {
      const [head, sub] = p.split("/");
      this.pending.add(head);
      this.pendingItemProps.add(head === "items" && sub ? sub : "*");
    }
    return this;
  }
  /** Called by sync(). */
  promote(): void {
    for (const p of this.pending) this.loaded.add(p);
    for (const p of this.pendingItemProps) this.itemProps.add(p);
    this.pending.clear();
    this.pendingItemProps.clear();
  }
  /** The comma list of item properties loaded (all when the collection was loaded whole). */
  protected loadedItemProps(all: string): string {
    return this.itemProps.has("*") ? all : [...this.itemProps].join(",");
  }
  protected need(prop: string): void {
    if (!this.loaded.has(prop) && !this.loaded.has("*")) {
      throw new Error(`PropertyNotLoaded: The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
    }
  }
  toJSON(): unknown {
    return {};
  }
}

/** The RequestContext: `workbook`, `sync()` counting round trips. */
export class FakeContext {
  readonly workbook: FakeWorkbook;
  private objects: ClientObject[] = [];
  constructor(readonly host: FakeExcel) {
    this.workbook = new FakeWorkbook(this);
  }
  /** Ranges whose cell data was loaded in this batch (for the response bound). */
  cellLoads: FakeRange[] = [];
  track(o: ClientObject): void {
    this.objects.push(o);
  }
  async sync(): Promise<void> {
    const max = this.host.options.maxResponseBytes;
    if (max !== undefined && this.cellLoads.length) {
      const bytes = this.cellLoads.reduce((n, r) => n + r.responseBytes(), 0);
      if (bytes > max) for (const r of this.cellLoads) r.tooLarge = true;
    }
    this.cellLoads = [];
    this.host.syncCount++;
    this.host.syncLog.push(this.host.pendingOps);
    this.host.pendingOps = 0;
    for (const o of this.objects) o.promote();
    this.host.fireApiWriteEvents();
    await Promise.resolve();
  }
  /** Record an operation queued in this batch (for payload-size checks). */
  op(cells = 1): void {
    this.host.pendingOps += cells;
  }
}

class EventSlot {
  constructor(private readonly list: Array<(e: unknown) => unknown>) {}
  add(handler: (e: unknown) => unknown) {
    this.list.push(handler);
    const list = this.list;
    return { remove: () => { const i = list.indexOf(handler); if (i >= 0) list.splice(i, 1); }, context: undefined };
  }
}

class FakeWorkbook extends ClientObject {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly settings: FakeSettingCollection;
  readonly application: { calculationMode: string; suspendApiCalculationUntilNextSync(): void };
  constructor(ctx: FakeContext) {
    super(ctx);
    this.application = { calculationMode: "Automatic", suspendApiCalculationUntilNextSync: () => undefined };
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.tables = new FakeTableCollection(ctx, undefined);
    this.settings = new FakeSettingCollection(ctx);
  }
  getSelectedRange(): FakeRange {
    const sel = this.ctx.host.selection;
    if (!sel) throw new Error("fake-excel: nothing selected");
    return new FakeRange(this.ctx, this.ctx.host.sheet(sel.sheet)!, sel.rect);
  }
  getActiveCell(): FakeRange {
    return this.getSelectedRange().getCell(0, 0);
  }
}

class FakeSettingCollection extends ClientObject {
  add(key: string, value: unknown) {
    this.ctx.host.settings.set(key, value);
    return { key, value };
  }
  getItemOrNullObject(key: string) {
    const settings = this.ctx.host.settings;
    const has = settings.has(key);
    const item = new (class extends ClientObject {
      get isNullObject() { return !has; }
      get value() { this.need("value"); return settings.get(key); }
      get key() { return key; }
      delete() { settings.delete(key); }
    })(this.ctx);
    return item;
  }
}

class FakeWorksheetCollection extends ClientObject {
  get items(): FakeWorksheet[] {
    this.need("items");
    return this.ctx.host.sheets.map((s) => new FakeWorksheet(this.ctx, s, this.loadedItemProps("name,id,visibility")));
  }
  getItem(name: string): FakeWorksheet {
    const s = this.ctx.host.sheet(name);
    if (!s) throw new Error(`ItemNotFound: worksheet '${name}'`);
    return new FakeWorksheet(this.ctx, s);
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    const s = this.ctx.host.sheet(name);
    return s ? new FakeWorksheet(this.ctx, s) : FakeWorksheet.nullObject(this.ctx, name);
  }
  add(name: string): FakeWorksheet {
    this.ctx.op();
    return new FakeWorksheet(this.ctx, this.ctx.host.addSheet(name));
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, this.ctx.host.sheet(this.ctx.host.activeSheet)!);
  }
  get onChanged(): EventSlot {
    return new EventSlot(this.ctx.host.workbookChangedHandlers);
  }
}

class FakeWorksheet extends ClientObject {
  private missing = false;
  constructor(ctx: FakeContext, private readonly model: SheetModel, preloaded = "") {
    super(ctx);
    if (preloaded) { this.load(preloaded); this.promote(); }
  }
  static nullObject(ctx: FakeContext, name: string): FakeWorksheet {
    const w = new FakeWorksheet(ctx, new SheetModel(name, "null"));
    w.missing = true;
    return w;
  }
  get isNullObject(): boolean {
    return this.missing;
  }
  get name(): string {
    this.need("name");
    return this.model.name;
  }
  set name(value: string) {
    this.model.name = value;
  }
  get id(): string {
    this.need("id");
    return this.model.id;
  }
  get visibility(): string {
    this.need("visibility");
    return this.model.visibility;
  }
  set visibility(v: string) {
    this.model.visibility = v as SheetModel["visibility"];
  }
  get tables(): FakeTableCollection {
    return new FakeTableCollection(this.ctx, this.model);
  }
  get freezePanes() {
    const m = this.model;
    return { freezeRows: (n: number) => { m.frozenRows = n; } };
  }
  get onChanged(): EventSlot {
    return new EventSlot(this.model.changedHandlers);
  }
  getRange(address?: string): FakeRange {
    return new FakeRange(this.ctx, this.model, address ? parseRect(splitAddress(address).local) : { row: 0, col: 0, rows: 1048576, cols: 16384 });
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this.ctx, this.model, { row, col, rows, cols });
  }
  getRanges(addresses: string): FakeRangeAreas {
    return new FakeRangeAreas(this.ctx, this.model, addresses.split(",").map((a) => parseRect(splitAddress(a.trim()).local)));
  }
  getUsedRange(_valuesOnly?: boolean): FakeRange {
    const r = this.model.usedRect() ?? { row: 0, col: 0, rows: 1, cols: 1 };
    return new FakeRange(this.ctx, this.model, r);
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    const r = this.model.usedRect();
    return r ? this.getUsedRange(valuesOnly) : FakeRange.nullObject(this.ctx, this.model);
  }
  activate(): void {
    this.ctx.host.activeSheet = this.model.name;
  }
  delete(): void {
    this.ctx.host.sheets = this.ctx.host.sheets.filter((s) => s !== this.model);
    this.ctx.host.tables = this.ctx.host.tables.filter((t) => t.sheet !== this.model);
  }
}

class FakeTableCollection extends ClientObject {
  constructor(ctx: FakeContext, private readonly sheet: SheetModel | undefined) {
    super(ctx);
  }
  private all(): TableModel[] {
    return this.ctx.host.tables.filter((t) => !this.sheet || t.sheet === this.sheet);
  }
  get items(): FakeTable[] {
    this.need("items");
    return this.all().map((t) => new FakeTable(this.ctx, t, this.loadedItemProps("name,id")));
  }
  get count(): number {
    this.need("count");
    return this.all().length;
  }
  getItem(name: string): FakeTable {
    const t = this.all().find((x) => x.name === name);
    if (!t) throw new Error(`ItemNotFound: table '${name}'`);
    return new FakeTable(this.ctx, t);
  }
  getItemOrNullObject(name: string): FakeTable {
    const t = this.all().find((x) => x.name === name);
    return t ? new FakeTable(this.ctx, t) : FakeTable.nullObject(this.ctx, name);
  }
  /** add("Sheet!A1:D1", true): a table over the address whose first row is the header. */
  add(address: string, _hasHeaders: boolean): FakeTable {
    const { sheet, local } = splitAddress(address);
    const model = sheet ? this.ctx.host.sheet(sheet) : this.sheet;
    if (!model) throw new Error(`fake-excel: table address needs a sheet: ${address}`);
    // Excel refuses a table over cells of another table.
    const rect = parseRect(local);
    const clash = this.ctx.host.tables.find((t) => t.sheet === model && overlaps(t.rect, rect));
    if (clash) throw new Error(`InvalidArgument: a table cannot overlap table '${clash.name}'`);
    const t = this.ctx.host.addTable(`Table${this.ctx.host.tables.length + 1}`, model, rect);
    this.ctx.op();
    return new FakeTable(this.ctx, t);
  }
  get onChanged(): EventSlot {
    return new EventSlot(this.ctx.host.tablesChangedHandlers);
  }
  /** TableCollection.onAdded (ExcelApi 1.9): raised by `userAddTable`. */
  get onAdded(): EventSlot {
    return new EventSlot(this.ctx.host.tablesAddedHandlers);
  }
}

class FakeTable extends ClientObject {
  private missing = false;
  constructor(ctx: FakeContext, private readonly model: TableModel, preloaded = "") {
    super(ctx);
    if (preloaded) { this.load(preloaded); this.promote(); }
  }
  static nullObject(ctx: FakeContext, name: string): FakeTable {
    const t = new FakeTable(ctx, new TableModel(name, new SheetModel("", "null"), { row: 0, col: 0, rows: 1, cols: 1 }, "null"));
    t.missing = true;
    return t;
  }
  get isNullObject(): boolean {
    return this.missing;
  }
  get name(): string {
    this.need("name");
    return this.model.name;
  }
  set name(v: string) {
    // Table names are unique in the workbook, whatever their case.
    if (this.ctx.host.tables.some((t) => t !== this.model && t.name.toLowerCase() === v.toLowerCase())) throw new Error(`InvalidArgument: a table named '${v}' exists`);
    this.model.name = v;
  }
  get id(): string {
    this.need("id");
    return this.model.id;
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, this.model.sheet);
  }
  get onChanged(): EventSlot {
    return new EventSlot(this.model.changedHandlers);
  }
  get rows() {
    const ctx = this.ctx;
    const model = this.model;
    return {
      add: (index: number | null | undefined, values: Cell[][]) => {
        // Excel refuses rows whose width differs from the table's.
        if (values.some((r) => r.length !== model.rect.cols)) throw new Error(`InvalidArgument: rows of ${values[0]?.length} values added to table '${model.name}' of ${model.rect.cols} columns`);
        ctx.op(values.length * (values[0]?.length ?? 1));
        ctx.host.appendTableRows(model, values, index ?? undefined);
      },
      getCount: () => ({ value: model.rect.rows - 1 }),
      load: () => undefined,
    };
  }
  get columns() {
    const ctx = this.ctx;
    const model = this.model;
    return {
      add: (_index: number | null | undefined, values: Cell[][], name?: string) => {
        // Excel wants one value per row of the table, the header first.
        if (!name && (values.length !== model.rect.rows || values.some((r) => r.length !== 1))) throw new Error(`InvalidArgument: ${values.length} values for a column of table '${model.name}' of ${model.rect.rows} rows`);
        ctx.op(values.length);
        const col = model.rect.col + model.rect.cols;
        model.sheet.set(model.rect.row, col, { value: name ?? values[0]?.[0] ?? `Column${model.rect.cols + 1}` });
        values.slice(name ? 0 : 1).forEach((r, i) => model.sheet.set(model.rect.row + 1 + i, col, { value: r[0] }));
        model.rect = { ...model.rect, cols: model.rect.cols + 1 };
      },
    };
  }
  getRange(): FakeRange {
    return new FakeRange(this.ctx, this.model.sheet, this.model.rect);
  }
  getHeaderRowRange(): FakeRange {
    return new FakeRange(this.ctx, this.model.sheet, { ...this.model.rect, rows: 1 });
  }
  getDataBodyRange(): FakeRange {
    return new FakeRange(this.ctx, this.model.sheet, this.model.dataRect);
  }
  delete(): void {
    this.ctx.host.tables = this.ctx.host.tables.filter((t) => t !== this.model);
  }
}

class FakeFill {
  constructor(private readonly apply: (color: string | null) => void) {}
  set color(c: string) {
    this.apply(c);
  }
  clear(): void {
    this.apply(null);
  }
}

class FakeConditionalFormats extends ClientObject {
  constructor(ctx: FakeContext, private readonly sheet: SheetModel, private readonly rects: Rect[]) {
    super(ctx);
  }
  /** The formats that touch the range (ConditionalFormatCollection.items, ExcelApi 1.6), after load + sync. */
  get items(): FakeConditionalFormat[] {
    this.need("items");
    const ids = [...new Set(this.sheet.conditionalFormats.filter((m) => this.rects.some((r) => overlaps(r, m.rect))).map((m) => m.id ?? ""))];
    return ids.map((id) => {
      const cf = new FakeConditionalFormat(this.ctx, this.sheet, id, false, {});
      cf.load("id");
      cf.promote();
      return cf;
    });
  }
  add(type: string) {
    const id = `cf${this.ctx.host.nextConditionalFormatId++}`;
    const models = this.rects.map((rect) => ({ rect, type, id } as ConditionalFormatModel));
    this.sheet.conditionalFormats.push(...models);
    this.ctx.op();
    const setFormula = (f: string) => models.forEach((m) => (m.formula = f));
    const setFill = (c: string) => models.forEach((m) => (m.fill = c));
    const rule = { set formula(f: string) { setFormula(f); } };
    const format = { fill: { set color(c: string) { setFill(c); } }, font: { color: "" } };
    return new FakeConditionalFormat(this.ctx, this.sheet, id, false, { custom: { rule, format }, cellValue: { format, setRule: () => undefined } });
  }
  /** ConditionalFormatCollection.getItemOrNullObject is ExcelApi 1.14, above the 1.9 custfile requires: Excel 2019/2021 lack it. */
  getItemOrNullObject(_id: string): FakeConditionalFormat {
    throw new Error("ApiNotFound: ConditionalFormatCollection.getItemOrNullObject needs ExcelApi 1.14 (custfile requires 1.9)");
  }
  clearAll(): void {
    const keep = (m: ConditionalFormatModel) => !this.rects.some((r) => overlaps(r, m.rect));
    this.sheet.conditionalFormats = this.sheet.conditionalFormats.filter(keep);
    this.ctx.op();
  }
}

/** One conditional format: `id` readable after load + sync, `delete()` removes all its areas. */
class FakeConditionalFormat extends ClientObject {
  readonly custom: unknown;
  readonly cellValue: unknown;
  constructor(ctx: FakeContext, private readonly sheet: SheetModel, private readonly formatId: string, private readonly missing: boolean, parts: { custom?: unknown; cellValue?: unknown }) {
    super(ctx);
    this.custom = parts.custom;
    this.cellValue = parts.cellValue;
  }
  get isNullObject(): boolean {
    return this.missing;
  }
  get id(): string {
    this.need("id");
    return this.formatId;
  }
  delete(): void {
    if (this.missing) throw new Error("InvalidArgument: the conditional format does not exist");
    this.sheet.conditionalFormats = this.sheet.conditionalFormats.filter((m) => m.id !== this.formatId);
    this.ctx.op();
  }
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.row < b.row + b.rows && b.row < a.row + a.rows && a.col < b.col + b.cols && b.col < a.col + a.cols;
}

class FakeRange extends ClientObject {
  private missing = false;
  constructor(ctx: FakeContext, readonly sheetModel: SheetModel, readonly rect: Rect) {
    super(ctx);
  }
  static nullObject(ctx: FakeContext, sheet: SheetModel): FakeRange {
    const r = new FakeRange(ctx, sheet, { row: 0, col: 0, rows: 1, cols: 1 });
    r.missing = true;
    return r;
  }
  get isNullObject(): boolean {
    return this.missing;
  }
  /** Loading cell data counts its cells into this batch's payload (syncLog). */
  override load(spec?: LoadSpec): this {
    const props = loadProps(spec);
    const cellProps = props.filter((p) => p === "values" || p === "numberFormat" || p === "text" || p === "*").length;
    if (cellProps > 0) {
      this.ctx.op(cellProps * this.rect.rows * this.rect.cols);
      this.cellProps = props;
      this.tooLarge = false;
      this.ctx.cellLoads.push(this);
    }
    return super.load(spec);
  }
  private cellProps: string[] = [];
  /** Set by a sync whose response passed `maxResponseBytes`: cell properties read null. */
  tooLarge = false;
  /** UTF-8 JSON bytes of the cell properties this range loaded. */
  responseBytes(): number {
    const has = (p: string) => this.cellProps.includes(p) || this.cellProps.includes("*");
    let n = 0;
    if (has("values") || has("text")) n += Buffer.byteLength(JSON.stringify(this.sheetModel.values(this.rect))) * (has("values") && has("text") ? 2 : 1);
    if (has("numberFormat")) {
      for (let i = 0; i < this.rect.rows; i++) {
        const row: string[] = [];
        for (let j = 0; j < this.rect.cols; j++) row.push(this.sheetModel.cell(this.rect.row + i, this.rect.col + j)?.numberFormat ?? "General");
        n += Buffer.byteLength(JSON.stringify(row)) + 1;
      }
    }
    return n;
  }
  get address(): string {
    this.need("address");
    return `${quoteSheet(this.sheetModel.name)}!${rectAddress(this.rect)}`;
  }
  get rowIndex(): number {
    this.need("rowIndex");
    return this.rect.row;
  }
  get columnIndex(): number {
    this.need("columnIndex");
    return this.rect.col;
  }
  get rowCount(): number {
    this.need("rowCount");
    return this.rect.rows;
  }
  get columnCount(): number {
    this.need("columnCount");
    return this.rect.cols;
  }
  get values(): Cell[][] {
    this.need("values");
    if (this.tooLarge) return null as unknown as Cell[][];
    return this.snapshot("values", () => this.sheetModel.values(this.rect));
  }
  private snapshots = new Map<string, { key: string; data: unknown }>();
  /**
   * Like Excel, a loaded property is an array read once, not recomputed on every access (code
   * that indexes `range.values[r]` in a loop would otherwise be quadratic here). The copy is
   * taken again after any sync or queued write, so reads still see the current cells.
   */
  private snapshot<T>(prop: string, compute: () => T): T {
    const host = this.ctx.host;
    const key = `${host.syncCount}|${host.writes.length}|${host.pendingOps}`;
    const hit = this.snapshots.get(prop);
    if (hit && hit.key === key) return hit.data as T;
    const data = compute();
    this.snapshots.set(prop, { key, data });
    return data;
  }
  set values(values: Cell[][]) {
    const scalar = !Array.isArray(values);
    // Excel refuses an array whose size differs from the range's (larger as well as smaller).
    if (!scalar && (values.length !== this.rect.rows || values.some((r) => !Array.isArray(r) || r.length !== this.rect.cols)))
      throw new Error(`InvalidArgument: values are ${values.length}×${values[0]?.length}, range is ${this.rect.rows}×${this.rect.cols}`);
    for (let i = 0; i < this.rect.rows; i++)
      for (let j = 0; j < this.rect.cols; j++) {
        const v = scalar ? (values as unknown as Cell) : values[i]?.[j];
        if (!scalar && (values[i] === undefined || values[i][j] === undefined)) throw new Error(`InvalidArgument: values are ${values.length}×${values[0]?.length}, range is ${this.rect.rows}×${this.rect.cols}`);
        this.sheetModel.set(this.rect.row + i, this.rect.col + j, { value: v });
      }
    this.ctx.op(this.rect.rows * this.rect.cols);
    this.ctx.host.recordWrite(this.sheetModel.name, this.rect);
    if (this.ctx.host.options.apiWritesFireEvents) this.ctx.host.apiWriteEvents.push({ sheet: this.sheetModel, rect: this.rect });
  }
  get text(): string[][] {
    this.need("text");
    return this.sheetModel.values(this.rect).map((r) => r.map((v) => (v === null ? "" : String(v))));
  }
  get numberFormat(): string[][] {
    this.need("numberFormat");
    if (this.tooLarge) return null as unknown as string[][];
    return this.snapshot("numberFormat", () => {
      const out: string[][] = [];
      for (let i = 0; i < this.rect.rows; i++) {
        const row: string[] = [];
        for (let j = 0; j < this.rect.cols; j++) row.push(this.sheetModel.cell(this.rect.row + i, this.rect.col + j)?.numberFormat ?? "General");
        out.push(row);
      }
      return out;
    });
  }
  set numberFormat(formats: string[][]) {
    const scalar = !Array.isArray(formats);
    if (!scalar && (formats.length !== this.rect.rows || formats.some((r) => !Array.isArray(r) || r.length !== this.rect.cols)))
      throw new Error(`InvalidArgument: number formats are ${formats.length}×${formats[0]?.length}, range is ${this.rect.rows}×${this.rect.cols}`);
    for (let i = 0; i < this.rect.rows; i++)
      for (let j = 0; j < this.rect.cols; j++)
        this.sheetModel.set(this.rect.row + i, this.rect.col + j, { numberFormat: scalar ? (formats as unknown as string) : formats[i][j] });
    this.ctx.op(this.rect.rows * this.rect.cols);
  }
  get format() {
    const apply = (color: string | null) => {
      for (let i = 0; i < this.rect.rows; i++) for (let j = 0; j < this.rect.cols; j++) this.sheetModel.set(this.rect.row + i, this.rect.col + j, { fill: color });
      this.ctx.op();
    };
    const sheet = this.sheetModel;
    const rect = this.rect;
    return {
      fill: new FakeFill(apply),
      font: { bold: false, color: "" },
      set columnWidth(w: number) { for (let j = 0; j < rect.cols; j++) sheet.columnWidths.set(rect.col + j, w); },
      autofitColumns: () => undefined,
      wrapText: false,
    };
  }
  get dataValidation() {
    const sheet = this.sheetModel;
    const rect = this.rect;
    const ctx = this.ctx;
    return {
      set rule(rule: unknown) {
        sheet.dataValidations = sheet.dataValidations.filter((d) => !overlaps(d.rect, rect));
        sheet.dataValidations.push({ rect, rule });
        ctx.op();
      },
      clear: () => { sheet.dataValidations = sheet.dataValidations.filter((d) => !overlaps(d.rect, rect)); },
      errorAlert: {},
    };
  }
  get conditionalFormats(): FakeConditionalFormats {
    return new FakeConditionalFormats(this.ctx, this.sheetModel, [this.rect]);
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, this.sheetModel);
  }
  getCell(row: number, col: number): FakeRange {
    return new FakeRange(this.ctx, this.sheetModel, { row: this.rect.row + row, col: this.rect.col + col, rows: 1, cols: 1 });
  }
  getRow(row: number): FakeRange {
    return new FakeRange(this.ctx, this.sheetModel, { ...this.rect, row: this.rect.row + row, rows: 1 });
  }
  getColumn(col: number): FakeRange {
    return new FakeRange(this.ctx, this.sheetModel, { ...this.rect, col: this.rect.col + col, cols: 1 });
  }
  getRowsBelow(count = 1): FakeRange {
    return new FakeRange(this.ctx, this.sheetModel, { ...this.rect, row: this.rect.row + this.rect.rows, rows: count });
  }
  getResizedRange(deltaRows: number, deltaCols: number): FakeRange {
    return new FakeRange(this.ctx, this.sheetModel, { ...this.rect, rows: this.rect.rows + deltaRows, cols: this.rect.cols + deltaCols });
  }
  getOffsetRange(rows: number, cols: number): FakeRange {
    return new FakeRange(this.ctx, this.sheetModel, { ...this.rect, row: this.rect.row + rows, col: this.rect.col + cols });
  }
  getAbsoluteResizedRange(rows: number, cols: number): FakeRange {
    return new FakeRange(this.ctx, this.sheetModel, { ...this.rect, rows, cols });
  }
  select(): void {
    this.ctx.host.activeSheet = this.sheetModel.name;
    this.ctx.host.selection = { sheet: this.sheetModel.name, rect: this.rect };
  }
  clear(_applyTo?: string): void {
    for (let i = 0; i < this.rect.rows; i++) for (let j = 0; j < this.rect.cols; j++) this.sheetModel.cells.delete(`${this.rect.row + i},${this.rect.col + j}`);
    this.ctx.op();
  }
}

class FakeRangeAreas extends ClientObject {
  constructor(ctx: FakeContext, private readonly sheetModel: SheetModel, readonly rects: Rect[]) {
    super(ctx);
  }
  get address(): string {
    this.need("address");
    return this.rects.map((r) => `${quoteSheet(this.sheetModel.name)}!${rectAddress(r)}`).join(",");
  }
  get areaCount(): number {
    return this.rects.length;
  }
  get format() {
    const apply = (color: string | null) => {
      for (const rect of this.rects) for (let i = 0; i < rect.rows; i++) for (let j = 0; j < rect.cols; j++) this.sheetModel.set(rect.row + i, rect.col + j, { fill: color });
      this.ctx.op();
    };
    return { fill: new FakeFill(apply) };
  }
  get conditionalFormats(): FakeConditionalFormats {
    return new FakeConditionalFormats(this.ctx, this.sheetModel, this.rects);
  }
  select(): void {
    this.ctx.host.activeSheet = this.sheetModel.name;
    this.ctx.host.selection = { sheet: this.sheetModel.name, rect: this.rects[0] };
  }
}

/* ----------------------------- the host ----------------------------- */

/** A change event as Excel builds it for onChanged handlers. */
export interface FakeChangedEvent {
  type: "TableChanged" | "WorksheetChanged";
  address: string;
  changeType: "RangeEdited" | "RowInserted" | "RowDeleted" | "ColumnInserted" | "ColumnDeleted" | "CellInserted" | "CellDeleted";
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
  /** Number of context.sync() calls made through this host. */
  syncCount = 0;
  /** Cells (or operations) sent in each sync, in order. */
  syncLog: number[] = [];
  pendingOps = 0;
  /** Every range written through `values`, in order: {sheet, address}. */
  writes: Array<{ sheet: string; address: string }> = [];
  workbookChangedHandlers: Array<(e: unknown) => unknown> = [];
  tablesChangedHandlers: Array<(e: unknown) => unknown> = [];
  tablesAddedHandlers: Array<(e: unknown) => unknown> = [];
  private nextId = 1;
  nextConditionalFormatId = 1;
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

  /** Excel.run for this host. */
  run = async <T>(batch: (context: FakeContext) => Promise<T>): Promise<T> => {
    const ctx = new FakeContext(this);
    const result = await batch(ctx);
    if (this.pendingOps > 0) await ctx.sync(); // Excel.run syncs queued work at the end
    return result;
  };

  sheet(name: string): SheetModel | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** Add a worksheet (throws if the name exists, as Excel does). */
  addSheet(name: string): SheetModel {
    if (this.sheet(name)) throw new Error(`ItemAlreadyExists: worksheet '${name}'`);
    const s = new SheetModel(name, `sheet${this.nextId++}`);
    this.sheets.push(s);
    if (!this.activeSheet) this.activeSheet = name;
    return s;
  }

  /** Add a table over a rectangle of a sheet whose first row is the header. */
  addTable(name: string, sheet: SheetModel, rect: Rect): TableModel {
    if (this.tables.some((t) => t.name === name)) throw new Error(`ItemAlreadyExists: table '${name}'`);
    const t = new TableModel(name, sheet, rect, `table${this.nextId++}`);
    this.tables.push(t);
    return t;
  }

  /** Test set-up: a sheet holding `rows` at A1 (or at `at`), optionally as an Excel table named `tableName`. */
  addSheetWithRows(name: string, rows: Cell[][], options: { tableName?: string; at?: string; numberFormats?: string[][] } = {}): SheetModel {
    const sheet = this.sheet(name) ?? this.addSheet(name);
    const start = parseRect(options.at ?? "A1");
    sheet.write(start.row, start.col, rows);
    options.numberFormats?.forEach((r, i) => r.forEach((f, j) => sheet.set(start.row + i, start.col + j, { numberFormat: f })));
    if (options.tableName) this.addTable(options.tableName, sheet, { row: start.row, col: start.col, rows: rows.length, cols: rows[0]?.length ?? 1 });
    return sheet;
  }

  /** Append rows to a table, growing it (Excel's table.rows.add). */
  appendTableRows(t: TableModel, values: Cell[][], index?: number): void {
    const at = index === undefined ? t.rect.row + t.rect.rows : t.rect.row + 1 + index;
    if (index !== undefined) t.sheet.insertRows(at, values.length);
    t.sheet.write(at, t.rect.col, values);
    t.rect = { ...t.rect, rows: t.rect.rows + values.length };
    this.recordWrite(t.sheet.name, { row: at, col: t.rect.col, rows: values.length, cols: t.rect.cols });
  }

  recordWrite(sheet: string, rect: Rect): void {
    this.writes.push({ sheet, address: rectAddress(rect) });
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
    await Promise.all(this.tablesAddedHandlers.map((h) => h(e)));
  }

  /** A user deletes rows [row, row+count) of a table (0-based sheet rows). */
  async userDeleteTableRows(tableName: string, sheetRow: number, count: number, source: "Local" | "Remote" = "Local"): Promise<void> {
    const t = this.table(tableName)!;
    t.sheet.deleteRows(sheetRow, count);
    t.rect = { ...t.rect, rows: t.rect.rows - count };
    // The table is named: deleted rows at its end no longer overlap its shrunk rectangle.
    await this.fireChanged(t.sheet, { row: sheetRow, col: t.rect.col, rows: count, cols: t.rect.cols }, "RowDeleted", source, undefined, t);
  }

  /** A user inserts rows holding `values` before 0-based sheet row `sheetRow` inside a table. */
  async userInsertTableRows(tableName: string, sheetRow: number, values: Cell[][], source: "Local" | "Remote" = "Local"): Promise<void> {
    const t = this.table(tableName)!;
    t.sheet.insertRows(sheetRow, values.length);
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
    for (const h of sheet.changedHandlers) calls.push(h(we));
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
}
