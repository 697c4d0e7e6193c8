/** custfile's own errors (core/errors codes) in words, and any other failure with its own message. */
import type { CustfileErrorCode, ErrorData } from "../../core/errors";
import { data, type Format } from "./format";

/** zh-CN. */
export const zhCN = (f: Format) => ({
  code: (code: CustfileErrorCode, d: ErrorData): string => {
    switch (code) {
      case "changelog-sheet-taken": return `工作表“${data(d.sheet)}”中有其他数据但没有变更记录表；为免覆盖，未作任何修改。请把该工作表改名或清空后再修正。`;
      case "no-cells": return `Excel 没有返回工作表“${data(d.sheet)}”第 ${f.num(Number(d.row))} 行的单元格（可能超出了 Excel 网页版的读取上限），请稍后重试。`;
      case "nothing-to-restore": return `第 ${f.num(Number(d.row))} 行的客户编号没有被修改，无需恢复。`;
      case "tracking-off": return "变更记录没有在运行，无法恢复；请关闭并重新打开工作簿后再试。";
    }
  },
  failed: (message: string) => `操作失败：${data(message)}`,
});

export type ErrorStrings = ReturnType<typeof zhCN>;

/** en-US. */
export const enUS = (f: Format): ErrorStrings => ({
  code: (code, d) => {
    switch (code) {
      case "changelog-sheet-taken": return `The sheet ${data(d.sheet)} holds other data but no change log table; to write over nothing, nothing was changed. Rename or empty that sheet, then fix again.`;
      case "no-cells": return `Excel returned no cells for row ${f.num(Number(d.row))} of ${data(d.sheet)} (perhaps past Excel on the web's read limit); try again later.`;
      case "nothing-to-restore": return `The customer id of row ${f.num(Number(d.row))} has not changed; there is nothing to restore.`;
      case "tracking-off": return "The change log is not running, so nothing can be restored; close and reopen the workbook, then try again.";
    }
  },
  failed: (message) => `Failed: ${data(message)}`,
});

