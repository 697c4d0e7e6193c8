/**
 * Checking the open workbook (the task pane's Check): find the template tables, read them in a
 * fixed number of round trips, run core/validate, and give every finding its sheet address.
 *
 * Round trips (context.sync), whatever the row count:
 *   1. the workbook's table and sheet names;
 *   2. each table's place and header row, each plain sheet's used-range size, ChangeLog's header;
 *   3. the cells of the tables found by table or sheet name, and the first rows of other sheets;
 *   4. only when a template table sits on a plain sheet recognised by its headers: its cells.
 * Reads are split into row blocks (one more sync each) only when the estimated response passes
 * `requestBudget`, which callers set for Excel on the web (5 MB per request); desktop Excel
 * has no such bound and reads each table whole.
 */
import { CustfileError } from "../core/errors";
import { cellAddress, type Cell, type SheetBlock } from "../core/table";
import { isTableName, isTableSheet, TABLES, type TableKey } from "../core/template/tables";
import { creditSummary, type CreditSummary } from "../core/credit";
import { detectTables, validateWorkbook, type DetectedTable, type Finding, type KnownIdChange, type WorkbookReport } from "../core/validate";

/** Excel.run, or a test host's run. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Excel on the web: at most 5 MB per request or response. */
export const WEB_REQUEST_BYTES = 5_000_000;
/** What a read may use of the web bound, leaving room for the JSON around the cells. */
export const WEB_READ_BUDGET = 4_000_000;
/** Estimated JSON bytes of one cell's value (Chinese text is 3 bytes a character in UTF-8) and of its number format. */
export const VALUE_BYTES = 20;
export const FORMAT_BYTES = 12;
/** Rows read from a plain sheet to find its header row (core/validate looks at the first 10). */
const PROBE_ROWS = 10;
/** The template tables whose cells the check reads (ChangeLog and Audits are custfile's own log; CreditPolicy feeds the credit summary). */
const READ: ReadonlySet<TableKey> = new Set(["Customers", "Interactions", "Archive", "Payments", "Lists", "CreditPolicy"]);

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
  /** Header row of the ChangeLog table, null when the workbook has none. */
  changeLogHeaders: string[] | null;
  /** Name of the ChangeLog table (found by table name, or by sheet name or headers), null when none. */
  changeLogTable: string | null;
  /** Every worksheet name. */
  sheetNames: string[];
  /** Sheets holding at least one value. */
  nonEmptySheets: string[];
}

/** A finding with the A1 address of its cell on its sheet (null for a finding about a whole table). */
export type LocatedFinding = Finding & { address: string | null };

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
}

/** The A1 address of a finding's cell, or null when it names no cell. */
export function findingAddress(f: Pick<Finding, "row" | "columnNumber">): string | null {
  return f.row > 0 && f.columnNumber > 0 ? cellAddress(f.row, f.columnNumber) : null;
}

/** A table or a sheet's used range that may hold a template table. */
export interface Candidate {
  sheet: string;
  tableName?: string;
  /** 0-based sheet row and column of the block's first cell, and its size. */
  row: number;
  col: number;
  rows: number;
  cols: number;
  /** First rows (the header row for an Excel table), for recognising it. */
  probe: Cell[][];
  full?: { values: Cell[][]; numberFormats: string[][] };
}

interface Slice {
  candidate: Candidate;
  offset: number;
  rows: number;
  range?: Excel.Range;
}

/** Which template table a sheet name means (sheet name or alias), if any. */
function tableOfSheetName(sheet: string): TableKey | undefined {
  return TABLES.find((t) => isTableSheet(t, sheet))?.key;
}

function tableOfTableName(name: string | undefined): TableKey | undefined {
  return name ? TABLES.find((t) => isTableName(t, name))?.key : undefined;
}

/**
 * Read the candidates' cells: row slices sized so that one sync stays under `budget`, packed
 * greedily into as few syncs as possible (one sync when everything fits).
 */
