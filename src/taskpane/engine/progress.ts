/**
 * How far a pane operation has got, as data (the i18n table words it, the progress bar shows
 * `progressFraction`). Pure: no DOM, no Office.
 */
import type { TableKey } from "../../core/template/tables";

/** One step of a check or a fix, with real counts where the work has them. */
export type Progress =
  /** Reading the workbook through Excel (a few round trips; Excel gives no counts). */
  | { phase: "read" }
  /** Handing the rows read to the checker (off the UI thread). */
  | { phase: "send"; done: number; total: number }
  /** Checking the rows of one table; `doneAll`/`totalAll` over every checked table. */
  | { phase: "check"; table: TableKey; sheet: string; done: number; total: number; doneAll: number; totalAll: number }
  /** Grading credit for the summary (one pass over the payments). */
  | { phase: "credit"; payments: number }
  /** Writing the fixes and their ChangeLog rows (one batch: it cannot be cancelled). */
  | { phase: "write"; cells: number }
  /** Receiving the results. */
  | { phase: "results"; done: number; total: number }
  /** Handing the rows read to the engine for the composition analysis (the 分析 tab). */
  | { phase: "analysis-send"; done: number; total: number }
  /** Analysing the composition of the customers (SPEC §9): under a second for 1,000,000 payment rows, so no counts as it runs. */
  | { phase: "analyze"; customers: number; payments: number }
  /** Writing the 客户构成分析 sheet (one batch: it cannot be cancelled). */
  | { phase: "write-sheet"; sheet: string };

/** The phases a Cancel can still stop: everything before the write batch. */
export function cancellable(p: Progress | null): boolean {
  return p === null || (p.phase !== "write" && p.phase !== "write-sheet");
}

/** The bar's value in [0, 1], or undefined for a step without counts (an indeterminate bar). */
export function progressFraction(p: Progress | null): number | undefined {
  if (!p) return undefined;
  switch (p.phase) {
    case "send":
    case "results":
    case "analysis-send":
      return p.total > 0 ? Math.min(1, p.done / p.total) : undefined;
    case "check":
      return p.totalAll > 0 ? Math.min(1, p.doneAll / p.totalAll) : undefined;
    default:
      return undefined;
  }
}

/** Sums per-table progress into a running total over tables whose sizes are known up front. */
export class CheckProgress {
  private readonly finished = new Map<string, number>();
  constructor(readonly totalAll: number) {}

  /** The overall progress after `done` of `total` rows of one table (a table reported again replaces its count). */
  at(table: TableKey, sheet: string, done: number, total: number): Extract<Progress, { phase: "check" }> {
    this.finished.set(`${table}\u0000${sheet}`, done);
    let doneAll = 0;
    for (const n of this.finished.values()) doneAll += n;
    return { phase: "check", table, sheet, done, total, doneAll: Math.min(doneAll, this.totalAll), totalAll: this.totalAll };
  }
}
