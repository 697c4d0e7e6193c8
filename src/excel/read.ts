/**
 * The one way custfile reads the workbook (issue 10). Check, fixes, set-up, the audit (button and
 * pane), the credit summary and change tracking all read through here, so every read:
 *   - finds template tables by Excel table name, then by sheet name, then by headers (core
 *     detectTables), the way the command line finds them in a file;
 *   - reads only the columns a feature needs when it knows them (the others come back blank);
 *   - stays under Excel on the web's 5 MB response bound: blocks are sized by an estimate and
 *     packed into as few syncs as possible, and when Excel still refuses a sync for its size
 *     (RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded, thrown at sync) the
 *     blocks of that sync are read again in halves. Desktop Excel has no such bound: a budget of
 *     Infinity reads each table whole.
 * Nothing here writes; a reader's sync never carries writes (a refused sync applies nothing).
 */
import type { Cell, SheetBlock } from "../core/table";
import { recordColumns } from "../core/sheets";
import { isTableName, isTableSheet, TABLES, type TableDef, type TableKey } from "../core/template/tables";
import { detectTables, type DetectedTable } from "../core/validate";
import { queueRecordLookup, recordTableOf, type RecordTable } from "./write";

/** Excel on the web: at most 5 MB per request or response. */
export const WEB_REQUEST_BYTES = 5_000_000;
/** What a read may use of the web bound, leaving room for the JSON around the cells. */
export const WEB_READ_BUDGET = 4_000_000;
/** Estimated JSON bytes of one cell's value (Chinese text is 3 bytes a character in UTF-8) and of its number format. */
export const VALUE_BYTES = 20;
export const FORMAT_BYTES = 12;
/** Rows read from a plain sheet to find its header row (core/validate looks at the first 10). */
const PROBE_ROWS = 10;

/** Whether an error is Excel refusing a request or response for its size (Excel on the web's 5 MB bound). */
export function isPayloadTooLarge(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "RequestPayloadSizeLimitExceeded" || code === "ResponsePayloadSizeLimitExceeded";
}

/* ------------------------------ blocks ------------------------------ */

/** A rectangle of a sheet to read (0-based row and column). */
export interface BlockRequest {
  sheet: string;
  row: number;
  column: number;
  rows: number;
  columns: number;
  /** Read number formats too (a number in a date column is a date only under a date format). */
  formats?: boolean;
}

/** The cells of a block. */
export interface BlockData {
  values: Cell[][];
  numberFormats?: string[][];
}

/** Options of a read. */
export interface ReadOptions {
  /** Largest estimated response of one sync in bytes (WEB_READ_BUDGET on the web; default: no bound). */
  budget?: number;
  /** Sync once even when there is nothing to read (the caller's queued loads ride in it). */
  alwaysSync?: boolean;
  /** Queue the caller's own loads again: called when Excel refused a sync they rode in (nothing of it was done). */
  requeue?: () => void;
}

interface Slice {
  request: number;
  offset: number;
  rows: number;
  range?: Excel.Range;
}

/**
 * Read blocks: row slices sized so one sync's estimated response stays under `budget`, packed
 * greedily into as few syncs as possible (one when everything fits); a sync Excel refuses for
 * its size is read again with each of its slices in halves. A single row Excel refuses is an
 * error naming its sheet and row.
 */
