/** The 分析 tab: composition analysis (SPEC §9) — its charts, their numbers as text, the concentration, writing the 客户构成分析 sheet. */
import { NOT_FILLED, UNKNOWN, UNREGISTERED, type BreakdownKey } from "../../core/analysis";
import type { AnalysisWriteOutcome } from "../../excel/analysis";
import type { AnalysisRefusal, AnalysisView } from "../engine/analysis";
import { data, type Format } from "./format";

/** The breakdowns the tab charts, in its order. */
export type ChartedBreakdown = Extract<BreakdownKey, "abc" | "province" | "industry" | "grade">;

/** The ABC class of customers without sales in the window. */
const NO_SALES = "无交易";

/** Money for reading at a glance: ¥1.23万 / ¥1.23M (three significant digits; the sheet has every fen). */
function moneyFormat(lang: string): (yuan: number) => string {
  const n = new Intl.NumberFormat(lang, { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", notation: "compact", maximumSignificantDigits: 3 });
  return (yuan) => n.format(yuan);
}

/** A share with one decimal, always (a column of them lines up): 6.0%. */
function shareFormat(lang: string): (fraction: number) => string {
  const n = new Intl.NumberFormat(lang, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (fraction) => n.format(fraction);
}

/** zh-CN. */
export const zhCN = (f: Format) => {
  const money = moneyFormat("zh-CN");
  return {
    tab: "分析",
    analyze: "分析",
    analyzeAgain: "重新分析",
    write: "生成分析表",
    asOf: "截至日期",
    intro: "按 ABC 分类、地区、行业和客户等级分析客户构成：销售额从哪里来，未收和逾期的钱在哪里。点“分析”开始；“生成分析表”把全部八种分类连同 Excel 图表写入新工作表。",
    money,
    share: shareFormat("zh-CN"),
    /** A breakdown key as the pane shows it (values are data; the keys that are no value are words). */
    key: (key: string): string => (key === NO_SALES ? "无交易" : key === NOT_FILLED ? "未填" : key === UNKNOWN ? "未识别" : key === UNREGISTERED ? "未登记" : data(key)),
    summary: (v: AnalysisView) => `截至 ${v.asOf}：客户 ${f.num(v.customers)} 户；近 12 个月（${v.salesFrom} 起）销售额 ${money(v.sales)}；未收 ${money(v.open)}，其中逾期 ${money(v.overdue)}。`,
    concentration: (top10: number, hhi: number) => `集中度：前 10 名客户占销售额 ${f.percent(top10)}；赫芬达尔指数 ${f.num(Math.round(hhi))}（0–10,000，高于 2,500 为高度集中）。`,
    bounds: (a: number, b: number) => `ABC 分类：按销售额从大到小累计，累计占比 ≤ ${f.percent(a)} 为 A 类，≤ ${f.percent(b)} 为 B 类，其余为 C 类。`,
    problems: (n: number) => `回款记录中有 ${f.num(n)} 行无法使用，未计入（点“检查”可查看）。`,
    section: { abc: "按 ABC 分类（销售额）", province: "按地区（省份）", industry: "按行业（GB/T 4754 门类）", grade: "按客户等级（客户信息中登记的等级）" } as Record<ChartedBreakdown, string>,
    chartTitle: (section: string) => `销售额构成：${section}`,
    keyHeader: { abc: "分类", province: "省份", industry: "行业", grade: "等级" } as Record<ChartedBreakdown, string>,
    customers: "客户",
    sales: "销售额",
    overdue: "逾期",
    noSales: "这段时间没有销售额，无图可画。",
    more: (n: number) => `图中只画销售额最大的几项；其余 ${f.num(n)} 项见上表和分析表。`,
    sheetNote: "分析表另有按客户类型、负责人、合作状态（及商品，如回款记录有“商品”列）的分类，每项都有未收和逾期金额。",
    analysed: (v: AnalysisView) => `已分析 ${f.num(v.customers)} 户客户（截至 ${v.asOf}）。`,
    refused: (r: AnalysisRefusal): string => {
      switch (r.reason) {
        case "no-tables": return "没有找到客户信息表，也没有回款记录表，无法分析。请先建立模板。";
        case "payments": return "回款记录表的表头或列不完整（需要客户编号、单据号、开票日期、金额、付款日期、付款金额，以及到期日或账期天数），无法分析。";
        case "no-id": return `工作表“${data(r.sheet)}”中没有“客户编号”列，无法分析。`;
        case "policy": return `信用政策中“${data(r.key)}”的值“${data(r.value)}”不是有效的占比（如 70% 或 0.7，A 类界限不高于 B 类），未分析。`;
      }
    },
    outcome: (o: AnalysisWriteOutcome): string =>
      o.kind === "exists"
        ? `工作簿中已有“${data(o.sheet)}”。`
        : `${o.replaced ? "已替换" : "已写入"}“${data(o.sheet)}”：${f.num(o.tables)} 张表、${f.num(o.charts)} 个 Excel 图表。`,
    confirmTitle: "替换当天的分析表？",
    confirmBody: (sheet: string) => `工作簿中已有“${data(sheet)}”（同一截至日期的分析）。替换后，这张工作表连同其中的手工修改将被新的分析表取代。`,
    confirm: "替换",
    cancel: "取消",
  };
};

export type AnalysisStrings = ReturnType<typeof zhCN>;

/** en-US. */
export const enUS = (f: Format): AnalysisStrings => {
  const money = moneyFormat("en-US");
  const customers = (n: number) => `${f.num(n)} ${f.plural(n, "customer", "customers")}`;
  return {
    tab: "Analysis",
    analyze: "Analyse",
    analyzeAgain: "Analyse again",
    write: "Write analysis sheet",
    asOf: "As of",
    intro: "The composition of your customers by ABC class, region, industry and credit grade: where the sales come from, and where the money owed and overdue sits. Click Analyse to start; Write analysis sheet adds a sheet with all eight breakdowns and native Excel charts.",
    money,
    share: shareFormat("en-US"),
    key: (key) => (key === NO_SALES ? "no sales" : key === NOT_FILLED ? "blank" : key === UNKNOWN ? "unrecognised" : key === UNREGISTERED ? "not in the customer table" : data(key)),
    summary: (v) => `As of ${v.asOf}: ${customers(v.customers)}; sales over the last 12 months (from ${v.salesFrom}) ${money(v.sales)}; open ${money(v.open)}, of which overdue ${money(v.overdue)}.`,
    concentration: (top10, hhi) => `Concentration: the 10 largest customers make ${f.percent(top10)} of sales; Herfindahl index ${f.num(Math.round(hhi))} (0–10,000; above 2,500 is highly concentrated).`,
    bounds: (a, b) => `ABC classes: customers ranked by sales, A while the cumulative share is at most ${f.percent(a)}, B up to ${f.percent(b)}, C after that.`,
    problems: (n) => `${f.num(n)} payment ${f.plural(n, "row", "rows")} could not be used and ${f.plural(n, "is", "are")} left out (Check lists them).`,
    section: { abc: "By ABC class (sales)", province: "By region (province)", industry: "By industry (GB/T 4754 section)", grade: "By credit grade (as recorded)" },
    chartTitle: (section) => `Sales: ${section}`,
    keyHeader: { abc: "Class", province: "Province", industry: "Industry", grade: "Grade" },
    customers: "Customers",
    sales: "Sales",
    overdue: "Overdue",
    noSales: "No sales in this period: nothing to chart.",
    more: (n) => `The chart shows the largest by sales; ${f.num(n)} more ${f.plural(n, "is", "are")} in the table above and on the analysis sheet.`,
    sheetNote: "The analysis sheet also breaks the customers down by type, owner and status (and by product when the payments have a product column), each with its open and overdue amounts.",
    analysed: (v) => `Analysed ${customers(v.customers)} as of ${v.asOf}.`,
    refused: (r) => {
      switch (r.reason) {
        case "no-tables": return "There is neither a customer table nor a payments table to analyse. Set up the template first.";
        case "payments": return "The payments table lacks its header row or columns (customer id, invoice number, invoice date, amount, paid on, paid amount, and a due date or terms); nothing was analysed.";
        case "no-id": return `The sheet ${data(r.sheet)} has no customer id column (${data("客户编号")}); nothing was analysed.`;
        case "policy": return `The credit policy value ${data(r.key)} = ${data(r.value)} is not a valid share (such as 70% or 0.7, the A bound not above the B bound); nothing was analysed.`;
      }
    },
    outcome: (o) =>
      o.kind === "exists"
        ? `The workbook already has ${data(o.sheet)}.`
        : `${o.replaced ? "Replaced" : "Wrote"} ${data(o.sheet)}: ${f.num(o.tables)} ${f.plural(o.tables, "table", "tables")}, ${f.num(o.charts)} Excel ${f.plural(o.charts, "chart", "charts")}.`,
    confirmTitle: "Replace this day's analysis sheet?",
    confirmBody: (sheet) => `The workbook already has ${data(sheet)} (an analysis as of the same day). Replacing it puts the new analysis in its place; any changes made on that sheet by hand are lost.`,
    confirm: "Replace",
    cancel: "Cancel",
  };
};
