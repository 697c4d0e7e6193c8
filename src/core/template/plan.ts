/**
 * What the template (SPEC §2) puts into a workbook, as data a host applies: for every table its
 * sheet, Excel table name, headers, starting rows, column widths, which columns get the
 * YYYY-MM-DD format and which get a dropdown pointing at a column of the Lists table. And,
 * given what a workbook already holds, which of it is missing: set-up never overwrites.
 */
import { defaultPolicyRows } from "../credit/policy";
import { DEFAULT_RETENTION_YEARS, RETENTION_SETTING } from "../records/retention";
import { formatOfKind, type ColumnFormat, type SheetSpec, type TableSpec } from "../sheets";
import type { Cell } from "../table";
import { DEFAULT_LISTS, listsSheetRows, type Lists } from "./lists";
import { normalizeHeader, tableDef, TABLES, type TableDef, type TableKey } from "./tables";

/** The Excel number format of date columns (SPEC §2: dates are YYYY-MM-DD). */
export const DATE_FORMAT = "yyyy-mm-dd";

/** A dropdown (data validation, list rule) on one column, fed by a column of the Lists table. */
export interface ListRule {
  /** 0-based column index in the table. */
  column: number;
  /** The list's name = the Lists table column header. */
  list: string;
  /** The list rule's source formula; INDIRECT lets a structured reference grow with the Lists table. */
  source: string;
}

/** One table as the template creates it. */
export interface TablePlan {
  key: TableKey;
  sheet: string;
  tableName: string;
  headers: string[];
  /** Data rows the new table starts with (the default lists; empty for the others). */
  rows: Cell[][];
  /** Column widths in characters, one per header. */
  widths: number[];
  /** 0-based indexes of date columns (number format DATE_FORMAT). */
  dateColumns: number[];
  /** How each column is written (text columns "@", so what people type stays as typed). */
  formats: ColumnFormat[];
  dropdowns: ListRule[];
  /**
   * Protect the sheet against hand edits (SPEC §10.5b: custfile's record sheets, no password,
   * sorting and filtering allowed); custfile unprotects and re-protects around its own writes.
   */
  protect: boolean;
}

/** The table a writer makes for a plan: its columns with formats, widths and dropdowns, and its starting rows. */
export function planTableSpec(plan: TablePlan): TableSpec {
  return {
    name: plan.tableName,
    columns: plan.headers.map((header, i) => ({ header, format: plan.formats[i], width: plan.widths[i], listSource: plan.dropdowns.find((d) => d.column === i)?.source })),
    rows: plan.rows,
  };
}

/** The source formula of a dropdown fed by the column `list` of the Lists table (named `table` in the workbook). */
export function listSource(list: string, table = "Lists"): string {
  return `=INDIRECT("${table}[${list}]")`;
}

function planFor(def: TableDef, lists: Lists): TablePlan {
  if (def.key === "Lists") {
    const rows = listsSheetRows(lists);
    const headers = rows[0].map(String);
    return { key: def.key, sheet: def.sheet, tableName: def.tableName, headers, rows: rows.slice(1), widths: headers.map((h) => (h === "所属行业" ? 30 : 12)), dateColumns: [], formats: headers.map(() => "text"), dropdowns: [], protect: false };
  }
  const columns = def.columns.filter((c) => c.inTemplate);
  return {
    key: def.key,
    sheet: def.sheet,
    tableName: def.tableName,
    headers: columns.map((c) => c.header),
    // The credit policy table starts with every setting at its default, so people see what they can change
    // (the retention period of SPEC §10.6 lives there too).
    rows: def.key === "CreditPolicy" ? [...defaultPolicyRows(), [RETENTION_SETTING, DEFAULT_RETENTION_YEARS]] : [],
    widths: columns.map((c) => c.width),
    dateColumns: columns.flatMap((c, i) => (c.kind === "date" ? [i] : [])),
    formats: columns.map((c) => formatOfKind(c.kind)),
    dropdowns: columns.flatMap((c, i) => (c.list ? [{ column: i, list: c.list, source: listSource(c.list) }] : [])),
    protect: def.addinOwned,
  };
}

