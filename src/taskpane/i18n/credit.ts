/**
 * The 信用 tab (SPEC §8: the annual review, the monthly report, the credit summary as charts) and
 * the recorded vs computed flags under their own heading in the findings list, from their data.
 */
import { abnormalityLabel, ABNORMALITY_RULES, AGING_HEADERS, CREDIT_FLAG_LABELS, type AbnormalityRule, type CreditFlagCode, type Grade } from "../../core/credit";
import { CHANGELOG } from "../../core/template/tables";
import type { AppliedRow, CreditRefusal, MonthOutcome, ReviewApplyOutcome, ReviewSheetOutcome } from "../../excel/credit";
import { data, type Format } from "./format";

type Made = Extract<ReviewSheetOutcome, { kind: "made" }>;
type Applied = Extract<ReviewApplyOutcome, { kind: "applied" }>;
type Recorded = Extract<MonthOutcome, { kind: "recorded" }>;
type Status = AppliedRow["status"];

const byRule = (o: Recorded, lang: "zh-CN" | "en-US", f: Format, sep: string) =>
  ABNORMALITY_RULES.filter((r) => o.byRule[r] > 0).map((r: AbnormalityRule) => `${abnormalityLabel(r, { longOverdueDays: o.longOverdueDays })[lang]} ${f.num(o.byRule[r])}`).join(sep);

/** zh-CN. */
export const zhCN = (f: Format) => {
  const refused = (r: CreditRefusal): string => {
    switch (r.reason) {
      case "payments": return "没有回款记录表，或它缺少表头或必需的列（客户编号、单据号、开票日期、金额、付款日期、付款金额），无法计算信用。未作任何修改。";
      case "policy": return `“信用政策”中“${data(r.key)}”的值“${data(r.value)}”无效，未作任何修改。请改正后再试。`;
      case "no-customers-table": return `没有找到客户信息表（工作表“${data(r.sheet)}”），未作任何修改。请先建立模板。`;
      case "no-customers": return `“${data(r.sheet)}”中没有客户，未作任何修改。`;
      case "no-review-sheet": return `没有工作表“${data(r.sheet)}”：请先点“生成评级调整表”，审批后再应用。`;
      case "review-columns": return `工作表“${data(r.sheet)}”缺少列：${r.columns.map(data).join("、")}，无法读取审批。未作任何修改。`;
      case "customers-columns": return `“${data(r.sheet)}”没有“${r.columns.map(data).join("”“")}”列，无法写入审批结果。未作任何修改。`;
      case "bad-month": return `月份“${data(r.month)}”无效，应为 YYYY-MM。`;
      case "not-begun": return `${data(r.month)} 尚未开始，不能记录。`;
    }
  };
  return {
    tab: "信用",
    flags: {
      heading: (total: number, counts: ReadonlyArray<[CreditFlagCode, number]>) =>
        `记录与计算不符（${f.num(total)}）：${counts.map(([c, n]) => `${CREDIT_FLAG_LABELS[c]["zh-CN"]} ${f.num(n)}`).join(" · ")}`,
      label: (code: CreditFlagCode) => CREDIT_FLAG_LABELS[code]["zh-CN"],
      summary: (counts: ReadonlyArray<[CreditFlagCode, number]>) =>
        `客户信息记录的等级和额度与按回款计算的不符：${counts.map(([c, n]) => `${CREDIT_FLAG_LABELS[c]["zh-CN"]} ${f.num(n)}`).join("，")}（详见“检查结果”）。`,
      none: "客户信息记录的等级和额度与按回款计算的一致。",
      checked: (n: number) => `另有 ${f.num(n)} 处信用等级或额度与按回款计算的不符。`,
    },
    summary: {
      title: "信用概况",
      notChecked: "点“检查”后，这里显示按回款记录计算的信用等级分布和未收金额账龄。",
      grades: (customers: number) => `信用等级（${f.num(customers)} 户）`,
      grade: (g: Grade): string => (g === "N" ? "N 资料不足" : g),
      gradesText: (rows: ReadonlyArray<[Grade, number]>) => rows.map(([g, n]) => `${g} ${f.num(n)} 户`).join("，"),
      aging: (totalYuan: number) => `未收金额账龄（合计 ${f.num(totalYuan)} 元）`,
      bucket: (i: number) => AGING_HEADERS[i],
      agingText: (rows: ReadonlyArray<[number, number]>) => rows.map(([i, yuan]) => `${AGING_HEADERS[i]} ${f.num(yuan)} 元`).join("，"),
      noOpen: "没有未收金额。",
    },
    fields: {
      year: "年度",
      month: "月份",
      preparer: "编制人（操作人）",
      preparerHint: "写入调整表的“编制人”；审批人须是另一人。名字只保存在这台电脑上。",
    },
    generate: "生成评级调整表",
    apply: "应用已审批",
    record: "记录本月并生成异常报告",
    confirm: {
      title: (sheet: string) => `重新生成“${data(sheet)}”？`,
      body: (filled: number) => `该表已存在${filled ? `，其中 ${f.num(filled)} 行已填写审批结果` : ""}。重新生成将替换整张表${filled ? "，已填写的审批会丢失" : ""}；Excel 的“撤消”不能恢复。`,
      again: "重新生成",
      cancel: "取消",
    },
    made: (o: Made) => [
      `已生成“${data(o.sheet)}”：${f.num(o.customers)} 户${o.dormant ? `（不含休眠 ${f.num(o.dormant)} 户）` : ""}，建议调整等级 ${f.num(o.changes.grade)} 户、额度 ${f.num(o.changes.limit)} 户${o.changes.thin ? `，资料不足 ${f.num(o.changes.thin)} 户维持现状、请人工判断` : ""}。`,
      o.replaced ? `原表已替换${o.filledBefore ? `（其中 ${f.num(o.filledBefore)} 行已填写审批结果）` : ""}。` : "",
      "审批人填写审批人、审批结果和审批日期后，点“应用已审批”。",
    ].join(""),
    applied: (o: Applied) => o.counts.applied
      ? `已应用 ${f.num(o.counts.applied)} 行：写入“${data(o.customersSheet)}”${f.num(o.cells)} 个单元格，原值已先记入“${data(CHANGELOG.sheet)}”（操作人为审批人）。${o.counts.unchanged ? `${f.num(o.counts.unchanged)} 行此前已应用。` : ""}${o.counts.skipped ? `跳过 ${f.num(o.counts.skipped)} 行，原因见下。` : ""}`
      : `没有需要写入的行：${o.counts.unchanged ? `${f.num(o.counts.unchanged)} 行此前已应用，` : ""}跳过 ${f.num(o.counts.skipped)} 行${o.counts.skipped ? "，原因见下" : ""}。`,
    appliedTitle: (sheet: string) => `“${data(sheet)}”各行`,
    appliedHint: "上下方向键浏览，回车选中调整表中的该单元格。",
    status: { applied: "已应用", unchanged: "此前已应用", skipped: "跳过" } as Record<Status, string>,
    row: (row: number, id: string) => `第 ${f.num(row)} 行 ${id ? data(id) : ""}`.trim(),
    recorded: (o: Recorded) => [
      `${data(o.month)} 已记录到“${data(o.historySheet)}”（${f.num(o.customers)} 户，截至 ${data(o.asOf)}）。`,
      o.replaced ? `${data(o.month)} 原已记录 ${f.num(o.replaced)} 行，已由本次记录替换。` : "",
      o.previous
        ? `对比 ${data(o.previous)}：异常 ${f.num(o.total)} 条${o.total ? `（${byRule(o, "zh-CN", f, " · ")}）` : ""}。`
        : "信用月报中没有更早的月份，无从比较；下月起报告异常。",
      `报告见“${data(o.sheet)}”（含 ${f.num(o.charts)} 张图表）${o.sheetReplaced ? "，原报告表已替换" : ""}。`,
    ].join(""),
    refused,
  };
};

