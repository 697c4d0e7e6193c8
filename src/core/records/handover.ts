/**
 * Handover (交接, SPEC §10.1, seed 001: "员工调离时不得带走客户资料 … 公司应及时通知相关客户，并安排
 * 人员接替"): reassign every customer of 负责人 X to Y (or only some of them) as a plan a host
 * applies: the 负责人 cell edits, the ChangeLog entries (原因 交接) with each old value, the
 * Handovers row and the `交接清单 YYYY-MM-DD X→Y` sheet to tick customers off as they are told.
 * Nothing is written here; a request that cannot be carried out is an error result and then
 * nothing at all is to be written.
 */
import { customerIdKey } from "../customerid";
import { parseIsoDate } from "../dates";
import type { ChangeLogEntry } from "../changes";
import type { SheetSpec } from "../sheets";
import { cellText, isBlank, isExcelError, type Cell, type SheetBlock } from "../table";
import { CUSTOMERS, HANDOVERS, header, type TableKey } from "../template/tables";
import { detectTables, type DetectedTable } from "../validate/detect";
import { personKey } from "../validate/text";
import type { LocalizedText } from "../validate/types";
import { lookupStaff, readStaff, type StaffDirectory } from "./people";
import { handoverSheetName, uniqueTableName } from "./names";

/** What a person asks for. */
export interface HandoverRequest {
  /** 移交人: the current 负责人. */
  from: string;
  /** 接收人: the new 负责人. */
  to: string;
  /** 监交人 (optional): who witnesses the handover. */
  supervisor?: string;
  /** Only these customers (客户编号); all of `from`'s customers when absent or empty. */
  ids?: readonly string[];
  /** The handover day, YYYY-MM-DD (the host's today). */
  date: string;
  /** ChangeLog 时间, YYYY-MM-DD HH:MM:SS (the host's clock). */
  time: string;
  /** ChangeLog 操作人 (default: the supervisor, else blank). */
  user?: string;
  /** Handovers 备注. */
  note?: string;
  /**
   * Every sheet and Excel table name the workbook has, when `blocks` hold only some of them (a
   * host that read only Customers and Staff): the 交接清单 sheet and its table get names none of
   * them has. Default: the names of `blocks`.
   */
  existingSheets?: readonly string[];
  existingTables?: readonly string[];
}

/**
 * The tables planHandover reads (a host may read only their sheets, and then passes every sheet
 * name in the request): Customers and Staff. ChangeLog and Handovers rows are appended by the
 * host's writer.
 */
export const HANDOVER_TABLES: readonly TableKey[] = ["Customers", "Staff"];

/** Why a handover cannot be done. */
export type HandoverErrorCode =
  | "missing-name" | "bad-date" | "no-customers-table" | "no-owner-column" | "same-person" | "unknown-from"
  | "nothing-to-hand-over" | "to-left" | "supervisor-is-party" | "unknown-ids" | "not-owned";

/** A refused handover: nothing is to be written. */
export interface HandoverError {
  code: HandoverErrorCode;
  message: LocalizedText;
  /** The ids concerned (unknown-ids, not-owned). */
  ids?: string[];
}

/** One customer handed over. */
export interface HandedCustomer {
  /** 客户编号 ("" when the row has none). */
  id: string;
  name: string;
  contact: Cell;
  phone: Cell;
  email: Cell;
  /** The Customers sheet row. */
  row: number;
}

/** One cell a host writes into Customers. */
export interface HandoverEdit {
  sheet: string;
  /** 1-based sheet row and column of the 负责人 cell. */
  row: number;
  columnNumber: number;
  /** The header as written in the file. */
  column: string;
  customerId: string;
  before: Cell;
  after: string;
}

/** Everything a host writes for one handover, in one batch. */
export interface HandoverPlan {
  from: string;
  to: string;
  supervisor: string;
  date: string;
  customers: HandedCustomer[];
  /** 负责人 cells of Customers: X → Y. */
  edits: HandoverEdit[];
  /** One ChangeLog row per edit (原因 交接), with the old value; written before the edits. */
  changeLog: ChangeLogEntry[];
  /** The Handovers (交接记录) row, in the template's column order. */
  handoversRow: Cell[];
  /** The 交接清单 sheet: one row per customer with an empty 已通知 (是/否) column to tick. */
  sheet: SheetSpec;
  /** Things a person should know that do not stop the handover. */
  warnings: LocalizedText[];
}

/** The result of planning: a plan, or why not. */
export type HandoverResult = { ok: true; plan: HandoverPlan } | { ok: false; error: HandoverError };

