/**
 * The 客户构成分析 YYYY-MM-DD sheet as a SheetSpec (core/sheets): a few lines of totals and
 * concentration, one table per breakdown under its caption, native charts beside the tables of
 * ABC (pie), province and industry (bar) and grade (doughnut). Both writers (the Excel adapter
 * and the file writer) lay it out the same way; nothing here writes.
 */
import type { ChartSpec, ColumnSpec, SheetSpec, TableSpec } from "../sheets";
import { header, PAYMENTS } from "../template/tables";
import { attributeColumnHeader, type BreakdownKey } from "./customers";
import type { Breakdown, CompositionReport } from "./report";

/** Name of the sheet for an as-of day: `客户构成分析 2026-09-30`. */
export function compositionSheetName(asOf: string): string {
  return `客户构成分析 ${asOf}`;
}

/** The Chinese name of each breakdown (caption 按… and the first column's header), and its name in English for the command line. */
export const BREAKDOWN_LABELS: Readonly<Record<BreakdownKey, { column: string; caption: string; en: string }>> = {
  abc: { column: "ABC分类", caption: "按ABC分类（销售额）", en: "ABC class (sales)" },
  province: { column: "省份", caption: "按地区（省份，GB/T 2260）", en: "region (province)" },
  industry: { column: attributeColumnHeader("industry"), caption: "按行业（GB/T 4754 门类）", en: "industry (GB/T 4754 section)" },
  grade: { column: attributeColumnHeader("grade"), caption: `按${attributeColumnHeader("grade")}（客户信息中登记的等级）`, en: "credit grade (as recorded)" },
  type: { column: attributeColumnHeader("type"), caption: `按${attributeColumnHeader("type")}`, en: "customer type" },
  owner: { column: attributeColumnHeader("owner"), caption: `按${attributeColumnHeader("owner")}`, en: "owner" },
  status: { column: attributeColumnHeader("status"), caption: `按${attributeColumnHeader("status")}`, en: "status" },
  product: { column: header(PAYMENTS, "product"), caption: `按${header(PAYMENTS, "product")}（客户可购买多种${header(PAYMENTS, "product")}，客户数不相加）`, en: "product (a customer counts under each product it bought)" },
};

/** Headers of the figure columns of every breakdown table, after the key column. */
export const FIGURE_HEADERS = { count: "客户数", countShare: "客户占比", sales: "销售额", salesShare: "销售占比", open: "未收金额", overdue: "逾期金额" } as const;

/** 0-based column of 销售额 in a breakdown table (what the charts plot). */
const SALES_COLUMN = 3;

/** The breakdowns charted on the sheet, and how (SPEC §9: pie or bar for ABC, region, industry, grade). */
const CHARTS: Readonly<Partial<Record<BreakdownKey, ChartSpec["type"]>>> = { abc: "pie", province: "bar", industry: "bar", grade: "doughnut" };

/** Excel table name of a breakdown on the sheet of one as-of day (unique in the workbook: sheets of other days have other names). */
export function breakdownTableName(by: BreakdownKey, asOf: string): string {
  return `Composition_${by}_${asOf.replace(/-/g, "")}`;
}

function columns(by: BreakdownKey): ColumnSpec[] {
  return [
    { header: BREAKDOWN_LABELS[by].column, format: "text", width: by === "industry" ? 30 : 16 },
    { header: FIGURE_HEADERS.count, format: "integer", width: 8 },
    { header: FIGURE_HEADERS.countShare, format: "percent", width: 9 },
    { header: FIGURE_HEADERS.sales, format: "money", width: 16 },
    { header: FIGURE_HEADERS.salesShare, format: "percent", width: 9 },
    { header: FIGURE_HEADERS.open, format: "money", width: 16 },
    { header: FIGURE_HEADERS.overdue, format: "money", width: 16 },
  ];
}

/** The table of one breakdown: shares as printed (largest remainder), so the 0.0% column adds up to 100.0%. */
export function breakdownTable(b: Breakdown, asOf: string): TableSpec {
  return {
    name: breakdownTableName(b.by, asOf),
    caption: BREAKDOWN_LABELS[b.by].caption,
    columns: columns(b.by),
    rows: b.rows.map((r, i) => [r.key, r.count, b.countPermille[i] / 1000, r.sales, b.salesPermille[i] / 1000, r.open, r.overdue]),
  };
}

/** Money for a sheet line: 1,234,567.89. */
function yuan(n: number): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Percent with one decimal. */
function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** The summary lines above the tables (also what a host that cannot write charts shows first). */
export function compositionLines(report: CompositionReport): string[] {
  const c = report.concentration;
  const lines = [
    `客户构成分析 截至 ${report.asOf}`,
    `销售额 = ${report.salesFrom} 至 ${report.asOf} 开票金额（每张发票计一次，红字发票冲减）；未收金额、逾期金额按 ${report.asOf} 计。`,
    `客户 ${report.customers} 个；销售额 ${yuan(report.sales)} 元；未收 ${yuan(report.open)} 元，其中逾期 ${yuan(report.overdue)} 元。`,
    `集中度：前 10 名客户占销售额 ${percent(c.top10Share)}；赫芬达尔指数 HHI ${c.hhi.toFixed(0)}（0–10000）。`,
    `ABC 分类：按销售额从大到小累计，累计占比 ≤ ${percent(report.bounds.a)} 为 A 类，≤ ${percent(report.bounds.b)} 为 B 类，其余为 C 类；无销售额为「无交易」（界限见「信用政策」）。`,
  ];
  if (report.problems.length > 0) lines.push(`回款记录中有 ${report.problems.length} 行无法使用，未计入（custfile analyze 列出行号）。`);
  return lines;
}

/**
 * The whole 客户构成分析 sheet of a report: lines, one table per breakdown (in the report's
 * order), and a chart of sales beside the ABC, province, industry and grade tables.
 */
export function compositionSheet(report: CompositionReport): SheetSpec {
  const tables = report.breakdowns.map((b) => breakdownTable(b, report.asOf));
  const charts: ChartSpec[] = report.breakdowns
    .filter((b) => CHARTS[b.by] !== undefined && b.rows.length > 0)
    .map((b) => ({
      table: breakdownTableName(b.by, report.asOf),
      type: CHARTS[b.by]!,
      title: `${FIGURE_HEADERS.sales}构成：${BREAKDOWN_LABELS[b.by].column}`,
      categoryColumn: 0,
      seriesColumns: [SALES_COLUMN],
    }));
  return { name: compositionSheetName(report.asOf), lines: compositionLines(report), tables, charts, freezeHeader: false };
}
