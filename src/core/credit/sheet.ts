/**
 * The 信用评级 sheet of a credit report as a sheet spec (both hosts write it): one Excel table,
 * one row per customer with the computed figures, the recorded 现等级 / 现额度 and the flags
 * (标记); money as money, the score and counts as whole numbers, DBT with one decimal, a frozen
 * header.
 */
import type { ColumnFormat, SheetSpec } from "../sheets";
import { CREDIT_SHEET, CREDIT_SHEET_HEADERS, creditSheetRows, type CreditReport } from "./report";

/** Excel table name of the 信用评级 sheet. */
export const CREDIT_TABLE = "CreditGrades";

function formatOf(header: string, index: number): ColumnFormat {
  if (header === "回款评分" || header === "发票数" || header === "逾期发票数") return "integer";
  if (header === "现额度") return "money";
  if (header === "逾期天数(DBT)") return "decimal";
  // 建议额度, 未收金额 and the aging buckets between them and 发票数.
  if (index >= CREDIT_SHEET_HEADERS.indexOf("建议额度") && index < CREDIT_SHEET_HEADERS.indexOf("发票数")) return "money";
  return "text";
}

/** The 信用评级 sheet of a report. */
export function creditSheetSpec(report: CreditReport): SheetSpec {
  const rows = creditSheetRows(report).slice(1);
  return {
    name: CREDIT_SHEET,
    tables: [{
      name: CREDIT_TABLE,
      columns: CREDIT_SHEET_HEADERS.map((h, i) => ({ header: h, format: formatOf(h, i), width: h === "提示" ? 60 : h === "标记" ? 22 : h === "客户编号" ? 15 : 12 })),
      rows,
    }],
    freezeHeader: true,
  };
}
