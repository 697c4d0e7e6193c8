/**
 * Checking the open workbook (the task pane's Check): find the template tables, read them in a
 * fixed number of round trips (src/excel/read.ts), run core/validate, and give every finding its
 * sheet address.
 *
 * Round trips (context.sync), whatever the row count:
 *   1. the workbook's table and sheet names;
 *   2. each table's place, header row and last row, each sheet's used range and protection;
 *   3. the cells of the tables found by table or sheet name, and the first rows of other sheets;
 *   4. only when a template table sits on a plain sheet recognised by its headers: its cells.
 * Reads are split into row blocks (one more sync each) only when the estimated response passes
 * `requestBudget`, which callers set for Excel on the web (5 MB per request), or when Excel
 * refuses a sync for its size; desktop Excel has no such bound and reads each table whole.
 */
import { cellAddress, type SheetBlock } from "../core/table";
import { CHANGELOG, type TableKey } from "../core/template/tables";
import { creditCheck, type CreditFlag, type CreditSummary } from "../core/credit";
import { verifyChangeLog, webCryptoSha256 } from "../core/records/chain";
import { validateWorkbook, type Finding, type KnownIdChange, type WorkbookReport } from "../core/validate";
import { readDetected, recordTableFromSurvey, type WorkbookSurvey } from "./read";
import type { RecordTable } from "./write";

/** Excel.run, or a test host's run: a batch in a new context, or again in an existing one (Excel.run(object.context, …)). */
export interface ExcelRun {
  <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  <T>(context: Excel.RequestContext, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

/**
 * The template tables whose cells the check reads: the user's tables, CreditPolicy (credit summary,
 * retention period), and ChangeLog for its hash chain (log-tampered). Audits and Handovers are
 * custfile's own records and are not checked.
 */
const READ: ReadonlySet<TableKey> = new Set(["Customers", "Interactions", "Archive", "Payments", "Lists", "CreditPolicy", "Staff", "Loans", "ChangeLog"]);

/** Options of reading and checking. */
export interface CheckOptions {
  /** Largest estimated response of one sync in bytes (WEB_READ_BUDGET on the web; default: no bound). */
  requestBudget?: number;
  /** The day time rules are measured against (YYYY-MM-DD); default today. */
  asOf?: string;
  /** Ids the change tracker saw change (immutable-id findings). */
  knownIdChanges?: readonly KnownIdChange[];
}

/** The workbook's template tables as read, and what set-up and fixes need to know about it. */
export interface WorkbookRead {
  blocks: SheetBlock[];
  /** The ChangeLog table as a writer needs it (found by table name, sheet or headers; or where a new one goes). */
  changeLog: RecordTable;
  survey: WorkbookSurvey;
}

/** A finding with the A1 address of its cell on its sheet (null for a finding about a whole table). */
export type LocatedFinding = Finding & { address: string | null };

/** A recorded vs computed flag (SPEC §8.1) with the A1 address of its 客户等级 or 信用额度 cell. */
export type LocatedCreditFlag = CreditFlag & { address: string | null };

/** The result of a check: the report with located findings. */
export interface CheckResult {
  findings: LocatedFinding[];
  stats: WorkbookReport["stats"];
  valid: boolean;
  /** The tables found: key, sheet, how. */
  tables: Array<{ table: TableKey; sheet: string; by: string }>;
  /** Non-blank data rows checked per table (the pane counts customers from it). */
  rowsByTable: WorkbookReport["rowsByTable"];
  /** Customers per credit grade when the workbook has a Payments table (null without one). */
  credit?: CreditSummary | null;
  /** Recorded vs computed (SPEC §8.1): the flags on Customers' 客户等级 / 信用额度 cells, listed under their own heading (none without Payments). */
  creditFlags?: LocatedCreditFlag[];
}

/** The credit part of a check of `blocks`: the summary and the located flags (core creditCheck). */
export function creditOfCheck(blocks: readonly SheetBlock[], asOf?: string): Pick<CheckResult, "credit" | "creditFlags"> {
  const { summary, flags } = creditCheck(blocks, asOf);
  return { credit: summary, creditFlags: flags.map((f) => ({ ...f, address: findingAddress(f) })) };
}

/** The A1 address of a finding's cell, or null when it names no cell. */
export function findingAddress(f: Pick<Finding, "row" | "columnNumber">): string | null {
  return f.row > 0 && f.columnNumber > 0 ? cellAddress(f.row, f.columnNumber) : null;
}

/** Read the template tables of the workbook (see the module comment for the round trips). */
export async function readWorkbook(context: Excel.RequestContext, options: Pick<CheckOptions, "requestBudget"> = {}): Promise<WorkbookRead> {
  const { survey, blocks } = await readDetected(context, READ, options.requestBudget ?? Number.POSITIVE_INFINITY);
  return { blocks, changeLog: recordTableFromSurvey(survey, CHANGELOG), survey };
}

/** Turn a core report into the pane's check result (findings with addresses). */
export function toCheckResult(report: WorkbookReport): CheckResult {
  return {
    findings: report.findings.map((f) => ({ ...f, address: findingAddress(f) })),
    stats: report.stats,
    valid: report.valid,
    tables: report.tables.map((t) => ({ table: t.table, sheet: t.sheet, by: t.by })),
    rowsByTable: report.rowsByTable,
  };
}

/** Check the open workbook: read (see readWorkbook), validate with the core, locate every finding. */
export async function checkWorkbook(run: ExcelRun, options: CheckOptions = {}): Promise<CheckResult> {
  const read = await run((context) => readWorkbook(context, options));
  // Hashing is asynchronous (Web Crypto): the chain is verified first and handed to the synchronous validator.
  const changeLog = await verifyChangeLog(read.blocks, webCryptoSha256);
  const result = toCheckResult(validateWorkbook(read.blocks, { asOf: options.asOf, knownIdChanges: options.knownIdChanges, changeLog }));
  return { ...result, ...creditOfCheck(read.blocks, options.asOf) };
}
