/**
 * Change tracking in the shared runtime (issue 7): started once when Office is ready
 * (src/commands/commands.ts), alive while the workbook is open. The task pane does not start
 * it; it reads it: `getChangeTracker()` (restore an id, write cells as custfile, recent
 * changes), `changeTrackingStatus()` and `onChangeTracking()` (state and pending id changes
 * after every burst, for the pane's "restore old id" list).
 *
 * Never throws at startup: Excel without ExcelApi 1.9 (RangeAreas, table onAdded), a workbook
 * without a Customers table (tracking starts when one is added), or a failure are reported
 * through the status, the `onError` callback and the console.
 *
 * The Customers table may be deleted and made again while the workbook is open (issue 10): a
 * deleted table's handler stops silently, so tables.onDeleted (ExcelApi 1.9) ends the tracker and
 * tables.onAdded starts a new one, which reconciles the new table with the persisted baseline
 * (rows matched by id: what differs is logged, the rest is not).
 */
import type { IdChange } from "../core/changes";
import { CUSTOMERS } from "../core/template/tables";
import { ChangeTracker } from "./changes";
import type { ExcelRun } from "./check";

/** Where change tracking is. */
export type ChangeTrackingState = "off" | "starting" | "running" | "unsupported" | "no-table" | "failed";

/** Why change tracking is unsupported: no Office (a plain browser), or an Excel older than REQUIRED_SET. */
export type ChangeTrackingReason = "no-office" | "requirement-set";

/** What the pane shows about change tracking (it words `state` and `reason`; `message` is English, for logs). */
export interface ChangeTrackingStatus {
  state: ChangeTrackingState;
  /** Why it is unsupported (with state "unsupported"). */
  reason?: ChangeTrackingReason;
  /** The error behind "failed", or the last burst's error while running (Excel's or custfile's own message). */
  message: string;
  /** 客户编号 changed on existing rows, waiting for a restore (validation reports them as immutable-id). */
  idChanges: IdChange[];
}

/** What the runtime needs from Office; `officeHost()` gives the real one, tests a fake. */
export interface ChangeTrackingHost {
  run: ExcelRun;
  isSetSupported: (name: string, version: string) => boolean;
  /** Make the add-in load with this workbook from now on, so tracking starts when it opens. */
  loadOnOpen?: () => Promise<void>;
  /** Told about every failure (start, a burst); the console is told too. */
  onError?: (error: Error) => void;
  /** Wait this long after an event for more of the same burst (tests pass 0). */
  coalesceMs?: number;
}

/** Requirement set the tracker needs: onChanged on tables (1.7), RangeAreas marks and tables.onAdded (1.9). */
export const REQUIRED_SET = { name: "ExcelApi", version: "1.9" } as const;

let tracker: ChangeTracker | null = null;
let starting: Promise<ChangeTracker | null> | null = null;
let status: ChangeTrackingStatus = { state: "off", message: "", idChanges: [] };
/** The workbook-wide table handlers (onAdded, onDeleted), kept while the runtime lives; removable only in their own context. */
let watching: { host: ChangeTrackingHost; registrations: Array<{ remove(): void; context: unknown }> } | null = null;
let operator = "";
const listeners = new Set<(status: ChangeTrackingStatus) => void>();

/** The running tracker, or null (not started, unsupported, no Customers table yet, failed). */
export function getChangeTracker(): ChangeTracker | null {
  return tracker;
}

/** Change tracking's state and pending id changes now. */
export function changeTrackingStatus(): ChangeTrackingStatus {
  return status;
}

