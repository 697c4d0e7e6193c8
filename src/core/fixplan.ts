/**
 * Applying a report's safe fixes as a host does it (SPEC §3): which cells to write, with which
 * number format so Excel keeps the value as written, the ChangeLog row that keeps each old
 * value (SPEC §2.5), and which Customers key field each write touches (for the change tracker).
 */
import { KEY_FIELDS, type ChangeLogEntry, type KeyField } from "./changes";
import { formatOfKind, type ColumnFormat } from "./sheets";
import { cellText } from "./table";
import type { ColumnKind } from "./template/tables";
import { fixEdits, type CellEdit, type WorkbookReport } from "./validate";

/** ChangeLog 原因 of custfile's fixes. */
export const FIX_REASON = "修正" as const;

/** One cell write of a fix. */
export interface FixWrite {
  edit: CellEdit;
  /**
   * How the value is written (core/sheets excelCell): a date as a real date cell formatted
   * YYYY-MM-DD, text as text ("@") so Excel does not turn a phone number or an id with
   * full-width digits made half-width into a number.
   */
  format: ColumnFormat;
  /** The Customers key field written, when it is one (the change tracker's baseline follows it). */
  keyField: KeyField | null;
  log: ChangeLogEntry;
}

/** The writes that carry out the fixes of `codes` (all fixes when omitted), with their ChangeLog rows. */
export function fixWrites(report: WorkbookReport, meta: { time: string; user: string }, codes?: readonly string[]): FixWrite[] {
  const wanted = codes ? new Set(codes) : null;
  const findings = report.findings.filter((f) => f.fix !== undefined && (!wanted || wanted.has(f.code)));
  const columnOf = new Map<string, { kind: ColumnKind; key: string }>();
  for (const t of report.tables) for (const c of t.columns) columnOf.set(`${t.sheet}\u0000${c.columnNumber}`, { kind: c.def.kind, key: c.def.key });
  return fixEdits({ findings }).map((edit) => {
    const col = columnOf.get(`${edit.sheet}\u0000${edit.columnNumber}`);
    const f = edit.finding;
    const keyField = f.table === "Customers" && col && (KEY_FIELDS as readonly string[]).includes(col.key) ? (col.key as KeyField) : null;
    return {
      edit,
      format: col ? formatOfKind(col.kind) : "text",
      keyField,
      log: {
        time: meta.time, table: f.table, customerId: f.customerId ?? "", field: f.column,
        before: cellText(edit.before), after: cellText(edit.after), reason: FIX_REASON, user: meta.user,
      },
    };
  });
}

/**
 * A fix write's identity for "apply these of the preview": its cell and its value before and
 * after. A cell that changed since the preview gets another id, so it is not written blindly.
 */
export function fixWriteId(w: Pick<FixWrite, "edit">): string {
  const e = w.edit;
  return `${e.sheet}\u0000${e.row}\u0000${e.columnNumber}\u0000${typeof e.before}:${cellText(e.before)}\u0000${typeof e.after}:${cellText(e.after)}`;
}
