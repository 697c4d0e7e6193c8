/**
 * Short display labels of the finding codes in zh-CN and en-US (count chips, finding rows, fix
 * buttons). Pure data: the codes themselves stay the stable identifiers (SPEC §3).
 */
import type { FindingCode, Lang, LocalizedText } from "./types";

/** One short label per finding code, in both languages. */
export const CODE_LABELS: Readonly<Record<FindingCode, LocalizedText>> = {
  "missing-column": { "zh-CN": "缺少列", "en-US": "Missing column" },
  "unknown-column": { "zh-CN": "多余列", "en-US": "Unknown column" },
  "missing-table": { "zh-CN": "缺少表", "en-US": "Missing table" },
  "no-header": { "zh-CN": "无表头", "en-US": "No header" },
  "blank-row": { "zh-CN": "空行", "en-US": "Blank row" },
  required: { "zh-CN": "必填为空", "en-US": "Required" },
  type: { "zh-CN": "类型不符", "en-US": "Wrong type" },
  enum: { "zh-CN": "不在选项中", "en-US": "Not in list" },
  pattern: { "zh-CN": "格式不符", "en-US": "Bad format" },
  unique: { "zh-CN": "编号重复", "en-US": "Duplicate id" },
  "foreign-key": { "zh-CN": "客户不存在", "en-US": "Unknown customer" },
  "immutable-id": { "zh-CN": "编号被改", "en-US": "Id changed" },
  "future-date": { "zh-CN": "未来日期", "en-US": "Future date" },
  "date-mismatch": { "zh-CN": "日期不一致", "en-US": "Date mismatch" },
  date: { "zh-CN": "日期格式", "en-US": "Date format" },
  phone: { "zh-CN": "电话号码", "en-US": "Phone" },
  email: { "zh-CN": "电子邮箱", "en-US": "Email" },
  address: { "zh-CN": "地址", "en-US": "Address" },
  uscc: { "zh-CN": "信用代码", "en-US": "Credit code" },
  "same-person": { "zh-CN": "疑似同一人", "en-US": "Same person?" },
  "attachment-name": { "zh-CN": "附件命名", "en-US": "Attachment name" },
  "duplicate-name": { "zh-CN": "名称重复", "en-US": "Duplicate name" },
  stale: { "zh-CN": "久未核实", "en-US": "Verify overdue" },
  dormant: { "zh-CN": "可转休眠", "en-US": "Dormant" },
  "formula-injection": { "zh-CN": "公式风险", "en-US": "Formula risk" },
  "error-value": { "zh-CN": "错误值", "en-US": "Error value" },
  "too-long": { "zh-CN": "内容过长", "en-US": "Too long" },
  "control-char": { "zh-CN": "控制字符", "en-US": "Control char" },
  postcode: { "zh-CN": "邮政编码", "en-US": "Postcode" },
  "owner-left": { "zh-CN": "人员离职", "en-US": "Staff left" },
  "single-contact": { "zh-CN": "联系人不足", "en-US": "One contact" },
  "overdue-loan": { "zh-CN": "借阅逾期", "en-US": "Overdue loan" },
  retention: { "zh-CN": "保存期满", "en-US": "Retention due" },
  "log-tampered": { "zh-CN": "记录被改", "en-US": "Log tampered" },
};

/** The short label of a code in a language; an unknown code (a newer core) shows as itself. */
export function codeLabel(code: string, lang: Lang): string {
  return (CODE_LABELS as Record<string, LocalizedText | undefined>)[code]?.[lang] ?? code;
}