export async function readBlocks(context: Excel.RequestContext, requests: readonly BlockRequest[], options: ReadOptions = {}): Promise<BlockData[]> {
  const budget = options.budget ?? Number.POSITIVE_INFINITY;
  const batches: Slice[][] = [[]];
  let used = 0;
  requests.forEach((req, request) => {
    const bytesPerRow = req.columns * (VALUE_BYTES + (req.formats ? FORMAT_BYTES : 0));
    let offset = 0;
    while (offset < req.rows) {
      let room = Math.floor((budget - used) / bytesPerRow);
      if (room <= 0 && batches[batches.length - 1].length > 0) {
        batches.push([]);
        used = 0;
        room = Math.floor(budget / bytesPerRow);
      }
      const rows = Math.min(req.rows - offset, Math.max(1, room));
      batches[batches.length - 1].push({ request, offset, rows });
      used += rows * bytesPerRow;
      offset += rows;
    }
  });
  const parts: Array<Array<{ offset: number } & BlockData>> = requests.map(() => []);
  const sheets = new Map<string, Excel.Worksheet>();
  const sheetOf = (name: string) => {
    let s = sheets.get(name);
    if (!s) sheets.set(name, (s = context.workbook.worksheets.getItem(name)));
    return s;
  };
  let queue = batches.filter((b) => b.length > 0);
  let synced = 0;
  while (queue.length) {
    const again: Slice[][] = [];
    for (const batch of queue) {
      for (const s of batch) {
        const req = requests[s.request];
        s.range = sheetOf(req.sheet).getRangeByIndexes(req.row + s.offset, req.column, s.rows, req.columns).load(req.formats ? "values,numberFormat" : "values");
      }
      try {
        await context.sync();
        synced++;
      } catch (e) {
        if (!isPayloadTooLarge(e)) throw e;
        // Nothing of a refused sync was done: its proxies are unusable, the caller's loads in it were lost.
        sheets.clear();
        options.requeue?.();
        for (const s of batch) {
          const req = requests[s.request];
          if (s.rows === 1) throw new Error(`${req.sheet} row ${req.row + s.offset + 1}: one row is more than Excel can send in one request (5 MB on the web); shorten its cells`);
          const half = Math.ceil(s.rows / 2);
          again.push([{ request: s.request, offset: s.offset, rows: half }], [{ request: s.request, offset: s.offset + half, rows: s.rows - half }]);
        }
        continue;
      }
      for (const s of batch) {
        const req = requests[s.request];
        parts[s.request].push({ offset: s.offset, values: s.range!.values as Cell[][], numberFormats: req.formats ? (s.range!.numberFormat as string[][]) : undefined });
      }
    }
    queue = again;
  }
  if (synced === 0 && options.alwaysSync) await context.sync();
  return parts.map((list, i) => {
    list.sort((a, b) => a.offset - b.offset);
    return {
      values: list.flatMap((p) => p.values),
      numberFormats: requests[i].formats ? list.flatMap((p) => p.numberFormats!) : undefined,
    };
  });
}

/* ------------------------------ survey ------------------------------ */

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
  /** An Excel table's last data row (a writer fills a blank one first; record hooks read it). */
  lastRow?: { values: Cell[]; numberFormats: string[] };
  full?: { values: Cell[][]; numberFormats: string[][] };
}

/** A worksheet as the survey saw it (sheets custfile hides from the user are not listed). */
export interface SurveyedSheet {
  protected: boolean;
  /** Its used range (0-based), null when it holds nothing. */
  used: { row: number; col: number; rows: number; cols: number } | null;
}

/** What a survey of the workbook found: every table and non-empty sheet as a candidate block, recognised or not. */
export interface WorkbookSurvey {
  candidates: Candidate[];
  /** The template tables recognised among the candidates (core detectTables on their first rows or cells). */
  detected: DetectedTable[];
  /** Every worksheet name. */
  sheetNames: string[];
  /** Sheets holding at least one value. */
  nonEmptySheets: string[];
  sheets: Map<string, SurveyedSheet>;
}

/** Which template table a sheet name means (sheet name or alias), if any. */
export function tableOfSheetName(sheet: string): TableKey | undefined {
  return TABLES.find((t) => isTableSheet(t, sheet))?.key;
}

/** Which template table an Excel table name is, if any. */
export function tableOfTableName(name: string | undefined): TableKey | undefined {
  return name ? TABLES.find((t) => isTableName(t, name))?.key : undefined;
}

