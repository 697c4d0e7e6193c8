/**
 * SPEC §10 in the pane: the 交接 (handover) tab, how to unprotect custfile's record sheets, and
 * the ChangeLog's 校验 chain starting over older rows. The core's refusals and warnings come in
 * both languages (core/records/handover) and are marked here with markData.
 */
import type { HandoverCandidate, HandoverDone, HandoverPreview } from "../../excel/handover";
import type { ChainStart } from "../../excel/write";
import { AUDITS, CHANGELOG, CREDIT_HISTORY, CUSTOMERS, HANDOVERS, STAFF } from "../../core/template/tables";
import { data, type Format } from "./format";

const RECORD_SHEETS = [CHANGELOG.sheet, AUDITS.sheet, CREDIT_HISTORY.sheet, HANDOVERS.sheet];

/** zh-CN. */
export const zhCN = (f: Format) => ({
  tab: "交接",
  intro: `把一位负责人的客户（全部或其中几户）交给另一人负责：负责人的原值先写入“${data(CHANGELOG.sheet)}”（原因 交接），“${data(HANDOVERS.sheet)}”增加一行，并生成交接清单，通知客户后逐一勾选。`,
  from: "移交人",
  to: "接收人",
  supervisor: "监交人（可选）",
  pick: "选择或输入姓名",
  person: (c: HandoverCandidate) => `${data(c.name)}${c.customers ? ` · ${f.num(c.customers)} 个客户` : ""}${c.left ? "（离职）" : ""}`,
  noPeople: `“${data(CUSTOMERS.sheet)}”的负责人列和“${data(STAFF.sheet)}”表中没有姓名；可以直接输入。`,
  preview: "预览",
  handOver: "交接…",
  refresh: "刷新名单",
  loaded: (n: number) => `名单中有 ${f.num(n)} 人。`,
  needNames: "请先填写移交人和接收人。",
  previewReady: (n: number) => `将交接 ${f.num(n)} 个客户，请核对后点“交接…”。`,
  listTitle: (n: number, from: string, to: string) => `${data(from)} → ${data(to)}：${f.num(n)} 个客户`,
  all: (chosen: number, total: number) => `全选（已选 ${f.num(chosen)} / ${f.num(total)}）`,
  list: "要交接的客户",
  listHint: "上下方向键浏览，空格键勾选或取消。",
  customer: (id: string, name: string, row: number) => `${id ? data(id) : "（无客户编号）"} ${data(name)} · 第 ${f.num(row)} 行`,
  sheetNote: (sheet: string) => `交接清单将写入新工作表“${data(sheet)}”。`,
  noneChosen: "请至少勾选一个客户。",
  noId: (rows: number[]) => `第 ${rows.map(f.num).join("、")} 行没有客户编号，只能随全部客户一起交接：请全选，或先补上客户编号。`,
  refusedStatus: "未交接，工作簿没有改动。",
  changed: "预览之后工作簿有变化（要交接的客户不同了），没有写入。请核对下面的新预览，再点“交接…”。",
  doneShort: (d: HandoverDone) => `已交接 ${f.num(d.customers.length)} 个客户：${data(d.from)} → ${data(d.to)}。`,
  done: (d: HandoverDone) => `已交接 ${f.num(d.customers.length)} 个客户：${data(d.from)} → ${data(d.to)}。负责人原值已写入“${data(d.changeLogSheet)}”（原因 交接），“${data(d.handoversSheet)}”增加一行；交接清单在工作表“${data(d.sheet)}”，通知客户后在“已通知”列选择 是 / 否。`,
  confirmTitle: (n: number) => `交接 ${f.num(n)} 个客户？`,
  confirmBody: (p: HandoverPreview, n: number) =>
    `${data(p.from)} → ${data(p.to)}${p.supervisor ? `（监交人 ${data(p.supervisor)}）` : ""}。将写入：这 ${f.num(n)} 个客户的负责人（每个原值先写入“${data(CHANGELOG.sheet)}”，原因 交接）、“${data(HANDOVERS.sheet)}”一行、新工作表“${data(p.sheet)}”。写入后不能用 Excel 的“撤消”恢复。`,
  note: "备注（可选）",
  confirm: (n: number) => `交接 ${f.num(n)} 个客户`,
  cancel: "取消",
  about: [
    `名单来自“${data(CUSTOMERS.sheet)}”的负责人和“${data(STAFF.sheet)}”表；标“离职”的人不能接收客户。也可以输入名单之外的姓名（之后请在“${data(STAFF.sheet)}”中登记）。交接日期为今天。`,
  ],
  protection: `${RECORD_SHEETS.map((s) => `“${data(s)}”`).join("、")}受工作表保护（无密码），以免误改；custfile 写入时会先取消保护、写完再保护。确需手工修改时：审阅 › 撤消工作表保护；改完后 审阅 › 保护工作表（勾选“排序”和“使用自动筛选”）。对变更记录的手工修改仍会被其校验链发现。`,
  chainStarted: (s: ChainStart) =>
    `“${data(s.sheet)}”${s.columnAdded ? "已添加“校验”列" : "的“校验”列已启用"}：从第 ${f.num(s.row)} 行起，每一行都与上一行链接，手工修改会被检查发现；此前的 ${f.num(s.uncovered)} 行写于启用之前，不在校验范围内。`,
});