/** Every table of the template with the given lists (default: the shipped lists), in sheet order. */
export function templatePlan(lists: Lists = DEFAULT_LISTS): TablePlan[] {
  return TABLES.map((def) => planFor(def, lists));
}

/**
 * A template table as the sheet a writer creates from it: an Excel table with the plan's
 * headers, rows and widths, its column formats (dates yyyy-mm-dd, text "@"), its dropdowns
 * pointing at the Lists table, a frozen header; custfile's record sheets (ChangeLog, Audits)
 * protected, as the add-in protects them.
 */
export function planSheet(plan: TablePlan): SheetSpec {
  return { name: plan.sheet, tables: [planTableSpec(plan)], freezeHeader: true, protect: plan.protect };
}

/** What a workbook holds, as far as set-up needs to know. */
export interface WorkbookShape {
  /** Names of every worksheet. */
  sheets: readonly string[];
  /** Sheets that hold any value (a sheet with data is never written over). */
  nonEmptySheets: readonly string[];
  /**
   * The template tables the workbook has already, however they were recognised (table name,
   * sheet name or alias, headers): `tableName` when it is an Excel table, absent for a plain range.
   */
  found: ReadonlyArray<{ key: TableKey; sheet: string; tableName?: string }>;
  /** The header row of the workbook's Lists table, when it is an Excel table. */
  listsHeaders?: readonly string[];
}

/** One step of set-up, for the adapter to apply and the pane to report. */
export type SetupStep =
  /** Create the table at A1 of `sheet` (the template's sheet); `addSheet` when the sheet is missing too. */
  | { kind: "add-table"; plan: TablePlan; sheet: string; addSheet: boolean }
  /** The workbook already has this table as an Excel table: left as it is. */
  | { kind: "keep-table"; key: TableKey; tableName: string; sheet: string }
  /** The workbook has this table as a plain range, or its template sheet holds other data: left as it is. */
  | { kind: "keep-sheet"; key: TableKey; sheet: string }
  /** Columns for lists the template needs, appended to an existing Lists table. */
  | { kind: "add-lists"; tableName: string; lists: Array<{ list: string; values: string[] }> };

/**
 * The set-up steps for a workbook: each template table that is missing is added on its own
 * sheet (created when missing, used when it exists and is empty); tables the workbook has in
 * any form, and template sheets with data, are kept; an existing Lists table only gains the
 * lists it lacks.
 */
export function setupSteps(shape: WorkbookShape, lists: Lists = DEFAULT_LISTS): SetupStep[] {
  const steps: SetupStep[] = [];
  const byKey = new Map(shape.found.map((f) => [f.key, f]));
  const sheetByKey = new Map(shape.sheets.map((n) => [normalizeHeader(n), n]));
  const nonEmpty = new Set(shape.nonEmptySheets.map(normalizeHeader));
  // Dropdowns point at the workbook's own Lists table, whatever its name.
  const listsTable = byKey.get("Lists")?.tableName;
  for (const template of templatePlan(lists)) {
    const plan = listsTable ? { ...template, dropdowns: template.dropdowns.map((d) => ({ ...d, source: listSource(d.list, listsTable) })) } : template;
    const existing = byKey.get(plan.key);
    if (existing?.tableName) {
      steps.push({ kind: "keep-table", key: plan.key, tableName: existing.tableName, sheet: existing.sheet });
      if (plan.key === "Lists" && shape.listsHeaders) {
        const have = new Set(shape.listsHeaders.map(normalizeHeader));
        const missing = Object.keys(lists).filter((name) => !have.has(normalizeHeader(name)));
        if (missing.length) steps.push({ kind: "add-lists", tableName: existing.tableName, lists: missing.map((list) => ({ list, values: [...lists[list]] })) });
      }
      continue;
    }
    if (existing) {
      steps.push({ kind: "keep-sheet", key: plan.key, sheet: existing.sheet });
      continue;
    }
    const sheetKey = normalizeHeader(plan.sheet);
    const sheet = sheetByKey.get(sheetKey);
    if (sheet && nonEmpty.has(sheetKey)) steps.push({ kind: "keep-sheet", key: plan.key, sheet });
    else steps.push({ kind: "add-table", plan, sheet: sheet ?? plan.sheet, addSheet: sheet === undefined });
  }
  return steps;
}