/**
 * Survey the workbook: names (sync 1); each table's place, header, last row and sheet, each
 * sheet's used range and protection (sync 2); then the first rows of plain sheets (sync 3, with
 * the full cells of the candidates `readNow` picks, packed under `budget`). Tables are
 * recognised by the core.
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
    lastRow: t.getDataBodyRange().getLastRow().load("values,numberFormat"),
    sheet: t.worksheet.load("name"),
  }));
  // custfile's own very hidden sheets (the change tracker's baseline) are not the user's data.
  const plainReads = sheets.items
    .filter((s) => s.visibility !== "VeryHidden")
    .map((s) => ({ name: s.name, used: s.getUsedRangeOrNullObject(true).load("rowIndex,columnIndex,rowCount,columnCount"), protection: s.protection.load("protected") }));
  await context.sync();

  const surveyed = new Map<string, SurveyedSheet>();
  for (const s of plainReads) {
    surveyed.set(s.name, { protected: s.protection.protected, used: s.used.isNullObject ? null : { row: s.used.rowIndex, col: s.used.columnIndex, rows: s.used.rowCount, cols: s.used.columnCount } });
  }
  const candidates: Candidate[] = [];
  const sheetsWithTables = new Set<string>();
  for (const t of tableReads) {
    sheetsWithTables.add(t.sheet.name);
    const header = (t.header.values as Cell[][])[0] ?? [];
    candidates.push({
      sheet: t.sheet.name, tableName: t.name, row: t.range.rowIndex, col: t.range.columnIndex, rows: t.range.rowCount, cols: t.range.columnCount, probe: [header],
      lastRow: { values: (t.lastRow.values as Cell[][])[0], numberFormats: (t.lastRow.numberFormat as string[][])[0] },
    });
  }
  const nonEmptySheets = plainReads.filter((s) => !s.used.isNullObject).map((s) => s.name);
  for (const s of plainReads) {
    if (s.used.isNullObject || sheetsWithTables.has(s.name)) continue;
    candidates.push({ sheet: s.name, row: s.used.rowIndex, col: s.used.columnIndex, rows: s.used.rowCount, cols: s.used.columnCount, probe: [] });
  }

  const now = candidates.filter(readNow);
  const probes = candidates.filter((c) => !now.includes(c) && !c.tableName);
  const probeRequests: BlockRequest[] = probes.map((c) => ({ sheet: c.sheet, row: c.row, column: c.col, rows: Math.min(PROBE_ROWS, c.rows), columns: c.cols }));
  const fullRequests: BlockRequest[] = now.map((c) => ({ sheet: c.sheet, row: c.row, column: c.col, rows: c.rows, columns: c.cols, formats: true }));
  // Probes are small: they ride in the first sync of the full reads.
  const read = await readBlocks(context, [...probeRequests, ...fullRequests], { budget });
  probes.forEach((c, i) => (c.probe = read[i].values));
  now.forEach((c, i) => {
    const d = read[probes.length + i];
    c.full = { values: d.values, numberFormats: d.numberFormats! };
  });

  const probeBlocks: SheetBlock[] = candidates.map((c) => ({
    sheet: c.sheet, tableName: c.tableName, firstRow: c.row + 1, firstColumn: c.col + 1, values: c.full?.values ?? c.probe,
  }));
  return { candidates, detected: detectTables(probeBlocks), sheetNames, nonEmptySheets, sheets: surveyed };
}

/** The block of a candidate read whole. */
function blockOf(c: Candidate): SheetBlock {
  return { sheet: c.sheet, tableName: c.tableName, firstRow: c.row + 1, firstColumn: c.col + 1, values: c.full!.values, numberFormats: c.full!.numberFormats };
}

/** Read the candidates not read yet, whole (values and number formats), under the budget. */
export async function readCandidates(context: Excel.RequestContext, candidates: readonly Candidate[], budget: number): Promise<void> {
  const todo = candidates.filter((c) => !c.full);
  const read = await readBlocks(context, todo.map((c) => ({ sheet: c.sheet, row: c.row, column: c.col, rows: c.rows, columns: c.cols, formats: true })), { budget });
  todo.forEach((c, i) => (c.full = { values: read[i].values, numberFormats: read[i].numberFormats! }));
}

/**
 * Survey, then read whole the template tables of `keys` wherever they were recognised (known by
 * table or sheet name: in the survey's third sync; by headers only: in one more).
 */
export async function readDetected(context: Excel.RequestContext, keys: ReadonlySet<TableKey>, budget: number): Promise<{ survey: WorkbookSurvey; blocks: SheetBlock[] }> {
  const survey = await surveyWorkbook(context, (c) => {
    const key = tableOfTableName(c.tableName) ?? (c.tableName ? undefined : tableOfSheetName(c.sheet));
    return key !== undefined && keys.has(key);
  }, budget);
  const wanted = survey.detected.filter((d) => keys.has(d.table)).map((d) => survey.candidates[d.blockIndex]);
  await readCandidates(context, wanted, budget);
  return { survey, blocks: wanted.map(blockOf) };
}

