/** Hand-written fixtures for validator tests: sheet blocks in the template, one valid customer row to vary. */
import type { Cell, SheetBlock } from "../../../src/core/table";
import { validateWorkbook, type Finding } from "../../../src/core/validate";

export const AS_OF = "2026-09-30";
export const DATE = "yyyy-mm-dd";

export const CUSTOMER_HEADERS = ["客户编号", "客户名称", "客户类型", "联系人", "联系方式", "电子邮箱", "所属行业", "客户等级", "地址(省市区)", "开户日期", "统一社会信用代码", "合作状态", "停止合作日期", "最近核实日期"];

/** A valid customer row by header; override fields to make it invalid. */
export function customer(overrides: Record<string, Cell> = {}): Record<string, Cell> {
  return {
    客户编号: "C20240115001", 客户名称: "北京华信科技有限公司", 客户类型: "企业", 联系人: "王经理、李经理", 联系方式: "13956781234",
    电子邮箱: "wang@huaxin.com.cn", 所属行业: "信息技术", 客户等级: "A类", "地址(省市区)": "北京市海淀区中关村大街1号", 开户日期: "2024-01-15",
    统一社会信用代码: "91330100716105852F", 合作状态: "合作中", 停止合作日期: null, 最近核实日期: "2026-03-01",
    ...overrides,
  };
}

/** A sheet block from header names and rows given by header (missing fields are blank). */
export function block(sheet: string, headers: string[], rows: Array<Record<string, Cell>>, formats?: Array<Record<string, string>>): SheetBlock {
  const values: Cell[][] = [headers, ...rows.map((r) => headers.map((h) => (h in r ? r[h] : null)))];
  const numberFormats = formats ? [headers.map(() => "General"), ...rows.map((_, i) => headers.map((h) => formats[i]?.[h] ?? "General"))] : undefined;
  return { sheet, firstRow: 1, firstColumn: 1, values, numberFormats };
}

/** A Customers sheet (客户信息) of the given rows. */
export function customersSheet(rows: Array<Record<string, Cell>>, formats?: Array<Record<string, string>>): SheetBlock {
  return block("客户信息", CUSTOMER_HEADERS, rows, formats);
}

/** Validate blocks as of AS_OF. */
export function check(...blocks: SheetBlock[]) {
  return validateWorkbook(blocks, { asOf: AS_OF });
}

/** The findings of one code. */
export function codes(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

/** Validate one customer row and return the findings on one column (by header). */
export function customerFindings(overrides: Record<string, Cell>, formats?: Record<string, string>): Finding[] {
  return check(customersSheet([customer(overrides)], formats ? [formats] : undefined)).findings;
}
