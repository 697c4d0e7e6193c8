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
import { maxOf, minOf } from "../arrays";

/** Why a ChangeLog row was written: observed edit / paste, or custfile's own write (a fix, a restore, a handover, the annual credit review of a year). */
export type ChangeReason = "编辑" | "粘贴" | "导入" | "删除" | "新增" | "修正" | "恢复" | "交接" | `信用评级调整 ${number}`;

/** One ChangeLog row (SPEC §2.5: 时间 · 表 · 客户编号 · 字段 · 变更前 · 变更后 · 原因 · 操作人), keyed like the template's ChangeLog columns. */
export type ChangeLogEntry = {
  time: string;
  table: string;
  customerId: string;
  /** The field's template header (客户名称 ...). */
  field: string;
  before: string;
  after: string;
  reason: ChangeReason;
  user: string;
};

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
    const first = minOf(rows);
    const whole = c.kind === "insert";
    return { firstRow: first, rowCount: maxOf(rows) - first + 1, firstColumn: whole ? 0 : c.firstColumn, columnCount: whole ? tableColumns : c.columnCount };
  });
}

/**
 * The rows whose 客户编号 a burst of edits should also read, to see whether rows moved without
 * an event (a sort: Excel raises no onChanged with values for it): the rows of each edit that
 * did not touch the 客户编号 column. Null when the burst inserts or deletes rows (positions are
 * replayed from the events then) or the table has no 客户编号 column.
 */
export function idRowsToCheck(changes: readonly TableChange[], idColumn: number): BlockToRead[] | null {
  if (idColumn < 0 || changes.some((c) => c.kind !== "edit")) return null;
  return changes
    .filter((c) => !c.remote && (idColumn < c.firstColumn || idColumn >= c.firstColumn + c.columnCount))
    .map((c) => ({ firstRow: c.firstRow, rowCount: c.rowCount, firstColumn: idColumn, columnCount: 1 }));
}

/**
 * Whether the ids read at `rows` (one block per idRowsToCheck entry) differ from the ids the
 * baseline holds at those rows and no edit of the burst changed them: rows moved without an event,
 * so diffing cell by cell would log changes under the wrong customers. A full reconcile (rows
 * matched by id) is needed instead.
 */
export function rowsMoved(baseline: Baseline, changes: readonly TableChange[], rows: readonly BlockToRead[], ids: readonly (readonly (readonly Cell[])[])[], idColumn: number): boolean {
  const editedIds = new Set<number>();
  for (const c of changes) {
    if (idColumn >= c.firstColumn && idColumn < c.firstColumn + c.columnCount) for (let k = 0; k < c.rowCount; k++) editedIds.add(c.firstRow + k);
  }
  return rows.some((block, i) => {
    for (let k = 0; k < block.rowCount; k++) {
      const row = block.firstRow + k;
      if (editedIds.has(row)) continue;
      const saved = baseline.get(row);
      if (saved && normalizeCellText(ids[i]?.[k]?.[0]) !== saved[ID_INDEX]) return true;
    }
    return false;
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
  /** Ids changed by this burst (the row's locked id differs from its cell now), at the rows they are on after the burst. */
  idChanges: IdChange[];
  /** Sheet rows (after the burst) whose changed id was put back to the saved one by this burst: their mark can go. */
  idRestored: number[];
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
  const idRestored: number[] = [];
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
    // Whole rows rewritten (every key column the table has, 客户编号 among them): a sort or a reordered paste.
    const wholeRows = fields.some((x) => x.field === "customerId") && fields.length === ctx.columns.filter((c) => c !== null).length;
    const pairs = pairRows(olds, news, wholeRows && change.rowCount > 1);
    for (let k = 0; k < change.rowCount; k++) {
      const values = news[k];
      if (!values) continue;
      const old = olds[pairs[k]];
      const locked = old[LOCKED_ID_INDEX] || values[ID_INDEX];
      const next: BaselineRow = [...values, locked];
      const id = locked || values[ID_INDEX];
      if (!change.remote) for (const { f, field } of fields) if (old[f] !== values[f]) log(id, field, old[f], values[f], reason);
      // Marks go where the cell is after the burst (finals), not where it was when edited.
      const sheetRow = ctx.firstDataSheetRow + finals[k]!;
      if (locked !== "" && values[ID_INDEX] !== locked && old[ID_INDEX] !== values[ID_INDEX]) {
        idChanges.push({ sheetRow, before: locked, after: values[ID_INDEX] });
      } else if (locked !== "" && values[ID_INDEX] === locked && old[ID_INDEX] !== locked) {
        idRestored.push(sheetRow);
      }
      baseline.set(change.firstRow + k, next);
    }
  });
  // A later change of the same burst may have ended an id change or moved its row again.
  const pending = new Set(pendingIdChanges(baseline, ctx.firstDataSheetRow).map((c) => c.sheetRow));
  return { entries, idChanges: idChanges.filter((c) => pending.has(c.sheetRow)), idRestored: idRestored.filter((r) => !pending.has(r)) };
}

