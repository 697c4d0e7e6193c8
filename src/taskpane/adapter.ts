/**
 * What the pane asks of Excel, as a plain object of async functions. Components receive it as a
 * prop (tests pass a stub); `officeAdapter` wires the real one over src/excel, with the engine
 * (engine/client.ts) doing the CPU work of Check and Fix off the UI thread. The pane touches
 * Office only through Office.onReady, Office.context.displayLanguage and Excel.run.
 */
import type { IdChange } from "../core/changes";
import { CustfileError } from "../core/errors";
import type { AuditOutcome, AuditStatus } from "../excel/audit";
import { readAuditStatus, runQuarterlyAudit, verifyThisQuarter } from "../excel/audit";
import type { VerifyResult } from "../core/audit";
import type { FindingCode } from "../core/validate";
import { readWorkbook, type CheckResult, type ExcelRun, type LocatedFinding } from "../excel/check";
import { readBudgetFor } from "../excel/read";
import { applyFixes, previewFixes, type FixResult, type PlannedFix } from "../excel/fixes";
import { clearMarks, markCells, selectCell } from "../excel/marks";
import { applyReview, generateReview, recordMonth, type MonthOutcome, type ReviewApplyOutcome, type ReviewSheetOutcome } from "../excel/credit";
import { today } from "../core/dates";
import { changeTrackingStatus, getChangeTracker, onChangeTracking, setChangeLogOperator, startChangeTracking, type ChangeTrackingStatus } from "../excel/runtime";
import { setUpTemplate, type SetupResult } from "../excel/setup";
import { auditNotices, onAuditNotice, type AuditNotice } from "../commands/audit";
import { applyHandover, previewHandover, readHandoverCandidates, type HandoverCandidate, type HandoverChoice, type HandoverOutcome } from "../excel/handover";
import { onChainStart, type ChainStart } from "../excel/write";
import { readAnalysisBlocks, writeAnalysisSheet, type AnalysisWriteOutcome } from "../excel/analysis";
import type { SheetSpec } from "../core/sheets";
import type { AnalysisResult } from "./engine/analysis";
import { abortError, type Engine, type Job } from "./engine/client";

export type { CheckResult, LocatedFinding, FixResult, PlannedFix, SetupResult, AuditStatus, AuditOutcome, AuditNotice, VerifyResult, IdChange, Job };
export type { HandoverCandidate, HandoverChoice, HandoverOutcome, ChainStart };
export type { ReviewSheetOutcome, ReviewApplyOutcome, MonthOutcome };
export type { AnalysisResult, AnalysisWriteOutcome, SheetSpec };

/** Change tracking as the pane shows it. */
export type IdChangesState = ChangeTrackingStatus;

/** A fix preview: the planned writes and the check they come from. */
export interface FixPreview {
  fixes: PlannedFix[];
  check: CheckResult;
}

