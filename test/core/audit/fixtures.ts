/** Hand-written audit fixtures: Customers and ChangeLog blocks with the template's Chinese headers. */
import type { Cell, SheetBlock } from "../../../src/core/table";

export const CUSTOMER_HEADERS = ["客户编号", "客户名称", "联系人", "联系方式", "电子邮箱", "客户等级", "地址(省市区)", "开户日期", "合作状态", "最近核实日期"];

export interface CustomerSpec {
  id: string;
  grade?: string;
  status?: string;
  verifiedOn?: string | null;
  opened?: string;
}

/** Customer id number i (1-based) as a valid-looking 客户编号. */
export function customerId(i: number): string {
  // 999 customers per opening day, on consecutive days from 2024-03-10.
  return `C202403${String(10 + Math.floor((i - 1) / 999))}${String(((i - 1) % 999) + 1).padStart(3, "0")}`;
}

/** A Customers block from specs (default: A类, 合作中, verified 2026-06-01). */
export function customersBlock(specs: CustomerSpec[]): SheetBlock {
  const rows: Cell[][] = [CUSTOMER_HEADERS];
  for (const s of specs) {
    rows.push([s.id, `公司${s.id}`, "王经理", "13956781234", "a@b.cn", s.grade ?? "A类", "北京市海淀区中关村大街1号", s.opened ?? "2024-03-15", s.status ?? "合作中", s.verifiedOn === undefined ? "2026-06-01" : s.verifiedOn]);
  }
  return { sheet: "客户信息", tableName: "Customers", firstRow: 1, firstColumn: 1, values: rows };
}

/** A ChangeLog block: [time, customerId, field]. */
export function changeLogBlock(changes: [string, string, string][]): SheetBlock {
  const rows: Cell[][] = [["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人"]];
  for (const [time, id, field] of changes) rows.push([time, "Customers", id, field, "旧", "新", "编辑", "张三"]);
  return { sheet: "变更记录", tableName: "ChangeLog", firstRow: 1, firstColumn: 1, values: rows };
}

/** n plain customers with ids C20240315001… (all low risk unless overridden). */
export function plainCustomers(n: number, override: (i: number) => Partial<CustomerSpec> = () => ({})): CustomerSpec[] {
  return Array.from({ length: n }, (_, k) => ({ id: customerId(k + 1), ...override(k + 1) }));
}

/** A Loans (借阅登记) block: [登记日期, 客户编号, 资料类型, 方式, 应还日期, 归还日期]. */
export function loansBlock(loans: [string, string, string, string, string | null, string | null][]): SheetBlock {
  const rows: Cell[][] = [["登记日期", "客户编号", "资料类型", "借阅人", "方式", "批准人", "应还日期", "归还日期"]];
  for (const [date, id, docType, method, due, returned] of loans) rows.push([date, id, docType, "刘助理", method, method === "复印件" ? "李经理" : null, due, returned]);
  return { sheet: "借阅登记", tableName: "Loans", firstRow: 1, firstColumn: 1, values: rows };
}