async function readFull(context: Excel.RequestContext, candidates: Candidate[], budget: number): Promise<void> {
  const slices: Slice[][] = [[]];
  let used = 0;
  for (const c of candidates) {
    const bytesPerRow = c.cols * (VALUE_BYTES + FORMAT_BYTES);
    let offset = 0;
    while (offset < c.rows) {
      let room = Math.floor((budget - used) / bytesPerRow);
      if (room <= 0 && slices[slices.length - 1].length > 0) {
        slices.push([]);
        used = 0;
        room = Math.floor(budget / bytesPerRow);
      }
      const rows = Math.min(c.rows - offset, Math.max(1, room));
      slices[slices.length - 1].push({ candidate: c, offset, rows });
      used += rows * bytesPerRow;
      offset += rows;
    }
  }
  const parts = new Map<Candidate, Array<{ offset: number; values: Cell[][]; numberFormats: string[][] }>>();
  let queue = slices.filter((b) => b.length > 0);
  while (queue.length) {
    const again: Slice[][] = [];
    for (const batch of queue) {
      for (const s of batch) {
        s.range = context.workbook.worksheets.getItem(s.candidate.sheet).getRangeByIndexes(s.candidate.row + s.offset, s.candidate.col, s.rows, s.candidate.cols).load("values,numberFormat");
      }
      await context.sync();
      for (const s of batch) {
        const values = s.range!.values as Cell[][] | null;
        const numberFormats = s.range!.numberFormat as string[][] | null;
        if (!values || !numberFormats) {
          // Excel on the web gives null past its 5 MB response bound (cells longer than the
          // estimate): read the block again in two halves, one sync each.
          if (s.rows === 1) throw new CustfileError("no-cells", { sheet: s.candidate.sheet, row: s.candidate.row + s.offset + 1 }, `Excel returned no cells for row ${s.candidate.row + s.offset + 1} of '${s.candidate.sheet}'`);
          const half = Math.ceil(s.rows / 2);
          again.push([{ candidate: s.candidate, offset: s.offset, rows: half }], [{ candidate: s.candidate, offset: s.offset + half, rows: s.rows - half }]);
          continue;
        }
        let list = parts.get(s.candidate);
        if (!list) parts.set(s.candidate, (list = []));
        list.push({ offset: s.offset, values, numberFormats });
      }
    }
    queue = again;
  }
  for (const [c, list] of parts) {
    list.sort((a, b) => a.offset - b.offset);
    c.full = { values: list.flatMap((p) => p.values), numberFormats: list.flatMap((p) => p.numberFormats) };
  }
}

/** What a survey of the workbook found: every table and non-empty sheet as a candidate block, recognised or not. */
export interface WorkbookSurvey {
  candidates: Candidate[];
  /** The template tables recognised among the candidates (core detectTables on their first rows or cells). */
  detected: DetectedTable[];
  changeLogHeaders: string[] | null;
  changeLogTable: string | null;
  sheetNames: string[];
  /** Sheets holding at least one value. */
  nonEmptySheets: string[];
}

/**
 * Survey the workbook: names (sync 1), each table's place and header and each sheet's used
 * range (sync 2), then the first rows of plain sheets (sync 3, with the full cells of the
 * candidates `readNow` picks, packed under `budget`). Tables are recognised by the core.
 */
