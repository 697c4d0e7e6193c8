/**
 * Diffing observed table changes against the baseline (SPEC §2.5, seed 003: "保留变更前内容").
 * Excel gives cell values before/after only for single-cell edits, so every change is
 * diffed against the baseline instead. A burst of events is applied in event order, each
 * at the row positions it had when it happened; the values are read once, after the burst,
 * at each row's final position (see `finalRows`).
 */
import type { Cell } from "../table";
import {
  Baseline, type BaselineRow, type KeyField, KEY_FIELDS, ID_INDEX, LOCKED_ID_INDEX,
  blankRow, fieldHeader, normalizeCellText,
} from "./baseline";

/** Why a ChangeLog row was written: observed edit / paste, or custfile's own write. */
export type ChangeReason = "编辑" | "粘贴" | "导入" | "删除" | "新增" | "修正" | "恢复";

/** One ChangeLog row (SPEC §2.5: 时间 · 表 · 客户编号 · 字段 · 变更前 · 变更后 · 原因 · 操作人). */
export interface ChangeLogEntry {
  time: string;
  table: string;
  customerId: string;
  /** The field's template header (客户名称 ...). */
  field: string;
  before: string;
  after: string;
  reason: ChangeReason;
  user: string;
}

/** A 客户编号 changed on an existing row (validation turns it into an `immutable-id` error). */
export interface IdChange {
  /** The sheet's 1-based row number. */
  sheetRow: number;
  /** The id the row was saved with. */
  before: string;
  /** The id in the cell now. */
  after: string;
}

/** One table change event, in table coordinates at the time it happened (0-based data rows and table columns). */
export interface TableChange {
  kind: "edit" | "insert" | "delete";
  firstRow: number;
  rowCount: number;
  firstColumn: number;
  columnCount: number;
  /** Excel's `source`: Remote changes come from a co-author's session, which logs them itself. */
  remote: boolean;
}

/** Where each changed row is now, after the later events of the same burst (null: deleted since). */
export function finalRows(changes: readonly TableChange[], index: number): (number | null)[] {
  const c = changes[index];
  const out: (number | null)[] = [];
  for (let k = 0; k < c.rowCount; k++) {
    let row: number | null = c.firstRow + k;
    for (let j = index + 1; j < changes.length && row !== null; j++) {
      const later = changes[j];
      if (later.kind === "insert" && row >= later.firstRow) row += later.rowCount;
      else if (later.kind === "delete") {
        if (row >= later.firstRow + later.rowCount) row -= later.rowCount;
        else if (row >= later.firstRow) row = null;
      }
    }
    out.push(row);
  }
  return out;
}

/** The block of current cells to read for one change: final rows span and table columns (null: nothing to read). */
export interface BlockToRead {
  firstRow: number;
  rowCount: number;
  firstColumn: number;
  columnCount: number;
}

/** The blocks to read for a burst, one per change (deletes read nothing; inserts read whole rows). */
export function blocksToRead(changes: readonly TableChange[], tableColumns: number): (BlockToRead | null)[] {
  return changes.map((c, i) => {
    if (c.kind === "delete") return null;
    const rows = finalRows(changes, i).filter((r): r is number => r !== null);
    if (rows.length === 0) return null;
    const first = Math.min(...rows);
    const whole = c.kind === "insert";
    return { firstRow: first, rowCount: Math.max(...rows) - first + 1, firstColumn: whole ? 0 : c.firstColumn, columnCount: whole ? tableColumns : c.columnCount };
  });
}

/** Context of applying a burst. */
export interface ApplyContext {
  time: string;
  user: string;
  table: string;
  /** 1-based sheet row of the table's first data row (for IdChange.sheetRow). */
  firstDataSheetRow: number;
  /** Table column → key field (from the header row). */
  columns: readonly (KeyField | null)[];
}

