/**
 * Change tracking inside Excel (SPEC §2.5, issue 7): watch the Customers table, diff every
 * edit, paste, insert and delete against the baseline, append ChangeLog rows, keep the
 * baseline persisted, mark changed 客户编号 cells and restore them on request.
 *
 * Rules chosen here (docs/changes.md explains them):
 * - Events are queued; a burst (every event that arrived while the previous one was being
 *   handled, or within `coalesceMs`) is handled in two syncs: read the changed blocks, then
 *   write ChangeLog + marks + baseline chunks (more only to stay under Excel's 5 MB request
 *   limit: CELLS_PER_SYNC, CHARS_PER_SYNC). Handlers never interleave.
 * - A changed 客户编号 stays pending (marked, `pendingIdChanges`) until the saved id is back,
 *   by `restoreCustomerId` or typed by hand; marks go where the row is after the burst.
 * - Start, columns moved, the header edited or a failed burst: the whole table is reconciled
 *   with the baseline, rows matched by id (changes made while custfile was not running are
 *   logged then, with a blank 操作人).
 * - custfile's own writes go through `writeCustomerCells` / `ownWrites` / `restoreCustomerId`,
 *   which update the baseline before writing (and put it back if the write fails); the event
 *   they raise then diffs to nothing. No time window or address list to go stale: the
 *   baseline is the guard.
 * - source Remote (a co-author): the baseline is updated, nothing is logged; the co-author's
 *   own custfile session logs it, and ChangeLog rows reach everyone by co-authoring.
 * - 操作人: Office gives add-ins in Excel no user name; the pane's settings may hold a name the
 *   user typed, passed in as `user()`; otherwise it is left blank.
 */
import { CustfileError } from "../core/errors";
import { columnLetter, type Cell } from "../core/table";
import {
  Baseline, type BaselineRow, type ChangeLogEntry, type ChangeReason, type IdChange, type KeyField, type TableChange,
  applyBurst, applyOwnWrite, baselineRowFrom, blocksToRead, keyFieldColumns, logTime, pendingIdChanges, reconcileRows,
  type BlockToRead, type BurstResult,
} from "../core/changes";
import { CHANGELOG, CUSTOMERS } from "../core/template/tables";
import { CHARS_PER_SYNC, loadBaseline, queueBaselineWrite } from "./baseline";
import { CHANGELOG_HEADERS, changeLogColumnOrder, changeLogRow, queueNewChangeLogTable } from "./changelog";
import type { ExcelRun } from "./check";

/** Fill of a 客户编号 cell that differs from the id the row was saved with. */
export const CHANGED_ID_FILL = "#FFC7CE";
/**
 * Cells read or written per sync: Excel on the web refuses a request or response over 5 MB;
 * 50,000 cells of customer text (CJK is 3 bytes a character in UTF-8) stay near 2 MB.
 */
export const CELLS_PER_SYNC = 50_000;

/** Options of the change tracker. */
export interface ChangeTrackerOptions {
  run: ExcelRun;
  /** 操作人 for ChangeLog rows (a name typed in the pane's settings); blank when absent. */
  user?: () => string;
  now?: () => Date;
  /** Wait this long after an event for more of the same burst (default 20 ms). */
  coalesceMs?: number;
  /** Called after each burst with the pending id changes, so the pane can refresh. */
  onIdChanges?: (changes: IdChange[]) => void;
  /** Called when handling a burst failed; the tracker re-snapshots on the next burst. */
  onError?: (error: Error) => void;
}

/** The parts of Excel's TableChangedEventArgs the tracker reads. */
export interface TableChangedEvent {
  address: string;
  changeType: string;
  source: string;
}

interface TablePlace {
  /** 0-based sheet row of the header row. */
  headerRow: number;
  /** 0-based sheet column of the table's first column. */
  firstColumn: number;
  columnCount: number;
  rowCount: number;
  columns: (KeyField | null)[];
}

/** The ChangeLog table, its header (when not known yet) and its sheet (when the header is not known yet), loaded in one sync. */
interface ChangeLogLookup {
  table: Excel.Table;
  header: Excel.Range | null;
  sheet: Excel.Worksheet | null;
}

type Job = { kind: "events"; events: TableChangedEvent[] } | { kind: "task"; fn: () => Promise<void> };