/**
 * For each new row, the index of the old row it continues. Positional, except that when a
 * block covers every key column of the table (a sort, or rows pasted in another order) rows are matched
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

/** Context of reconciling a whole table with the baseline. */
export interface ReconcileContext {
  time: string;
  /** 操作人; blank for changes made while custfile was not running (nobody knows who made them). */
  user: string;
  table: string;
  /** 1-based sheet row of the table's first data row. */
  firstDataSheetRow: number;
}

/**
 * Reconcile the whole table (`current`: key fields as baselineRowFrom gives them) with the
 * baseline, when single events cannot be trusted: at start (changes made while custfile was
 * not running), after columns moved, after a failed burst. Rows are matched by 客户编号 (the id
 * in the baseline, then the id it was saved with), so a sort logs nothing and rows added or
 * removed elsewhere do not shift every later row. Unmatched rows between two matched ones are
 * paired in order (an id changed in place); what is left is 新增 or 删除. Edits are 编辑. The
 * baseline becomes `current`, keeping each matched row's saved id.
 */
export function reconcileRows(baseline: Baseline, current: readonly BaselineRow[], ctx: ReconcileContext): BurstResult {
  const olds = baseline.rows();
  const pair: number[] = new Array(current.length).fill(-1);
  const used: boolean[] = new Array(olds.length).fill(false);
  for (const index of [ID_INDEX, LOCKED_ID_INDEX]) {
    const byId = new Map<string, number[]>();
    olds.forEach((o, j) => { if (!used[j] && o[index] !== "") { const l = byId.get(o[index]); if (l) l.push(j); else byId.set(o[index], [j]); } });
    current.forEach((c, k) => {
      if (pair[k] >= 0 || c[ID_INDEX] === "") return;
      const j = byId.get(c[ID_INDEX])?.find((x) => !used[x]);
      if (j !== undefined) { pair[k] = j; used[j] = true; }
    });
  }
  for (let k = 0; k < current.length;) {
    if (pair[k] >= 0) { k++; continue; }
    let end = k;
    while (end < current.length && pair[end] < 0) end++;
    for (let m = k, j = k === 0 ? 0 : pair[k - 1] + 1; m < end && j < olds.length && !used[j]; m++, j++) { pair[m] = j; used[j] = true; }
    k = end;
  }

  const entries: ChangeLogEntry[] = [];
  const idChanges: IdChange[] = [];
  const idRestored: number[] = [];
  const log = (customerId: string, f: number, before: string, after: string, reason: ChangeReason) =>
    entries.push({ time: ctx.time, table: ctx.table, customerId, field: fieldHeader(KEY_FIELDS[f]), before, after, reason, user: ctx.user });
  const next: BaselineRow[] = current.map((c, k) => {
    const row = c.slice(0, KEY_FIELDS.length);
    if (pair[k] < 0) {
      row.push(row[ID_INDEX]);
      if (!isBlankRow(row)) row.forEach((v, f) => { if (f < KEY_FIELDS.length && v !== "") log(row[ID_INDEX], f, "", v, "新增"); });
      return row;
    }
    const old = olds[pair[k]];
    const locked = old[LOCKED_ID_INDEX] || row[ID_INDEX];
    for (let f = 0; f < KEY_FIELDS.length; f++) if (old[f] !== row[f]) log(locked || row[ID_INDEX], f, old[f], row[f], "编辑");
    if (locked !== "" && row[ID_INDEX] !== locked) idChanges.push({ sheetRow: ctx.firstDataSheetRow + k, before: locked, after: row[ID_INDEX] });
    else if (locked !== "" && old[ID_INDEX] !== locked) idRestored.push(ctx.firstDataSheetRow + k);
    row.push(locked);
    return row;
  });
  olds.forEach((o, j) => {
    if (used[j] || isBlankRow(o)) return;
    for (let f = 0; f < KEY_FIELDS.length; f++) if (o[f] !== "") log(rowId(o), f, o[f], "", "删除");
  });
  baseline.replaceRows(next);
  return { entries, idChanges, idRestored };
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