/** Subscribe to status changes (state, and pending id changes after every burst); returns the unsubscribe function. */
export function onChangeTracking(listener: (status: ChangeTrackingStatus) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** 操作人 written to ChangeLog rows from now on (a name the user typed in the pane; Office gives add-ins none). */
export function setChangeLogOperator(name: string): void {
  operator = name.trim();
}

function publish(next: Partial<ChangeTrackingStatus>): void {
  // A new state brings its own reason (or none): an old "unsupported" reason must not stick.
  status = { ...status, ...(next.state !== undefined && !("reason" in next) ? { reason: undefined } : {}), ...next };
  for (const l of listeners) {
    try {
      l(status);
    } catch (e) {
      console.error("custfile: a change-tracking listener failed", e);
    }
  }
}

function report(host: ChangeTrackingHost, error: Error): void {
  console.error("custfile: change tracking:", error);
  try {
    host.onError?.(error);
  } catch (e) {
    console.error("custfile: the change-tracking error handler failed", e);
  }
}

/** The real Office host (Excel.run, Office.context.requirements, Office.addin). */
export function officeHost(onError?: (error: Error) => void): ChangeTrackingHost {
  return {
    run: Excel.run as unknown as ExcelRun,
    isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
    // "Load" is Office.StartupBehavior.load; the literal keeps this working where the enum object is missing.
    loadOnOpen: Office.context.requirements.isSetSupported("SharedRuntime", "1.1")
      ? async () => Office.addin.setStartupBehavior("Load" as Office.StartupBehavior)
      : undefined,
    onError,
  };
}

/**
 * Start change tracking once (later calls return the same tracker; after no-table or failed
 * they try again, so the pane may call it after setting up the template). Resolves to the
 * tracker or null; never rejects.
 */
export function startChangeTracking(host?: ChangeTrackingHost): Promise<ChangeTracker | null> {
  if (tracker) return Promise.resolve(tracker);
  if (starting) return starting;
  starting = startOnce(host).finally(() => { starting = null; });
  return starting;
}

async function startOnce(given?: ChangeTrackingHost): Promise<ChangeTracker | null> {
  let host: ChangeTrackingHost;
  try {
    host = given ?? officeHost();
  } catch (e) {
    // Outside Office (the page opened in a browser): nothing to track.
    publish({ state: "unsupported", reason: "no-office", message: `Office is not available: ${(e as Error).message}` });
    return null;
  }
  try {
    if (!host.isSetSupported(REQUIRED_SET.name, REQUIRED_SET.version)) {
      const message = `Change tracking needs ExcelApi ${REQUIRED_SET.version} (Microsoft 365 / Excel 2021 and later); this Excel does not log hand edits.`;
      console.warn(`custfile: ${message}`);
      publish({ state: "unsupported", reason: "requirement-set", message });
      return null;
    }
    publish({ state: "starting", message: "" });
    await watchTables(host);
    if (!(await hasCustomersTable(host))) {
      publish({ state: "no-table", message: NO_TABLE });
      return null;
    }
    const started = await ChangeTracker.start({
      run: host.run,
      user: () => operator,
      coalesceMs: host.coalesceMs,
      isSetSupported: host.isSetSupported,
      onIdChanges: (idChanges) => publish({ idChanges }),
      onError: (error) => {
        publish({ message: error.message });
        report(host, error);
      },
    });
    tracker = started;
    publish({ state: "running", message: "", idChanges: started.pendingIdChanges() });
    if (host.loadOnOpen) {
      // Without it the runtime starts only when the pane or a button is used, and edits made before go unseen until then.
      await host.loadOnOpen().catch((e: Error) => report(host, new Error(`could not make the add-in load with the workbook: ${e.message}`)));
    }
    return started;
  } catch (e) {
    const error = e as Error;
    publish({ state: "failed", message: error.message });
    report(host, error);
    return null;
  }
}

async function hasCustomersTable(host: ChangeTrackingHost): Promise<boolean> {
  return host.run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(CUSTOMERS.tableName);
    table.load("isNullObject");
    await context.sync();
    return !table.isNullObject;
  });
}

const NO_TABLE = `No ${CUSTOMERS.tableName} table yet; tracking starts when one is added.`;

/**
 * Watch the workbook's tables once: try to start whenever a table is added (the template
 * set-up, a user's Format as Table, Customers made again), and end the tracker when Customers
 * is deleted (its own handler stops without a word). The handlers stay; once tracking runs,
 * startChangeTracking returns at once.
 */
async function watchTables(host: ChangeTrackingHost): Promise<void> {
  if (watching) return;
  watching = { host, registrations: [] };
  const w = watching;
  await host.run(async (context) => {
    w.registrations.push(context.workbook.tables.onAdded.add(async () => { await startChangeTracking(host); }));
    w.registrations.push(context.workbook.tables.onDeleted.add(async (e) => {
      if (e.tableName.toLowerCase() === CUSTOMERS.tableName.toLowerCase()) await customersDeleted(host);
    }));
    await context.sync();
  });
}

/** Customers was deleted: end its tracker (the baseline stays in the workbook for when it comes back). */
async function customersDeleted(host: ChangeTrackingHost): Promise<void> {
  await starting;
  const ended = tracker;
  tracker = null;
  publish({ state: "no-table", message: NO_TABLE, idChanges: [] });
  try {
    await ended?.stop();
  } catch (e) {
    report(host, e as Error);
  }
}

/** Stop tracking and forget the state (tests; a workbook closing ends the runtime anyway). */
export async function stopChangeTracking(): Promise<void> {
  await starting;
  const running = tracker;
  const watched = watching;
  tracker = null;
  watching = null;
  status = { state: "off", message: "", idChanges: [] };
  if (running) await running.stop();
  // Each handler is removed in the context that added it: Excel removes it nowhere else.
  for (const r of watched?.registrations ?? []) {
    await watched!.host.run(r.context as Excel.RequestContext, async (context) => {
      r.remove();
      await context.sync();
    });
  }
}
