/** The pane's frame: title, command bar, tabs, run status, Office absent, set-up. */
import { data, type Format } from "./format";

/** zh-CN. The ribbon's words (manifest.xml: 开始 › 客户档案 › 档案校验 / 季度抽查) are used as they are. */
export const zhCN = (f: Format) => ({
  title: "客户档案",
  /** The ribbon path of the pane and of the audit button (test/taskpane checks them against manifest.xml). */
  ribbon: { home: "开始", group: "客户档案", pane: "档案校验", audit: "季度抽查" },
  noOffice: "未连接到 Excel：此页面需要在 Excel 中打开（可能是直接用浏览器打开了它，或 Office 组件未能加载）。请在 Excel 中点“开始 › 客户档案 › 档案校验”。",
  starting: "正在连接 Excel…",
  ready: "就绪。点“检查”按模板检查工作簿。",
  check: "检查",
  fixAll: "全部修正…",
  more: "更多",
  mark: "标记单元格",
  clearMarks: "清除标记",
  setup: "建立模板",
  cancel: "取消",
  close: "关闭",
  commands: "命令",
  tabs: "视图",
  moreTabs: (n: number) => `另外 ${f.num(n)} 项`,
  tabFindings: "检查结果",
  tabFix: "修正",
  tabAudit: "季度抽查",
  tabIds: "客户编号",
  cancelled: "已取消，工作簿没有改动。",
  marked: (n: number) => `已标记 ${f.num(n)} 个单元格。`,
  cleared: (n: number): string => (n ? "已清除标记。" : "没有需要清除的标记。"),
  tableOnSheet: (table: string, sheet: string) => `${data(table)}（${data(sheet)}）`,
  setupDone: (added: string[], kept: string[], skipped: string[], lists: string[]) =>
    [
      added.length ? `已添加：${added.join("、")}。` : "模板各表均已存在，未添加任何内容。",
      kept.length ? `保留原有：${kept.map(data).join("、")}。` : "",
      skipped.length ? `以下工作表已有数据但不是模板表，未改动：${skipped.map(data).join("、")}。` : "",
      lists.length ? `“下拉选项”新增列表：${lists.map(data).join("、")}。` : "",
      "请重新检查。",
    ].filter(Boolean).join(""),
});

export type CommonStrings = ReturnType<typeof zhCN>;

/** en-US. */
export const enUS = (f: Format): CommonStrings => ({
  title: "Customer files",
  ribbon: { home: "Home", group: "Customer files", pane: "Check customers", audit: "Quarterly audit" },
  noOffice: "Not connected to Excel: this page works inside Excel (it may have been opened in a plain browser, or Office failed to load). In Excel, click Home › Customer files › Check customers.",
  starting: "Connecting to Excel…",
  ready: "Ready. Click Check to check the workbook against the template.",
  check: "Check",
  fixAll: "Fix all…",
  more: "More",
  mark: "Mark cells",
  clearMarks: "Clear marks",
  setup: "Set up template",
  cancel: "Cancel",
  close: "Close",
  commands: "Commands",
  tabs: "Views",
  moreTabs: (n) => `${f.num(n)} more`,
  tabFindings: "Findings",
  tabFix: "Fix",
  tabAudit: "Quarterly audit",
  tabIds: "Customer ids",
  cancelled: "Cancelled; nothing in the workbook was changed.",
  marked: (n) => `Marked ${f.num(n)} ${f.plural(n, "cell", "cells")}.`,
  cleared: (n) => (n ? "Marks cleared." : "There were no marks to clear."),
  tableOnSheet: (table, sheet) => `${data(table)} (${data(sheet)})`,
  setupDone: (added, kept, skipped, lists) =>
    [
      added.length ? `Added: ${added.join(", ")}.` : "Every template table exists already; nothing was added.",
      kept.length ? `Kept: ${kept.map(data).join(", ")}.` : "",
      skipped.length ? `These sheets hold data but no template table and were left alone: ${skipped.map(data).join(", ")}.` : "",
      lists.length ? `Lists added: ${lists.map(data).join(", ")}.` : "",
      "Check again.",
    ].filter(Boolean).join(" "),
});