/** What a burst produced. */
export interface BurstResult {
  entries: ChangeLogEntry[];
  /** Ids changed by this burst (the row's locked id differs from its cell now). */
  idChanges: IdChange[];
}

function rowId(row: BaselineRow): string {
  return row[LOCKED_ID_INDEX] || row[ID_INDEX];
}

function isBlankRow(row: BaselineRow): boolean {
  for (let i = 0; i < KEY_FIELDS.length; i++) if (row[i] !== "") return false;
  return true;
}

/**
 * Apply a burst of changes to the baseline and return the ChangeLog entries for it.
 * `blocks[i]` holds the current cells of `blocksToRead(...)[i]` (null where nothing was read).
 * Remote changes update the baseline but log nothing (the co-author's own session logs them).
 */
export function applyBurst(baseline: Baseline, changes: readonly TableChange[], blocks: readonly (Cell[][] | null)[], ctx: ApplyContext): BurstResult {
  const entries: ChangeLogEntry[] = [];
  const idChanges: IdChange[] = [];
  const reads = blocksToRead(changes, ctx.columns.length);
  const log = (customerId: string, field: KeyField, before: string, after: string, reason: ChangeReason) =>
    entries.push({ time: ctx.time, table: ctx.table, customerId, field: fieldHeader(field), before, after, reason, user: ctx.user });

  changes.forEach((change, i) => {
    const finals = finalRows(changes, i);
    const read = reads[i];
    const block = blocks[i];
    /** Current cell of the k-th row of the change, table column `col` (undefined when not read or gone). */
    const current = (k: number, col: number): Cell | undefined => {
      const row = finals[k];
      if (row === null || !read || !block) return undefined;
      return block[row - read.firstRow]?.[col - read.firstColumn];
    };

    if (change.kind === "delete") {
      const removed = baseline.remove(change.firstRow, change.rowCount);
      if (change.remote) return;
      for (const row of removed) {
        if (isBlankRow(row)) continue;
        KEY_FIELDS.forEach((field, f) => { if (row[f] !== "") log(rowId(row), field, row[f], "", "删除"); });
      }
      return;
    }

    if (change.kind === "insert") {
      const rows: BaselineRow[] = [];
      for (let k = 0; k < change.rowCount; k++) {
        const row = blankRow();
        ctx.columns.forEach((field, col) => { if (field) row[KEY_FIELDS.indexOf(field)] = normalizeCellText(current(k, col)); });
        row[LOCKED_ID_INDEX] = row[ID_INDEX];
        rows.push(row);
        if (!change.remote && !isBlankRow(row)) KEY_FIELDS.forEach((field, f) => { if (row[f] !== "") log(row[ID_INDEX], field, "", row[f], "新增"); });
      }
      baseline.insert(change.firstRow, rows);
      return;
    }

    // An edit: which key fields the changed columns hold.
    const fields: Array<{ col: number; f: number; field: KeyField }> = [];
    for (let col = change.firstColumn; col < change.firstColumn + change.columnCount; col++) {
      const field = ctx.columns[col];
      if (field) fields.push({ col, f: KEY_FIELDS.indexOf(field), field });
    }
    if (fields.length === 0) return;
    const reason: ChangeReason = change.rowCount * change.columnCount === 1 ? "编辑" : "粘贴";
    const olds: BaselineRow[] = [];
    for (let k = 0; k < change.rowCount; k++) olds.push(baseline.get(change.firstRow + k) ?? blankRow());
    const news: (string[] | null)[] = [];
    for (let k = 0; k < change.rowCount; k++) {
      if (finals[k] === null) { news.push(null); continue; } // deleted later in the burst: the delete logs it
      const values = olds[k].slice(0, KEY_FIELDS.length);
      for (const { col, f } of fields) values[f] = normalizeCellText(current(k, col));
      news.push(values);
    }
    const pairs = pairRows(olds, news, fields.length === KEY_FIELDS.length && change.rowCount > 1);
    for (let k = 0; k < change.rowCount; k++) {
      const values = news[k];
      if (!values) continue;
      const old = olds[pairs[k]];
      const locked = old[LOCKED_ID_INDEX] || values[ID_INDEX];
      const next: BaselineRow = [...values, locked];
      const id = locked || values[ID_INDEX];
      if (!change.remote) for (const { f, field } of fields) if (old[f] !== values[f]) log(id, field, old[f], values[f], reason);
      if (locked !== "" && values[ID_INDEX] !== locked && old[ID_INDEX] !== values[ID_INDEX]) {
        idChanges.push({ sheetRow: ctx.firstDataSheetRow + change.firstRow + k, before: locked, after: values[ID_INDEX] });
      }
      baseline.set(change.firstRow + k, next);
    }
  });
  return { entries, idChanges };
}