/** A 0-based rectangle from a local A1 address ("B3", "B3:D9"; a sheet prefix is ignored). */
export function parseA1(address: string): { row: number; col: number; rows: number; cols: number } {
  const local = address.slice(address.lastIndexOf("!") + 1).replace(/\$/g, "");
  const parts = local.split(":");
  const one = (p: string) => {
    const m = /^([A-Za-z]+)(\d+)$/.exec(p);
    if (!m) throw new Error(`change tracking: cannot read the address '${address}'`);
    let col = 0;
    for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
    return { row: Number(m[2]) - 1, col: col - 1 };
  };
  const a = one(parts[0]);
  const b = parts[1] ? one(parts[1]) : a;
  return { row: Math.min(a.row, b.row), col: Math.min(a.col, b.col), rows: Math.abs(b.row - a.row) + 1, cols: Math.abs(b.col - a.col) + 1 };
}

/**
 * Watches the Customers table in the shared runtime. Create with `ChangeTracker.start`.
 */
export class ChangeTracker {
  private baseline: Baseline = new Baseline();
  private place: TablePlace | null = null;
  private baselineSheetExists = false;
  private queue: Job[] = [];
  private draining: Promise<void> | null = null;
  private needsSnapshot = false;
  /** A recovery burst was queued after a failure and has not succeeded yet (one at a time, no loop). */
  private recovering = false;
  private registration: { remove(): void } | null = null;
  private changeLogHeaders: string[] | null = null;

  private constructor(private readonly options: ChangeTrackerOptions) {}

  /**
   * Register the Customers onChanged handler, load the persisted baseline (or snapshot the
   * table when there is none) and reconcile it with the table as it is now (edits made while
   * custfile was not running are logged). The handler is registered first, in the first sync,
   * and start runs as the queue's first job: an edit made while start reads the table is
   * handled after it, not lost.
   */
  static async start(options: ChangeTrackerOptions): Promise<ChangeTracker> {
    const tracker = new ChangeTracker(options);
    try {
      await tracker.enqueue(() => options.run(async (context) => {
        const table = context.workbook.tables.getItem(CUSTOMERS.tableName);
        tracker.registration = table.onChanged.add((e) => tracker.handleEvent(e));
        await tracker.startIn(context);
      }));
    } catch (e) {
      await tracker.stop().catch(() => undefined); // no handler left behind by a tracker that never ran
      throw e;
    }
    return tracker;
  }

  private async startIn(context: Excel.RequestContext): Promise<void> {
    const { baseline: stored, sheetExists } = await loadBaseline(context);
    this.baselineSheetExists = sheetExists;
    const current = await this.readWholeTable(context);
    if (!stored) {
      this.baseline = Baseline.fromRows(current);
    } else {
      // Changes made while custfile was not running: logged now, with no 操作人 (nobody knows who).
      this.baseline = stored;
      await this.flush(context, true, await this.logAndMark(context, this.reconcile(current, "")));
      return;
    }
    await this.flush(context, true);
  }

  /** Read the whole table's key columns (in blocks under Excel's request limit) as baseline rows. */
  private async readWholeTable(context: Excel.RequestContext): Promise<BaselineRow[]> {
    const table = context.workbook.tables.getItem(CUSTOMERS.tableName);
    const range = table.getRange().load("rowIndex,columnIndex,rowCount,columnCount");
    const headerRange = table.getHeaderRowRange().load("values");
    await context.sync();
    this.place = {
      headerRow: range.rowIndex, firstColumn: range.columnIndex, columnCount: range.columnCount, rowCount: range.rowCount - 1,
      columns: keyFieldColumns(headerRange.values[0] as Cell[]),
    };
    const place = this.place;
    const sheet = table.worksheet;
    // Only the key columns: a Customers table often has twice as many columns as are tracked.
    const keyColumns = place.columns.flatMap((field, c) => (field ? [c] : []));
    const rowsPerRead = Math.max(1, Math.floor(CELLS_PER_SYNC / Math.max(1, keyColumns.length)));
    const rows: BaselineRow[] = [];
    const cells: Cell[] = new Array(place.columnCount).fill(null);
    for (let start = 0; start < place.rowCount; start += rowsPerRead) {
      const n = Math.min(rowsPerRead, place.rowCount - start);
      const columns = keyColumns.map((c) => sheet.getRangeByIndexes(place.headerRow + 1 + start, place.firstColumn + c, n, 1).load("values"));
      await context.sync();
      for (let r = 0; r < n; r++) {
        keyColumns.forEach((c, i) => { cells[c] = (columns[i].values as Cell[][])[r][0]; });
        rows.push(baselineRowFrom(cells, place.columns));
      }
    }
    return rows;
  }

