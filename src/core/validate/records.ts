/**
 * The row rules of SPEC §10 (handover, staff, contacts, borrowing, retention), added to the
 * validator's other row rules: `owner-left`, `single-contact`, `overdue-loan`, `retention`, and
 * the Loans approval rules (a copy needs a 批准人 who is not the 借阅人).
 */
import { cellDay, formatDay } from "../dates";
import { loanOfRow, overdueDays } from "../records/loans";
import { lookupStaff, type StaffDirectory } from "../records/people";
import { retentionDueDay, RETENTION_SETTING } from "../records/retention";
import { cellText, isBlank, isExcelError, type Cell, type SheetBlock } from "../table";
import { LIST_ALIASES } from "../template/lists";
import { normalizeHeader } from "../template/tables";
import type { Problem } from "./checks";
import type { DetectedTable, MappedColumn } from "./detect";
import { show } from "./messages";
import { onlyInvisible, personKey } from "./text";

/** What the §10 rules need besides the row. */
export interface RecordsContext {
  asOfDay: number;
  /** The Staff table, when the workbook has one (owner-left applies only then). */
  staff: StaffDirectory | null;
  /** Retention period in years (信用政策 档案保存年限, default 5). */
  retentionYears: number;
}

/** Where a rule puts its findings (the validator's sink). */
export interface RuleSink {
  cell(t: DetectedTable, block: SheetBlock, r: number, col: MappedColumn, value: Cell, problem: Problem, customerId?: string): unknown;
}

/** A rule over one data row (`r` = index into block.values). */
export type RecordRule = (row: readonly Cell[], r: number, customerId: string | undefined) => void;

const p = (code: Problem["code"], severity: Problem["severity"], zh: string, en: string): Problem => ({ code, severity, body: { zh, en } });

/** Separators between several contact persons in one 联系人 cell (SPEC §10.3: 、 or ，; the ASCII and other common ones too). */
const CONTACT_SEPARATORS = /[、，,;；/／|\n]+/;

/** The distinct contact persons named in 联系人 (and 联系人2). */
export function contactPersons(...cells: Cell[]): string[] {
  const seen = new Map<string, string>();
  for (const cell of cells) {
    if (isBlank(cell) || isExcelError(cell)) continue;
    for (const part of cellText(cell).split(CONTACT_SEPARATORS)) {
      const name = part.trim();
      // A name of only invisible characters (U+200B …) is no person: 联系人 of only those is blank (validate's required).
      if (name !== "" && !onlyInvisible(name) && !seen.has(personKey(name))) seen.set(personKey(name), name);
    }
  }
  return [...seen.values()];
}

const GRADE_A = new Set(["a", "a类", "a级"]);
/** 重要客户 cell values that mark a customer important. */
const IMPORTANT = new Set(["是", "重要", "重要客户", "y", "yes", "true", "1", "√", "✓", "✔", "vip"].map(normalizeHeader));

/** True when a 客户等级 cell means A类 (A, A类, A级). */
export function isGradeA(value: Cell): boolean {
  return GRADE_A.has(normalizeHeader(cellText(value)));
}

/** True when a 重要客户 cell marks the customer important (是, 重要, Y, √, TRUE …). */
export function isMarkedImportant(value: Cell): boolean {
  if (value === true) return true;
  if (typeof value === "number") return value === 1;
  return IMPORTANT.has(normalizeHeader(cellText(value)));
}

const STOPPED = new Set(["停止合作", "休眠", ...Object.entries(LIST_ALIASES.合作状态 ?? {}).filter(([, v]) => v !== "合作中").map(([k]) => k)].map(normalizeHeader));

