/**
 * Excel I/O of the 分析 tab (composition analysis, SPEC §9): read what the analysis needs —
 * Customers (only the id, name and the columns it breaks down by), Payments, 信用政策 (the ABC
 * bounds) and 下拉选项 (the workbook's lists, as the command line reads them) — through
 * src/excel/read.ts in two syncs, values only, under the web budget; and write the
 * `客户构成分析 YYYY-MM-DD` sheet the engine made (core/analysis compositionSheet, the same sheet
 * `custfile analyze --out` writes) through src/excel/write.ts writeSheet, with its native charts.
 * No business rule lives here.
 */
import { ANALYSIS_CUSTOMER_COLUMNS } from "../core/analysis";
import type { SheetSpec } from "../core/sheets";
import type { SheetBlock } from "../core/table";
import { CREDIT_POLICY, CUSTOMERS, LISTS, PAYMENTS } from "../core/template/tables";
import type { ExcelRun } from "./check";
import { readTemplateTables } from "./read";
import { RequestBudget, sheetState, WEB_WRITE_BUDGET, writeSheet } from "./write";

/** The tables the analysis reads, and of Customers only the columns it uses. */
export const ANALYSIS_TABLES = [
  { def: CUSTOMERS, columns: ANALYSIS_CUSTOMER_COLUMNS },
  { def: PAYMENTS },
  { def: CREDIT_POLICY },
  { def: LISTS },
] as const;

/** Read the blocks the analysis needs (two syncs; values without number formats: it reads numbers and text, never formats). */
export async function readAnalysisBlocks(context: Excel.RequestContext, options: { budget?: number } = {}): Promise<SheetBlock[]> {
  const read = await readTemplateTables(context, ANALYSIS_TABLES, { budget: options.budget, formats: false });
  return read.blocks;
}

/** What writing the analysis sheet did, as data (the pane words it). */
export type AnalysisWriteOutcome =
  /** Written (a sheet of that name replaced when `replaced`), with its tables and native charts. */
  | { kind: "written"; sheet: string; tables: number; charts: number; replaced: boolean }
  /** A sheet of that name holds data and `replace` was not given: nothing was written (the pane asks first). */
  | { kind: "exists"; sheet: string };

/** Options of writeAnalysisSheet. */
export interface AnalysisWriteOptions {
  /** Replace a sheet of that name (the same day's analysis): the user confirmed. */
  replace?: boolean;
  /** Excel on the web: write in parts under its request bound. */
  requestBudget?: number;
  /** Stops it until the write starts (the look at the sheet comes first). */
  signal?: AbortSignal;
  /** Called when the write starts (from then on it cannot be stopped). */
  onWrite?: () => void;
}

/** Write the 客户构成分析 sheet (two syncs): "exists", writing nothing, when a sheet of that name holds data and `replace` is not set. */
export async function writeAnalysisSheet(run: ExcelRun, sheet: SheetSpec, options: AnalysisWriteOptions = {}): Promise<AnalysisWriteOutcome> {
  return run(async (context) => {
    const state = await sheetState(context, sheet.name);
    if (state.exists && state.hasData && !options.replace) return { kind: "exists", sheet: sheet.name };
    options.signal?.throwIfAborted();
    options.onWrite?.();
    const budget = options.requestBudget ? new RequestBudget(context, { bytes: WEB_WRITE_BUDGET }) : undefined;
    const written = await writeSheet(context, sheet, { known: state, replace: state.exists, activate: true, budget });
    await context.sync();
    return { kind: "written", sheet: written.sheet, tables: written.tables.length, charts: written.charts, replaced: state.exists && state.hasData };
  });
}