export type CreditStrings = ReturnType<typeof zhCN>;

/** en-US. */
export const enUS = (f: Format): CreditStrings => {
  const rows = (n: number) => `${f.num(n)} ${f.plural(n, "row", "rows")}`;
  const customers = (n: number) => `${f.num(n)} ${f.plural(n, "customer", "customers")}`;
  const refused = (r: CreditRefusal): string => {
    switch (r.reason) {
      case "payments": return "There is no payments table, or it lacks its header or a needed column (customer id, invoice no, invoice date, amount, paid on, paid amount), so credit cannot be graded. Nothing was changed.";
      case "policy": return `The credit policy value ${data(r.key)} = ${data(r.value)} is not valid; nothing was changed. Correct it and try again.`;
      case "no-customers-table": return `No customer table (sheet ${data(r.sheet)}); nothing was changed. Set up the template first.`;
      case "no-customers": return `${data(r.sheet)} holds no customers; nothing was changed.`;
      case "no-review-sheet": return `There is no sheet ${data(r.sheet)}: generate the review sheet first, then apply it once approved.`;
      case "review-columns": return `The sheet ${data(r.sheet)} lacks ${f.plural(r.columns.length, "column", "columns")} ${f.list(r.columns.map(data))}, so its approvals cannot be read. Nothing was changed.`;
      case "customers-columns": return `${data(r.sheet)} has no ${f.list(r.columns.map(data))} ${f.plural(r.columns.length, "column", "columns")} to write the approvals into. Nothing was changed.`;
      case "bad-month": return `The month ${data(r.month)} is not valid; write it YYYY-MM.`;
      case "not-begun": return `${data(r.month)} has not begun; it cannot be recorded.`;
    }
  };
  return {
    tab: "Credit",
    flags: {
      heading: (total, counts) => `Recorded vs computed (${f.num(total)}): ${counts.map(([c, n]) => `${CREDIT_FLAG_LABELS[c]["en-US"]} ${f.num(n)}`).join(" · ")}`,
      label: (code) => CREDIT_FLAG_LABELS[code]["en-US"],
      summary: (counts) => `The grades and limits the customer table records differ from what the payments say: ${counts.map(([c, n]) => `${CREDIT_FLAG_LABELS[c]["en-US"].toLowerCase()} ${f.num(n)}`).join(", ")} (see Findings).`,
      none: "The grades and limits the customer table records agree with what the payments say.",
      checked: (n) => ` ${f.num(n)} recorded ${f.plural(n, "grade or limit differs", "grades or limits differ")} from what the payments say.`,
    },
    summary: {
      title: "Credit summary",
      notChecked: "After a Check, this shows the credit grades computed from the payments and the open balance by age.",
      grades: (n) => `Credit grades (${customers(n)})`,
      grade: (g) => (g === "N" ? "N (not enough history)" : g.charAt(0)),
      gradesText: (list) => list.map(([g, n]) => `${g === "N" ? "N" : g.charAt(0)} ${f.num(n)}`).join(", "),
      aging: (totalYuan) => `Open balance by age (total ${f.num(totalYuan)} yuan)`,
      bucket: (i) => ["Not due", "1–30 days", "31–60 days", "61–90 days", "91–120 days", "Over 120 days"][i],
      agingText: (list) => list.map(([i, yuan]) => `${["not due", "1–30 days", "31–60 days", "61–90 days", "91–120 days", "over 120 days"][i]} ${f.num(yuan)}`).join(", "),
      noOpen: "Nothing is open.",
    },
    fields: {
      year: "Year",
      month: "Month",
      preparer: "Prepared by (operator)",
      preparerHint: `Written as the preparer (${data("编制人")}) on the review sheet; the approver must be someone else. Kept on this computer only.`,
    },
    generate: "Generate review sheet",
    apply: "Apply approved",
    record: "Record month and report",
    confirm: {
      title: (sheet) => `Generate ${data(sheet)} again?`,
      body: (filled) => `The sheet exists${filled ? `; ${rows(filled)} already ${f.plural(filled, "has an approval", "have approvals")} filled in` : ""}. Generating it again replaces the whole sheet${filled ? " and those approvals are lost" : ""}; Excel's Undo cannot bring it back.`,
      again: "Generate again",
      cancel: "Cancel",
    },
    made: (o) => [
      `Generated ${data(o.sheet)}: ${customers(o.customers)}${o.dormant ? ` (${f.num(o.dormant)} dormant left out)` : ""}; a new grade proposed for ${f.num(o.changes.grade)}, a new limit for ${f.num(o.changes.limit)}${o.changes.thin ? `; ${f.num(o.changes.thin)} with too little history kept as they are, for a person to decide` : ""}.`,
      o.replaced ? ` The earlier sheet was replaced${o.filledBefore ? ` (${rows(o.filledBefore)} of it had approvals)` : ""}.` : "",
      " Once approvers have filled in approver, result and date, click Apply approved.",
    ].join(""),
    applied: (o) => o.counts.applied
      ? `Applied ${rows(o.counts.applied)}: ${f.num(o.cells)} ${f.plural(o.cells, "cell", "cells")} written to ${data(o.customersSheet)}, each old value first to ${data(CHANGELOG.sheet)} with the approver as operator.${o.counts.unchanged ? ` ${rows(o.counts.unchanged)} applied before.` : ""}${o.counts.skipped ? ` ${rows(o.counts.skipped)} skipped; see why below.` : ""}`
      : `Nothing to write:${o.counts.unchanged ? ` ${rows(o.counts.unchanged)} applied before,` : ""} ${rows(o.counts.skipped)} skipped${o.counts.skipped ? "; see why below" : ""}.`,
    // An aria-label cannot mark a Chinese sheet name as such (lang): the list is named without it (the status line names the sheet).
    appliedTitle: () => "Rows of the review sheet and their outcome",
    appliedHint: "Up and Down move, Enter selects the cell on the review sheet.",
    status: { applied: "applied", unchanged: "applied before", skipped: "skipped" },
    row: (row, id) => `Row ${f.num(row)} ${id ? data(id) : ""}`.trim(),
    recorded: (o) => [
      `${data(o.month)} recorded in ${data(o.historySheet)} (${customers(o.customers)}, as of ${data(o.asOf)}).`,
      o.replaced ? ` The ${rows(o.replaced)} recorded for ${data(o.month)} before were replaced.` : "",
      o.previous
        ? ` Against ${data(o.previous)}: ${f.num(o.total)} ${f.plural(o.total, "abnormality", "abnormalities")}${o.total ? ` (${byRule(o, "en-US", f, " · ")})` : ""}.`
        : " No earlier month is recorded, so nothing is compared; abnormalities are reported from next month.",
      ` The report is on ${data(o.sheet)}, with ${f.num(o.charts)} ${f.plural(o.charts, "chart", "charts")}${o.sheetReplaced ? " (the month's earlier report sheet replaced)" : ""}.`,
    ].join(""),
    refused,
  };
};
