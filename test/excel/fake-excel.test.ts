/**
 * The Excel test double refuses and converts what Excel does (issue 10): one test per
 * strictness, so a product test that passes against the double cannot pass by leniency.
 */
import { FakeExcel, FakeOfficeError, WEB_LIMITS, customFunctionArgument, excelReadsTyped, parseRect, rectAddress } from "../support/fake-excel";

/** The error a promise rejects with. */
async function rejection(p: Promise<unknown>): Promise<FakeOfficeError> {
  try {
    await p;
  } catch (e) {
    return e as FakeOfficeError;
  }
  throw new Error("expected a rejection");
}

describe("fake Excel host: loads, syncs and null objects", () => {
  it("counts syncs and refuses to read a property before load + sync", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("客户信息", [["客户编号", "客户名称"], ["C20240315001", "北京某科技有限公司"]], { tableName: "Customers" });
    await host.run(async (context) => {
      const range = context.workbook.tables.getItem("Customers").getRange();
      expect(() => range.values).toThrow(/PropertyNotLoaded/);
      range.load("values,address");
      expect(() => range.values).toThrow(/PropertyNotLoaded/); // queued, not yet synced
      await context.sync();
      expect(range.values).toEqual([["客户编号", "客户名称"], ["C20240315001", "北京某科技有限公司"]]);
      expect(range.address).toBe("'客户信息'!A1:B2");
    });
    expect(host.syncCount).toBe(1);
  });

  it("gives null objects for missing sheets and tables (known after a load and sync); a getItem of a missing one fails the sync", async () => {
    const host = new FakeExcel();
    host.addSheet("Sheet1");
    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject("无此表").load("isNullObject");
      const table = context.workbook.tables.getItemOrNullObject("Nope").load("isNullObject");
      expect(() => sheet.isNullObject).toThrow(/PropertyNotLoaded/);
      await context.sync();
      expect(sheet.isNullObject).toBe(true);
      expect(table.isNullObject).toBe(true);
      expect(() => table.name).toThrow(/null object/);
      context.workbook.worksheets.getItem("无此表").load("name");
      expect((await rejection(context.sync())).code).toBe("ItemNotFound");
    });
  });

  it("a loaded value is what the sheet held at that sync, not later", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("S", [["a"]]);
    await host.run(async (context) => {
      const r = context.workbook.worksheets.getItem("S").getRange("A1").load("values");
      await context.sync();
      host.sheet("S")!.write(0, 0, [["b"]]);
      expect(r.values).toEqual([["a"]]);
    });
  });
});

describe("fake Excel host: errors surface at sync, the batch before the failing operation is applied", () => {
  it("refuses what Excel refuses, at sync: values of another shape, rows of another width, overlapping or same-named tables, APIs above ExcelApi 1.9", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("客户信息", [["客户编号", "客户名称"], ["C1", "甲"]], { tableName: "Customers" });
    host.addSheet("空表");
    await host.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("客户信息");
      const refused = async (queue: () => void, code = "InvalidArgument") => {
        queue();
        expect((await rejection(context.sync())).code).toBe(code);
      };
      await refused(() => { ws.getRange("D1:E1").values = [["a", "b", "c"]]; });
      await refused(() => { ws.getRange("D1:E2").values = [["a", "b"]]; });
      await refused(() => context.workbook.tables.getItem("Customers").rows.add(null as unknown as number, [["C2"]]));
      await refused(() => ws.tables.add("'客户信息'!A1:B3", true));
      await refused(() => context.workbook.tables.getItem("Customers").columns.add(null as unknown as number, [["新列"]]));
      await refused(() => { ws.getRange("D1:D2").numberFormat = [["@"]]; });
      await refused(() => { context.workbook.worksheets.getItem("空表").tables.add("'空表'!A1:B2", true).name = "customers"; });
      expect(() => ws.getRange("A1").conditionalFormats.getItemOrNullObject("x")).toThrow(/ExcelApi 1.14/);
      // A collection loaded as "items/name" gives its items' names only.
      const sheets = context.workbook.worksheets.load("items/name");
      await context.sync();
      expect(sheets.items.map((w) => w.name)).toEqual(["客户信息", "空表"]);
      expect(() => sheets.items[0].visibility).toThrow(/PropertyNotLoaded/);
    });
  });

  it("a failing operation fails the sync: what came before it in the batch is applied, what came after is not, and no load of the batch is filled in", async () => {
    const host = new FakeExcel();
    host.addSheet("S");
    await host.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("S");
      ws.getRange("A1").values = [["before"]];
      const read = ws.getRange("A1").load("values");
      ws.getRange("A2:B2").values = [["too short"]];
      ws.getRange("A3").values = [["after"]];
      await expect(context.sync()).rejects.toThrow(/InvalidArgument/);
      expect(() => read.values).toThrow(/PropertyNotLoaded/);
    });
    expect(host.valueAt("S", "A1")).toBe("before");
    expect(host.valueAt("S", "A3")).toBeNull();
  });
});

