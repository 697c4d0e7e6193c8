/**
 * The change tracker's baseline: the last known values of the key columns of Customers
 * (SPEC §2.5), one row per table data row in table order, plus the id each row was first
 * saved with (its locked id, so a changed 客户编号 stays visible until restored, even
 * across a reopen). Rows are grouped into chunks so persistence rewrites only the chunks a
 * change touched (100,000 customers ≈ 15 MB of text; rewriting it per edit is not an option).
 */
import { CUSTOMERS, normalizeHeader } from "../template/tables";
import { cellText, type Cell } from "../table";

/** Column keys of Customers whose changes are logged, in baseline order. */
export const KEY_FIELDS = ["customerId", "name", "contact", "phone", "email", "address", "grade", "creditLimit"] as const;
export type KeyField = (typeof KEY_FIELDS)[number];

/** Index of 客户编号 in a baseline row; the locked id sits after the key fields. */
export const ID_INDEX = 0;
export const LOCKED_ID_INDEX = KEY_FIELDS.length;

/** Header text of a key field (the template's Chinese header). */
export function fieldHeader(field: KeyField): string {
  return CUSTOMERS.columns.find((c) => c.key === field)!.header;
}

/**
 * Which key field each table column holds (null for the others), matched by header text
 * or alias as SPEC §2 asks (never by position).
 */
export function keyFieldColumns(headers: readonly Cell[]): (KeyField | null)[] {
  const byText = new Map<string, KeyField>();
  for (const field of KEY_FIELDS) {
    const def = CUSTOMERS.columns.find((c) => c.key === field)!;
    for (const text of [def.header, ...def.aliases]) byText.set(normalizeHeader(text), field);
  }
  return headers.map((h) => byText.get(normalizeHeader(cellText(h))) ?? null);
}

/** One baseline row: the key fields as text, then the locked id. */
export type BaselineRow = string[];

/** A baseline row from a table row's cells and the column → field map. */
export function baselineRowFrom(cells: readonly Cell[], columns: readonly (KeyField | null)[]): BaselineRow {
  const row: BaselineRow = new Array(KEY_FIELDS.length + 1).fill("");
  columns.forEach((field, c) => {
    if (field) row[KEY_FIELDS.indexOf(field)] = normalizeCellText(cells[c]);
  });
  row[LOCKED_ID_INDEX] = row[ID_INDEX];
  return row;
}

/** A cell as the baseline stores it: text, with white space around it kept (a change is a change). */
export function normalizeCellText(value: Cell | undefined): string {
  return cellText(value ?? null);
}

/* ------------------------------ chunked storage ------------------------------ */

/** Rows per chunk when a baseline is built; a chunk splits when it doubles. */
export const ROWS_PER_CHUNK = 200;
/** Excel's limit is 32,767 characters per cell; keep a margin. */
export const MAX_CHUNK_CHARS = 30_000;

interface Chunk {
  /** The storage slot (cell index on the baseline sheet) holding this chunk. */
  slot: number;
  rows: BaselineRow[];
}

/** What persistence must write after a change: the directory and the chunks whose text changed. */
export interface BaselineWrite {
  directory: string;
  slots: Array<{ slot: number; text: string }>;
  /** Slots no longer used (their cells can be cleared). */
  freedSlots: number[];
}

const US = "\u001f"; // between fields
const RS = "\u001e"; // between rows
const ESC = "\u001b";

function escapeField(text: string): string {
  if (!/[\u001b\u001e\u001f]/.test(text)) return text;
  return text.replace(/\u001b/g, ESC + "e").replace(/\u001f/g, ESC + "u").replace(/\u001e/g, ESC + "r");
}

function unescapeField(text: string): string {
  if (text.indexOf(ESC) < 0) return text;
  return text.replace(/\u001b([eur])/g, (_m, c: string) => (c === "e" ? ESC : c === "u" ? US : RS));
}

/** Serialise rows compactly: fields split by U+001F, rows by U+001E (control characters never typed in a cell; escaped if they are). */
export function serializeRows(rows: readonly BaselineRow[]): string {
  return rows.map((r) => r.map(escapeField).join(US)).join(RS);
}