/**
 * What a writer needs to know of a record table (ChangeLog, Audits …), from a survey: the Excel
 * table found by table name, or recognised by its sheet or headers; else where a new one goes.
 */
export function recordTableFromSurvey(survey: WorkbookSurvey, def: TableDef): RecordTable {
  const byName = survey.candidates.find((c) => c.tableName && isTableName(def, c.tableName));
  const detected = survey.detected.find((d) => d.table === def.key && survey.candidates[d.blockIndex].tableName);
  const c = byName ?? (detected ? survey.candidates[detected.blockIndex] : undefined);
  if (c && c.tableName) {
    return {
      def, sheet: c.sheet, sheetExists: true, protected: survey.sheets.get(c.sheet)?.protected ?? false, newTableRow: 0,
      table: { name: c.tableName, headers: (c.probe[0] ?? []).map((v) => String(v ?? "")), headerRow: c.row, dataRows: c.rows - 1, lastRow: c.lastRow ?? { values: [], numberFormats: [] } },
    };
  }
  const sheet = survey.sheetNames.find((n) => n.toLowerCase() === def.sheet.toLowerCase());
  const state = sheet ? survey.sheets.get(sheet) : undefined;
  return {
    def, sheet: sheet ?? def.sheet, sheetExists: sheet !== undefined, table: null, protected: state?.protected ?? false,
    newTableRow: state?.used ? state.used.row + state.used.rows + 1 : 0,
  };
}

/* ------------------------------ template tables by name ------------------------------ */

/** A template table a feature reads, and the columns (keys) it needs (default: all). */
export interface TableWant {
  def: TableDef;
  columns?: readonly string[];
}

/** What readTemplateTables found. */
export interface TemplateRead {
  /** One block per table found, header row first; columns not needed are blank. */
  blocks: SheetBlock[];
  sheetNames: string[];
  /** The record tables asked for, as a writer needs them. */
  records: Map<TableKey, RecordTable>;
  /** The plain sheets asked for, read whole (null when the sheet is missing or empty). */
  sheets: Map<string, SheetBlock | null>;
}

/** Options of readTemplateTables. */
export interface TemplateReadOptions extends ReadOptions {
  /** Record tables to look up for a writer (in the first sync). */
  records?: readonly TableDef[];
  /** Plain sheets to read whole (a report sheet custfile wrote). */
  sheets?: readonly string[];
  /** Read the tables' number formats too (default true); a feature that reads numbers as numbers (analysis) halves its reads without them. */
  formats?: boolean;
}

/**
 * Read the template tables a feature needs in two syncs: the first finds each by its Excel table
 * name (else by its template sheet name or alias, as a plain range), with the workbook's sheet
 * names, the record tables and the plain sheets asked for; the second reads only the needed
 * columns of the tables found by name (whole used ranges for the others), under the budget.
 * Tables recognised only by their headers on other sheets are a check's business (readDetected).
 */