describe("fake Excel host: strings written to cells are read as if typed, unless the cell is text (@)", () => {
  it("General cells: dates and times become serials with a date format, numeric text a number (leading zeros lost), TRUE a boolean, = a formula", () => {
    expect(excelReadsTyped("2026-12-04 10:30", "General")).toEqual({ value: 46360 + 10.5 / 24, numberFormat: "yyyy/m/d h:mm" });
    expect(excelReadsTyped("2026-12-04", "General")).toEqual({ value: 46360, numberFormat: "yyyy/m/d" });
    expect(excelReadsTyped("2024/3/5", "General").value).toBe(45356);
    expect(excelReadsTyped("2024年3月5日", "General").value).toBe(45356);
    expect(excelReadsTyped("10:30", "General").value).toBeCloseTo(10.5 / 24, 10);
    expect(excelReadsTyped("007", "General")).toEqual({ value: 7 });
    expect(excelReadsTyped("13800000002", "General")).toEqual({ value: 13800000002 });
    expect(excelReadsTyped("50,000", "General")).toEqual({ value: 50000 });
    expect(excelReadsTyped("１２３", "General")).toEqual({ value: 123 });
    expect(excelReadsTyped("15%", "General")).toEqual({ value: 0.15, numberFormat: "0%" });
    expect(excelReadsTyped("TRUE", "General")).toEqual({ value: true });
    expect(excelReadsTyped("=A1+1", "General")).toEqual({ value: "#NAME?", formula: "=A1+1" });
    // In a date cell a date keeps the cell's format.
    expect(excelReadsTyped("2024-03-15", "yyyy-mm-dd")).toEqual({ value: 45366, numberFormat: undefined });
    // Not a real day: stays text.
    expect(excelReadsTyped("2026-02-30", "General")).toEqual({ value: "2026-02-30" });
  });

  it("text starting with + or - is a formula: a valid one is computed (the text is lost), an invalid one fails the sync", () => {
    expect(excelReadsTyped("+86-138-0013-8000", "General")).toEqual({ value: 86 - 138 - 13 - 8000, formula: "=+86-138-0013-8000" });
    expect(excelReadsTyped("-5", "General")).toEqual({ value: -5 });
    for (const text of ["+44 20 7946 0958", "-", "+86 138 0013 8000", "-abc"]) expect(() => excelReadsTyped(text, "General")).toThrow(/InvalidArgument/);
  });

  it("a cell formatted @ keeps every string exactly", () => {
    for (const text of ["2026-12-04 10:30", "+44 20 7946 0958", "-", "007", "=1+1", "TRUE"]) expect(excelReadsTyped(text, "@")).toEqual({ value: text });
  });

  it("through the API: the +… phone fails the sync and the cell keeps its old value; in an @ cell it is kept; null leaves a cell unchanged, \"\" clears it", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("S", [["old", "keep", "clear"]]);
    await host.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("S");
      ws.getRange("A1").values = [["+44 20 7946 0958"]];
      await expect(context.sync()).rejects.toThrow(/InvalidArgument/);
      ws.getRange("A1").numberFormat = [["@"]];
      ws.getRange("A1").values = [["+44 20 7946 0958"]];
      ws.getRange("B1:C1").values = [[null, ""]];
      await context.sync();
    });
    expect(host.valueAt("S", "A1")).toBe("+44 20 7946 0958");
    expect(host.valueAt("S", "B1")).toBe("keep");
    expect(host.valueAt("S", "C1")).toBeNull();
  });

  it("numberFormat: null leaves a cell's format, \"\" resets it to General", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("S", [[1, 2]], { numberFormats: [["0.0", "0.0"]] });
    await host.run(async (context) => {
      context.workbook.worksheets.getItem("S").getRange("A1:B1").numberFormat = [[null as unknown as string, ""]];
    });
    expect(host.formatAt("S", "A1")).toBe("0.0");
    expect(host.formatAt("S", "B1")).toBe("General");
  });

  it("rows added to a table take the number formats of its last row and are converted by them", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("S", [["时间", "电话"], ["x", "y"]], { tableName: "T", numberFormats: [["General", "General"], ["General", "@"]] });
    await host.run(async (context) => {
      context.workbook.tables.getItem("T").rows.add(undefined, [["2026-12-04 10:30", "+86 138 0013 8000"]]);
    });
    expect(host.tableRows("T")[1]).toEqual([46360 + 10.5 / 24, "+86 138 0013 8000"]);
  });
});

