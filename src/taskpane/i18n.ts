/** The pane's own text in zh-CN and en-US (findings bring their messages in both languages from the core). */
import type { Lang } from "../core/validate";

/** zh-CN for any Chinese display language, en-US otherwise. */
export function paneLang(displayLanguage: string | undefined): Lang {
  return displayLanguage && /^zh/i.test(displayLanguage) ? "zh-CN" : "en-US";
}

/** Row numbers for a sentence: the first few, then "…". */
function listRows(rows: number[], sep: string): string {
  return rows.length > 5 ? `${rows.slice(0, 5).join(sep)}${sep}…` : rows.join(sep);
}

const zh = {
  title: "客户档案",
  subtitle: "按模板检查客户信息，定位错误，安全修正并保留原值。",
  noOffice: "未连接 Excel：Office 未加载（在浏览器中直接打开，或 office.js 加载失败）。请在 Excel 中通过“开始 › 客户档案”打开此加载项。",
  starting: "正在连接 Excel…",
  ready: "就绪。先点“检查”校验工作簿。",
  setup: "建立模板",
  check: "检查",
  mark: "标记单元格",
  clearMarks: "清除标记",
  fixAll: "全部修正",
  fixCode: (code: string, n: number) => `修正 ${code}（${n}）`,
  working: "处理中…",
  tabFindings: "检查结果",
  tabFix: "修正",
  tabAudit: "季度抽查",
  tabIds: "客户编号",
  checked: (rows: number, errors: number, warnings: number, infos: number) => `已检查 ${rows} 行：${errors} 个错误，${warnings} 个警告，${infos} 条提示。`,
  allGood: (rows: number) => `已检查 ${rows} 行，没有发现问题。`,
  noFindings: "没有问题。",
  notChecked: "尚未检查。",
  tableOnSheet: (table: string, sheet: string) => `${table}（${sheet}）`,
  setupDone: (added: string[], kept: string[], skipped: string[], lists: string[]) =>
    [
      added.length ? `已添加：${added.join("、")}。` : "模板各表均已存在，未添加任何内容。",
      kept.length ? `保留原有：${kept.join("、")}。` : "",
      skipped.length ? `以下工作表已有数据但不是模板表，未改动：${skipped.join("、")}。` : "",
      lists.length ? `下拉选项新增列表：${lists.join("、")}。` : "",
    ].filter(Boolean).join(" "),
  marked: (n: number) => `已标记 ${n} 个单元格。`,
  cleared: (n: number): string => (n ? "已清除标记。" : "没有需要清除的标记。"),
  fixed: (n: number): string => (n ? `已修正 ${n} 个单元格，原值已写入“变更记录”。` : "没有可以安全修正的内容。"),
  changedTitle: "本次修改",
  operator: "操作人",
  operatorHint: "写入“变更记录”的操作人（Office 不向加载项提供用户名）。",
  fixable: "可安全修正的问题",
  noFixable: "没有可安全修正的问题。",
  failed: (m: string) => `操作失败：${m}`,
  counts: "按类型统计",
  severity: { error: "错误", warning: "警告", info: "提示" } as Record<string, string>,
  audit: {
    quarter: (q: string) => `本季度：${q}`,
    none: "本季度尚未抽查。请使用功能区的“季度抽查”按钮，或在此抽取。",
    record: (draw: number, size: number, population: number, rate: number) => `第 ${draw} 次抽取：从 ${population} 户中抽取 ${size} 户（比例 ${Math.round(rate * 100)}%）。`,
    progress: (checked: number, total: number) => `已核对 ${checked} / ${total} 户。`,
    results: "核对结果",
    refresh: "刷新",
    verify: "验证抽样",
    verifyOk: "验证通过：按记录的种子重新推导，样本与记录一致。",
    verifyFail: (p: string) => `验证未通过：${p}`,
    verifyNone: "本季度没有抽样记录可以验证。",
    draw: "抽取样本",
    drawAgain: "重新抽取",
    confirmTitle: "重新抽取本季度样本？",
    confirmBody: "将按新的种子重新抽取，覆盖“抽查”工作表中的样本；原抽取记录保留在“抽查记录”中，新抽取记为下一次。已填写的核对结果会丢失。",
    confirm: "重新抽取",
    cancel: "取消",
  },
  ids: {
    title: "被修改的客户编号",
    none: "没有被修改的客户编号。",
    row: (row: number, before: string, after: string) => `第 ${row} 行：${before} → ${after}`,
    restore: "恢复原编号",
    notice: (rows: number[], one?: { before: string; after: string }) =>
      one ? `客户编号被修改：第 ${rows[0]} 行，${one.before} → ${one.after}。` : `客户编号被修改：第 ${listRows(rows, "、")} 行（共 ${rows.length} 行）。`,
    review: "查看并恢复",
    restored: (row: number) => `已恢复第 ${row} 行的客户编号。`,
    tracking: (state: string) => `变更跟踪：${state}`,
  },
  credit: {
    title: "信用等级分布",
    grade: (g: string, n: number) => `${g}：${n} 户`,
  },
};

