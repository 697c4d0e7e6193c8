/** What a running operation says it is doing (see engine/progress.ts), with real counts. */
import type { Progress } from "../engine/progress";
import { data, type Format } from "./format";

/** zh-CN. */
export const zhCN = (f: Format) => ({
  working: "处理中…",
  step: (p: Progress | null): string => {
    if (!p) return "处理中…";
    switch (p.phase) {
      case "read": return "正在读取工作簿…";
      case "send": return `正在准备检查：${f.num(p.done)} / ${f.num(p.total)} 行`;
      case "check": return `正在检查 ${data(p.sheet)}：${f.num(p.done)} / ${f.num(p.total)} 行`;
      case "credit": return `正在计算信用等级（${f.num(p.payments)} 条回款记录）…`;
      case "write": return `正在写入 ${f.num(p.cells)} 个单元格及其变更记录（写入中途不能取消）…`;
      case "results": return `正在整理结果：${f.num(p.done)} / ${f.num(p.total)}`;
      case "analysis-send": return `正在准备分析：${f.num(p.done)} / ${f.num(p.total)} 行`;
      case "analyze": return `正在分析 ${f.num(p.customers)} 户客户、${f.num(p.payments)} 条回款记录…`;
      case "write-sheet": return `正在写入工作表“${data(p.sheet)}”（写入中途不能取消）…`;
    }
  },
  cancel: "取消",
  cancelWrite: "写入中途不能取消",
});

export type ProgressStrings = ReturnType<typeof zhCN>;

/** en-US. */
export const enUS = (f: Format): ProgressStrings => ({
  working: "Working…",
  step: (p) => {
    if (!p) return "Working…";
    switch (p.phase) {
      case "read": return "Reading the workbook…";
      case "send": return `Preparing the check: ${f.num(p.done)} of ${f.num(p.total)} rows`;
      case "check": return `Checking ${data(p.sheet)}: ${f.num(p.done)} of ${f.num(p.total)} rows`;
      case "credit": return `Grading credit (${f.num(p.payments)} payment ${f.plural(p.payments, "row", "rows")})…`;
      case "write": return `Writing ${f.num(p.cells)} ${f.plural(p.cells, "cell", "cells")} and their change log rows (a write cannot be stopped halfway)…`;
      case "results": return `Collecting results: ${f.num(p.done)} of ${f.num(p.total)}`;
      case "analysis-send": return `Preparing the analysis: ${f.num(p.done)} of ${f.num(p.total)} rows`;
      case "analyze": return `Analysing ${f.num(p.customers)} ${f.plural(p.customers, "customer", "customers")} and ${f.num(p.payments)} payment ${f.plural(p.payments, "row", "rows")}…`;
      case "write-sheet": return `Writing the sheet ${data(p.sheet)} (a write cannot be stopped halfway)…`;
    }
  },
  cancel: "Cancel",
  cancelWrite: "A write cannot be stopped halfway",
});
