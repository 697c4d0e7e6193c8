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
 * - A sort raises no onChanged with values (issue 10): a change of type Unknown, a worksheet
 *   onRowSorted (ExcelApi 1.10, when the host has it), or a burst whose rows hold other ids than
 *   the baseline at those positions (rows moved without any event) reconciles the whole table
 *   (rows matched by id) instead of diffing cell by cell, so a sort logs nothing false.
 * - Handlers are removed inside Excel.run(handler.context, …), the only place Excel removes them.
 * - Reads go through src/excel/read.ts, writes (ChangeLog rows, the baseline cells) through
 *   src/excel/write.ts: text stays text, 时间 is an Excel date-time.
 */
import { CustfileError } from "../core/errors";
import { cellText, columnLetter, type Cell } from "../core/table";
import {
  Baseline, type BaselineRow, type ChangeLogEntry, type ChangeReason, type IdChange, type KeyField, type TableChange,
  applyBurst, applyOwnWrite, baselineRowFrom, blocksToRead, idRowsToCheck, keyFieldColumns, logTime, pendingIdChanges, reconcileRows, rowsMoved,
  type BlockToRead, type BurstResult,
} from "../core/changes";
import { formatOfKind, recordColumns, recordOf } from "../core/sheets";
import { CHANGELOG, CUSTOMERS } from "../core/template/tables";
import { loadBaseline, queueBaselineWrite } from "./baseline";
import type { ExcelRun } from "./check";
import { readBlocks, VALUE_BYTES, type BlockRequest } from "./read";
import {
  announceChainStart, appendRecords, lookUpRecordTable, queueCellWrites, queueRecordLookup, recordTableOf, RequestBudget, type ChainStart, type RecordLookup, type RecordTable,
} from "./write";

/** Fill of a 客户编号 cell that differs from the id the row was saved with. */
export const CHANGED_ID_FILL = "#FFC7CE";
/**
 * Cells read or written per sync: Excel on the web refuses a request or response over 5 MB;
 * 50,000 cells of customer text (CJK is 3 bytes a character in UTF-8) stay near 2 MB.
 */
export const CELLS_PER_SYNC = 50_000;
/** Request bytes the tracker queues before a sync (Excel on the web refuses 5 MB; 600,000 CJK characters are 1.8 MB). */
export const BYTES_PER_SYNC = 1_800_000;
/** The reader's estimate for CELLS_PER_SYNC cells of values. */
const READ_BUDGET = CELLS_PER_SYNC * VALUE_BYTES;

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
  /** Office.context.requirements.isSetSupported: sorts are watched through onRowSorted where ExcelApi 1.10 is there. */
  isSetSupported?: (name: string, version: string) => boolean;
}

/** The parts of Excel's TableChangedEventArgs the tracker reads. */
export interface TableChangedEvent {
  address: string;
  changeType: string;
  source: string;
}