type Strings = typeof zh;

const en: Strings = {
  title: "Customer files",
  subtitle: "Check customer sheets against the template, jump to each mistake, fix the safe ones and keep the old values.",
  noOffice: "Not connected to Excel: Office is not available (the page was opened in a plain browser, or office.js failed to load). Open this add-in in Excel from Home › Customer files.",
  starting: "Connecting to Excel…",
  ready: "Ready. Click Check to validate the workbook.",
  setup: "Set up template",
  check: "Check",
  mark: "Mark cells",
  clearMarks: "Clear marks",
  fixAll: "Fix all",
  fixCode: (code, n) => `Fix ${code} (${n})`,
  working: "Working…",
  tabFindings: "Findings",
  tabFix: "Fix",
  tabAudit: "Audit",
  tabIds: "Customer ids",
  checked: (rows, errors, warnings, infos) => `Checked ${rows} rows: ${errors} errors, ${warnings} warnings, ${infos} notes.`,
  allGood: (rows) => `Checked ${rows} rows: no problems found.`,
  noFindings: "No problems.",
  notChecked: "Not checked yet.",
  tableOnSheet: (table, sheet) => `${table} (${sheet})`,
  setupDone: (added, kept, skipped, lists) =>
    [
      added.length ? `Added: ${added.join(", ")}.` : "Every template table exists already; nothing was added.",
      kept.length ? `Kept: ${kept.join(", ")}.` : "",
      skipped.length ? `These sheets hold data but no template table and were left alone: ${skipped.join(", ")}.` : "",
      lists.length ? `Lists added: ${lists.join(", ")}.` : "",
    ].filter(Boolean).join(" "),
  marked: (n) => `Marked ${n} cells.`,
  cleared: (n) => (n ? "Marks cleared." : "There were no marks to clear."),
  fixed: (n) => (n ? `Fixed ${n} cells; the old values are in ChangeLog (变更记录).` : "Nothing could be fixed safely."),
  changedTitle: "Changed",
  operator: "Your name (操作人)",
  operatorHint: "Written to ChangeLog rows as 操作人 (Office gives add-ins no user name).",
  fixable: "Problems with a safe fix",
  noFixable: "Nothing left that can be fixed safely.",
  failed: (m) => `Failed: ${m}`,
  counts: "Counts by code",
  severity: { error: "error", warning: "warning", info: "note" },
  audit: {
    quarter: (q) => `This quarter: ${q}`,
    none: "No sample drawn this quarter yet. Use the 季度抽查 ribbon button, or draw here.",
    record: (draw, size, population, rate) => `Draw ${draw}: ${size} of ${population} customers (rate ${Math.round(rate * 100)}%).`,
    progress: (checked, total) => `${checked} of ${total} checked.`,
    results: "Results",
    refresh: "Refresh",
    verify: "Verify sample",
    verifyOk: "Verified: re-derived from the recorded seed, the sample matches the record.",
    verifyFail: (p) => `Verification failed: ${p}`,
    verifyNone: "This quarter has no recorded sample to verify.",
    draw: "Draw sample",
    drawAgain: "Draw again",
    confirmTitle: "Draw this quarter's sample again?",
    confirmBody: "A new seed draws a new sample and replaces the audit sheet; the earlier draw stays recorded in Audits (抽查记录) and the new one is logged as the next draw. Results already entered on the sheet are lost.",
    confirm: "Draw again",
    cancel: "Cancel",
  },
  ids: {
    title: "Changed customer ids",
    none: "No customer id was changed.",
    row: (row, before, after) => `Row ${row}: ${before} → ${after}`,
    restore: "Restore old id",
    notice: (rows, one) =>
      one ? `Customer id changed in row ${rows[0]}: ${one.before} → ${one.after}.` : `Customer ids changed in rows ${listRows(rows, ", ")} (${rows.length} rows).`,
    review: "Review and restore",
    restored: (row) => `Restored the customer id of row ${row}.`,
    tracking: (state) => `Change tracking: ${state}`,
  },
  credit: {
    title: "Customers per credit grade",
    grade: (g, n) => `${g}: ${n}`,
  },
};

/** The pane's strings in a language. */
export function strings(lang: Lang): Strings {
  return lang === "zh-CN" ? zh : en;
}

export type { Strings };