export async function readTemplateTables(context: Excel.RequestContext, wants: readonly TableWant[], options: TemplateReadOptions = {}): Promise<TemplateRead> {
  const budget = options.budget ?? Number.POSITIVE_INFINITY;
  const formats = options.formats ?? true;
  const sheets = context.workbook.worksheets.load("items/name");
  const usedOf = (name: string) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(name).load("isNullObject,name");
    return { sheet, used: sheet.getUsedRangeOrNullObject(true).load("rowIndex,columnIndex,rowCount,columnCount") };
  };
  const lookups = wants.map((w) => {
    const table = context.workbook.tables.getItemOrNullObject(w.def.tableName).load("isNullObject,name");
    return {
      want: w,
      table,
      range: table.getRange().load("rowIndex,columnIndex,rowCount,columnCount"),
      header: table.getHeaderRowRange().load("values"),
      sheet: table.worksheet.load("name"),
      // In case it is no Excel table of that name: its template sheet (or an alias) as a plain range.
      plain: [w.def.sheet, ...w.def.sheetAliases].map(usedOf),
    };
  });
  const recordLookups = (options.records ?? []).map((def) => queueRecordLookup(context, def));
  const plainSheets = (options.sheets ?? []).map((name) => ({ name, ...usedOf(name) }));
  await context.sync();
  const sheetNames = sheets.items.map((s) => s.name);
  const records = new Map<TableKey, RecordTable>(recordLookups.map((l) => [l.def.key, recordTableOf(l)]));

  const requests: BlockRequest[] = [];
  type Plan = { sheet: string; tableName?: string; row: number; column: number; header: Cell[] | null; runs: Array<{ from: number; count: number; request: number }>; rows: number; width: number };
  const plans: Plan[] = [];
  const whole = (sheet: string, used: Excel.Range, tableName?: string) => {
    const request = requests.length;
    requests.push({ sheet, row: used.rowIndex, column: used.columnIndex, rows: used.rowCount, columns: used.columnCount, formats });
    plans.push({ sheet, tableName, row: used.rowIndex, column: used.columnIndex, header: null, runs: [{ from: 0, count: used.columnCount, request }], rows: used.rowCount, width: used.columnCount });
  };
  for (const l of lookups) {
    if (l.table.isNullObject) {
      const found = l.plain.find((p) => !p.sheet.isNullObject && !p.used.isNullObject);
      if (found) whole(found.sheet.name, found.used);
      continue;
    }
    const header = (l.header.values as Cell[][])[0] ?? [];
    const columns = recordColumns(l.want.def, header);
    const needed = l.want.columns ? new Set(l.want.columns) : null;
    const indexes = header.map((_h, i) => i).filter((i) => !needed || (columns[i] !== null && needed.has(columns[i]!.key)));
    // Contiguous runs of needed columns: one range each.
    const runs: Plan["runs"] = [];
    for (const i of indexes) {
      const last = runs[runs.length - 1];
      if (last && last.from + last.count === i) last.count++;
      else runs.push({ from: i, count: 1, request: -1 });
    }
    const rows = l.range.rowCount - 1;
    for (const r of runs) {
      r.request = requests.length;
      requests.push({ sheet: l.sheet.name, row: l.range.rowIndex + 1, column: l.range.columnIndex + r.from, rows, columns: r.count, formats });
    }
    plans.push({ sheet: l.sheet.name, tableName: l.table.name, row: l.range.rowIndex, column: l.range.columnIndex, header, runs, rows, width: header.length });
  }
  const sheetPlans = plainSheets.map((p) => {
    if (p.sheet.isNullObject || p.used.isNullObject) return null;
    whole(p.name, p.used);
    return plans.length - 1;
  });
  const data = requests.length ? await readBlocks(context, requests, { budget }) : [];
  const blocks: SheetBlock[] = plans.map((p) => {
    const values: Cell[][] = p.header ? [p.header] : [];
    const numberFormats: string[][] = p.header ? [p.header.map(() => "General")] : [];
    for (let r = 0; r < p.rows; r++) {
      const row: Cell[] = new Array(p.width).fill(null);
      const fmt: string[] | null = formats ? new Array(p.width).fill("General") : null;
      for (const run of p.runs) {
        const d = data[run.request];
        for (let k = 0; k < run.count; k++) {
          row[run.from + k] = d.values[r][k];
          if (fmt) fmt[run.from + k] = d.numberFormats![r][k];
        }
      }
      values.push(row);
      if (fmt) numberFormats.push(fmt);
    }
    return { sheet: p.sheet, tableName: p.tableName, firstRow: p.row + 1, firstColumn: p.column + 1, values, numberFormats: formats ? numberFormats : undefined };
  });
  const plainBlocks = new Map<string, SheetBlock | null>(plainSheets.map((p, i) => [p.name, sheetPlans[i] === null ? null : blocks[sheetPlans[i]!]]));
  return { blocks: blocks.filter((_b, i) => !sheetPlans.includes(i)), sheetNames, records, sheets: plainBlocks };
}

/** The read budget for a platform (Office.context.platform): none on desktop, WEB_READ_BUDGET elsewhere (the web's 5 MB bound). */
export function readBudgetFor(platform: unknown): number | undefined {
  return platform === "PC" || platform === "Mac" ? undefined : WEB_READ_BUDGET;
}
