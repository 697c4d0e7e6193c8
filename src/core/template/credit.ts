/**
 * The sheets custfile generates for credit management (SPEC §8): the annual review sheet
 * 信用评级调整 YYYY and the monthly abnormality report 信用异常 YYYY-MM. Like the template tables,
 * their Chinese headers live here and nowhere else; code refers to columns by key.
 */
import type { ColumnFormat } from "../sheets";

/** One column of a generated sheet: key, header, other headers accepted when reading it back, how it is written. */
export interface SheetColumn {
  key: string;
  header: string;
  aliases: readonly string[];
  format: ColumnFormat;
  /** Width in characters. */
  width: number;
}

function c(key: string, header: string, format: ColumnFormat, width: number, aliases: string[] = []): SheetColumn {
  return { key, header, aliases, format, width };
}

/** Name prefix of the annual review sheet: `信用评级调整 2026`. */
export const REVIEW_SHEET_PREFIX = "信用评级调整";

/** The values of 审批结果 (SPEC §8.2), in dropdown order. */
export const APPROVAL_RESULTS = ["同意", "不同意", "修改后同意"] as const;
export type ApprovalResult = (typeof APPROVAL_RESULTS)[number];

/** The review sheet's columns, exactly SPEC §8.2's, in its order. */
export const REVIEW_COLUMNS: readonly SheetColumn[] = [
  c("customerId", "客户编号", "text", 15, ["Customer ID", "编号"]),
  c("name", "客户名称", "text", 26, ["Customer Name"]),
  c("owner", "负责人", "text", 9, ["Owner"]),
  c("currentGrade", "现等级", "text", 8, ["Current Grade", "当前等级", "客户等级"]),
  c("currentLimit", "现额度", "money", 13, ["Current Limit", "当前额度", "信用额度"]),
  c("score", "评分", "integer", 6, ["Score", "回款评分"]),
  c("dbt", "DBT", "decimal", 7, ["逾期天数"]),
  c("lateInvoices", "逾期发票", "integer", 8, ["Late Invoices", "逾期发票数"]),
  c("computedGrade", "计算等级", "text", 8, ["Computed Grade"]),
  c("suggestedLimit", "建议额度", "money", 13, ["Suggested Limit"]),
  c("proposedGrade", "调整后等级", "text", 10, ["Proposed Grade", "新等级"]),
  c("proposedLimit", "调整后额度", "money", 13, ["Proposed Limit", "新额度"]),
  c("reason", "理由", "text", 48, ["Reason", "调整理由"]),
  c("preparer", "编制人", "text", 9, ["Prepared By", "Preparer"]),
  c("approver", "审批人", "text", 9, ["Approved By", "Approver"]),
  c("result", "审批结果", "text", 11, ["Approval", "Result"]),
  c("approvedOn", "审批日期", "date", 12, ["Approval Date", "Approved On"]),
  c("note", "备注", "text", 20, ["Note", "Notes"]),
];

/** Name prefix of the monthly abnormality report: `信用异常 2026-11`. */
export const ABNORMALITY_SHEET_PREFIX = "信用异常";

/** The report's table of abnormalities, one line per customer and rule. */
export const ABNORMALITY_COLUMNS: readonly SheetColumn[] = [
  c("customerId", "客户编号", "text", 15),
  c("name", "客户名称", "text", 26),
  c("owner", "负责人", "text", 9),
  c("rule", "异常类型", "text", 14),
  c("before", "上月", "text", 14),
  c("after", "本月", "text", 14),
  c("detail", "说明", "text", 44),
];

/** The report's grade distribution (this month vs the previous recorded one). */
export const GRADE_DISTRIBUTION_COLUMNS: readonly SheetColumn[] = [
  c("grade", "等级", "text", 10),
  c("previous", "上月", "integer", 8),
  c("current", "本月", "integer", 8),
];

/** The report's open amount by aging bucket. */
export const AGING_TOTAL_COLUMNS: readonly SheetColumn[] = [
  c("bucket", "账龄", "text", 10),
  c("amount", "未收金额", "money", 15),
  c("share", "占比", "percent", 8),
];

/** Captions of the report's tables. */
export const REPORT_CAPTIONS = { abnormalities: "异常明细", grades: "等级分布", aging: "账龄分布（本月）" } as const;
