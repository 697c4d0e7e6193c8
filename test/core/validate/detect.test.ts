/** Finding tables, header rows and columns in user sheets. */
import fc from "fast-check";
import { detectTables, validateWorkbook } from "../../../src/core/validate";
import { HEADER_SEARCH_ROWS, locateTables } from "../../../src/core/validate/detect";
import type { SheetBlock } from "../../../src/core/table";
import { TABLES, type TableKey } from "../../../src/core/template/tables";

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

describe("a block the host located", () => {
  it("is taken as the table it says, before sheet names and headers", () => {
    const tables = detectTables([
      { ...sheet("客户信息", [["客户编号", "记录日期", "交互类型", "参与人员", "内容概述"]]), located: { table: "Interactions", by: "sheet-name" } },
    ]);
    expect(tables.map((t) => [t.table, t.by, t.headerRow])).toEqual([["Interactions", "sheet-name", 1]]);
  });
});

describe("locateTables: the sheets of the tables a command needs, from names and first rows only", () => {
  const CUSTOMER_HEAD = ["客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期"];
  const INTERACTION_HEAD = ["客户编号", "记录日期", "交互类型", "参与人员", "内容概述"];

  it("asks for no rows when every wanted table is found by its sheet name", () => {
    const asked: number[][] = [];
    const located = locateTables(["客户信息", "Sheet2", "回款记录", "信用政策"], ["Customers", "Payments", "CreditPolicy"], (i) => (asked.push(i), []));
    expect(located).toEqual([{ table: "Customers", index: 0, by: "sheet-name" }, { table: "Payments", index: 2, by: "sheet-name" }, { table: "CreditPolicy", index: 3, by: "sheet-name" }]);
    expect(asked).toEqual([]);
    // Audits is found by name only: a workbook without it has nothing more to look at.
    expect(locateTables(["客户信息", "Sheet2"], ["Audits"], (i) => (asked.push(i), []))).toEqual([]);
    expect(asked).toEqual([]);
  });

  it("asks for the first rows of the sheets no table claims by name when a wanted table is not found by name", () => {
    const blocks = [sheet("客户信息", [CUSTOMER_HEAD]), sheet("导出", [["导出 2026-09-30"], INTERACTION_HEAD, ["C20240115001"]]), sheet("Notes", [["a"]])];
    const asked: number[][] = [];
    const located = locateTables(blocks.map((b) => b.sheet), ["Interactions"], (indices) => (asked.push(indices), indices.map((i) => blocks[i])));
    expect(asked).toEqual([[1, 2]]);
    expect(located).toEqual([{ table: "Interactions", index: 1, by: "header" }]);
  });

  /** A sheet of random rows: template headers, titles, blanks and data, under a name from a pool with template names. */
  const headerCell = fc.constantFrom(...CUSTOMER_HEAD, ...INTERACTION_HEAD, "单据号", "开票日期", "金额", "付款日期", "付款金额", "归档编号", "经办人", "审核人", "时间", "字段", "姓名", "部门", "状态", "登记日期", "借阅人", "批准人", "应还日期", "Customer ID", "Phone", "Notes", null);
  const row = fc.array(headerCell, { maxLength: 8 });
  const block = fc.record({
    sheet: fc.constantFrom("客户信息", "Customers", "客户动态", "回款记录", "下拉选项", "变更记录", "抽查记录", "人员", "借阅登记", "Sheet1", "Sheet2", "数据", "导出"),
    values: fc.array(row, { maxLength: 14 }),
  }).map((b) => sheet(b.sheet, b.values));
  const wanted = fc.subarray<TableKey>(TABLES.map((t) => t.key), { minLength: 1 });

  it("decides exactly as detectTables over the whole workbook (property)", () => {
    fc.assert(fc.property(fc.array(block, { minLength: 1, maxLength: 5 }), wanted, (blocks, tables) => {
      const whole = detectTables(blocks).filter((t) => tables.includes(t.table)).map((t) => ({ table: t.table, index: t.blockIndex, by: t.by }));
      const located = locateTables(blocks.map((b) => b.sheet), tables, (indices) => indices.map((i) => ({ ...blocks[i], values: blocks[i].values.slice(0, HEADER_SEARCH_ROWS) })));
      expect(located).toEqual(whole);
      // And the blocks of those sheets alone, marked as located, detect as the same tables.
      const read = located.map((l) => ({ ...blocks[l.index], located: { table: l.table, by: l.by } }));
      expect(detectTables(read).map((t) => [t.table, read[t.blockIndex].sheet, t.by, t.headerRowIndex])).toEqual(
        detectTables(blocks).filter((t) => tables.includes(t.table)).map((t) => [t.table, blocks[t.blockIndex].sheet, t.by, t.headerRowIndex]));
    }), { numRuns: 500 });
  });
});