describe("fake Excel host: the 5 MB bounds of Excel on the web throw at sync, and nothing of the batch is applied", () => {
  it("a response over the bound fails with ResponsePayloadSizeLimitExceeded", async () => {
    const host = new FakeExcel({ ...WEB_LIMITS });
    host.addSheetWithRows("S", Array.from({ length: 60_000 }, (_v, i) => [`北京市海淀区中关村大街${i}号`, i, "2026-01-01"]));
    await host.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("S");
      ws.getRange("E1").values = [["written?"]];
      const r = ws.getRange("A1:C60000").load("values,numberFormat");
      const e = await rejection(context.sync());
      expect(e.code).toBe("ResponsePayloadSizeLimitExceeded");
      expect(() => r.values).toThrow(/PropertyNotLoaded/);
      const half = ws.getRange("A1:C20000").load("values");
      await context.sync();
      expect(half.values).toHaveLength(20_000);
    });
    expect(host.valueAt("S", "E1")).toBeNull();
  });

  it("a request over the bound fails with RequestPayloadSizeLimitExceeded", async () => {
    const host = new FakeExcel({ ...WEB_LIMITS });
    host.addSheet("S");
    const rows = Array.from({ length: 100_000 }, (_v, i) => [`上海市浦东新区世纪大道${i}号`, `备注${i}`]);
    await host.run(async (context) => {
      context.workbook.worksheets.getItem("S").getRange("A1:B100000").values = rows;
      expect((await rejection(context.sync())).code).toBe("RequestPayloadSizeLimitExceeded");
    });
    expect(host.valueAt("S", "A1")).toBeNull();
    expect(host.syncCount).toBe(1);
  });
});

describe("fake Excel host: tables", () => {
  it("tables.add without a sheet name makes the table on the active sheet, whatever collection add is called on", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("客户信息", [["x"]]);
    host.addSheetWithRows("变更记录", [["时间", "字段"]]);
    host.activeSheet = "客户信息";
    await host.run(async (context) => {
      context.workbook.worksheets.getItem("变更记录").tables.add("A5:B6", true);
    });
    expect(host.tables[0].sheet.name).toBe("客户信息");
    await host.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("变更记录");
      ws.tables.add(ws.getRange("A1:B2"), true);
    });
    expect(host.tables[1].sheet.name).toBe("变更记录");
  });

  it("a table over a header row alone gets one blank data row; blank and repeated headers are renamed", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("S", [["时间", "", "时间"]]);
    await host.run(async (context) => {
      context.workbook.tables.add("S!A1:C1", true);
    });
    const t = host.tables[0];
    expect(rectAddress(t.rect)).toBe("A1:C2");
    expect(t.headers).toEqual(["时间", "Column2", "时间2"]);
    expect(host.tableRows(t.name)).toEqual([["", "", ""]]);
  });
});

