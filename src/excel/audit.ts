/**
 * Excel I/O of the quarterly audit: read Customers, ChangeLog, Audits and CreditPolicy in one
 * round trip after listing tables, let core/audit draw, write the `抽查 YYYYQn` sheet (with a
 * list dropdown on 核对结果) and the Audits rows in one more. Three syncs for a new draw.
 * No business rule lives here: which customers, why, and in what order come from core/audit.
 */
import {
  CHECK_RESULT_COLUMN, CHECK_RESULTS, RATE_POLICY, rateSetting, auditSheetName, auditSheetRows, auditsTableRows, checkRate, drawSample,
  freezePopulation, latestRecord, quarterOfDay, quarterText, randomSeed, readAuditInput, readAuditRecords, verify,
  AUDIT_SHEET_HEADERS, auditProgress, type AuditProgress, type AuditRecord, type AuditSample, type VerifyResult,
} from "../core/audit";
import { formatDay, today } from "../core/dates";
import { columnLetter, type Cell, type SheetBlock } from "../core/table";
import { AUDITS, CREDIT_POLICY, CUSTOMERS, CHANGELOG, isTableName, isTableSheet } from "../core/template/tables";
import { validateWorkbook } from "../core/validate";
import type { ExcelRun } from "./check";

/**
 * What the audit command did, as data: the pane (and the ribbon's notice) words it in the
 * user's language (src/taskpane/i18n/audit.ts); no sentence is made here.
 */
export type AuditOutcome =
  | { kind: "drawn"; quarter: string; sheet: string; sample: AuditSample; draw: number }
  /** The quarter has a sample: its sheet is shown (rebuilt from the recorded seed when it was deleted; then `verification`). */
  | { kind: "existing"; quarter: string; sheet: string; draw: number | null; verification?: VerifyResult }
  /** No customer to sample: Customers unreadable (`detail` says why), or every customer 休眠. */
  | { kind: "empty"; quarter: string; reason: "unreadable" | "all-dormant"; detail?: string }
  | { kind: "missing-table" }
  /** The 抽查比例 in 信用政策 is outside 10%–20% (`policy` quotes seed 003). */
  | { kind: "refused"; rateText: string; policy: string };

/** Options of one run. */
export interface AuditRunOptions {
  /** The day whose quarter is audited (default: today in Asia/Shanghai). */
  day?: number;
  /** Draw a new sample even if the quarter has one (the pane's "draw again"; logged as the next 抽取序号). */
  redraw?: boolean;
  /** Clock text written to 抽取时间 (default: now, ISO UTC). */
  drawnAt?: string;
  /** A fixed seed (tests); default: a fresh one from crypto.getRandomValues. */
  seed?: string;
}

/** The audit's view of a workbook: blocks of the tables it reads, and the sheet names. */
export interface AuditWorkbookState {
  blocks: SheetBlock[];
  sheetNames: string[];
}

const WANTED = [CUSTOMERS, CHANGELOG, AUDITS, CREDIT_POLICY];

/** Read what the audit needs in two syncs: table and sheet names, then the tables' cells. */
export async function readAuditWorkbook(context: Excel.RequestContext): Promise<AuditWorkbookState> {
  const tables = context.workbook.tables.load("items/name");
  const sheets = context.workbook.worksheets.load("items/name");
  await context.sync();
  const sheetNames = sheets.items.map((s) => s.name);
  const reads: { range: Excel.Range; sheet?: Excel.Worksheet; sheetName?: string; tableName?: string }[] = [];
  for (const def of WANTED) {
    const table = tables.items.find((t) => isTableName(def, t.name));
    if (table) {
      reads.push({ range: table.getRange().load("values,numberFormat,rowIndex,columnIndex"), sheet: table.worksheet.load("name"), tableName: def.tableName });
      continue;
    }
    // Not an Excel table (a plain sheet typed by hand): read the used range of its sheet.
    const sheetName = sheetNames.find((n) => isTableSheet(def, n));
    if (sheetName) {
      const range = context.workbook.worksheets.getItem(sheetName).getUsedRangeOrNullObject(true);
      reads.push({ range: range.load("values,numberFormat,rowIndex,columnIndex"), sheetName });
    }
  }
  await context.sync();
  const blocks: SheetBlock[] = [];
  for (const r of reads) {
    if (r.range.isNullObject) continue;
    blocks.push({
      sheet: r.sheet ? r.sheet.name : r.sheetName!, tableName: r.tableName, firstRow: r.range.rowIndex + 1, firstColumn: r.range.columnIndex + 1,
      values: r.range.values as Cell[][], numberFormats: r.range.numberFormat as string[][],
    });
  }
  return { blocks, sheetNames };
}

/** Write the audit sheet (replacing one of that name) with a 核对结果 dropdown, freeze its header and activate it. */
function writeAuditSheet(context: Excel.RequestContext, name: string, rows: Cell[][], exists: boolean): void {
  if (exists) context.workbook.worksheets.getItem(name).delete();
  const sheet = context.workbook.worksheets.add(name);
  sheet.getRangeByIndexes(0, 0, rows.length, AUDIT_SHEET_HEADERS.length).values = rows;
  if (rows.length > 1) {
    const results = sheet.getRangeByIndexes(1, CHECK_RESULT_COLUMN, rows.length - 1, 1);
    results.dataValidation.clear();
    results.dataValidation.rule = { list: { inCellDropDown: true, source: CHECK_RESULTS.join(",") } };
  }
  sheet.freezePanes.freezeRows(1);
  sheet.activate();
}

