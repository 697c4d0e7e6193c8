/** The 客户编号 tab: change tracking's state and the customer ids changed by hand, with restore. */
import type { ChangeTrackingStatus } from "../../excel/runtime";
import { data, type Format } from "./format";

/** zh-CN. */
export const zhCN = (f: Format) => ({
  title: "被手工修改的客户编号",
  none: "没有被修改的客户编号。",
  row: (row: number, before: string, after: string) => `第 ${f.num(row)} 行：${data(before)} → ${data(after)}`,
  restore: "恢复原编号",
  notice: (rows: number[], one?: { before: string; after: string }) =>
    one
      ? `客户编号被修改：第 ${f.num(rows[0])} 行，${data(one.before)} → ${data(one.after)}。客户编号一经保存不得更改。`
      : `${f.num(rows.length)} 个客户编号被修改（第 ${rows.slice(0, 5).map(f.num).join("、")}${rows.length > 5 ? "…" : ""} 行）。客户编号一经保存不得更改。`,
  review: "查看并恢复",
  restored: (row: number) => `已恢复第 ${f.num(row)} 行的客户编号，并记入变更记录。`,
  tracking: (s: Pick<ChangeTrackingStatus, "state" | "reason" | "message">): string => {
    switch (s.state) {
      case "off": return "变更记录：尚未启动。";
      case "starting": return "变更记录：正在启动…";
      case "running": return s.message ? `变更记录：正在记录手工修改；最近一次记录失败：${data(s.message)}` : "变更记录：正在记录对客户信息关键字段的手工修改。";
      case "unsupported": return s.reason === "no-office" ? "变更记录：Office 不可用，无法记录。" : "变更记录：此版本的 Excel 不支持（需要 Microsoft 365 或 Excel 2021 及以上），手工修改不会被记录。";
      case "no-table": return "变更记录：工作簿中还没有客户信息表；建立模板或添加 Customers 表后开始记录。";
      case "failed": return `变更记录：启动失败（${data(s.message)}）。`;
    }
  },
});

export type IdsStrings = ReturnType<typeof zhCN>;

/** en-US. */
export const enUS = (f: Format): IdsStrings => ({
  title: "Customer ids changed by hand",
  none: "No customer id was changed.",
  row: (row, before, after) => `Row ${f.num(row)}: ${data(before)} → ${data(after)}`,
  restore: "Restore old id",
  notice: (rows, one) =>
    one
      ? `Customer id changed in row ${f.num(rows[0])}: ${data(one.before)} → ${data(one.after)}. A customer id never changes once saved.`
      : `${f.num(rows.length)} customer ids changed (rows ${rows.slice(0, 5).map(f.num).join(", ")}${rows.length > 5 ? ", …" : ""}). A customer id never changes once saved.`,
  review: "Review and restore",
  restored: (row) => `Restored the customer id of row ${f.num(row)}; logged in the change log.`,
  tracking: (s) => {
    switch (s.state) {
      case "off": return "Change log: not started.";
      case "starting": return "Change log: starting…";
      case "running": return s.message ? `Change log: recording hand edits; the last one failed to record: ${data(s.message)}` : "Change log: recording hand edits to the key fields of customers.";
      case "unsupported": return s.reason === "no-office" ? "Change log: Office is not available." : "Change log: this Excel cannot record hand edits (it needs Microsoft 365 or Excel 2021 and later).";
      case "no-table": return "Change log: no customer table yet; recording starts once the template is set up or a Customers table is added.";
      case "failed": return `Change log: could not start (${data(s.message)}).`;
    }
  },
});