/** The values of the 已通知 dropdown. */
export const NOTIFIED_VALUES: readonly string[] = ["是", "否"];
/** Excel keeps at most this many characters in a cell; the Handovers id list stays under it. */
const CELL_LIMIT = 32_000;

const t = (zh: string, en: string): LocalizedText => ({ "zh-CN": zh, "en-US": en });
const fail = (code: HandoverErrorCode, zh: string, en: string, ids?: string[]): HandoverResult => ({ ok: false, error: { code, message: t(zh, en), ...(ids ? { ids } : {}) } });

/** Who can hand over and receive: the 负责人 names with their customer counts, and the staff list. */
export function handoverPeople(blocks: readonly SheetBlock[]): { owners: Array<{ name: string; customers: number }>; staff: Array<{ name: string; left: boolean }> } {
  const tables = detectTables(blocks);
  const owners = new Map<string, { name: string; customers: number }>();
  const cust = tables.find((x) => x.table === "Customers");
  const owner = cust?.columns.find((c) => c.def.key === "owner");
  if (cust && owner && cust.headerRowIndex >= 0) {
    const block = blocks[cust.blockIndex];
    for (let r = cust.headerRowIndex + 1; r < block.values.length; r++) {
      const v = block.values[r]?.[owner.index] ?? null;
      if (isBlank(v) || isExcelError(v)) continue;
      const name = cellText(v).trim();
      const o = owners.get(personKey(name)) ?? owners.set(personKey(name), { name, customers: 0 }).get(personKey(name))!;
      o.customers++;
    }
  }
  const staff = staffOf(blocks, tables);
  return {
    owners: [...owners.values()].sort((a, b) => b.customers - a.customers || (a.name < b.name ? -1 : 1)),
    staff: (staff?.members ?? []).map((m) => ({ name: m.name, left: m.left })),
  };
}

/** One name a person can pick for a handover: a 负责人 and/or a member of staff. */
export interface HandoverCandidate {
  name: string;
  /** Customers in this person's charge (0 for staff without customers). */
  customers: number;
  /** On the staff list (人员). */
  onStaff: boolean;
  /** The staff list says the person left (离职): not a receiver. */
  left: boolean;
}

/**
 * The names for the pane's pickers, each once (names compare like 负责人 cells do): the 负责人
 * as written, by number of customers; then staff without customers, those in post first. A
 * 负责人 the staff list marks 离职 is marked here too.
 */
export function handoverCandidates(blocks: readonly SheetBlock[]): HandoverCandidate[] {
  const people = handoverPeople(blocks);
  const byKey = new Map<string, HandoverCandidate>();
  for (const o of people.owners) byKey.set(personKey(o.name), { name: o.name, customers: o.customers, onStaff: false, left: false });
  const others: HandoverCandidate[] = [];
  for (const m of people.staff) {
    const known = byKey.get(personKey(m.name));
    if (known) {
      // A name listed twice on the staff list is in post when any of its rows is (lookupStaff).
      known.left = known.onStaff ? known.left && m.left : m.left;
      known.onStaff = true;
    } else {
      const c: HandoverCandidate = { name: m.name, customers: 0, onStaff: true, left: m.left };
      byKey.set(personKey(m.name), c);
      others.push(c);
    }
  }
  const owners = [...byKey.values()].filter((c) => c.customers > 0);
  return [...owners, ...others.filter((c) => !c.left), ...others.filter((c) => c.left)];
}

function staffOf(blocks: readonly SheetBlock[], tables: readonly DetectedTable[]): StaffDirectory | null {
  const s = tables.find((x) => x.table === "Staff");
  return s ? readStaff(blocks[s.blockIndex], s) : null;
}