/** Append Audits rows: to the Audits table, or a new 抽查记录 sheet and table when the workbook has none. */
function writeAuditsRows(context: Excel.RequestContext, state: AuditWorkbookState, rows: Cell[][]): void {
  const existing = state.blocks.find((b) => b.tableName === AUDITS.tableName);
  if (existing) {
    // Excel reads null in rows.add as an error in some hosts; an empty cell is "".
    context.workbook.tables.getItem(AUDITS.tableName).rows.add(undefined, rows.map((r) => r.map((c) => c ?? "")));
    return;
  }
  const header = AUDITS.columns.map((c) => c.header);
  const sheet = state.sheetNames.includes(AUDITS.sheet) ? context.workbook.worksheets.getItem(AUDITS.sheet) : context.workbook.worksheets.add(AUDITS.sheet);
  sheet.getRangeByIndexes(0, 0, rows.length + 1, header.length).values = [header, ...rows];
  const table = sheet.tables.add(`${AUDITS.sheet}!A1:${columnLetter(header.length)}${rows.length + 1}`, true);
  table.name = AUDITS.tableName;
}

/** The quarterly audit in a workbook: show the quarter's sample if it has one, else draw, write and log it. */
export async function runQuarterlyAudit(run: ExcelRun, options: AuditRunOptions = {}): Promise<AuditOutcome> {
  const quarter = quarterOfDay(options.day ?? today());
  const q = quarterText(quarter);
  const sheetName = auditSheetName(q);
  return run(async (context) => {
    const state = await readAuditWorkbook(context);
    const input = readAuditInput(state.blocks);
    if (!input.hasCustomers) {
      return { kind: "missing-table" };
    }
    const { rate, rateText } = rateSetting(state.blocks);
    try {
      checkRate(rate);
    } catch {
      return { kind: "refused", rateText: rateText ?? String(rate), policy: RATE_POLICY };
    }
    const { records } = readAuditRecords(state.blocks);
    const recorded: AuditRecord | undefined = latestRecord(records, q);
    const sheetExists = state.sheetNames.includes(sheetName);
    const findings = validateWorkbook(state.blocks, { asOf: formatDay(options.day ?? today()) }).findings;
    if ((recorded || sheetExists) && !options.redraw) {
      // A sheet of that name without a record is still the quarter's audit sheet: never overwrite it.
      if (sheetExists || !recorded) {
        context.workbook.worksheets.getItem(sheetName).activate();
        await context.sync();
        return { kind: "existing", quarter: q, sheet: sheetName, draw: recorded ? recorded.draw : null };
      }
      // The sheet was deleted: rebuild it from the recorded seed (the record, not a new draw).
      const verification = await verify(recorded, { blocks: state.blocks, findings });
      if (verification.derived) writeAuditSheet(context, sheetName, auditSheetRows(verification.derived, input), false);
      await context.sync();
      return { kind: "existing", quarter: q, sheet: sheetName, draw: recorded.draw, verification };
    }
    if (input.customersProblem) {
      return { kind: "empty", quarter: q, reason: "unreadable", detail: input.customersProblem };
    }
    if (freezePopulation(input.customers).length === 0) {
      return { kind: "empty", quarter: q, reason: "all-dormant" };
    }
    const sample = await drawSample(input, { quarter, rate, seed: options.seed ?? randomSeed(), findings });
    const draw = recorded ? recorded.draw + 1 : 1;
    writeAuditSheet(context, sheetName, auditSheetRows(sample, input), sheetExists);
    writeAuditsRows(context, state, auditsTableRows(sample, options.drawnAt ?? new Date().toISOString(), draw));
    await context.sync();
    return { kind: "drawn", quarter: q, sheet: sheetName, sample, draw };
  });
}

/** This quarter's audit as the pane shows it. */
export interface AuditStatus {
  quarter: string;
  /** The latest draw's record, when the quarter has one. */
  record?: { draw: number; drawnAt: string; seed: string; population: number; rate: number; sampleSize: number };
  /** Progress read from the quarter's sheet (null when the sheet is missing). */
  progress: AuditProgress | null;
}

/** Read this quarter's audit status: the Audits record and the checking progress on its sheet (2–3 syncs). */
export async function readAuditStatus(run: ExcelRun, day: number = today()): Promise<AuditStatus> {
  const q = quarterText(quarterOfDay(day));
  const name = auditSheetName(q);
  return run(async (context) => {
    const state = await readAuditWorkbook(context);
    const recorded = latestRecord(readAuditRecords(state.blocks).records, q);
    let progress: AuditProgress | null = null;
    if (state.sheetNames.includes(name)) {
      const used = context.workbook.worksheets.getItem(name).getUsedRangeOrNullObject(true).load("values");
      await context.sync();
      progress = used.isNullObject ? auditProgress([]) : auditProgress(used.values as Cell[][]);
    }
    return {
      quarter: q, progress,
      record: recorded && { draw: recorded.draw, drawnAt: recorded.drawnAt, seed: recorded.seed, population: recorded.population, rate: recorded.rate, sampleSize: recorded.ids.length },
    };
  });
}

/** Re-derive this quarter's recorded draw from the workbook as it is now (the pane's "verify"). */
export async function verifyThisQuarter(run: ExcelRun, day: number = today()): Promise<VerifyResult | null> {
  const q = quarterText(quarterOfDay(day));
  return run(async (context) => {
    const state = await readAuditWorkbook(context);
    const recorded = latestRecord(readAuditRecords(state.blocks).records, q);
    if (!recorded) return null;
    const findings = validateWorkbook(state.blocks, { asOf: formatDay(day) }).findings;
    return verify(recorded, { blocks: state.blocks, findings });
  });
}