describe("fake Excel host: conditional formats", () => {
  it("ConditionalFormat.id is a position: a new format goes to the top and every id shifts; an item object refers to a position", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("S", [[1, 2, 3]]);
    const sheet = host.sheet("S")!;
    sheet.conditionalFormats.push({ rects: [parseRect("A1")], type: "Custom", formula: "=A1>0", tag: "user" });
    const ids = async () => host.run(async (context) => {
      const cfs = context.workbook.worksheets.getItem("S").getRange().conditionalFormats.load("items/id");
      await context.sync();
      return cfs.items.map((c) => c.id);
    });
    expect(await ids()).toEqual(["0"]);
    await host.run(async (context) => {
      const cf = context.workbook.worksheets.getItem("S").getRange("B1").conditionalFormats.add("Custom");
      cf.custom.rule.formula = "=TRUE";
    });
    expect(sheet.conditionalFormats.map((c) => c.tag ?? c.formula)).toEqual(["=TRUE", "user"]);
    expect(await ids()).toEqual(["0", "1"]);
    // Deleting items 0 and 1 in one batch: after the first delete, position 1 is the third format.
    await host.run(async (context) => {
      context.workbook.worksheets.getItem("S").getRange("C1").conditionalFormats.add("Custom").custom.rule.formula = "=1";
      await context.sync();
      const cfs = context.workbook.worksheets.getItem("S").getRange().conditionalFormats.load("items/id");
      await context.sync();
      cfs.items[0].delete();
      cfs.items[1].delete();
    });
    expect(sheet.conditionalFormats.map((c) => c.tag ?? c.formula)).toEqual(["=TRUE"]);
  });
});

describe("fake Excel host: objects belong to their Excel.run", () => {
  it("an object of a finished run cannot queue anything; its loaded values stay readable", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("S", [["a"]]);
    const range = await host.run(async (context) => {
      const r = context.workbook.worksheets.getItem("S").getRange("A1").load("values");
      await context.sync();
      return r;
    });
    expect(range.values).toEqual([["a"]]);
    expect(() => range.load("values")).toThrow(/InvalidRequestContext/);
    expect(() => { range.values = [["b"]]; }).toThrow(/InvalidRequestContext/);
  });

  it("an event handler is removed only inside Excel.run(handler.context, …)", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("S", [["客户编号"], ["C1"]], { tableName: "Customers" });
    const registration = await host.run(async (context) => {
      const r = context.workbook.tables.getItem("Customers").onChanged.add(() => undefined);
      await context.sync();
      return r;
    });
    expect(host.table("Customers")!.changedHandlers).toHaveLength(1);
    await expect(host.run(async (context) => { registration.remove(); await context.sync(); })).rejects.toThrow(/InvalidRequestContext/);
    expect(host.table("Customers")!.changedHandlers).toHaveLength(1);
    await host.run(registration.context, async (context) => { registration.remove(); await context.sync(); });
    expect(host.table("Customers")!.changedHandlers).toHaveLength(0);
  });
});

describe("fake Excel host: protection and sheet names", () => {
  it("a protected sheet refuses writes; protect() on a protected sheet fails; a wrong password does not unprotect", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("变更记录", [["时间"], ["x"]], { tableName: "ChangeLog" });
    host.protectSheet("变更记录", "pw");
    await host.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("变更记录");
      ws.getRange("A5").values = [["y"]];
      expect((await rejection(context.sync())).code).toBe("AccessDenied");
      context.workbook.tables.getItem("ChangeLog").rows.add(undefined, [["z"]]);
      expect((await rejection(context.sync())).code).toBe("AccessDenied");
      ws.protection.protect();
      expect((await rejection(context.sync())).code).toBe("InvalidOperation");
      ws.protection.unprotect();
      expect((await rejection(context.sync())).code).toBe("InvalidArgument");
      ws.protection.unprotect("pw");
      ws.getRange("A5").values = [["y"]];
      ws.protection.protect({ allowAutoFilter: true });
      ws.protection.load("protected");
      await context.sync();
      expect(ws.protection.protected).toBe(true);
    });
    expect(host.valueAt("变更记录", "A5")).toBe("y");
  });

  it("sheet names follow Excel's rules; the last visible sheet cannot be deleted", async () => {
    const host = new FakeExcel();
    host.addSheet("Only");
    await host.run(async (context) => {
      context.workbook.worksheets.add("交接清单 2026-12-04 张三→李四/王五");
      await expect(context.sync()).rejects.toThrow(/not a valid sheet name/);
      context.workbook.worksheets.add("x".repeat(32));
      await expect(context.sync()).rejects.toThrow(/not a valid sheet name/);
      context.workbook.worksheets.getItem("Only").delete();
      await expect(context.sync()).rejects.toThrow(/last visible sheet/);
    });
  });
});

