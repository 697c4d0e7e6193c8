/**
 * One reading of a 客户编号 cell, shared by validate, credit and audit, so that one customer
 * typed several ways is one customer everywhere:
 *
 * - What validate would fix maps to the canonical id: control characters dropped, full-width
 *   forms → half-width, surrounding white space trimmed, upper case; and when dropping the white
 *   space inside gives a well-formed id (C + YYYYMMDD + 3 digits), that id. ` c20240315001`,
 *   `C2024031500１` and `C20240315001 ` are all `C20240315001`.
 * - What validate would not fix is not an id: an error value (#N/A …), TRUE/FALSE, or text with
 *   an invisible character (zero-width space U+200B …) — credit and audit leave such rows out
 *   and say why; validate reports them.
 *
 * Ids that are not of the template's form (validate: a pattern error) are still ids to credit and
 * audit, compared the same way (trimmed, half-width, case-insensitive). A number stays its plain
 * text (validate: a type error).
 */
import { dayNumber, digitsAt } from "./dates";
import { isExcelError, type Cell } from "./table";
import { hasControlChars, hasFullWidth, hasInvisibleChars, invisibleCharNames, stripControlChars, toHalfWidth } from "./validate/text";

/** 客户编号: C + opening date YYYYMMDD + 3-digit sequence. */
export const CUSTOMER_ID = /^C(\d{4})(\d{2})(\d{2})(\d{3})$/;

/** The opening day inside a customer id, or null when the id does not have the form or the date is not real. */
export function customerIdDay(id: string): number | null {
  if (id.length !== 12 || id.charCodeAt(0) !== 67 /* C */ || digitsAt(id, 9, 3) < 0) return null;
  const y = digitsAt(id, 1, 4);
  const m = digitsAt(id, 5, 2);
  const d = digitsAt(id, 7, 2);
  return y < 0 || m < 0 || d < 0 ? null : dayNumber(y, m, d);
}

/** What a 客户编号 cell is. */
export type CustomerIdRead =
  | { kind: "blank" }
  /** A customer id: `id` is canonical; `wellFormed` when it has the template's form. */
  | { kind: "id"; id: string; wellFormed: boolean }
  /** Not a customer: an error value, TRUE/FALSE, or text holding invisible characters (`why` says which). */
  | { kind: "not-id"; reason: "error-value" | "boolean" | "invisible"; shown: string; why: string; invisible?: string[] };

const BLANK: CustomerIdRead = { kind: "blank" };

/** Read a 客户编号 cell (see the module comment). */
export function readCustomerId(cell: Cell | undefined): CustomerIdRead {
  if (cell === null || cell === undefined) return BLANK;
  if (typeof cell === "boolean") {
    const shown = cell ? "TRUE" : "FALSE";
    return { kind: "not-id", reason: "boolean", shown, why: `${shown} is a TRUE/FALSE value, not a customer id` };
  }
  if (typeof cell === "number") return Number.isFinite(cell) ? { kind: "id", id: String(cell), wellFormed: false } : BLANK;
  // The common case first: a well-formed id as the template writes it.
  if (customerIdDay(cell) !== null) return { kind: "id", id: cell, wellFormed: true };
  const trimmed = cell.trim();
  if (trimmed === "") return BLANK;
  if (isExcelError(trimmed)) return { kind: "not-id", reason: "error-value", shown: trimmed, why: `the error value ${trimmed} is not a customer id` };
  if (hasInvisibleChars(cell)) {
    const invisible = invisibleCharNames(cell);
    return { kind: "not-id", reason: "invisible", shown: trimmed, invisible, why: `'${trimmed}' contains an invisible character ${invisible.join(", ")}; delete it and retype the id` };
  }
  const id = canonicalText(cell);
  if (id === "") return BLANK;
  return { kind: "id", id, wellFormed: customerIdDay(id) !== null };
}

/** The canonical id of a text without invisible characters (see the module comment). */
function canonicalText(text: string): string {
  let t = hasControlChars(text) ? stripControlChars(text) : text;
  if (hasFullWidth(t)) t = toHalfWidth(t);
  t = t.trim().toUpperCase();
  if (customerIdDay(t) !== null) return t;
  const compact = t.replace(/\s+/g, "");
  return customerIdDay(compact) !== null ? compact : t;
}

/** The canonical id of a cell, or "" when the cell is blank or not a customer id. */
export function customerIdKey(cell: Cell | undefined): string {
  const r = readCustomerId(cell);
  return r.kind === "id" ? r.id : "";
}
