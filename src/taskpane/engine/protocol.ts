/**
 * Messages between the pane and its engine worker. Blocks travel in row slices (so no single
 * postMessage stalls the UI thread) and stay in the worker as a "session" that a later
 * recheck reuses; results come back in slices for the same reason.
 */
import type { Cell, SheetBlock } from "../../core/table";
import type { FixWrite } from "../../core/fixplan";
import type { CheckResult, LocatedCreditFlag, LocatedFinding } from "../../excel/check";
import type { FixPlanOptions } from "../../excel/fixes";
import type { AnalysisComputeOptions, AnalysisResult } from "./analysis";
import type { CheckComputeOptions } from "./compute";
import type { Progress } from "./progress";

/** A block without its cells (they follow as row slices). */
export type BlockMeta = Omit<SheetBlock, "values" | "numberFormats"> & { rows: number; hasFormats: boolean };

/** The part of a finding that recheck needs to write a fix into the blocks. */
export type FixEdit = Pick<FixWrite["edit"]["finding"], "sheet" | "row" | "columnNumber" | "fix" | "table" | "code" | "severity" | "column" | "value" | "message">;

/** From the pane to the worker. */
export type ToWorker =
  | { type: "blocks"; session: number; metas: BlockMeta[] }
  | { type: "rows"; session: number; block: number; offset: number; values: Cell[][]; numberFormats?: string[][] }
  | { type: "check"; job: number; session: number; options: CheckComputeOptions }
  | { type: "plan"; job: number; session: number; options: Omit<FixPlanOptions, "onProgress"> }
  | { type: "recheck"; job: number; session: number; edits: FixEdit[]; options: CheckComputeOptions }
  /** The composition analysis of the 分析 tab (answered by one "analysis" message: the result is small). */
  | { type: "analyze"; job: number; session: number; options: AnalysisComputeOptions }
  /** The pane has taken a slice of results and let the page paint: the worker may send the next. */
  | { type: "ack"; job: number };

/** A thrown error as plain data (custfile's own carry code and data, see core/errors). */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  data?: Record<string, string | number>;
}

/** From the worker to the pane. */
export type FromWorker =
  /** Posted once when the worker's script has loaded (an error before it means workers cannot run here). */
  | { type: "ready"; job: 0 }
  | { type: "progress"; job: number; progress: Progress }
  | { type: "findings"; job: number; items: LocatedFinding[] }
  | { type: "writes"; job: number; items: FixWrite[] }
  /** Recorded vs computed flags of a check (SPEC §8.1), in slices like findings. */
  | { type: "flags"; job: number; items: LocatedCreditFlag[] }
  /** The rest of the result; its `creditFlags`, when a check has them, is [] and stands for the flags that came in slices. */
  | { type: "done"; job: number; check: Omit<CheckResult, "findings"> }
  | { type: "analysis"; job: number; result: AnalysisResult }
  | { type: "error"; job: number; error: WireError };

/**
 * Cells per message: small enough that cloning one slice takes a few milliseconds of the UI
 * thread. The pane sends slices for at most SEND_BUDGET_MS, then waits for a frame.
 */
export const CELLS_PER_MESSAGE = 10_000;
/** Findings (fix writes, credit flags) per result message, for the same reason; the worker sends the next one when the pane acknowledges this one. */
export const ITEMS_PER_MESSAGE = 250;
/** How long the pane may go on sending slices before it lets the page paint. */
export const SEND_BUDGET_MS = 8;
