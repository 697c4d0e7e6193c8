/**
 * Excel I/O of the quarterly audit: read what it needs of Customers, ChangeLog, Audits and
 * CreditPolicy (src/excel/read.ts: found by table or sheet name, only the needed columns, under
 * the web budget) in two round trips, let core/audit draw, and write the `抽查 YYYYQn` sheet and
 * the Audits rows (src/excel/write.ts) in one more. Three syncs for a new draw.
 * No business rule lives here: which customers, why, and in what order come from core/audit.
 */
import {
  AUDIT_COLUMNS, RATE_POLICY, rateSetting, auditRecords, auditSheetName, auditSheetSpec, checkRate, drawSample,
  freezePopulation, latestRecord, quarterOfDay, quarterText, randomSeed, readAuditInput, readAuditRecords, readAuditSheet, verify,
  auditProgress, type AuditProgress, type AuditRecord, type AuditSample, type VerifyResult,
} from "../core/audit";
import { logTime } from "../core/changes";
import { formatDay, today } from "../core/dates";
import type { SheetBlock } from "../core/table";
import { AUDITS, CREDIT_POLICY, CUSTOMERS, CHANGELOG } from "../core/template/tables";
import { validateWorkbook } from "../core/validate";
import type { ExcelRun } from "./check";
import { readTemplateTables, type TemplateRead } from "./read";
import { appendRecords, writeSheet, RequestBudget, WEB_WRITE_BUDGET } from "./write";

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
  /** Clock text written to 抽取时间, "YYYY-MM-DD HH:mm:ss" (default: now in Asia/Shanghai, as ChangeLog's 时间). */
  drawnAt?: string;
  /** A fixed seed (tests); default: a fresh one from crypto.getRandomValues. */
  seed?: string;
  /** Largest estimated response of one read sync (WEB_READ_BUDGET on Excel on the web; default none). */
  requestBudget?: number;
}

/** The audit's view of a workbook: blocks of the tables it reads, and the sheet names. */
export interface AuditWorkbookState {
  blocks: SheetBlock[];
  sheetNames: string[];
  read: TemplateRead;
}

/** Read what the audit needs in two syncs (and the plain `sheets` asked for, whole). */
export async function readAuditWorkbook(context: Excel.RequestContext, options: { budget?: number; sheets?: string[] } = {}): Promise<AuditWorkbookState> {
  const read = await readTemplateTables(context, [
    { def: CUSTOMERS, columns: AUDIT_COLUMNS.Customers },
    { def: CHANGELOG, columns: AUDIT_COLUMNS.ChangeLog },
    { def: AUDITS },
    { def: CREDIT_POLICY },
  ], { budget: options.budget, records: [AUDITS], sheets: options.sheets });
  return { blocks: read.blocks, sheetNames: read.sheetNames, read };
}

/** The quarterly audit in a workbook: show the quarter's sample if it has one, else draw, write and log it. */
export async function runQuarterlyAudit(run: ExcelRun, options: AuditRunOptions = {}): Promise<AuditOutcome> {
  const quarter = quarterOfDay(options.day ?? today());
  const q = quarterText(quarter);
  const sheetName = auditSheetName(q);
  return run(async (context) => {
    // The quarter's sheet is read too: a new draw keeps what the checkers typed there.
    const state = await readAuditWorkbook(context, { budget: options.requestBudget, sheets: [sheetName] });
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
      if (verification.derived) await writeSheet(context, auditSheetSpec(verification.derived, input), { known: { exists: false, hasData: false }, activate: true });
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
    // On the web a very large draw is written in parts under the request bound.
    const budget = options.requestBudget ? new RequestBudget(context, { bytes: WEB_WRITE_BUDGET }) : undefined;
    // The record first: a 抽查记录 sheet protected with a password custfile does not know fails the
    // request before the sheet is written (Excel does not undo a request's earlier operations).
    await appendRecords(context, state.read.records.get("Audits")!, auditRecords(sample, options.drawnAt ?? logTime(new Date()), draw), { budget });
    // Replaced only on an explicit new draw (redraw), keeping every 核对结果 / 核对人 / 核对日期 / 备注 typed on it (by 客户编号).
    const old = sheetExists ? state.read.sheets.get(sheetName) : undefined;
    const kept = old ? readAuditSheet(old.values) : null;
    await writeSheet(context, auditSheetSpec(sample, input, kept), { known: { exists: sheetExists, hasData: sheetExists }, replace: sheetExists, activate: true, budget });
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

/** Read this quarter's audit status: the Audits record and the checking progress on its sheet (2 syncs). */
export async function readAuditStatus(run: ExcelRun, day: number = today()): Promise<AuditStatus> {
  const q = quarterText(quarterOfDay(day));
  const name = auditSheetName(q);
  return run(async (context) => {
    const state = await readAuditWorkbook(context, { sheets: [name] });
    const recorded = latestRecord(readAuditRecords(state.blocks).records, q);
    let progress: AuditProgress | null = null;
    if (state.sheetNames.includes(name)) {
      const sheet = state.read.sheets.get(name);
      progress = auditProgress(sheet ? sheet.values : []);
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
