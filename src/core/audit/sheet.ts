/**
 * The `抽查 YYYYQn` sheet of a draw as a sheet spec, so the add-in and the command line write
 * the same sheet: one Excel table of the sampled customers with the fields to check, a
 * 核对结果 dropdown (一致 / 已更正 / 无法联系), 核对日期 as a date column, a frozen header.
 */
import { formatOfKind, type ColumnFormat, type ColumnSpec, type SheetSpec } from "../sheets";
import { CUSTOMERS, normalizeHeader } from "../template/tables";
import type { AuditInput } from "./input";
import { AUDIT_SHEET_HEADERS, CHECK_RESULT_HEADER, CHECK_RESULTS, auditSheetName, auditSheetRows, type AuditSheetKept } from "./records";
import type { AuditSample } from "./sample";

/** Width of an audit sheet column in characters. */
function widthOf(header: string): number {
  if (header === "抽取原因") return 60;
  if (header === "序号") return 6;
  return CUSTOMERS.columns.find((c) => c.header === header)?.width ?? 14;
}

/** How an audit sheet column is written: customer fields as their template kind, the check date as a date, the rest as text. */
function formatOf(header: string): ColumnFormat {
  if (header === "序号") return "integer";
  if (header === "核对日期") return "date";
  const c = CUSTOMERS.columns.find((x) => normalizeHeader(x.header) === normalizeHeader(header));
  return c ? formatOfKind(c.kind) : "text";
}

/** Excel table name of a quarter's audit sheet (e.g. Audit_2026Q4). */
export function auditSheetTableName(quarter: string): string {
  return `Audit_${quarter}`;
}

/** The audit sheet of a sample: a table with the 核对结果 dropdown, frozen header, widths; `kept` = the sheet as it was (see auditSheetRows: nothing typed is lost). */
export function auditSheetSpec(sample: AuditSample, input: AuditInput, kept?: AuditSheetKept | null): SheetSpec {
  const rows = auditSheetRows(sample, input, kept).slice(1);
  const columns: ColumnSpec[] = AUDIT_SHEET_HEADERS.map((h) => ({
    header: h,
    format: formatOf(h),
    width: widthOf(h),
    ...(h === CHECK_RESULT_HEADER ? { list: CHECK_RESULTS } : {}),
  }));
  return { name: auditSheetName(sample.quarter), tables: [{ name: auditSheetTableName(sample.quarter), columns, rows }], freezeHeader: true };
}