/**
 * For each new row, the index of the old row it continues. Positional, except that when a
 * block covers every key column (a sort, or rows pasted in another order) rows are matched
 * by their id first, so moving a customer is not logged as eight field changes.
 */
function pairRows(olds: readonly BaselineRow[], news: readonly (string[] | null)[], matchById: boolean): number[] {
  const pairs = news.map((_n, k) => k);
  if (!matchById) return pairs;
  const byId = new Map<string, number[]>();
  olds.forEach((o, j) => { if (o[ID_INDEX] !== "") { const l = byId.get(o[ID_INDEX]) ?? []; l.push(j); byId.set(o[ID_INDEX], l); } });
  const used = new Set<number>();
  const unmatched: number[] = [];
  news.forEach((n, k) => {
    const candidates = n ? byId.get(n[ID_INDEX]) : undefined;
    const j = candidates?.find((c) => !used.has(c));
    if (j === undefined) { unmatched.push(k); return; }
    pairs[k] = j;
    used.add(j);
  });
  const free = olds.map((_o, j) => j).filter((j) => !used.has(j));
  // Leftovers keep their position when it is free, otherwise take the first free old row.
  for (const k of unmatched) {
    const j = free.includes(k) ? k : free[0];
    pairs[k] = j;
    free.splice(free.indexOf(j), 1);
  }
  return pairs;
}

/** Every row whose 客户编号 differs from the id it was saved with, as sheet rows (for the validator's knownIdChanges and the pane). */
export function pendingIdChanges(baseline: Baseline, firstDataSheetRow: number): IdChange[] {
  const out: IdChange[] = [];
  baseline.rows().forEach((row, i) => {
    const locked = row[LOCKED_ID_INDEX];
    if (locked !== "" && row[ID_INDEX] !== locked) out.push({ sheetRow: firstDataSheetRow + i, before: locked, after: row[ID_INDEX] });
  });
  return out;
}

/**
 * Record a write custfile makes itself (a fix, a restore, an import) in the baseline, so the
 * change event it raises finds nothing new; returns the ChangeLog entry the writer appends.
 * Writing 客户编号 this way (a restore, an id fix) also sets the row's locked id.
 */
export function applyOwnWrite(baseline: Baseline, rowIndex: number, field: KeyField, value: Cell, meta: { time: string; user: string; table: string; reason: ChangeReason }): ChangeLogEntry | null {
  const row = [...(baseline.get(rowIndex) ?? blankRow())];
  const f = KEY_FIELDS.indexOf(field);
  const after = normalizeCellText(value);
  const before = row[f];
  row[f] = after;
  if (field === "customerId") row[LOCKED_ID_INDEX] = after;
  baseline.set(rowIndex, row);
  if (before === after) return null;
  return { time: meta.time, table: meta.table, customerId: field === "customerId" ? after : rowId(row), field: fieldHeader(field), before, after, reason: meta.reason, user: meta.user };
}

/** ChangeLog 时间 text: local date and time `YYYY-MM-DD HH:mm:ss` in the users' zone. */
export function logTime(now: Date, timeZone = "Asia/Shanghai"): string {
  const p = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")}`;
}