/** Everything the pane does in the workbook. */
export interface PaneAdapter {
  setUp(): Promise<SetupResult>;
  /** Read and check the workbook (progress and cancel through `job`). */
  check(job: Job): Promise<CheckResult>;
  select(sheet: string, address: string): Promise<void>;
  mark(findings: readonly LocatedFinding[]): Promise<{ cells: number }>;
  clearMarks(): Promise<number>;
  /** Plan the safe fixes (all, or of `codes`) without writing anything. */
  previewFix(codes: readonly FindingCode[] | undefined, job: Job): Promise<FixPreview>;
  /** Write the chosen fixes of a preview (`only`: their ids); cancellable until the write starts. */
  fix(only: readonly string[], codes: readonly FindingCode[] | undefined, job: Job): Promise<FixResult>;
  audit: {
    status(): Promise<AuditStatus>;
    verify(): Promise<VerifyResult | null>;
    /** Draw this quarter's sample (a new draw when `again`, logged as the next draw). */
    draw(again: boolean): Promise<AuditOutcome>;
    /** What the 季度抽查 ribbon button did (it runs outside the pane). */
    notices(): readonly AuditNotice[];
    onNotice(listener: (notice: AuditNotice) => void): () => void;
  };
  /** Credit management (SPEC §8.2, §8.3; the 信用 tab), measured today (Asia/Shanghai). */
  credit: {
    /** Generate the year's review sheet, 编制人 = `preparer`; a year whose sheet exists is not written over unless `again`. */
    review(options: { year: number; preparer: string; again: boolean }): Promise<ReviewSheetOutcome>;
    /** Apply the approved rows of the year's review sheet (ChangeLog first, 操作人 = 审批人). */
    apply(year: number): Promise<ReviewApplyOutcome>;
    /** Record the month into 信用月报 (replacing it when recorded before) and write its 信用异常 report sheet. */
    recordMonth(month: string): Promise<MonthOutcome>;
  };
  /** 操作人 written to ChangeLog rows (Office gives add-ins no user name; the user types it). */
  operator: { get(): string; set(name: string): void };
  ids: {
    current(): IdChangesState;
    subscribe(listener: (state: IdChangesState) => void): () => void;
    restore(sheetRow: number): Promise<void>;
  };
  /** The 交接 tab (SPEC §10.1). */
  handover: {
    /** The names for the pickers: every 负责人 and member of staff, leavers marked. */
    people(): Promise<HandoverCandidate[]>;
    /** Plan without writing: the customers that would move, or why not. */
    preview(choice: HandoverChoice, job: Job): Promise<HandoverOutcome>;
    /** Write it; `expect` are the sheet rows the preview showed (another plan by now is not written). */
    apply(choice: HandoverChoice, expect: readonly number[], job: Job): Promise<HandoverOutcome>;
  };
  /** Hear where the ChangeLog's 校验 chain started over older rows (any writer: a fix, a handover, change tracking), to say so once. */
  onChainStart(listener: (start: ChainStart) => void): () => void;
  /** The 分析 tab: composition analysis (SPEC §9). */
  analysis: {
    /** Read the workbook and analyse it as of `asOf` (YYYY-MM-DD; default today) in the engine; progress and Cancel through `job`. */
    analyze(asOf: string | undefined, job: Job): Promise<AnalysisResult>;
    /** Write the 客户构成分析 sheet; a sheet of that name with data is replaced only with `replace` (else "exists"); Cancel stops it until the write starts. */
    write(sheet: SheetSpec, replace: boolean, job: Job): Promise<AnalysisWriteOutcome>;
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

/**
 * `work` unless `signal` aborts first (then reject at once). For reads only: the abandoned
 * Excel batch still finishes in the background, and its result is dropped.
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The real adapter over Excel.run; `platform` from Office.onReady (the web has a 5 MB request bound). */
export function officeAdapter(run: ExcelRun, platform: string | undefined, engine: Engine): PaneAdapter {
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
    check: async (job) => {
      job.onProgress?.({ phase: "read" });
      const read = await abortable(run((context) => readWorkbook(context, { requestBudget })), job.signal);
      return engine.check(read.blocks, { knownIdChanges: knownIdChanges() }, job);
    },
    select: (sheet, address) => selectCell(run, sheet, address),
    mark: (findings) => markCells(run, findings),
    clearMarks: () => clearMarks(run),
    previewFix: async (codes, job) => {
      job.onProgress?.({ phase: "read" });
      return abortable(previewFixes(run, { requestBudget, codes, knownIdChanges: knownIdChanges(), compute: engine.fixCompute(job), signal: job.signal }), job.signal);
    },
    // Not `abortable`: once the write batch starts the fix runs to its end, and the result says what was written.
    fix: (only, codes, job) => {
      job.onProgress?.({ phase: "read" });
      return applyFixes(run, {
        requestBudget, codes, only, tracker: getChangeTracker(), knownIdChanges: knownIdChanges(), user: operator,
        compute: engine.fixCompute(job), signal: job.signal, onWrite: (cells) => job.onProgress?.({ phase: "write", cells }),
      });
    },
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
    credit: {
      review: ({ year, preparer, again }) => generateReview(run, { year, preparer, again, today: today(), requestBudget }),
      apply: (year) => applyReview(run, { year, today: today(), requestBudget, tracker: getChangeTracker() }),
      recordMonth: (month) => recordMonth(run, { month, today: today(), requestBudget }),
    },
    audit: {
      status: () => readAuditStatus(run),
      verify: () => verifyThisQuarter(run),
      draw: (again) => runQuarterlyAudit(run, { redraw: again, requestBudget }),
      notices: () => auditNotices,
      onNotice: (listener) => onAuditNotice(listener),
    },
    handover: {
      people: () => readHandoverCandidates(run, { requestBudget }),
      preview: (choice, job) => {
        job.onProgress?.({ phase: "read" });
        return abortable(previewHandover(run, choice, { requestBudget }), job.signal);
      },
      // One short read and one write batch: not cancellable once started (the status line says so).
      apply: (choice, expect, job) => {
        job.onProgress?.({ phase: "write", cells: expect.length });
        return applyHandover(run, choice, { requestBudget, expect, tracker: getChangeTracker() });
      },
    },
    onChainStart: (listener) => onChainStart(listener),
    analysis: {
      analyze: async (asOf, job) => {
        job.onProgress?.({ phase: "read" });
        const blocks = await abortable(run((context) => readAnalysisBlocks(context, { budget: requestBudget })), job.signal);
        return engine.analyze(blocks, { asOf }, job);
      },
      write: (sheet, replace, job) => {
        job.onProgress?.({ phase: "read" });
        return writeAnalysisSheet(run, sheet, { replace, requestBudget, signal: job.signal, onWrite: () => job.onProgress?.({ phase: "write-sheet", sheet: sheet.name }) });
      },
    },
    ids: {
      current: () => changeTrackingStatus(),
      subscribe: (listener) => onChangeTracking(listener),
      restore: async (sheetRow) => {
        const tracker = getChangeTracker();
        if (!tracker) throw new CustfileError("tracking-off", {}, "change tracking is not running");
        await tracker.restoreCustomerId(sheetRow);
      },
    },
  };
}