/** Plan a handover of `from`'s customers to `to` (SPEC §10.1); an error result when it cannot be done. */
export function planHandover(blocks: readonly SheetBlock[], request: HandoverRequest): HandoverResult {
  const from = request.from.trim();
  const to = request.to.trim();
  const supervisor = (request.supervisor ?? "").trim();
  if (from === "" || to === "") return fail("missing-name", "请指定移交人和接收人。", "Name both the person handing over (--from) and the one receiving (--to).");
  if (parseIsoDate(request.date) === null) return fail("bad-date", `交接日期「${request.date}」不是 YYYY-MM-DD 格式的日期。`, `Handover date '${request.date}' is not a day written YYYY-MM-DD.`);
  if (personKey(from) === personKey(to)) return fail("same-person", `移交人和接收人是同一人（${from}）。请指定另一位接收人。`, `The person handing over and the one receiving are the same (${from}). Name someone else to receive the customers.`);
  if (supervisor !== "" && (personKey(supervisor) === personKey(from) || personKey(supervisor) === personKey(to))) {
    return fail("supervisor-is-party", `监交人「${supervisor}」是交接的一方。监交人应是第三人（如部门经理）。`, `The supervisor (${supervisor}) is one of the two parties. The supervisor witnesses the handover and must be a third person (e.g. the department manager).`);
  }

  const tables = detectTables(blocks);
  const cust = tables.find((x) => x.table === "Customers");
  if (!cust || cust.headerRowIndex < 0) return fail("no-customers-table", "找不到客户信息表（客户信息 / Customers）：没有可交接的客户。", "No Customers table (客户信息) found: there are no customers to hand over.");
  const col = (key: string) => cust.columns.find((c) => c.def.key === key);
  const ownerCol = col("owner");
  const ownerHeader = header(CUSTOMERS, "owner");
  if (!ownerCol) return fail("no-owner-column", `工作表「${cust.sheet}」没有「${ownerHeader}」列：不知道客户由谁负责，无法交接。请先添加该列并填写负责人。`, `Sheet ${cust.sheet} has no ${ownerHeader} (owner) column: nobody is recorded as in charge of a customer, so nothing can be handed over. Add the column and fill it in first.`);

  const staff = staffOf(blocks, tables);
  const block = blocks[cust.blockIndex];
  const idCol = col("customerId");
  const cellAt = (r: number, c: ReturnType<typeof col>): Cell => (c ? block.values[r]?.[c.index] ?? null : null);
  const fromKey = personKey(from);
  const rowsOfFrom: number[] = [];
  const ownerById = new Map<string, string>();
  // Owner names by personKey, so "张伟" and " 张 伟" are listed once.
  const known = new Map<string, string>();
  for (let r = cust.headerRowIndex + 1; r < block.values.length; r++) {
    const owner = cellAt(r, ownerCol);
    const id = customerIdKey(cellAt(r, idCol));
    const ownerText = isBlank(owner) || isExcelError(owner) ? "" : cellText(owner).trim();
    if (id !== "" && !ownerById.has(id)) ownerById.set(id, ownerText);
    if (ownerText !== "" && !known.has(personKey(ownerText))) known.set(personKey(ownerText), ownerText);
    if (ownerText !== "" && personKey(ownerText) === fromKey) rowsOfFrom.push(r);
  }

  const fromStaff = staff ? lookupStaff(staff, from) : null;
  if (rowsOfFrom.length === 0) {
    if (!fromStaff || fromStaff.kind === "unknown") {
      const list = [...known.values()].slice(0, 10);
      return fail("unknown-from",
        `「${from}」不是任何客户的负责人${staff ? "，也不在人员名单中" : ""}。请核对姓名${list.length ? `（现有负责人：${list.join("、")}${known.size > 10 ? " 等" : ""}）` : ""}。`,
        `"${from}" is in charge of no customer${staff ? " and is not on the staff list" : ""}. Check the name${list.length ? ` (owners: ${list.join(", ")}${known.size > 10 ? " …" : ""})` : ""}.`);
    }
    return fail("nothing-to-hand-over", `「${from}」目前没有负责的客户，无需交接。`, `"${from}" is in charge of no customer: there is nothing to hand over.`);
  }

  const warnings: LocalizedText[] = [];
  let toName = to;
  if (staff) {
    const toStaff = lookupStaff(staff, to);
    if (toStaff.kind === "left") return fail("to-left", `接收人「${to}」已离职（人员名单第 ${toStaff.member.row} 行）。请把客户交给在职人员。`, `"${to}" has left the company (staff list row ${toStaff.member.row}). Hand the customers to a current employee.`);
    if (toStaff.kind === "unknown") warnings.push(t(`接收人「${to}」不在人员名单中：交接后检查会报告 owner-left。请在人员名单中登记此人。`, `"${to}" is not on the staff list: after the handover the check reports owner-left. Add the person to the staff list.`));
    else toName = toStaff.member.name;
    if (supervisor !== "" && lookupStaff(staff, supervisor).kind === "left") warnings.push(t(`监交人「${supervisor}」已离职。`, `The supervisor (${supervisor}) has left the company.`));
  }

  // Only some customers: every id must exist and belong to `from`, or nothing is done.
  let chosen = rowsOfFrom;
  const wanted = [...new Set((request.ids ?? []).map((id) => customerIdKey(id)).filter((id) => id !== ""))];
  if (wanted.length > 0) {
    const unknown = wanted.filter((id) => !ownerById.has(id));
    if (unknown.length) return fail("unknown-ids", `客户信息表中没有这些客户编号：${unknown.join("、")}。没有做任何交接。`, `These customer ids are not in the Customers table: ${unknown.join(", ")}. Nothing was handed over.`, unknown);
    const others = wanted.filter((id) => personKey(ownerById.get(id) ?? "") !== fromKey);
    if (others.length) {
      const who = others.map((id) => `${id}（${ownerById.get(id) || "无负责人"}）`);
      const whoEn = others.map((id) => `${id} (${ownerById.get(id) || "no owner"})`);
      return fail("not-owned", `这些客户不由「${from}」负责：${who.join("、")}。没有做任何交接。`, `These customers are not in ${from}'s charge: ${whoEn.join(", ")}. Nothing was handed over.`, others);
    }
    const set = new Set(wanted);
    chosen = rowsOfFrom.filter((r) => set.has(customerIdKey(cellAt(r, idCol))));
  }

  const customers: HandedCustomer[] = chosen.map((r) => ({
    id: cellText(cellAt(r, idCol)).trim(), name: cellText(cellAt(r, col("name"))).trim(),
    contact: cellAt(r, col("contact")), phone: cellAt(r, col("phone")), email: cellAt(r, col("email")), row: block.firstRow + r,
  }));
  const noId = customers.filter((c) => c.id === "");
  if (noId.length) warnings.push(t(`第 ${noId.map((c) => c.row).join("、")} 行没有客户编号：负责人照常改为「${toName}」，变更记录中的客户编号为空。`, `Row${noId.length > 1 ? "s" : ""} ${noId.map((c) => c.row).join(", ")} ha${noId.length > 1 ? "ve" : "s"} no 客户编号: the owner changes to ${toName} all the same; the change log rows carry no id.`));

  const edits: HandoverEdit[] = chosen.map((r, i) => ({
    sheet: cust.sheet, row: block.firstRow + r, columnNumber: ownerCol.columnNumber, column: ownerCol.header,
    customerId: customers[i].id, before: cellAt(r, ownerCol), after: toName,
  }));
  const user = request.user ?? supervisor;
  const changeLog: ChangeLogEntry[] = edits.map((e) => ({
    time: request.time, table: CUSTOMERS.key, customerId: e.customerId, field: ownerHeader, before: cellText(e.before), after: toName, reason: "交接", user,
  }));

  const existingSheets = [...blocks.map((b) => b.sheet), ...(request.existingSheets ?? [])];
  const existingTables = [...blocks.map((b) => b.tableName ?? ""), ...(request.existingTables ?? [])].filter((n) => n !== "");
  const sheetName = handoverSheetName(request.date, from, toName, existingSheets);
  const ids = customers.map((c) => c.id).filter((id) => id !== "");
  let idList = ids.join("、");
  let note = (request.note ?? "").trim();
  if (idList.length > CELL_LIMIT) {
    // Excel cells hold 32,767 characters; the whole list is on the 交接清单 sheet.
    idList = idList.slice(0, idList.lastIndexOf("、", CELL_LIMIT - 40)) + ` …（共 ${ids.length} 个）`;
    note = `${note ? note + "；" : ""}完整名单见工作表「${sheetName}」`;
  }
  const values: Record<string, Cell> = { date: request.date, from, to: toName, supervisor, count: customers.length, customerIds: idList, note };
  const handoversRow = HANDOVERS.columns.map((c) => values[c.key] ?? null);

  const sheet: SheetSpec = {
    name: sheetName,
    lines: [
      "客户交接清单",
      `交接日期 ${request.date}　移交人 ${from} → 接收人 ${toName}${supervisor ? `　监交人 ${supervisor}` : ""}`,
      `共 ${customers.length} 个客户。请逐一通知客户新的负责人，并在「已通知」列选择 是 / 否（制度：员工调离时应及时通知客户，不得带走客户资料）。`,
    ],
    tables: [{
      name: uniqueTableName(`Handover_${request.date.replace(/-/g, "")}`, existingTables),
      columns: [
        { header: "序号", format: "integer", width: 6 },
        { header: header(CUSTOMERS, "customerId"), format: "text", width: 15 },
        { header: header(CUSTOMERS, "name"), format: "text", width: 28 },
        { header: header(CUSTOMERS, "contact"), format: "text", width: 12 },
        { header: header(CUSTOMERS, "phone"), format: "text", width: 16 },
        { header: header(CUSTOMERS, "email"), format: "text", width: 24 },
        { header: "已通知", format: "text", width: 8, list: NOTIFIED_VALUES },
        { header: "通知日期", format: "date", width: 12 },
        { header: "备注", format: "text", width: 24 },
      ],
      rows: customers.map((c, i) => [i + 1, c.id, c.name, c.contact, c.phone, c.email, null, null, null]),
    }],
    freezeHeader: true,
  };

  return { ok: true, plan: { from, to: toName, supervisor, date: request.date, customers, edits, changeLog, handoversRow, sheet, warnings } };
}