/** Inverse of serializeRows; throws a clear message when the text is not a baseline chunk. */
export function parseRows(text: string): BaselineRow[] {
  if (text === "") return [];
  return text.split(RS).map((line, i) => {
    const fields = line.split(US).map(unescapeField);
    if (fields.length !== KEY_FIELDS.length + 1) throw new Error(`baseline: chunk row ${i + 1} has ${fields.length} fields, expected ${KEY_FIELDS.length + 1}`);
    return fields;
  });
}

const DIRECTORY_VERSION = "custfile-baseline/1";

/**
 * The baseline: rows in table order, kept in chunks. All positions are 0-based table data
 * row indexes.
 */
export class Baseline {
  private chunks: Chunk[] = [];
  private dirty = new Set<number>();
  private freed: number[] = [];
  private toClear = new Set<number>();
  private directoryDirty = true;
  private nextSlot = 0;

  /** A baseline of the given rows (all chunks dirty: nothing persisted yet). */
  static fromRows(rows: readonly BaselineRow[]): Baseline {
    const b = new Baseline();
    for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) b.addChunk(rows.slice(i, i + ROWS_PER_CHUNK).map((r) => [...r]));
    return b;
  }

  /** Load a persisted baseline: the directory text and the text of every slot it names. */
  static load(directory: string, slotText: (slot: number) => string): Baseline {
    const lines = directory.split("\n");
    if (lines[0] !== DIRECTORY_VERSION) throw new Error(`baseline: directory is '${lines[0].slice(0, 40)}', expected ${DIRECTORY_VERSION}`);
    const b = new Baseline();
    const slots = lines[1] ? lines[1].split(",").map(Number) : [];
    for (const slot of slots) {
      if (!Number.isInteger(slot) || slot < 0) throw new Error(`baseline: bad slot '${slot}' in directory`);
      b.chunks.push({ slot, rows: parseRows(slotText(slot)) });
      b.nextSlot = Math.max(b.nextSlot, slot + 1);
    }
    b.directoryDirty = false;
    return b;
  }

  private addChunk(rows: BaselineRow[], at = this.chunks.length): Chunk {
    const slot = this.freed.length ? this.freed.pop()! : this.nextSlot++;
    this.toClear.delete(slot);
    const chunk = { slot, rows };
    this.chunks.splice(at, 0, chunk);
    this.dirty.add(slot);
    this.directoryDirty = true;
    return chunk;
  }

  /** Number of rows. */
  get length(): number {
    let n = 0;
    for (const c of this.chunks) n += c.rows.length;
    return n;
  }

  /** Every row in order (copies are not made: do not mutate). */
  rows(): BaselineRow[] {
    const out: BaselineRow[] = [];
    for (const c of this.chunks) for (const r of c.rows) out.push(r);
    return out;
  }

  private locate(index: number): { chunk: number; offset: number } {
    let start = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      const len = this.chunks[i].rows.length;
      if (index < start + len) return { chunk: i, offset: index - start };
      start += len;
    }
    return { chunk: this.chunks.length, offset: 0 };
  }

  /** The row at a position (undefined past the end). */
  get(index: number): BaselineRow | undefined {
    const { chunk, offset } = this.locate(index);
    return this.chunks[chunk]?.rows[offset];
  }

  /** Replace the row at a position (appends blank rows when the position is past the end). */
  set(index: number, row: BaselineRow): void {
    while (this.length <= index) this.insert(this.length, [blankRow()]);
    const { chunk, offset } = this.locate(index);
    this.chunks[chunk].rows[offset] = row;
    this.dirty.add(this.chunks[chunk].slot);
  }

  /** Insert rows before a position (at the end when past it). */
  insert(index: number, rows: readonly BaselineRow[]): void {
    if (rows.length === 0) return;
    const total = this.length;
    if (this.chunks.length === 0) {
      this.addChunk([...rows]);
      return;
    }
    let { chunk, offset } = this.locate(Math.min(index, total));
    if (chunk === this.chunks.length) {
      chunk = this.chunks.length - 1;
      offset = this.chunks[chunk].rows.length;
    }
    const target = this.chunks[chunk];
    target.rows = [...target.rows.slice(0, offset), ...rows, ...target.rows.slice(offset)];
    this.dirty.add(target.slot);
    this.directoryDirty = true; // row counts are implicit, but the split below may add slots
    if (target.rows.length > ROWS_PER_CHUNK * 2) {
      const rest = target.rows.splice(ROWS_PER_CHUNK);
      let at = chunk + 1;
      for (let i = 0; i < rest.length; i += ROWS_PER_CHUNK) this.addChunk(rest.slice(i, i + ROWS_PER_CHUNK), at++);
    }
  }

  /** Remove `count` rows from a position; returns them. */
  remove(index: number, count: number): BaselineRow[] {
    const removed: BaselineRow[] = [];
    for (let k = 0; k < count; k++) {
      const { chunk, offset } = this.locate(index);
      const c = this.chunks[chunk];
      if (!c) break;
      removed.push(c.rows.splice(offset, 1)[0]);
      this.dirty.add(c.slot);
      if (c.rows.length === 0) {
        this.chunks.splice(chunk, 1);
        this.dirty.delete(c.slot);
        this.freed.push(c.slot);
        this.toClear.add(c.slot);
        this.directoryDirty = true;
      }
    }
    return removed;
  }

  /** Make the rows equal to `rows`, rewriting only the chunks whose rows differ (slots are kept). */
  replaceRows(rows: readonly BaselineRow[]): void {
    let index = 0;
    for (const c of this.chunks) {
      for (let i = 0; i < c.rows.length && index < rows.length; i++, index++) {
        if (!sameRow(c.rows[i], rows[index])) {
          c.rows[i] = [...rows[index]];
          this.dirty.add(c.slot);
        }
      }
    }
    const n = this.length;
    if (rows.length > n) this.insert(n, rows.slice(n).map((r) => [...r]));
    else if (rows.length < n) this.remove(rows.length, n - rows.length);
  }

  /** Persist every chunk at the next `takeWrite` (after a write that may not have reached the workbook). */
  markAllDirty(): void {
    for (const c of this.chunks) this.dirty.add(c.slot);
    this.directoryDirty = true;
  }

  /** Whether anything changed since the last `takeWrite`. */
  get hasChanges(): boolean {
    return this.directoryDirty || this.dirty.size > 0 || this.toClear.size > 0;
  }

  /**
   * What to persist since the last call: the directory (version line, then the slots in
   * order) and the text of every dirty chunk; a chunk grown past the cell limit is split first.
   */
  takeWrite(): BaselineWrite {
    // Each dirty chunk is serialized once (again only when it had to be split): a fix touching
    // rows all over a 20,000-customer table makes most chunks dirty.
    const texts = new Map<number, string>();
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      if (!this.dirty.has(c.slot)) continue;
      let text = serializeRows(c.rows);
      while (c.rows.length > 1 && text.length > MAX_CHUNK_CHARS) {
        const rest = c.rows.splice(Math.ceil(c.rows.length / 2));
        this.addChunk(rest, i + 1);
        text = serializeRows(c.rows);
      }
      texts.set(c.slot, text);
    }
    const slots: BaselineWrite["slots"] = [];
    for (const c of this.chunks) if (this.dirty.has(c.slot)) slots.push({ slot: c.slot, text: texts.get(c.slot) ?? serializeRows(c.rows) });
    const freedSlots = [...this.toClear];
    this.toClear.clear();
    const write = { directory: `${DIRECTORY_VERSION}\n${this.chunks.map((c) => c.slot).join(",")}`, slots, freedSlots };
    this.dirty.clear();
    this.directoryDirty = false;
    return write;
  }
}

function sameRow(a: BaselineRow, b: BaselineRow): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A row with every field blank. */
export function blankRow(): BaselineRow {
  return new Array(KEY_FIELDS.length + 1).fill("");
}