describe("fake Excel host: deleting cells (Range.delete) around tables", () => {
  /** A record sheet: a table of 4 data rows at A1:B5, a note right of it, a second table below it. */
  function host(): FakeExcel {
    const h = new FakeExcel();
    h.addSheetWithRows("信用月报", [["月份", "客户编号"], ["2026-09", "C1"], ["2026-10", "C1"], ["2026-10", "C2"], ["2026-11", "C1"]], { tableName: "CreditHistory" });
    h.addSheetWithRows("信用月报", [["备注"], ["旁注"]], { at: "D1" });
    h.addSheetWithRows("信用月报", [["月份", "客户编号"], ["2026-08", "C9"]], { tableName: "Older", at: "A8" });
    return h;
  }

  it("rows of a table across its exact columns go: the rows below in those columns move up, the table and a table below shrink up with them, cells beside stay", async () => {
    const h = host();
    await h.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("信用月报");
      ws.getRange("A3:B4").delete("Up" as Excel.DeleteShiftDirection.up);
      await context.sync();
    });
    expect(h.tableRows("CreditHistory")).toEqual([["2026-09", "C1"], ["2026-11", "C1"]]);
    expect(rectAddress(h.table("CreditHistory")!.rect)).toBe("A1:B3");
    expect(rectAddress(h.table("Older")!.rect)).toBe("A6:B7");
    expect(h.tableRows("Older")).toEqual([["2026-08", "C9"]]);
    expect([h.valueAt("信用月报", "D1"), h.valueAt("信用月报", "D2")]).toEqual(["备注", "旁注"]);
  });

  it("refuses what Excel refuses: cutting through a table's columns, taking its header, emptying it, cutting a table below; a protected sheet; a shift that is not Up or Left", async () => {
    const h = host();
    await h.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("信用月报");
      const refused = async (address: string, code = "InvalidOperation", shift = "Up") => {
        ws.getRange(address).delete(shift as Excel.DeleteShiftDirection.up);
        expect([address, (await rejection(context.sync())).code]).toEqual([address, code]);
      };
      await refused("A3:A4"); // one column of two
      await refused("A3:C4"); // wider than the table
      await refused("A1:B2"); // the header
      await refused("A2:B5"); // every data row
      await refused("A4:B6"); // below the table's end
      await refused("A3:B3", "InvalidArgument", "Down");
      // Plain cells: a table below within their columns moves up; one they would cut is refused.
      h.addSheetWithRows("其他", [["x", "y"], [1, 2], [3, 4]]);
      h.addSheetWithRows("其他", [["表头"], ["a"], ["b"]], { tableName: "Narrow", at: "B5" });
      h.addSheetWithRows("其他", [["宽表", "列2"], ["c", "d"]], { tableName: "Wide", at: "A10" });
      const other = context.workbook.worksheets.getItem("其他");
      other.getRange("A2:B2").delete("Up" as Excel.DeleteShiftDirection.up);
      await context.sync();
      expect([rectAddress(h.table("Narrow")!.rect), rectAddress(h.table("Wide")!.rect)]).toEqual(["B4:B6", "A9:B10"]);
      other.getRange("B1").delete("Up" as Excel.DeleteShiftDirection.up);
      expect((await rejection(context.sync())).code).toBe("InvalidOperation");
    });
    h.protectSheet("信用月报");
    await h.run(async (context) => {
      context.workbook.worksheets.getItem("信用月报").getRange("A3:B3").delete("Up" as Excel.DeleteShiftDirection.up);
      expect((await rejection(context.sync())).code).toBe("AccessDenied");
    });
    expect(h.tableRows("CreditHistory")).toHaveLength(4);
  });
});

