/**
 * The CPU work of the 分析 tab (composition analysis, SPEC §9): core/analysis over the blocks
 * read from the workbook, and the 客户构成分析 sheet the CLI writes (compositionSheet), as one
 * plain function the engine worker runs. What crosses back to the pane is small: the report
 * without its list of payment rows left out (their count only: the 检查 tab lists them) and
 * the SheetSpec "生成分析表" writes. A workbook the analysis refuses comes back as data with
 * the reason, for the pane to word in its language.
 */
import { AnalysisInputError, analyzeWorkbook, compositionSheet, type CompositionReport } from "../../core/analysis";
import { CreditPolicyError, PaymentsTableError } from "../../core/credit";
import { parseIsoDate, today } from "../../core/dates";
import type { SheetSpec } from "../../core/sheets";
import type { SheetBlock } from "../../core/table";
import { detectTables } from "../../core/validate";
import type { Progress } from "./progress";

/** Options of one analysis. */
export interface AnalysisComputeOptions {
  /** The as-of day, YYYY-MM-DD (default: today in Asia/Shanghai). */
  asOf?: string;
}

/** The report as the pane gets it: `problems` is the number of payment rows left out. */
export type AnalysisView = Omit<CompositionReport, "problems"> & { problems: number };

/** Why a workbook cannot be analysed: no tables, an unusable payment table, a Customers table without ids, a bad ABC bound in 信用政策. */
export type AnalysisRefusal =
  | { reason: "no-tables" }
  | { reason: "payments" }
  | { reason: "no-id"; sheet: string }
  | { reason: "policy"; key: string; value: string };

/** What an analysis gives the pane. */
export type AnalysisResult =
  | { kind: "report"; report: AnalysisView; sheet: SheetSpec }
  | ({ kind: "refused" } & AnalysisRefusal);

/** Data rows of the Customers and Payments tables among `blocks` (what the status line counts). */
export function analysisRows(blocks: readonly SheetBlock[]): { customers: number; payments: number } {
  const out = { customers: 0, payments: 0 };
  for (const t of detectTables(blocks as SheetBlock[])) {
    const rows = Math.max(0, blocks[t.blockIndex].values.length - t.headerRowIndex - 1);
    if (t.table === "Customers") out.customers += rows;
    if (t.table === "Payments") out.payments += rows;
  }
  return out;
}

/** Analyse `blocks` at the as-of day: the pane's view of the report and the sheet to write, or why not. */
export function computeAnalysis(blocks: readonly SheetBlock[], options: AnalysisComputeOptions, onProgress: (p: Progress) => void = () => undefined): AnalysisResult {
  const asOf = (options.asOf !== undefined ? parseIsoDate(options.asOf) : null) ?? today();
  onProgress({ phase: "analyze", ...analysisRows(blocks) });
  let report: CompositionReport;
  try {
    report = analyzeWorkbook(blocks, { asOf });
  } catch (e) {
    if (e instanceof CreditPolicyError) return { kind: "refused", reason: "policy", key: e.key, value: e.value };
    if (e instanceof PaymentsTableError) return { kind: "refused", reason: "payments" };
    if (e instanceof AnalysisInputError) {
      const customers = detectTables(blocks as SheetBlock[]).find((t) => t.table === "Customers");
      return customers ? { kind: "refused", reason: "no-id", sheet: customers.sheet } : { kind: "refused", reason: "no-tables" };
    }
    throw e;
  }
  const sheet = compositionSheet(report);
  const { problems, ...rest } = report;
  return { kind: "report", report: { ...rest, problems: problems.length }, sheet };
}
