/** Finding tables, header rows and columns in user sheets. */
import { detectTables, validateWorkbook } from "../../../src/core/validate";
import type { SheetBlock } from "../../../src/core/table";

const sheet = (name: string, values: SheetBlock["values"], tableName?: string): SheetBlock => ({ sheet: name, tableName, firstRow: 1, firstColumn: 1, values });

describe("detectTables", () => {
  it("finds the header row under a title row", () => {
    const [t] = detectTables([sheet("客户信息", [["客户基础信息表"], [null], ["客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期"], ["C20240115001"]])]);
    expect(t).toMatchObject({ table: "Customers", by: "sheet-name", headerRowIndex: 2, headerRow: 3 });
    expect(t.missing).toEqual([]);
  });

  it("maps English headers in any column order and reports unknown and missing columns", () => {
    const [t] = detectTables([sheet("Customers", [["Phone", "Customer Name", "Notes", "customer id", "Address", "Opened"]])]);
    expect(t.columns.map((c) => [c.def.key, c.columnNumber])).toEqual([["phone", 1], ["name", 2], ["customerId", 4], ["address", 5], ["opened", 6]]);
    expect(t.unknown.map((u) => u.header)).toEqual(["Notes"]);
    expect(t.missing.map((c) => c.header)).toEqual(["联系人"]);
  });

  it("finds a table by its headers on a sheet with another name", () => {
    const tables = detectTables([sheet("Sheet1", [["导出时间 2024-03-31"], ["客户编号", "记录日期", "交互类型", "参与人员", "内容概述"]])]);
    expect(tables.map((t) => [t.table, t.by, t.headerRow])).toEqual([["Interactions", "header", 2]]);
  });

  it("prefers the Excel table name, and its first row is the header", () => {
    const [t] = detectTables([sheet("Sheet2", [["客户编号", "客户名称"]], "Customers")]);
    expect(t).toMatchObject({ table: "Customers", by: "table-name", headerRowIndex: 0 });
  });

  it("does not take a sheet of other data for a template table", () => {
    expect(detectTables([sheet("Notes", [["a", "b"], [1, 2]])])).toEqual([]);
  });

  it("reports a repeated header as unknown (duplicate)", () => {
    const [t] = detectTables([sheet("客户信息", [["客户编号", "编号", "客户名称"]])]);
    expect(t.unknown).toEqual([{ index: 1, columnNumber: 2, header: "编号", duplicateOf: "customerId" }]);
  });
});

describe("column findings", () => {
  it("missing-column is an error at the header row; unknown-column a warning at its cell", () => {
    const r = validateWorkbook([sheet("客户信息", [["客户编号", "客户名称", "备注"], ["C20240115001", "甲公司", "x"]])], { asOf: "2026-09-30" });
    const missing = r.findings.filter((f) => f.code === "missing-column");
    expect(missing.map((f) => f.column)).toEqual(["联系人", "联系方式", "地址(省市区)", "开户日期"]);
    expect(missing[0]).toMatchObject({ row: 1, columnNumber: 0, severity: "error" });
    expect(r.findings.find((f) => f.code === "unknown-column")).toMatchObject({ column: "备注", columnNumber: 3, severity: "warning" });
  });
});