/** The §10 rules of one table (none for tables they do not concern). */
export function recordRules(t: DetectedTable, block: SheetBlock, ctx: RecordsContext, sink: RuleSink, colOf: (key: string) => MappedColumn | undefined): RecordRule[] {
  const rules: RecordRule[] = [];
  const staff = ctx.staff;
  const put = (r: number, col: MappedColumn, value: Cell, problem: Problem, id: string | undefined) => sink.cell(t, block, r, col, value, problem, id);

  /** owner-left for a people column: unknown names always; a 离职 person when `leftMatters` says so for that row. */
  const peopleRule = (col: MappedColumn | undefined, role: { zh: string; en: string }, leftMatters: (row: readonly Cell[], r: number, leftOn: number | null) => { zh: string; en: string } | null) => {
    if (!staff || !col) return;
    rules.push((row, r, id) => {
      const v = row[col.index];
      if (isBlank(v) || isExcelError(v)) return;
      const name = cellText(v).trim();
      const found = lookupStaff(staff, name);
      if (found.kind === "active") return;
      if (found.kind === "unknown") {
        put(r, col, v, p("owner-left", "warning",
          `${role.zh}「${show(v)}」不在人员名单（工作表「${staff.sheet}」）中。请核对姓名，或先在人员名单中登记此人。`,
          `${role.en} "${show(v)}" is not on the staff list (sheet ${staff.sheet}). Check the name, or add the person to the staff list.`), id);
        return;
      }
      const why = leftMatters(row, r, found.member.leftOn);
      if (!why) return;
      put(r, col, v, p("owner-left", "warning",
        `${role.zh}「${show(v)}」已离职（人员名单第 ${found.member.row} 行${found.member.leftOn !== null ? `，离职日期 ${formatDay(found.member.leftOn)}` : ""}）。${why.zh}`,
        `${role.en} "${show(v)}" has left the company (staff list row ${found.member.row}${found.member.leftOn !== null ? `, left ${formatDay(found.member.leftOn)}` : ""}). ${why.en}`), id);
    });
  };
  /** A record dated on or after the day its person left was made by someone no longer there; before it, it is history. */
  const afterLeaving = (dateCol: MappedColumn | undefined) => (row: readonly Cell[], _r: number, leftOn: number | null) => {
    const day = dateCol ? cellDay(row[dateCol.index] ?? null) : null;
    if (leftOn === null || day === null || day < leftOn) return null;
    return { zh: `本记录日期 ${formatDay(day)} 在其离职之后，请核对经手人。`, en: `This record is dated ${formatDay(day)}, after the person left: check who handled it.` };
  };

  if (t.table === "Customers") {
    peopleRule(colOf("owner"), { zh: "负责人", en: "Owner" }, () => ({
      zh: "离职员工不得继续负责客户：请将其客户交接给在职人员（custfile handover），并通知客户。",
      en: "A leaver cannot stay in charge of customers: hand them over to a current employee (custfile handover) and inform the customers.",
    }));

    const contact = colOf("contact");
    const contact2 = colOf("contact2");
    const grade = colOf("grade");
    const important = colOf("important");
    if (contact && (grade || important)) {
      rules.push((row, r, id) => {
        const gradeA = grade !== undefined && isGradeA(row[grade.index] ?? null);
        const marked = important !== undefined && isMarkedImportant(row[important.index] ?? null);
        if (!gradeA && !marked) return;
        const c1 = row[contact.index] ?? null;
        const c2 = contact2 ? row[contact2.index] ?? null : null;
        const people = contactPersons(c1, c2);
        // No contact at all is already a `required` error on 联系人.
        if (people.length === 0 || people.length >= 2) return;
        const what = gradeA ? { zh: "A类客户", en: "An A类 customer" } : { zh: "重要客户", en: "An important customer" };
        put(r, contact, c1, p("single-contact", "warning",
          `${what.zh}只有一位联系人「${show(people[0])}」。制度要求重要客户至少有两人联系：请在「联系人2」列填写第二位联系人，或在「联系人」中用「、」分隔两位联系人。`,
          `${what.en} has a single contact person ("${show(people[0])}"). Policy asks for at least two contacts for important customers: add a second one in a 联系人2 column, or list both in 联系人 separated by 、.`), id);
      });
    }

    const status = colOf("status");
    const stopped = colOf("stoppedOn");
    if (status && stopped) {
      rules.push((row, r, id) => {
        const s = row[status.index];
        if (isBlank(s) || !STOPPED.has(normalizeHeader(cellText(s ?? null)))) return;
        const v = row[stopped.index] ?? null;
        const day = cellDay(v);
        if (day === null || retentionDueDay(day, ctx.retentionYears) > ctx.asOfDay) return;
        put(r, stopped, v, p("retention", "info",
          `自 ${formatDay(day)} 停止合作已超过档案保存年限 ${ctx.retentionYears} 年（信用政策「${RETENTION_SETTING}」），应提交档案销毁审查。custfile 不删除任何记录：是否销毁须按制度审批、监督并登记。`,
          `Cooperation stopped on ${formatDay(day)}, longer ago than the retention period of ${ctx.retentionYears} years (信用政策 ${RETENTION_SETTING}): the file is due for a destruction review. custfile deletes nothing: destruction needs approval, supervision and a record, by policy.`), id);
      });
    }
  }

  if (t.table === "Archive") {
    const date = colOf("date");
    peopleRule(colOf("handler"), { zh: "经办人", en: "Handler" }, afterLeaving(date));
    peopleRule(colOf("reviewer"), { zh: "审核人", en: "Reviewer" }, afterLeaving(date));
  }

  if (t.table === "Loans") {
    // Several rules read the same row as a loan: read it once per row.
    let memo: { r: number; loan: ReturnType<typeof loanOfRow> } | null = null;
    const loanOf = (r: number) => (memo && memo.r === r ? memo.loan : (memo = { r, loan: loanOfRow(t, block, r) }).loan);
    const date = colOf("date");
    const borrower = colOf("borrower");
    const approver = colOf("approver");
    const method = colOf("method");
    const dueOn = colOf("dueOn");
    const returnedOn = colOf("returnedOn");
    const intact = colOf("intactChecked");
    peopleRule(borrower, { zh: "借阅人", en: "Borrower" }, (row, r) => {
      const loan = loanOf(r);
      if (loan.returned !== null) return null;
      return { zh: "所借资料尚未归还：请立即追回（离职员工不得带走客户资料）。", en: "The borrowed file has not been returned: get it back now (leavers may take no customer information)." };
    });
    peopleRule(approver, { zh: "批准人", en: "Approver" }, afterLeaving(date));

    if (method) {
      rules.push((row, r, id) => {
        const loan = loanOf(r);
        if (loan.method !== "复印件") return;
        // Seed 002: copies leave the office only with the manager's approval, so the approver is someone else.
        if (approver && loan.approver === "") {
          put(r, approver, row[approver.index] ?? null, p("required", "error",
            "复印件借出须经批准：请填写批准人（不能是借阅人本人）。",
            "A copy may be taken out only with approval: fill in 批准人 (someone other than the borrower)."), id);
        } else if (!approver) {
          put(r, method, row[method.index] ?? null, p("required", "error",
            "复印件借出须经批准，但借阅登记没有「批准人」列。请添加该列并填写批准人。",
            "A copy may be taken out only with approval, but the register has no 批准人 column. Add it and fill in the approver."), id);
        } else if (loan.borrower !== "" && personKey(loan.approver) === personKey(loan.borrower)) {
          put(r, approver, row[approver.index] ?? null, p("same-person", "error",
            `批准人与借阅人是同一人（${show(loan.approver)}）。复印件借出须由另一人批准，请更换批准人。`,
            `The approver is the borrower (${show(loan.approver)}). Another person must approve a copy being taken out: change the approver.`), id);
        }
        if (dueOn && loan.due === null && loan.returned === null) {
          put(r, dueOn, null, p("required", "warning",
            "复印件也须登记归还：请填写应还日期，以便跟踪是否逾期。",
            "Copies must be returned too: fill in 应还日期 so that an overdue copy is noticed."), id);
        }
      });
    }

    rules.push((row, r, id) => {
      const loan = loanOf(r);
      const days = overdueDays(loan, ctx.asOfDay);
      if (days > 0 && loan.returned === null) {
        const at = returnedOn ?? dueOn ?? date;
        if (!at) return;
        const due = formatDay(loan.due!);
        const dueNote = loan.dueDefaulted ? { zh: "（原件当天归还）", en: " (an original is due back the same day)" } : { zh: "", en: "" };
        put(r, at, row[at.index] ?? null, p("overdue-loan", "warning",
          `借阅的资料${loan.docType ? `（${loan.docType}）` : ""}应于 ${due}${dueNote.zh}归还，已逾期 ${days} 天未归还${loan.borrower ? `（借阅人 ${loan.borrower}）` : ""}。请催还；归还后填写归还日期并确认完整性。`,
          `The borrowed file${loan.docType ? ` (${loan.docType})` : ""} was due back on ${due}${dueNote.en} and is ${days} day${days === 1 ? "" : "s"} overdue${loan.borrower ? ` (borrower ${loan.borrower})` : ""}. Ask for it back; when it is returned, fill in 归还日期 and confirm it is complete.`), id);
      }
      if (loan.returned !== null && loan.registered !== null && loan.returned < loan.registered && returnedOn) {
        put(r, returnedOn, row[returnedOn.index] ?? null, p("date-mismatch", "error",
          `归还日期 ${formatDay(loan.returned)} 早于登记日期 ${formatDay(loan.registered)}。请核对两个日期。`,
          `Returned on ${formatDay(loan.returned)}, before it was registered (${formatDay(loan.registered)}). Check both dates.`), id);
      }
      if (loan.returned !== null && intact && isBlank(row[intact.index] ?? null)) {
        // Seed 002: 归还《客户档案》→检查《客户档案》完整性注销借阅登记.
        put(r, intact, null, p("required", "warning",
          "资料已归还，但未确认完整性。请检查档案是否完整后填写「完整性确认」（如：完整 / 经手人姓名）。",
          "The file was returned but nobody confirmed it is complete. Check it and fill in 完整性确认 (e.g. 完整 or the checker's name)."), id);
      }
    });
  }
  return rules;
}
