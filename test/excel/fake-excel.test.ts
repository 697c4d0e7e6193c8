import { FakeExcel, parseRect, rectAddress } from "../support/fake-excel";

describe("fake Excel host (test double)", () => {
  it("counts syncs and refuses to read a property before load + sync", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("客户信息", [["客户编号", "客户名称"], ["C20240315001", "北京某科技有限公司"]], { tableName: "Customers" });
    await host.run(async (context) => {
      const range = context.workbook.tables.getItem("Customers").getRange();
      expect(() => range.values).toThrow(/PropertyNotLoaded/);
      range.load("values,address");
      await context.sync();
      expect(range.values).toEqual([["客户编号", "客户名称"], ["C20240315001", "北京某科技有限公司"]]);
      expect(range.address).toBe("'客户信息'!A1:B2");
    });
    expect(host.syncCount).toBe(1);
  });

  it("refuses what Excel refuses: values of another shape, rows of another width, overlapping or same-named tables, APIs above ExcelApi 1.9", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("客户信息", [["客户编号", "客户名称"], ["C1", "甲"]], { tableName: "Customers" });
    host.addSheet("空表");
    await host.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("客户信息");
      expect(() => (ws.getRange("D1:E1").values = [["a", "b", "c"]])).toThrow(/InvalidArgument/);
      expect(() => (ws.getRange("D1:E2").values = [["a", "b"]])).toThrow(/InvalidArgument/);
      expect(() => context.workbook.tables.getItem("Customers").rows.add(null as unknown as number, [["C2"]])).toThrow(/InvalidArgument/);
      expect(() => ws.tables.add("A1:B3", true)).toThrow(/overlap/);
      expect(() => context.workbook.tables.getItem("Customers").columns.add(null as unknown as number, [["新列"]])).toThrow(/InvalidArgument/);
      expect(() => (ws.getRange("D1:D2").numberFormat = [["@"]])).toThrow(/InvalidArgument/);
      const other = context.workbook.worksheets.getItem("空表").tables.add("'空表'!A1:B2", true);
      expect(() => (other.name = "customers")).toThrow(/exists/);
      expect(() => ws.getRange("A1").conditionalFormats.getItemOrNullObject("x")).toThrow(/ExcelApi 1.14/);
      // A collection loaded as "items/name" gives its items' names only.
      const sheets = context.workbook.worksheets.load("items/name");
      await context.sync();
      expect(sheets.items.map((w) => w.name)).toEqual(["客户信息", "空表"]);
      expect(() => sheets.items[0].visibility).toThrow(/PropertyNotLoaded/);
    });
  });

  it("gives null objects for missing sheets and tables", async () => {
    const host = new FakeExcel();
    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject("无此表");
      const table = context.workbook.tables.getItemOrNullObject("Nope");
      await context.sync();
      expect(sheet.isNullObject).toBe(true);
      expect(table.isNullObject).toBe(true);
    });
  });

  it("appends table rows, marks cells through RangeAreas and records selection", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("变更记录", [["时间", "字段"]], { tableName: "ChangeLog" });
    await host.run(async (context) => {
      context.workbook.tables.getItem("ChangeLog").rows.add(undefined, [["2026-11-24 10:00:00", "联系方式"]]);
      const sheet = context.workbook.worksheets.getItem("变更记录");
      sheet.getRanges("A2, B2").format.fill.color = "#FFC7CE";
      sheet.getRange("B2").select();
      await context.sync();
    });
    expect(host.tableRows("ChangeLog")).toEqual([["2026-11-24 10:00:00", "联系方式"]]);
    expect(host.fillAt("变更记录", "B2")).toBe("#FFC7CE");
    expect(host.selection).toEqual({ sheet: "变更记录", rect: parseRect("B2") });
  });

  it("fires onChanged with details only for single-cell edits", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("客户信息", [["客户编号", "联系方式"], ["C20240315001", "13900000000"], ["C20240315002", "13900000001"]], { tableName: "Customers" });
    const seen: Array<{ address: string; details?: unknown }> = [];
    await host.run(async (context) => {
      context.workbook.tables.getItem("Customers").onChanged.add((e: unknown) => {
        seen.push(e as { address: string; details?: unknown });
      });
      await context.sync();
    });
    await host.userEdit("客户信息", "B2", [["13911112222"]]);
    await host.userEdit("客户信息", "A2:B3", [["C1", "1"], ["C2", "2"]]);
    expect(seen[0]).toMatchObject({ address: "B2", details: { valueBefore: "13900000000", valueAfter: "13911112222" } });
    expect(seen[1].address).toBe("A2:B3");
    expect(seen[1].details).toBeUndefined();
  });

  it("parses and prints addresses", () => {
    expect(rectAddress(parseRect("C7"))).toBe("C7");
    expect(parseRect("$B$2:D10")).toEqual({ row: 1, col: 1, rows: 9, cols: 3 });
    expect(rectAddress(parseRect("AA1:AB3"))).toBe("AA1:AB3");
  });
});