  /** Diff a full read of the table against the baseline (rows matched by id, so a sort logs nothing). */
  private reconcile(current: BaselineRow[], user: string): BurstResult {
    return reconcileRows(this.baseline, current, { time: this.now(), user, table: CUSTOMERS.key, firstDataSheetRow: this.place!.headerRow + 2 });
  }

  /** Queue the ChangeLog rows and the id marks of a diff (the caller syncs); returns the characters left queued. */
  private async logAndMark(context: Excel.RequestContext, result: BurstResult, lookup?: ChangeLogLookup): Promise<number> {
    const chars = result.entries.length ? await this.appendChangeLog(context, result.entries, lookup) : 0;
    this.markIdCells(context, result.idChanges.map((c) => c.sheetRow), CHANGED_ID_FILL);
    this.markIdCells(context, result.idRestored, null);
    return chars;
  }

  /** The table onChanged handler: queue the event; resolves when its burst has been handled. */
  handleEvent(event: TableChangedEvent): Promise<void> {
    const last = this.queue[this.queue.length - 1];
    if (last && last.kind === "events") last.events.push(event);
    else this.queue.push({ kind: "events", events: [event] });
    return this.drain();
  }

  /** Resolves once every queued event and task has been handled. */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private drain(): Promise<void> {
    if (this.draining) return this.draining;
    this.draining = (async () => {
      await new Promise((resolve) => setTimeout(resolve, this.options.coalesceMs ?? 20));
      for (;;) {
        const job = this.queue.shift();
        if (!job) {
          // Cleared in the same turn as the empty check: an event arriving later starts a new drain
          // (cleared in a .finally, one tick late, such an event joined a drain that had ended).
          this.draining = null;
          return;
        }
        try {
          if (job.kind === "task") await job.fn();
          else {
            await this.options.run((context) => this.handleBurst(context, job.events));
            this.recovering = false;
          }
        } catch (e) {
          // What the burst saw may be half applied: reconcile the whole table and rewrite the whole
          // baseline (the failed write may have lost chunks), at once rather than at the next edit.
          this.needsSnapshot = true;
          this.baseline.markAllDirty();
          try {
            this.options.onError?.(e as Error);
          } catch (reportError) {
            console.error("custfile: change tracking's onError failed", reportError); // the queue must keep going
          }
          if (!this.recovering && !this.queue.some((j) => j.kind === "events")) {
            this.recovering = true;
            this.queue.push({ kind: "events", events: [] });
          }
        }
      }
    })();
    return this.draining;
  }