export type RecordsStrings = ReturnType<typeof zhCN>;

/** en-US. */
export const enUS = (f: Format): RecordsStrings => {
  const customers = (n: number) => `${f.num(n)} ${f.plural(n, "customer", "customers")}`;
  return {
    tab: "Handover",
    intro: `Hand one owner's customers (all, or some of them) to someone else: each old owner goes to the change log ${data(CHANGELOG.sheet)} first (reason ${data("交接")}), ${data(HANDOVERS.sheet)} gets a row, and a handover list is made to tick off as each customer is told.`,
    from: "From (current owner)",
    to: "To (new owner)",
    supervisor: "Supervisor (optional)",
    pick: "Pick or type a name",
    person: (c) => `${data(c.name)}${c.customers ? ` · ${customers(c.customers)}` : ""}${c.left ? " (left)" : ""}`,
    noPeople: `No names in the owner column of ${data(CUSTOMERS.sheet)} or in the staff table ${data(STAFF.sheet)}; type them in.`,
    preview: "Preview",
    handOver: "Hand over…",
    refresh: "Refresh names",
    loaded: (n) => `${f.num(n)} ${f.plural(n, "name", "names")} to pick from.`,
    needNames: "Enter who hands over and who receives first.",
    previewReady: (n) => `${customers(n)} to hand over: check them, then click Hand over…`,
    listTitle: (n, from, to) => `${data(from)} → ${data(to)}: ${customers(n)}`,
    all: (chosen, total) => `All (${f.num(chosen)} of ${f.num(total)} chosen)`,
    list: "Customers to hand over",
    listHint: "Up and Down move, Space ticks or unticks.",
    customer: (id, name, row) => `${id ? data(id) : "(no customer id)"} ${data(name)} · row ${f.num(row)}`,
    sheetNote: (sheet) => `The handover list goes to the new sheet ${data(sheet)}.`,
    noneChosen: "Tick at least one customer.",
    noId: (rows) => `${f.plural(rows.length, "Row", "Rows")} ${rows.map(f.num).join(", ")} ${f.plural(rows.length, "has", "have")} no customer id and can only be handed over with all the others: tick all, or fill in the id first.`,
    refusedStatus: "Nothing was handed over; the workbook was not changed.",
    changed: "The workbook changed since the preview (other customers would move); nothing was written. Check the new preview below, then click Hand over… again.",
    doneShort: (d) => `Handed over ${customers(d.customers.length)}: ${data(d.from)} → ${data(d.to)}.`,
    done: (d) => `Handed over ${customers(d.customers.length)}: ${data(d.from)} → ${data(d.to)}. The old owners are in ${data(d.changeLogSheet)} (reason ${data("交接")}), ${data(d.handoversSheet)} has one more row, and the handover list is on the sheet ${data(d.sheet)}: as each customer is told, choose ${data("是")} or ${data("否")} under ${data("已通知")}.`,
    confirmTitle: (n) => `Hand over ${customers(n)}?`,
    confirmBody: (p, n) =>
      `${data(p.from)} → ${data(p.to)}${p.supervisor ? ` (supervisor ${data(p.supervisor)})` : ""}. This writes the owner of these ${customers(n)} (each old value first to ${data(CHANGELOG.sheet)}, reason ${data("交接")}), one row of ${data(HANDOVERS.sheet)} and the new sheet ${data(p.sheet)}. Excel's Undo cannot reverse it.`,
    note: "Note (optional)",
    confirm: (n) => `Hand over ${customers(n)}`,
    cancel: "Cancel",
    about: [
      `The names come from the owner column of ${data(CUSTOMERS.sheet)} and the staff table ${data(STAFF.sheet)}; someone marked as left cannot receive customers. A name not listed can be typed in (then add the person to ${data(STAFF.sheet)}). The handover is dated today.`,
    ],
    protection: `custfile's record sheets ${f.list(RECORD_SHEETS.map(data))} are protected without a password so that a slip of the hand is refused; custfile unprotects them for its own writes and protects them again. If you truly need to edit one: Review › Unprotect Sheet; afterwards Review › Protect Sheet (tick Sort and Use AutoFilter). Hand edits of the change log are still found by its ${data("校验")} chain.`,
    chainStarted: (s) =>
      `The change log ${data(s.sheet)} ${s.columnAdded ? "now has a" : "now fills its"} ${data("校验")} column: from row ${f.num(s.row)} on, each row is chained to the one before, so a check finds hand edits; the ${f.num(s.uncovered)} ${f.plural(s.uncovered, "row above was written before and is", "rows above were written before and are")} not covered.`,
  };
};
