/**
 * What the audit reads from a workbook: the Customers rows (id, grade, status, dates and the
 * fields to check), the ChangeLog rows about volatile fields, and the Audits records already
 * written. Tables are found the way validation finds them (core/validate/detect), by table
 * name, sheet name or headers, so the CLI (SheetJS) and the add-in (Excel) read the same way.
 * Rows the audit cannot use are skipped with a note naming sheet, row and column, never a crash.
 */
import { customerIdKey, readCustomerId } from "../customerid";
import { cellDay, formatDay } from "../dates";
import { cellText, isBlank, type Cell, type SheetBlock } from "../table";
import { CUSTOMERS, normalizeHeader } from "../template/tables";
import { detectTables, headerMap, type DetectedTable } from "../validate/detect";
import { readLoans, type Loan } from "../records/loans";

/** The Customers fields whose change makes a customer a key item (SPEC §6 step 3; seed 003's 易变更项). */
export const VOLATILE_FIELDS = ["contact", "phone", "address", "email"] as const;
export type VolatileField = (typeof VOLATILE_FIELDS)[number];

/** One customer as the audit sees it. */
export interface AuditCustomer {
  id: string;
  /** Sheet row number (for messages and for the sheet's link back). */
  row: number;
  /** Normalised grade: A, B, C, or "" when blank or unknown. */
  grade: "A" | "B" | "C" | "";
  /** 合作状态 as written (trimmed). */
  status: string;
  /** 最近核实日期 as a day number, or null when blank or unreadable. */
  verifiedOn: number | null;
  /** 开户日期 as a day number, or null. */
  opened: number | null;
  /** The cells the audit sheet copies for the checker, by column key (contact, phone, email, address, grade, verifiedOn, name). */
  fields: Record<string, Cell>;
}

/** One ChangeLog row about a volatile Customers field. */
export interface VolatileChange {
  customerId: string;
  field: VolatileField;
  /** The day of 时间. */
  day: number;
  row: number;
}

/** Everything the sampling reads from a workbook, plus notes about rows it could not use. */
export interface AuditInput {
  customers: AuditCustomer[];
  changes: VolatileChange[];
  /** The Loans (借阅登记) rows, when the workbook has that register (SPEC §10.4: an overdue loan puts its customer in the high stratum). */
  loans?: Loan[];
  /** Whether a Customers table was found at all. */
  hasCustomers: boolean;
  /** Why a Customers table that was found gives no population at all (no header row, no 客户编号 column); the sheet is named. */
  customersProblem?: string;
  /** Messages about skipped rows (sheet, row, column named). */
  notes: string[];
}

/** The sheet-copied fields, in the order of the audit sheet. */
export const CHECKED_FIELDS = ["contact", "phone", "email", "address", "grade", "verifiedOn"] as const;

/**
 * The columns (keys) the audit reads of each table it needs, so a host reads no more: the
 * Customers fields of the population, strata and audit sheet (and the volatile fields whose
 * validation errors make key items), and ChangeLog's when / who / what.
 */
export const AUDIT_COLUMNS = {
  Customers: ["customerId", "name", "grade", "status", "verifiedOn", "opened", ...CHECKED_FIELDS],
  ChangeLog: ["time", "table", "customerId", "field"],
} as const;

function gradeOf(value: Cell): AuditCustomer["grade"] {
  const t = normalizeHeader(cellText(value));
  if (t === "a" || t === "a类" || t === "a级") return "A";
  if (t === "b" || t === "b类" || t === "b级") return "B";
  if (t === "c" || t === "c类" || t === "c级") return "C";
  return "";
}

function column(table: DetectedTable, key: string): number {
  const c = table.columns.find((m) => m.def.key === key);
  return c ? c.index : -1;
}

/** Names a ChangeLog 表 cell may use for the Customers table. */
const CUSTOMER_TABLE_NAMES = new Set([CUSTOMERS.key, CUSTOMERS.sheet, CUSTOMERS.title, ...CUSTOMERS.sheetAliases].map(normalizeHeader));
const CUSTOMER_HEADERS = headerMap(CUSTOMERS);

/** The volatile field a ChangeLog 字段 cell names (header, alias or key), or null. */
export function volatileFieldOf(value: Cell): VolatileField | null {
  const text = cellText(value).trim();
  if (text === "") return null;
  const def = CUSTOMER_HEADERS.get(normalizeHeader(text)) ?? CUSTOMERS.columns.find((c) => c.key === text);
  return def && (VOLATILE_FIELDS as readonly string[]).includes(def.key) ? (def.key as VolatileField) : null;
}

