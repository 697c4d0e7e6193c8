/** The 修正 tab and the fix preview (two steps: preview with choices and 操作人, then write). */
import { CHANGELOG } from "../../core/template/tables";
import { data, type Format } from "./format";

/** zh-CN. */
export const zhCN = (f: Format) => ({
  fixable: "可安全修正的问题",
  fixCode: (label: string, n: number) => `修正：${label}（${f.num(n)}）…`,
  noFixable: "没有可以安全修正的问题。",
  needCheck: "先点“检查”，再修正。",
  changedTitle: (n: number) => `本次修改（${f.num(n)}）`,
  changedHint: "上下方向键浏览，回车选中该单元格。",
  fixed: (n: number) => (n ? `已修正 ${f.num(n)} 个单元格，原值已写入“${data(CHANGELOG.sheet)}”。` : "没有写入任何修正。"),
  skipped: (n: number) => `${f.num(n)} 个修正未写入：预览之后这些单元格已被修改，请重新检查。`,
  nothingToFix: "没有可以安全修正的内容。",
  preview: {
    title: (n: number) => `修正 ${f.num(n)} 个单元格`,
    operator: "操作人",
    operatorHint: "写入“变更记录”的操作人。Office 不向加载项提供用户名；名字只保存在这台电脑上。",
    operatorMissing: "请先填写操作人。",
    all: (chosen: number, total: number) => `全选（已选 ${f.num(chosen)} / ${f.num(total)}）`,
    list: "要写入的修正",
    listHint: "上下方向键浏览，空格键勾选或取消。",
    warning: `写入后不能用 Excel 的“撤消”恢复。每个单元格的原值会先写入“${data(CHANGELOG.sheet)}”工作表。`,
    confirm: (n: number) => `写入 ${f.num(n)} 个修正`,
    cancel: "取消",
  },
});

export type FixStrings = ReturnType<typeof zhCN>;

/** en-US. */
export const enUS = (f: Format): FixStrings => ({
  fixable: "Problems with a safe fix",
  fixCode: (label, n) => `Fix: ${label} (${f.num(n)})…`,
  noFixable: "Nothing left that can be fixed safely.",
  needCheck: "Click Check first, then fix.",
  changedTitle: (n) => `Changed (${f.num(n)})`,
  changedHint: "Up and Down move, Enter selects the cell.",
  fixed: (n) => (n ? `Fixed ${f.num(n)} ${f.plural(n, "cell", "cells")}; the old values are in the change log sheet ${data(CHANGELOG.sheet)}.` : "No fix was written."),
  skipped: (n) => `${f.num(n)} ${f.plural(n, "fix was", "fixes were")} not written: the ${f.plural(n, "cell has", "cells have")} changed since the preview. Check again.`,
  nothingToFix: "Nothing can be fixed safely.",
  preview: {
    title: (n) => `Fix ${f.num(n)} ${f.plural(n, "cell", "cells")}`,
    operator: "Your name",
    operatorHint: "Written to the change log as the person who made the change. Office does not tell add-ins who you are; the name is kept on this computer only.",
    operatorMissing: "Enter your name first.",
    all: (chosen, total) => `All (${f.num(chosen)} of ${f.num(total)} chosen)`,
    list: "Fixes to write",
    listHint: "Up and Down move, Space ticks or unticks.",
    warning: `Excel's Undo cannot reverse this. Each cell's old value is first written to the change log sheet ${data(CHANGELOG.sheet)}.`,
    confirm: (n) => `Write ${f.num(n)} ${f.plural(n, "fix", "fixes")}`,
    cancel: "Cancel",
  },
});