describe("fake Excel host: charts", () => {
  it("charts.add takes Excel's chart types and series directions only; setPosition needs addresses Excel reads; a protected sheet refuses a chart", async () => {
    const h = new FakeExcel();
    h.addSheetWithRows("报告", [["等级", "本月"], ["A类", 3], ["B类", 2]]);
    await h.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("报告");
      const range = ws.getRange("A1:B3");
      ws.charts.add("ColumnCluster" as Excel.ChartType, range, "Columns" as Excel.ChartSeriesBy);
      expect((await rejection(context.sync())).code).toBe("InvalidArgument");
      ws.charts.add("ColumnClustered" as Excel.ChartType, range, "Down" as Excel.ChartSeriesBy);
      expect((await rejection(context.sync())).code).toBe("InvalidArgument");
      const chart = ws.charts.add("ColumnClustered" as Excel.ChartType, range, "Columns" as Excel.ChartSeriesBy);
      chart.setPosition("D1", "not an address");
      expect((await rejection(context.sync())).code).toBe("InvalidArgument");
      chart.setPosition("D1", "K15");
      chart.title.text = "等级分布";
      await context.sync();
    });
    expect(h.sheet("报告")!.charts.map((c) => [c.type, c.seriesBy, rectAddress(c.source.rect), c.position, c.title])).toEqual([
      ["ColumnClustered", "Columns", "A1:B3", { start: "D1", end: "K15" }, "等级分布"],
    ]);
    h.protectSheet("报告");
    await h.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("报告");
      ws.charts.add("Pie" as Excel.ChartType, ws.getRange("A1:B3"), "Auto" as Excel.ChartSeriesBy);
      expect((await rejection(context.sync())).code).toBe("AccessDenied");
    });
  });
});

describe("fake Excel host: user actions raise the events Excel raises", () => {
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

  it("a sort moves the rows and raises onRowSorted, not onChanged; deleting a table raises tables.onDeleted and silences its handlers", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("S", [["id"], ["b"], ["a"]], { tableName: "T" });
    const events: string[] = [];
    await host.run(async (context) => {
      context.workbook.tables.getItem("T").onChanged.add(() => { events.push("changed"); });
      context.workbook.worksheets.getItem("S").onRowSorted.add(() => { events.push("sorted"); });
      context.workbook.tables.onDeleted.add((e: unknown) => { events.push(`deleted ${(e as { tableName: string }).tableName}`); });
      await context.sync();
    });
    await host.userSort("T", 0);
    expect(host.tableRows("T")).toEqual([["a"], ["b"]]);
    expect(events).toEqual(["sorted"]);
    await host.userDeleteTable("T");
    await host.userEdit("S", "A2", [["c"]]);
    expect(events).toEqual(["sorted", "deleted T"]);
  });

  it("appends table rows, marks cells through RangeAreas and records selection", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("变更记录", [["时间", "字段"], ["2026-11-24 09:00:00", "联系人"]], { tableName: "ChangeLog", numberFormats: [["@", "@"], ["@", "@"]] });
    await host.run(async (context) => {
      context.workbook.tables.getItem("ChangeLog").rows.add(undefined, [["2026-11-24 10:00:00", "联系方式"]]);
      const sheet = context.workbook.worksheets.getItem("变更记录");
      sheet.getRanges("A2, B2").format.fill.color = "#FFC7CE";
      sheet.getRange("B2").select();
      await context.sync();
    });
    expect(host.tableRows("ChangeLog")).toEqual([["2026-11-24 09:00:00", "联系人"], ["2026-11-24 10:00:00", "联系方式"]]);
    expect(host.fillAt("变更记录", "B2")).toBe("#FFC7CE");
    expect(host.selection).toEqual({ sheet: "变更记录", rect: parseRect("B2") });
  });
});

describe("fake Excel host: custom-function arguments", () => {
  it("empty cells of a range argument arrive as 0, null or \"\"", () => {
    const values = [["客户编号", "付款日期"], ["C1", null], ["C2", ""]];
    expect(customFunctionArgument(values, 0)).toEqual([["客户编号", "付款日期"], ["C1", 0], ["C2", 0]]);
    expect(customFunctionArgument(values, null)).toEqual([["客户编号", "付款日期"], ["C1", null], ["C2", null]]);
    expect(customFunctionArgument(values, "")).toEqual([["客户编号", "付款日期"], ["C1", ""], ["C2", ""]]);
  });
});

