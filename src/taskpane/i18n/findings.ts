/** The 检查结果 tab: the check's summary, the code filter, the grouped findings list, the credit summary. */
import type { Grade } from "../../core/credit/model";
import { data, type Format } from "./format";

type Sev = "error" | "warning" | "info";

/** zh-CN. */
export const zhCN = (f: Format) => ({
  notChecked: "尚未检查。点“检查”按模板逐行检查客户信息、客户动态、归档记录和回款记录，定位错误并可安全修正。",
  checked: (customers: number, errors: number, warnings: number, infos: number) =>
    `已检查 ${f.num(customers)} 户客户：${f.num(errors)} 个错误、${f.num(warnings)} 个警告、${f.num(infos)} 条提示。`,
  allGood: (customers: number) => `已检查 ${f.num(customers)} 户客户，没有发现问题。`,
  noFindings: "没有发现问题。",
  filter: "显示",
  all: (n: number) => `全部问题（${f.num(n)}）`,
  codeOption: (label: string, n: number) => `${label}（${f.num(n)}）`,
  list: "问题列表",
  listHint: "用上下方向键浏览，回车选中该单元格；左右方向键折叠或展开分组。",
  group: (severity: Sev, n: number) => `${({ error: "错误", warning: "警告", info: "提示" } as const)[severity]}（${f.num(n)}）`,
  severity: { error: "错误", warning: "警告", info: "提示" } as Record<Sev, string>,
  wholeTable: "整张表",
  credit: {
    summary: (customers: number, grades: Array<[Grade, number]>) => `信用等级（${f.num(customers)} 户）：${grades.map(([g, n]) => `${g} ${f.num(n)}`).join(" · ")}。`,
    n: "N = 资料不足：已付清的发票少于 3 张或回款记录不足 90 天，暂不评级。",
    unavailable: "无法计算信用等级：回款记录表的表头或列不完整。",
    policy: (key: string) => `信用政策中“${data(key)}”的值无效，已按默认政策计算。`,
  },
});

export type FindingsStrings = ReturnType<typeof zhCN>;

/** en-US. */
export const enUS = (f: Format): FindingsStrings => ({
  notChecked: "Not checked yet. Click Check to check every row of the customer, interaction, archive and payment tables against the template, find each mistake and fix the safe ones.",
  checked: (customers, errors, warnings, infos) =>
    `Checked ${f.num(customers)} ${f.plural(customers, "customer", "customers")}: ${f.num(errors)} ${f.plural(errors, "error", "errors")}, ${f.num(warnings)} ${f.plural(warnings, "warning", "warnings")}, ${f.num(infos)} ${f.plural(infos, "note", "notes")}.`,
  allGood: (customers) => `Checked ${f.num(customers)} ${f.plural(customers, "customer", "customers")}: no problems found.`,
  noFindings: "No problems found.",
  filter: "Show",
  all: (n) => `All problems (${f.num(n)})`,
  codeOption: (label, n) => `${label} (${f.num(n)})`,
  list: "Problems",
  listHint: "Up and Down move, Enter selects the cell; Left and Right collapse or expand a group.",
  group: (severity, n) => `${({ error: "Errors", warning: "Warnings", info: "Notes" } as const)[severity]} (${f.num(n)})`,
  severity: { error: "error", warning: "warning", info: "note" },
  wholeTable: "whole table",
  credit: {
    summary: (customers, grades) => `Credit grades (${f.num(customers)} ${f.plural(customers, "customer", "customers")}): ${grades.map(([g, n]) => `${g === "N" ? "N" : g.charAt(0)} ${f.num(n)}`).join(" · ")}.`,
    n: "N = not enough history: fewer than 3 invoices paid in full, or payments over less than 90 days; not graded yet.",
    unavailable: "Credit grades cannot be computed: the payments table lacks its header row or columns.",
    policy: (key) => `The credit policy value ${data(key)} is not valid; the default policy was used.`,
  },
});