interface TablePlace {
  /** The worksheet the table is on. */
  sheet: string;
  /** 0-based sheet row of the header row. */
  headerRow: number;
  /** 0-based sheet column of the table's first column. */
  firstColumn: number;
  columnCount: number;
  rowCount: number;
  columns: (KeyField | null)[];
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
  /** Event handlers registered (the table's onChanged, the sheet's onRowSorted), each removable only in its own context. */
  private registrations: Array<{ remove(): void; context: unknown }> = [];
  /** Where this job's ChangeLog rows started the 校验 chain over older rows, announced after its sync. */
  private chainStart: ChainStart | undefined;

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
        tracker.registrations.push(table.onChanged.add((e) => tracker.handleEvent(e)));
        // A sort raises no onChanged with values; where Excel tells about sorts, reconcile on it.
        if (options.isSetSupported?.("ExcelApi", "1.10")) {
          tracker.registrations.push(table.worksheet.onRowSorted.add(() => tracker.handleEvent({ address: "", changeType: "RowSorted", source: "Local" })));
        }
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
    const budget = this.budget(context);
    if (!stored) {
      this.baseline = Baseline.fromRows(current);
    } else {
      // Changes made while custfile was not running: logged now, with no 操作人 (nobody knows who).
      this.baseline = stored;
      await this.logAndMark(context, this.reconcile(current, ""), budget);
    }
    await this.flush(context, true, budget);
  }

  /** Read the whole table's key columns (in blocks under Excel's request limit) as baseline rows. */
  private async readWholeTable(context: Excel.RequestContext): Promise<BaselineRow[]> {
    const table = context.workbook.tables.getItem(CUSTOMERS.tableName);
    const range = table.getRange().load("rowIndex,columnIndex,rowCount,columnCount");
    const headerRange = table.getHeaderRowRange().load("values");
    const sheet = table.worksheet.load("name");
    await context.sync();
    this.place = {
      sheet: sheet.name, headerRow: range.rowIndex, firstColumn: range.columnIndex, columnCount: range.columnCount, rowCount: range.rowCount - 1,
      columns: keyFieldColumns(headerRange.values[0] as Cell[]),
    };
    const place = this.place;
    // Only the key columns: a Customers table often has twice as many columns as are tracked.
    const keyColumns = place.columns.flatMap((field, c) => (field ? [c] : []));
    const columns = await readBlocks(context, keyColumns.map((c) => ({ sheet: place.sheet, row: place.headerRow + 1, column: place.firstColumn + c, rows: place.rowCount, columns: 1 })), { budget: READ_BUDGET });
    const rows: BaselineRow[] = [];
    const cells: Cell[] = new Array(place.columnCount).fill(null);
    for (let r = 0; r < place.rowCount; r++) {
      keyColumns.forEach((c, i) => { cells[c] = columns[i].values[r][0]; });
      rows.push(baselineRowFrom(cells, place.columns));
    }
    return rows;
  }

  /** Diff a full read of the table against the baseline (rows matched by id, so a sort logs nothing). */
  private reconcile(current: BaselineRow[], user: string): BurstResult {
    return reconcileRows(this.baseline, current, { time: this.now(), user, table: CUSTOMERS.key, firstDataSheetRow: this.place!.headerRow + 2 });
  }

  /** Queue the ChangeLog rows and the id marks of a diff (the caller syncs); `changeLog` when a lookup rode in an earlier sync. */
  private async logAndMark(context: Excel.RequestContext, result: BurstResult, budget: RequestBudget, changeLog?: RecordTable): Promise<void> {
    if (result.entries.length) this.chainStart ??= (await appendRecords(context, changeLog ?? (await lookUpRecordTable(context, CHANGELOG)), result.entries, { budget })).chainStart;
    this.markIdCells(context, result.idChanges.map((c) => c.sheetRow), CHANGED_ID_FILL);
    this.markIdCells(context, result.idRestored, null);
  }

  /** A request budget for the tracker's writes (Excel on the web's bound, and CELLS_PER_SYNC cells). */
  private budget(context: Excel.RequestContext): RequestBudget {
    return new RequestBudget(context, { bytes: BYTES_PER_SYNC, cells: CELLS_PER_SYNC });
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
          this.chainStart = undefined;
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

  /** Diff the whole table (ids matched) and write the result: after columns moved, a sort, a failed burst. */
  private async reconcileWhole(context: Excel.RequestContext): Promise<void> {
    const current = await this.readWholeTable(context);
    const budget = this.budget(context);
    await this.logAndMark(context, this.reconcile(current, this.user()), budget);
    this.needsSnapshot = false;
    await this.flush(context, true, budget);
  }

  /** Handle one burst: one sync to read the changed blocks, one to write log, marks and baseline. */
  private async handleBurst(context: Excel.RequestContext, events: TableChangedEvent[]): Promise<void> {
    const structural = events.some((e) => /^Column|^Cell/.test(e.changeType));
    // Excel gives no values for a sort: Unknown (or onRowSorted) means rows may have moved.
    const moved = events.some((e) => e.changeType === "Unknown" || e.changeType === "RowSorted");
    const place = this.place!;
    const headerTouched = events.some((e) => e.changeType === "RangeEdited" && parseA1(e.address).row <= place.headerRow);
    if (this.needsSnapshot || structural || moved || headerTouched) {
      // Columns moved or renamed, rows sorted, or a burst failed: diff the whole table (ids matched) instead.
      await this.reconcileWhole(context);
      return;
    }
    const changes: TableChange[] = [];
    for (const e of events) {
      const r = parseA1(e.address);
      const kind = e.changeType === "RowInserted" ? "insert" : e.changeType === "RowDeleted" ? "delete" : "edit";
      changes.push({ kind, firstRow: r.row - place.headerRow - 1, rowCount: r.rows, firstColumn: r.col - place.firstColumn, columnCount: r.cols, remote: e.source === "Remote" });
      place.rowCount += kind === "insert" ? r.rows : kind === "delete" ? -r.rows : 0;
    }
    let changeLog: RecordLookup = queueRecordLookup(context, CHANGELOG);
    const reads = blocksToRead(changes, place.columnCount);
    // Rows sorted without any event would make cell-by-cell diffing log the wrong customers: read their ids too.
    const idColumn = place.columns.indexOf("customerId");
    const idRows = idRowsToCheck(changes, idColumn) ?? [];
    const toRequest = (b: BlockToRead): BlockRequest => ({ sheet: place.sheet, row: place.headerRow + 1 + b.firstRow, column: place.firstColumn + b.firstColumn, rows: b.rowCount, columns: b.columnCount });
    const wanted = reads.flatMap((b) => (b ? [b] : []));
    const data = await readBlocks(context, [...wanted.map(toRequest), ...idRows.map(toRequest)], {
      budget: READ_BUDGET,
      alwaysSync: true, // the ChangeLog lookup rides in the first sync
      requeue: () => { changeLog = queueRecordLookup(context, CHANGELOG); },
    });
    if (rowsMoved(this.baseline, changes, idRows, data.slice(wanted.length).map((d) => d.values), idColumn)) {
      await this.reconcileWhole(context);
      return;
    }
    let next = 0;
    const blocks = reads.map((b) => (b ? data[next++].values : null));
    const result = applyBurst(this.baseline, changes, blocks, {
      time: this.now(), user: this.user(), table: CUSTOMERS.key, firstDataSheetRow: place.headerRow + 2, columns: place.columns,
    });
    const budget = this.budget(context);
    await this.logAndMark(context, result, budget, recordTableOf(changeLog));
    await this.flush(context, events.some((e) => e.source !== "Remote"), budget);
  }

  /** Persist the baseline's changed chunks (when `persist`) and sync; tell the pane about id changes. */
  private async flush(context: Excel.RequestContext, persist: boolean, budget: RequestBudget): Promise<void> {
    if (persist && this.baseline.hasChanges) {
      await queueBaselineWrite(context, this.baseline.takeWrite(), this.baselineSheetExists, budget);
      this.baselineSheetExists = true;
    }
    await context.sync();
    // The chain started over older rows in this write: said once, now that it is in the workbook.
    announceChainStart(this.chainStart);
    this.chainStart = undefined;
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

  /** Ids changed on existing rows, as the validator's `knownIdChanges` and the pane's list. */
  pendingIdChanges(): IdChange[] {
    return this.place ? pendingIdChanges(this.baseline, this.place.headerRow + 2) : [];
  }

  /**
   * Write cells of Customers as custfile (a fix, an import): the baseline is updated first so
   * the change event finds nothing new, and the ChangeLog row is written here with `reason`,
   * before the cell. Text is written as text: a restored id or a phone stays exactly as it was.
   */
  writeCustomerCells(writes: Array<{ sheetRow: number; field: KeyField; value: Cell }>, reason: ChangeReason): Promise<void> {
    return this.ownBatch(reason, async (context, own, budget) => {
      const place = this.place!;
      const entries: ChangeLogEntry[] = [];
      const cells = writes.map((w) => {
        const col = place.columns.indexOf(w.field);
        if (col < 0) throw new Error(`${CUSTOMERS.sheet}: no ${w.field} column to write row ${w.sheetRow}`);
        const entry = own(w.sheetRow, w.field, w.value);
        if (entry) entries.push(entry);
        return { sheet: place.sheet, row: w.sheetRow, column: place.firstColumn + col + 1, value: w.value, format: formatOfKind(CUSTOMERS.columns.find((c) => c.key === w.field)!.kind) };
      });
      if (entries.length) this.chainStart ??= (await appendRecords(context, await lookUpRecordTable(context, CHANGELOG), entries, { budget })).chainStart;
      await queueCellWrites(context, cells, budget);
    });
  }

  /**
   * Run a batch of custfile's own writes that logs its own ChangeLog rows, each with its own
   * 原因 and 操作人 (the pane's fixes: 修正 by the pane's 操作人; the annual review: 信用评级调整
   * YYYY by each row's 审批人, the plan's entries as they are), inside the tracker's queue: the
   * batch reads, plans and writes there, so no hand edit lands between its read and its write.
   * It calls `own(sheetRow, field, value)` for every Customers key-field cell before writing it,
   * so the baseline already holds the new value and the change event diffs to nothing: the
   * tracker logs nothing of its own for these cells (no row is logged twice). The baseline is
   * persisted in the batch's last sync.
   */
  ownWrites<T>(batch: (context: Excel.RequestContext, own: (sheetRow: number, field: KeyField, value: Cell) => void) => Promise<T>): Promise<T> {
    let result: T;
    return this.ownBatch(null, async (context, own) => {
      result = await batch(context, own);
    }).then(() => result);
  }

  /**
   * The queue, run, id unmarking, baseline persistence and failure handling of custfile's own
   * writes; `batch` counts what it queues in the budget it is given. With a `reason`, `own`
   * returns the ChangeLog entry of the tracker's baseline (the old value it holds, the pane's
   * 操作人) for the batch to write; without one (ownWrites) the batch logs its own and `own` only
   * moves the baseline. When the batch fails, the write may not have reached the workbook: the
   * baseline rows it touched are put back and the next burst reconciles the table, so a cell
   * that was written after all is logged then.
   */
  private ownBatch(reason: ChangeReason | null, batch: (context: Excel.RequestContext, own: (sheetRow: number, field: KeyField, value: Cell) => ChangeLogEntry | null, budget: RequestBudget) => Promise<void>): Promise<void> {
    return this.enqueue(() => this.options.run(async (context) => {
      const meta = { time: this.now(), user: this.user(), table: CUSTOMERS.key, reason: reason ?? "修正" };
      const unmark: number[] = [];
      const saved = new Map<number, BaselineRow>();
      const budget = this.budget(context);
      try {
        await batch(context, (sheetRow, field, value) => {
          if (!this.place) return null;
          const index = sheetRow - this.place.headerRow - 2;
          const before = this.baseline.get(index);
          if (before && !saved.has(index)) saved.set(index, [...before]);
          if (field === "customerId") unmark.push(sheetRow);
          const entry = applyOwnWrite(this.baseline, index, field, value, meta);
          return reason === null ? null : entry;
        }, budget);
        this.markIdCells(context, unmark, null);
        await this.flush(context, true, budget);
      } catch (e) {
        this.chainStart = undefined;
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

  /** The last `limit` ChangeLog rows, newest first (for the pane); 时间 as text whether the cell holds a date-time or text. */
  async recentChanges(limit = 50): Promise<ChangeLogEntry[]> {
    await this.idle();
    return this.options.run(async (context) => {
      const found = await lookUpRecordTable(context, CHANGELOG);
      if (!found.table || limit <= 0) return [];
      const n = Math.min(limit, found.table.dataRows);
      const columns = recordColumns(CHANGELOG, found.table.headers);
      const [body] = await readBlocks(context, [{ sheet: found.sheet, row: found.table.headerRow + 1 + found.table.dataRows - n, column: 0, rows: n, columns: found.table.headers.length }]);
      return body.values
        .map((row) => recordOf(columns, row))
        .filter((r) => Object.values(r).some((v) => v !== null && v !== ""))
        .map((r) => Object.fromEntries(CHANGELOG.columns.map((c) => [c.key, cellText(r[c.key] ?? null)])) as ChangeLogEntry)
        .reverse();
    });
  }

  /**
   * Stop listening: each handler is removed in the context that registered it (Excel removes a
   * handler nowhere else); queued work still finishes. A handler whose table was deleted went with it.
   */
  async stop(): Promise<void> {
    const registrations = this.registrations.splice(0);
    for (const r of registrations) {
      try {
        await this.options.run(r.context as Excel.RequestContext, async (context) => {
          r.remove();
          await context.sync();
        });
      } catch (e) {
        if ((e as { code?: string }).code !== "ItemNotFound") throw e;
      }
    }
    await this.idle();
  }
}