describe("addresses", () => {
  it("parses and prints addresses", () => {
    expect(rectAddress(parseRect("C7"))).toBe("C7");
    expect(parseRect("$B$2:D10")).toEqual({ row: 1, col: 1, rows: 9, cols: 3 });
    expect(rectAddress(parseRect("AA1:AB3"))).toBe("AA1:AB3");
  });
});

describe("fake Excel host: native charts", () => {
  it("charts.add refuses a type or seriesBy Excel does not know, and a protected sheet; setPosition takes cells of the chart's own sheet only", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("构成", [["类", "销售额"], ["A", 70], ["B", 30]]);
    host.addSheet("其他");
    await host.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("构成");
      const data = ws.getRange("A1:B3");
      ws.charts.add("PieChart" as Excel.ChartType, data, "Columns" as Excel.ChartSeriesBy);
      expect((await rejection(context.sync())).message).toMatch(/InvalidArgument: 'PieChart' is not an Excel.ChartType/);
      ws.charts.add("Pie" as Excel.ChartType, data, "ByColumn" as Excel.ChartSeriesBy);
      expect((await rejection(context.sync())).message).toMatch(/InvalidArgument: 'ByColumn' is not an Excel.ChartSeriesBy/);
      for (const [start, end] of [["D2", "K16x"], ["'其他'!D2", "K16"], ["", "K16"]]) {
        ws.charts.add("Pie" as Excel.ChartType, data, "Columns" as Excel.ChartSeriesBy).setPosition(start, end);
        expect((await rejection(context.sync())).code).toBe("InvalidArgument");
      }
      // A failed sync applied what came before the refused operation: each try above left its chart, without a position.
      expect(host.sheet("构成")!.charts.map((c) => c.position)).toEqual([null, null, null]);
      host.sheet("构成")!.charts = [];
      const chart = ws.charts.add("Doughnut" as Excel.ChartType, data, "Columns" as Excel.ChartSeriesBy);
      chart.title.text = "销售额构成";
      chart.setPosition("D2", "'构成'!K16");
      await context.sync();
    });
    expect(host.sheet("构成")!.charts).toEqual([expect.objectContaining({ type: "Doughnut", title: "销售额构成", position: { start: "D2", end: "K16" }, source: { sheet: "构成", rect: { row: 0, col: 0, rows: 3, cols: 2 } } })]);
    host.protectSheet("构成");
    await host.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("构成");
      ws.charts.add("Pie" as Excel.ChartType, ws.getRange("A1:B3"), "Columns" as Excel.ChartSeriesBy);
      expect((await rejection(context.sync())).code).toBe("AccessDenied");
    });
  });

  it("a chart's series: index 0 is the one it was made with, another index fails the sync; a deleted sheet takes its charts with it", async () => {
    const host = new FakeExcel();
    host.addSheetWithRows("构成", [["类", "户数", "销售额"], ["A", 1, 70], ["B", 2, 30]]);
    host.addSheet("Sheet1");
    await host.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("构成");
      const chart = ws.charts.add("BarClustered" as Excel.ChartType, ws.getRange("C1:C3"), "Columns" as Excel.ChartSeriesBy);
      chart.series.getItemAt(0).setXAxisValues(ws.getRange("A2:A3"));
      await context.sync();
      chart.series.getItemAt(1).setXAxisValues(ws.getRange("A2:A3"));
      expect((await rejection(context.sync())).code).toBe("ItemNotFound");
    });
    expect(host.sheet("构成")!.charts[0]).toMatchObject({ type: "BarClustered", categories: "'构成'!A2:A3", series: [] });
    await host.run(async (context) => {
      context.workbook.worksheets.getItem("构成").delete();
      context.workbook.worksheets.add("构成");
      await context.sync();
    });
    expect(host.sheet("构成")!.charts).toEqual([]);
  });
});