export async function surveyWorkbook(context: Excel.RequestContext, readNow: (c: Candidate) => boolean, budget: number): Promise<WorkbookSurvey> {
  const tables = context.workbook.tables.load("items/name");
  const sheets = context.workbook.worksheets.load("items/name,items/visibility");
  await context.sync();

  const sheetNames = sheets.items.map((s) => s.name);
  const tableReads = tables.items.map((t) => ({
    name: t.name,
    range: t.getRange().load("rowIndex,columnIndex,rowCount,columnCount"),
    header: t.getHeaderRowRange().load("values"),
    sheet: t.worksheet.load("name"),
  }));
  // custfile's own very hidden sheets (the change tracker's baseline) are not the user's data.
  const plainReads = sheets.items
    .filter((s) => s.visibility !== "VeryHidden")
    .map((s) => ({ name: s.name, used: s.getUsedRangeOrNullObject(true).load("rowIndex,columnIndex,rowCount,columnCount") }));
  await context.sync();

  let changeLogHeaders: string[] | null = null;
  let changeLogTable: string | null = null;
  const candidates: Candidate[] = [];
  const sheetsWithTables = new Set<string>();
  for (const t of tableReads) {
    sheetsWithTables.add(t.sheet.name);
    const header = (t.header.values as Cell[][])[0] ?? [];
    if (tableOfTableName(t.name) === "ChangeLog") {
      changeLogHeaders = header.map((v) => String(v ?? ""));
      changeLogTable = t.name;
    }
    candidates.push({ sheet: t.sheet.name, tableName: t.name, row: t.range.rowIndex, col: t.range.columnIndex, rows: t.range.rowCount, cols: t.range.columnCount, probe: [header] });
  }
  const nonEmptySheets = plainReads.filter((s) => !s.used.isNullObject).map((s) => s.name);
  for (const s of plainReads) {
    if (s.used.isNullObject || sheetsWithTables.has(s.name)) continue;
    candidates.push({ sheet: s.name, row: s.used.rowIndex, col: s.used.columnIndex, rows: s.used.rowCount, cols: s.used.columnCount, probe: [] });
  }

  const now = candidates.filter(readNow);
  const probes = candidates.filter((c) => !now.includes(c) && !c.tableName);
  const probeRanges = probes.map((c) => context.workbook.worksheets.getItem(c.sheet).getRangeByIndexes(c.row, c.col, Math.min(PROBE_ROWS, c.rows), c.cols).load("values"));
  await readFull(context, now, budget); // syncs the probes too
  if (now.length === 0 && probes.length > 0) await context.sync();
  probes.forEach((c, i) => (c.probe = probeRanges[i].values as Cell[][]));

  const probeBlocks: SheetBlock[] = candidates.map((c) => ({
    sheet: c.sheet, tableName: c.tableName, firstRow: c.row + 1, firstColumn: c.col + 1, values: c.full?.values ?? c.probe,
  }));
  const detected = detectTables(probeBlocks);
  if (!changeLogTable) {
    // A ChangeLog table under another name, recognised by its sheet name or headers.
    const d = detected.find((x) => x.table === "ChangeLog" && candidates[x.blockIndex].tableName);
    if (d) {
      changeLogTable = candidates[d.blockIndex].tableName!;
      changeLogHeaders = candidates[d.blockIndex].probe[0].map((v) => String(v ?? ""));
    }
  }
  return { candidates, detected, changeLogHeaders, changeLogTable, sheetNames, nonEmptySheets };
}

/** Read the template tables of the workbook (see the module comment for the round trips). */
export async function readWorkbook(context: Excel.RequestContext, options: Pick<CheckOptions, "requestBudget"> = {}): Promise<WorkbookRead> {
  const budget = options.requestBudget ?? Number.POSITIVE_INFINITY;
  // Known by name: read whole at once. Others: recognised by their first rows, then read.
  const survey = await surveyWorkbook(context, (c) => {
    const key = tableOfTableName(c.tableName) ?? (c.tableName ? undefined : tableOfSheetName(c.sheet));
    return key !== undefined && READ.has(key);
  }, budget);
  const wanted = survey.detected.filter((d) => READ.has(d.table)).map((d) => survey.candidates[d.blockIndex]);
  await readFull(context, wanted.filter((c) => !c.full), budget);
  const blocks: SheetBlock[] = wanted.map((c) => ({
    sheet: c.sheet, tableName: c.tableName, firstRow: c.row + 1, firstColumn: c.col + 1, values: c.full!.values, numberFormats: c.full!.numberFormats,
  }));
  return { blocks, changeLogHeaders: survey.changeLogHeaders, changeLogTable: survey.changeLogTable, sheetNames: survey.sheetNames, nonEmptySheets: survey.nonEmptySheets };
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
  const result = toCheckResult(validateWorkbook(read.blocks, { asOf: options.asOf, knownIdChanges: options.knownIdChanges }));
  return { ...result, credit: creditSummary(read.blocks, options.asOf) };
}