/** Read the audit's inputs from a workbook's sheet blocks. */
export function readAuditInput(blocks: readonly SheetBlock[]): AuditInput {
  const tables = detectTables(blocks);
  const notes: string[] = [];
  const customers: AuditCustomer[] = [];
  const changes: VolatileChange[] = [];
  const cust = tables.find((t) => t.table === "Customers");
  let customersProblem: string | undefined;
  if (cust && cust.headerRowIndex < 0) {
    customersProblem = `sheet ${cust.sheet}: no header row in the first rows (expected 客户编号, 客户名称, …); no customer can be sampled.`;
  }
  if (cust && cust.headerRowIndex >= 0) {
    const block = blocks[cust.blockIndex];
    const idCol = column(cust, "customerId");
    if (idCol < 0) {
      customersProblem = `sheet ${cust.sheet}: no 客户编号 column in its header row; no customer can be sampled.`;
      notes.push(customersProblem);
    } else {
      const idx = Object.fromEntries(["name", "grade", "status", "verifiedOn", "opened", ...CHECKED_FIELDS].map((k) => [k, column(cust, k)]));
      const seen = new Map<string, number>();
      for (let r = cust.headerRowIndex + 1; r < block.values.length; r++) {
        const row = block.values[r] ?? [];
        const sheetRow = block.firstRow + r;
        if (row.every((c) => isBlank(c))) continue;
        // One reading of 客户编号 with validate and credit (core/customerid): ids typed several ways are one customer.
        const idRead = readCustomerId(row[idCol] ?? null);
        if (idRead.kind === "not-id") {
          notes.push(`${cust.sheet} row ${sheetRow}, 客户编号: ${idRead.why}; the row is not a customer and is left out of the population.`);
          continue;
        }
        const id = idRead.kind === "id" ? idRead.id : "";
        if (id === "") {
          notes.push(`${cust.sheet} row ${sheetRow}, 客户编号: blank; the row is left out of the population.`);
          continue;
        }
        const first = seen.get(id);
        if (first !== undefined) {
          notes.push(`${cust.sheet} row ${sheetRow}, 客户编号: ${id} repeats row ${first}; the population counts it once (the first row).`);
          continue;
        }
        seen.set(id, sheetRow);
        const at = (k: string): Cell => (idx[k] >= 0 ? row[idx[k]] ?? null : null);
        const verifiedRaw = at("verifiedOn");
        const verifiedOn = cellDay(verifiedRaw);
        if (verifiedOn === null && !isBlank(verifiedRaw)) notes.push(`${cust.sheet} row ${sheetRow}, 最近核实日期: '${cellText(verifiedRaw)}' is not a date; treated as not verified.`);
        const fields: Record<string, Cell> = { name: at("name") };
        for (const k of CHECKED_FIELDS) fields[k] = at(k);
        // Copy dates as YYYY-MM-DD text so the audit sheet shows a date whatever the source cell was.
        if (verifiedOn !== null) fields.verifiedOn = formatDay(verifiedOn);
        customers.push({ id, row: sheetRow, grade: gradeOf(at("grade")), status: cellText(at("status")).trim(), verifiedOn, opened: cellDay(at("opened")), fields });
      }
    }
  }
  const log = tables.find((t) => t.table === "ChangeLog");
  if (log && log.headerRowIndex >= 0) {
    const block = blocks[log.blockIndex];
    const [timeCol, tableCol, idCol, fieldCol] = ["time", "table", "customerId", "field"].map((k) => column(log, k));
    if (timeCol >= 0 && idCol >= 0 && fieldCol >= 0) {
      for (let r = log.headerRowIndex + 1; r < block.values.length; r++) {
        const row = block.values[r] ?? [];
        const field = volatileFieldOf(row[fieldCol] ?? null);
        if (!field) continue;
        if (tableCol >= 0 && !isBlank(row[tableCol] ?? null) && !CUSTOMER_TABLE_NAMES.has(normalizeHeader(cellText(row[tableCol] ?? null)))) continue;
        const customerId = customerIdKey(row[idCol] ?? null);
        if (customerId === "") continue;
        const day = cellDay(row[timeCol] ?? null);
        const sheetRow = block.firstRow + r;
        if (day === null) {
          notes.push(`${log.sheet} row ${sheetRow}, 时间: '${cellText(row[timeCol] ?? null)}' is not a date; the change is not counted.`);
          continue;
        }
        changes.push({ customerId, field, day, row: sheetRow });
      }
    } else {
      notes.push(`${log.sheet}: 时间, 客户编号 or 字段 column missing; changes are not counted.`);
    }
  }
  const loans = readLoans(blocks, tables).map((l) => ({ ...l, customerId: customerIdKey(l.customerId) })).filter((l) => l.customerId !== "");
  return { customers, changes, loans, hasCustomers: cust !== undefined, ...(customersProblem ? { customersProblem } : {}), notes };
}

