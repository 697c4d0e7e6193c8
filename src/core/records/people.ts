/**
 * People in the registers (SPEC §10.2): the optional Staff table (人员: 姓名, 部门, 状态 在职/离职,
 * and 离职日期 when the company keeps it) read into a directory that answers "is this name on
 * the staff list, and has the person left?". Names compare like 经办人/审核人 do (ignoring
 * spaces, full-width forms and case).
 */
import { cellText, isBlank, isExcelError, type Cell, type SheetBlock } from "../table";
import { LIST_ALIASES } from "../template/lists";
import { normalizeHeader } from "../template/tables";
import { cellDay } from "../dates";
import type { DetectedTable } from "../validate/detect";
import { personKey } from "../validate/text";

/** One row of the Staff table. */
export interface StaffMember {
  /** 姓名 as written (trimmed). */
  name: string;
  department: string;
  /** True when 状态 says 离职 (or one of its aliases). A blank 状态 counts as 在职. */
  left: boolean;
  /** 离职日期 as a day number, when given. */
  leftOn: number | null;
  /** The sheet's row number. */
  row: number;
}

/** The Staff table as a lookup by name. */
export interface StaffDirectory {
  sheet: string;
  members: StaffMember[];
  /** Members by personKey(姓名); a name listed twice keeps every row. */
  byKey: Map<string, StaffMember[]>;
}

/** What the staff list says about one name. */
export type StaffLookup =
  | { kind: "unknown" }
  | { kind: "active"; member: StaffMember }
  | { kind: "left"; member: StaffMember };

const LEFT = new Set(["离职", ...Object.entries(LIST_ALIASES.人员状态 ?? {}).filter(([, v]) => v === "离职").map(([k]) => k), "left", "inactive"].map(normalizeHeader));

/** True when a 状态 cell means the person has left. */
export function isLeftStatus(value: Cell): boolean {
  return !isBlank(value) && LEFT.has(normalizeHeader(cellText(value)));
}

/** Read the Staff table found by detectTables (null when it has no header row or no 姓名 column). */
export function readStaff(block: SheetBlock, table: DetectedTable): StaffDirectory | null {
  if (table.headerRowIndex < 0) return null;
  const at = (key: string) => table.columns.find((c) => c.def.key === key)?.index ?? -1;
  const nameCol = at("name");
  if (nameCol < 0) return null;
  const [deptCol, statusCol, leftOnCol] = [at("department"), at("status"), at("leftOn")];
  const members: StaffMember[] = [];
  const byKey = new Map<string, StaffMember[]>();
  for (let r = table.headerRowIndex + 1; r < block.values.length; r++) {
    const row = block.values[r] ?? [];
    const raw = row[nameCol] ?? null;
    if (isBlank(raw) || isExcelError(raw)) continue;
    const member: StaffMember = {
      name: cellText(raw).trim(),
      department: deptCol >= 0 ? cellText(row[deptCol] ?? null).trim() : "",
      left: statusCol >= 0 && isLeftStatus(row[statusCol] ?? null),
      leftOn: leftOnCol >= 0 ? cellDay(row[leftOnCol] ?? null) : null,
      row: block.firstRow + r,
    };
    // A 离职日期 without a 状态 still says the person left.
    if (member.leftOn !== null && (statusCol < 0 || isBlank(row[statusCol] ?? null))) member.left = true;
    members.push(member);
    const key = personKey(member.name);
    (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(member);
  }
  return { sheet: table.sheet, members, byKey };
}

/** Look a name up: unknown, active (any row of that name 在职), or left. */
export function lookupStaff(directory: StaffDirectory, name: string): StaffLookup {
  const rows = directory.byKey.get(personKey(name));
  if (!rows || rows.length === 0) return { kind: "unknown" };
  const active = rows.find((m) => !m.left);
  return active ? { kind: "active", member: active } : { kind: "left", member: rows[0] };
}