  /** Run a task in the queue, after pending events and never interleaved with them. */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ kind: "task", fn: async () => { try { resolve(await fn()); } catch (e) { reject(e); } } });
      void this.drain();
    });
  }

  private now(): string {
    return logTime(this.options.now?.() ?? new Date());
  }

  private user(): string {
    return this.options.user?.() ?? "";
  }

  /** Handle one burst: one sync to read the changed blocks, one to write log, marks and baseline. */
  private async handleBurst(context: Excel.RequestContext, events: TableChangedEvent[]): Promise<void> {
    const structural = events.some((e) => /^Column|^Cell/.test(e.changeType));
    const place = this.place!;
    const headerTouched = events.some((e) => e.changeType === "RangeEdited" && parseA1(e.address).row <= place.headerRow);
    if (this.needsSnapshot || structural || headerTouched) {
      // Columns moved or renamed, or a burst failed: diff the whole table (ids matched) instead.
      const current = await this.readWholeTable(context);
      const chars = await this.logAndMark(context, this.reconcile(current, this.user()));
      this.needsSnapshot = false;
      await this.flush(context, true, chars);
      return;
    }
    const changes: TableChange[] = [];
    for (const e of events) {
      const r = parseA1(e.address);
      const kind = e.changeType === "RowInserted" ? "insert" : e.changeType === "RowDeleted" ? "delete" : "edit";
      changes.push({ kind, firstRow: r.row - place.headerRow - 1, rowCount: r.rows, firstColumn: r.col - place.firstColumn, columnCount: r.cols, remote: e.source === "Remote" });
      place.rowCount += kind === "insert" ? r.rows : kind === "delete" ? -r.rows : 0;
    }
    const changeLog = this.queueChangeLogLookup(context);
    const blocks = await this.readBlocks(context, blocksToRead(changes, place.columnCount));
    const result = applyBurst(this.baseline, changes, blocks, {
      time: this.now(), user: this.user(), table: CUSTOMERS.key, firstDataSheetRow: place.headerRow + 2, columns: place.columns,
    });
    const chars = await this.logAndMark(context, result, changeLog);
    await this.flush(context, events.some((e) => e.source !== "Remote"), chars);
  }

  /**
   * Read the blocks a burst touched: one sync for all of them unless they hold more than
   * CELLS_PER_SYNC cells, then in row slices, one sync per CELLS_PER_SYNC.
   */
  private async readBlocks(context: Excel.RequestContext, reads: (BlockToRead | null)[]): Promise<(Cell[][] | null)[]> {
    const place = this.place!;
    const sheet = context.workbook.tables.getItem(CUSTOMERS.tableName).worksheet;
    const blocks: (Cell[][] | null)[] = reads.map((b) => (b ? [] : null));
    let pending: Array<{ block: number; range: Excel.Range }> = [];
    let cells = 0;
    const collect = async () => {
      await context.sync();
      for (const p of pending) blocks[p.block]!.push(...(p.range.values as Cell[][]));
      pending = [];
      cells = 0;
    };
    for (let i = 0; i < reads.length; i++) {
      const b = reads[i];
      if (!b) continue;
      const rowsPerSlice = Math.max(1, Math.floor(CELLS_PER_SYNC / b.columnCount));
      for (let r = 0; r < b.rowCount; r += rowsPerSlice) {
        const n = Math.min(rowsPerSlice, b.rowCount - r);
        if (cells > 0 && cells + n * b.columnCount > CELLS_PER_SYNC) await collect();
        pending.push({ block: i, range: sheet.getRangeByIndexes(place.headerRow + 1 + b.firstRow + r, place.firstColumn + b.firstColumn, n, b.columnCount).load("values") });
        cells += n * b.columnCount;
      }
    }
    await collect(); // also the sync of the caller's queued lookups when nothing was read
    return blocks;
  }

  /** Persist the baseline's changed chunks (when `persist`) and sync; tell the pane about id changes. */
  private async flush(context: Excel.RequestContext, persist: boolean, queuedChars = 0): Promise<void> {
    if (persist && this.baseline.hasChanges) {
      await queueBaselineWrite(context, this.baseline.takeWrite(), this.baselineSheetExists, queuedChars);
      this.baselineSheetExists = true;
    }
    await context.sync();
    this.options.onIdChanges?.(this.pendingIdChanges());
  }

  private markIdCells(context: Excel.RequestContext, sheetRows: number[], fill: string | null): void {
    const place = this.place!;
    const idCol = place.columns.indexOf("customerId");
    if (idCol < 0 || sheetRows.length === 0) return;
    const sheet = context.workbook.tables.getItem(CUSTOMERS.tableName).worksheet;
    const letters = columnLetter(place.firstColumn + idCol + 1);
    // RangeAreas: one request for many scattered cells; addresses in groups to stay short.
    for (let i = 0; i < sheetRows.length; i += 500) {
      const areas = sheet.getRanges(sheetRows.slice(i, i + 500).map((r) => `${letters}${r}`).join(","));
      if (fill) areas.format.fill.color = fill;
      else areas.format.fill.clear();
    }
  }

  /** Queue the ChangeLog table lookup (existence + header, and its sheet in case the table is missing) for the next sync. */
  private queueChangeLogLookup(context: Excel.RequestContext): ChangeLogLookup {
    const table = context.workbook.tables.getItemOrNullObject(CHANGELOG.tableName);
    table.load("isNullObject");
    const header = this.changeLogHeaders ? null : table.getHeaderRowRange().load("values");
    const sheet = this.changeLogHeaders ? null : context.workbook.worksheets.getItemOrNullObject(CHANGELOG.sheet).load("isNullObject");
    return { table, header, sheet };
  }

  /**
   * Append ChangeLog rows, mapping columns by header (the table is created on the 变更记录 sheet
   * when missing): one request unless the rows exceed CELLS_PER_SYNC cells or CHARS_PER_SYNC
   * characters, then a sync between batches. The caller syncs the last batch; returns its characters.
   */
  private async appendChangeLog(context: Excel.RequestContext, entries: ChangeLogEntry[], lookup?: ChangeLogLookup): Promise<number> {
    let found = lookup;
    if (!found) {
      found = this.queueChangeLogLookup(context);
      await context.sync();
    }
    let table: Excel.Table | null = found.table.isNullObject ? null : found.table;
    let sheet: Excel.Worksheet | null = null;
    let newTableRow = 0;
    const headers = CHANGELOG_HEADERS as string[];
    if (!table) {
      sheet = found.sheet;
      if (!sheet) {
        // Known a moment ago, gone now (deleted by hand): look for its sheet again.
        sheet = context.workbook.worksheets.getItemOrNullObject(CHANGELOG.sheet).load("isNullObject");
        await context.sync();
      }
      if (sheet.isNullObject) sheet = context.workbook.worksheets.add(CHANGELOG.sheet);
      else {
        // A 变更记录 sheet without the table may hold the user's own notes: start below them, never over them.
        const used = sheet.getUsedRangeOrNullObject(true).load("isNullObject,rowIndex,rowCount");
        await context.sync();
        if (!used.isNullObject) newTableRow = used.rowIndex + used.rowCount + 1;
      }
      this.changeLogHeaders = headers;
    } else if (found.header) {
      this.changeLogHeaders = (found.header.values[0] as Cell[]).map((v) => String(v ?? ""));
    }
    const add = (rows: string[][]) => {
      if (table) {
        table.rows.add(null as unknown as number, rows);
        return;
      }
      table = queueNewChangeLogTable(sheet!, rows, newTableRow);
    };
    const order = changeLogColumnOrder(this.changeLogHeaders!);
    const rowsPerAdd = Math.max(1, Math.floor(CELLS_PER_SYNC / order.length));
    let batch: string[][] = [];
    let chars = 0;
    for (const e of entries) {
      const row = changeLogRow(order, e);
      const size = row.reduce((n, v) => n + v.length + 3, 0); // 3: quotes and comma of the JSON request
      if (batch.length > 0 && (batch.length >= rowsPerAdd || chars + size > CHARS_PER_SYNC)) {
        add(batch);
        await context.sync();
        batch = [];
        chars = 0;
      }
      batch.push(row);
      chars += size;
    }
    add(batch);
    return chars;
  }

  /** Ids changed on existing rows, as the validator's `knownIdChanges` and the pane's list. */
  pendingIdChanges(): IdChange[] {
    return this.place ? pendingIdChanges(this.baseline, this.place.headerRow + 2) : [];
  }

  /**
   * Write cells of Customers as custfile (a fix, an import): the baseline is updated first so
   * the change event finds nothing new, and the ChangeLog row is written here with `reason`.
   */
  writeCustomerCells(writes: Array<{ sheetRow: number; field: KeyField; value: Cell }>, reason: ChangeReason): Promise<void> {
    return this.ownBatch(reason, async (context, own) => {
      const place = this.place!;
      const sheet = context.workbook.tables.getItem(CUSTOMERS.tableName).worksheet;
      const entries: ChangeLogEntry[] = [];
      for (const w of writes) {
        const col = place.columns.indexOf(w.field);
        if (col < 0) throw new Error(`${CUSTOMERS.sheet}: no ${w.field} column to write row ${w.sheetRow}`);
        const entry = own(w.sheetRow, w.field, w.value);
        if (entry) entries.push(entry);
        sheet.getRangeByIndexes(w.sheetRow - 1, place.firstColumn + col, 1, 1).values = [[w.value]];
      }
      return entries.length ? await this.appendChangeLog(context, entries) : 0;
    });
  }

  /**
   * Run a batch of custfile's own writes that logs its own ChangeLog rows (the pane's fixes)
   * inside the tracker's queue: the batch calls `own(sheetRow, field, value)` for every
   * Customers key-field cell before writing it, so the baseline already holds the new value
   * and the change event diffs to nothing. The baseline is persisted in the batch's last sync.
   */
  ownWrites<T>(batch: (context: Excel.RequestContext, own: (sheetRow: number, field: KeyField, value: Cell) => void) => Promise<T>): Promise<T> {
    let result: T;
    return this.ownBatch("修正", async (context, own) => {
      result = await batch(context, own);
      return 0;
    }).then(() => result);
  }

  /**
   * The queue, run, id unmarking, baseline persistence and failure handling of custfile's own
   * writes. `batch` returns the characters it left queued (ChangeLog rows). When it fails, the
   * write may not have reached the workbook: the baseline rows it touched are put back and the
   * next burst reconciles the table, so a cell that was written after all is logged then.
   */
  private ownBatch(reason: ChangeReason, batch: (context: Excel.RequestContext, own: (sheetRow: number, field: KeyField, value: Cell) => ChangeLogEntry | null) => Promise<number>): Promise<void> {
    return this.enqueue(() => this.options.run(async (context) => {
      const meta = { time: this.now(), user: this.user(), table: CUSTOMERS.key, reason };
      const unmark: number[] = [];
      const saved = new Map<number, BaselineRow>();
      try {
        const queuedChars = await batch(context, (sheetRow, field, value) => {
          if (!this.place) return null;
          const index = sheetRow - this.place.headerRow - 2;
          const before = this.baseline.get(index);
          if (before && !saved.has(index)) saved.set(index, [...before]);
          if (field === "customerId") unmark.push(sheetRow);
          return applyOwnWrite(this.baseline, index, field, value, meta);
        });
        this.markIdCells(context, unmark, null);
        await this.flush(context, true, queuedChars);
      } catch (e) {
        for (const [index, row] of saved) this.baseline.set(index, row);
        this.needsSnapshot = true;
        this.baseline.markAllDirty();
        throw e;
      }
    }));
  }

  /** Put back the id a row was saved with (the pane's "restore old id"); logged with reason 恢复. */
  async restoreCustomerId(sheetRow: number): Promise<void> {
    await this.idle();
    const change = this.pendingIdChanges().find((c) => c.sheetRow === sheetRow);
    if (!change) throw new CustfileError("nothing-to-restore", { sheet: CUSTOMERS.sheet, row: sheetRow }, `${CUSTOMERS.sheet} row ${sheetRow}: 客户编号 has not changed, nothing to restore`);
    await this.writeCustomerCells([{ sheetRow, field: "customerId", value: change.before }], "恢复");
  }

  /** The last `limit` ChangeLog rows, newest first (for the pane). */
  async recentChanges(limit = 50): Promise<ChangeLogEntry[]> {
    await this.idle();
    return this.options.run(async (context) => {
      const table = context.workbook.tables.getItemOrNullObject(CHANGELOG.tableName);
      table.load("isNullObject");
      const range = table.getRange().load("rowIndex,columnIndex,rowCount,columnCount");
      const header = table.getHeaderRowRange().load("values");
      await context.sync();
      if (table.isNullObject) return [];
      const n = Math.min(limit, range.rowCount - 1);
      if (n <= 0) return [];
      const body = table.worksheet.getRangeByIndexes(range.rowIndex + range.rowCount - n, range.columnIndex, n, range.columnCount).load("values");
      await context.sync();
      const order = changeLogColumnOrder((header.values[0] as Cell[]).map((v) => String(v ?? "")));
      return (body.values as Cell[][]).map((row) => {
        const e: Record<string, string> = {};
        order.forEach((key, i) => { if (key) e[key] = String(row[i] ?? ""); });
        return e as unknown as ChangeLogEntry;
      }).reverse();
    });
  }

  /** Stop listening (the handler is removed; queued work still finishes). */
  async stop(): Promise<void> {
    const registration = this.registration;
    this.registration = null;
    if (registration) await this.options.run(async (context) => { registration.remove(); await context.sync(); });
    await this.idle();
  }
}


