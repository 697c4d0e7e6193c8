/**
 * What the pane asks of Excel, as a plain object of async functions. Components receive it as a
 * prop (tests pass a stub); `officeAdapter` wires the real one over src/excel. The pane touches
 * Office only through Office.onReady, Office.context.displayLanguage and Excel.run.
 */
import type { IdChange } from "../core/changes";
import type { AuditOutcome, AuditStatus } from "../excel/audit";
import { readAuditStatus, runQuarterlyAudit, verifyThisQuarter } from "../excel/audit";
import type { VerifyResult } from "../core/audit";
import type { FindingCode } from "../core/validate";
import { checkWorkbook, type CheckResult, type ExcelRun, type LocatedFinding } from "../excel/check";
import { readBudgetFor } from "../excel/read";
import { applyFixes, type FixResult } from "../excel/fixes";
import { clearMarks, markCells, selectCell } from "../excel/marks";
import { changeTrackingStatus, getChangeTracker, onChangeTracking, setChangeLogOperator, startChangeTracking, type ChangeTrackingState } from "../excel/runtime";
import { setUpTemplate, type SetupResult } from "../excel/setup";

export type { CheckResult, LocatedFinding, FixResult, SetupResult, AuditStatus, AuditOutcome, VerifyResult, IdChange };

/** Change tracking as the pane shows it. */
export interface IdChangesState {
  state: ChangeTrackingState;
  message: string;
  idChanges: IdChange[];
}

/** Everything the pane does in the workbook. */
export interface PaneAdapter {
  setUp(): Promise<SetupResult>;
  check(): Promise<CheckResult>;
  select(sheet: string, address: string): Promise<void>;
  mark(findings: readonly LocatedFinding[]): Promise<{ cells: number }>;
  clearMarks(): Promise<number>;
  /** Apply safe fixes: all, or those of `codes`. */
  fix(codes?: readonly FindingCode[]): Promise<FixResult>;
  audit: {
    status(): Promise<AuditStatus>;
    verify(): Promise<VerifyResult | null>;
    /** Draw this quarter's sample (a new draw when `again`, logged as the next draw). */
    draw(again: boolean): Promise<AuditOutcome>;
  };
  /** 操作人 written to ChangeLog rows (Office gives add-ins no user name; the user types it). */
  operator: { get(): string; set(name: string): void };
  ids: {
    current(): IdChangesState;
    subscribe(listener: (state: IdChangesState) => void): () => void;
    restore(sheetRow: number): Promise<void>;
  };
}

/** Where the pane keeps the 操作人 name between sessions (this browser profile only; never sent anywhere). */
const OPERATOR_KEY = "custfile.operator";

function storedOperator(): string {
  try {
    return globalThis.localStorage?.getItem(OPERATOR_KEY) ?? "";
  } catch {
    return ""; // storage blocked (private mode, a locked-down host)
  }
}

/** The real adapter over Excel.run; `platform` from Office.onReady (the web has a 5 MB request bound). */
export function officeAdapter(run: ExcelRun, platform: string | undefined): PaneAdapter {
  let operator = storedOperator();
  setChangeLogOperator(operator);
  const requestBudget = readBudgetFor(platform);
  const knownIdChanges = () => changeTrackingStatus().idChanges.map((c) => ({ sheetRow: c.sheetRow, before: c.before, after: c.after }));
  return {
    setUp: async () => {
      const result = await setUpTemplate(run);
      // A new Customers table: change tracking can start now (it waits for one otherwise).
      void startChangeTracking();
      return result;
    },
    check: () => checkWorkbook(run, { requestBudget, knownIdChanges: knownIdChanges() }),
    select: (sheet, address) => selectCell(run, sheet, address),
    mark: (findings) => markCells(run, findings),
    clearMarks: () => clearMarks(run),
    fix: (codes) => applyFixes(run, { requestBudget, codes, tracker: getChangeTracker(), knownIdChanges: knownIdChanges(), user: operator }),
    operator: {
      get: () => operator,
      set: (name) => {
        operator = name.trim();
        setChangeLogOperator(operator);
        try {
          globalThis.localStorage?.setItem(OPERATOR_KEY, operator);
        } catch {
          // not kept across sessions; still used for this one
        }
      },
    },
    audit: {
      status: () => readAuditStatus(run),
      verify: () => verifyThisQuarter(run),
      draw: (again) => runQuarterlyAudit(run, { redraw: again, requestBudget }),
    },
    ids: {
      current: () => changeTrackingStatus(),
      subscribe: (listener) => onChangeTracking(listener),
      restore: async (sheetRow) => {
        const tracker = getChangeTracker();
        if (!tracker) throw new Error("change tracking is not running");
        await tracker.restoreCustomerId(sheetRow);
      },
    },
  };
}
