/** Workbooks for the task-pane adapter tests: a Customers table with known mistakes. */
import type { Cell } from "../../src/core/table";

export const AS_OF = "2026-11-20";

export const HEADERS = ["客户编号", "客户名称", "客户类型", "联系人", "联系方式", "电子邮箱", "所属行业", "客户等级", "地址(省市区)", "开户日期", "合作状态", "最近核实日期"];

/** A valid customer row (sequence k, 1-based); `patch` by header makes it wrong. */
export function customer(k: number, patch: Record<string, Cell> = {}): Cell[] {
  const id = `C20240315${String(k).padStart(3, "0")}`;
  const row: Record<string, Cell> = {
    客户编号: id, 客户名称: `测试贸易有限公司${k}号`, 客户类型: "企业", 联系人: "王经理、李经理", 联系方式: "13956781234", 电子邮箱: "sales@example.com.cn",
    所属行业: "信息技术", 客户等级: "A类", "地址(省市区)": "北京市海淀区中关村大街1号", 开户日期: "2024-03-15", 合作状态: "合作中", 最近核实日期: "2026-09-01", ...patch,
  };
  return HEADERS.map((h) => row[h]);
}

/** Header + `n` valid rows, where ids run past 999 the sequence wraps into new opening days. */
export function customers(n: number): Cell[][] {
  const rows: Cell[][] = [HEADERS];
  for (let k = 1; k <= n; k++) {
    const day = 1 + Math.floor((k - 1) / 999);
    const seq = ((k - 1) % 999) + 1;
    const date = `2024-${String(1 + Math.floor((day - 1) / 28)).padStart(2, "0")}-${String(((day - 1) % 28) + 1).padStart(2, "0")}`;
    const id = `C${date.replace(/-/g, "")}${String(seq).padStart(3, "0")}`;
    rows.push(customer(k, { 客户编号: id, 开户日期: date }));
  }
  return rows;
}

/** Customers with one known mistake per row (sheet rows 3–6); row 2 is clean. */
export const BAD_ROWS: Cell[][] = [
  HEADERS,
  customer(1),
  customer(2, { 开户日期: "2024/3/15" }), // J3 date, fixable → 2024-03-15
  customer(3, { 联系方式: "1395678" }), // E4 phone, no fix
  customer(4, { 客户等级: "A" }), // H5 enum, fixable → A类
  customer(4, { 客户名称: "另一家有限公司" }), // A6 unique: id of row 5 again
];
