/** The one writer (src/excel/write.ts) against the strict double: text stays text, dates are dates, tables land where they belong. */
import { verifyChangeLog, webCryptoSha256 } from "../../src/core/records/chain";
import { FakeExcel, WEB_LIMITS } from "../support/fake-excel";
import type { ExcelRun } from "../../src/excel/check";
import {
  appendRecords, lookUpRecordTable, queueCellWrites, setRecordHook, writeSheet, RequestBudget, WriteError, SHEET_PROTECTION, WEB_WRITE_BUDGET, type RecordHook,
} from "../../src/excel/write";
import { isoToExcelSerial, NUMBER_FORMATS, timestampText, type RecordEntry, type SheetSpec } from "../../src/core/sheets";
import { AUDITS, CHANGELOG, CREDIT_HISTORY } from "../../src/core/template/tables";
import type { Cell } from "../../src/core/table";

const run = (x: FakeExcel) => x.run as unknown as ExcelRun;

const ENTRY = { time: "2026-12-04 10:30:00", table: "Customers", customerId: "C20240315001", field: "联系方式", before: "+86 138 0013 8000", after: "007", reason: "修正", user: "" };

/** Rows of a table by header, 时间 back as text. */
function rows(x: FakeExcel, table: string): Array<Record<string, Cell>> {
  const t = x.table(table)!;
  return x.tableRows(table).map((r) => Object.fromEntries(t.headers.map((h, i) => [h, h === "时间" ? timestampText(r[i]) : r[i]])));
}

describe("appendRecords", () => {
  it("makes the record table on its template sheet — not on the active sheet — with text as text and times as date-times", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", [["客户编号"], ["C1"]], { tableName: "Customers" });
    x.activeSheet = "客户信息";
    const result = await x.run(async (context) => {
      const target = await lookUpRecordTable(context as unknown as Excel.RequestContext, CHANGELOG);
      return appendRecords(context as unknown as Excel.RequestContext, target, [ENTRY]);
    });
    expect(result).toEqual({ table: "ChangeLog", sheet: "变更记录", firstRow: 2, rows: 1 });
    expect(x.table("ChangeLog")!.sheet.name).toBe("变更记录");
    expect(x.valueAt("变更记录", "A2")).toBe(isoToExcelSerial(ENTRY.time));
    expect(x.formatAt("变更记录", "A2")).toBe(NUMBER_FORMATS.datetime);
    expect([x.valueAt("变更记录", "E2"), x.valueAt("变更记录", "F2")]).toEqual(["+86 138 0013 8000", "007"]);
    expect(x.sheet("客户信息")!.usedRect()).toEqual({ row: 0, col: 0, rows: 2, cols: 1 });
  });

  it("maps keys to an existing table's columns by header or alias, adds the template columns it lacks, and fills its blank row first", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("变更记录", [["Customer ID", "字段", "Time", "变更前", "变更后", "备注"]], { tableName: "ChangeLog" });
    await x.run(async (context) => {
      const c = context as unknown as Excel.RequestContext;
      const target = await lookUpRecordTable(c, CHANGELOG);
      await appendRecords(c, target, [ENTRY, { ...ENTRY, customerId: "C20240315002" }]);
    });
    expect(x.table("ChangeLog")!.headers).toEqual(["Customer ID", "字段", "Time", "变更前", "变更后", "备注", "表", "原因", "操作人", "校验"]);
    const t = x.tableRows("ChangeLog");
    expect(t).toHaveLength(2); // the blank row was used, not left above the records
    expect(t[0].slice(0, 9)).toEqual(["C20240315001", "联系方式", isoToExcelSerial(ENTRY.time), "+86 138 0013 8000", "007", "", "Customers", "修正", ""]);
    expect(t.map((r) => String(r[9]).split(":")[0])).toEqual(["1", "2"]); // the 校验 chain starts at the first row custfile writes
    expect(t[1][0]).toBe("C20240315002");
  });

  it("appends after the last row of a table whose rows were typed in General columns: blank rows, then formats, then values (nothing converted)", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("变更记录", [CHANGELOG.columns.map((c) => c.header), ["2026-01-01 09:00:00", "Customers", "C1", "联系人", "甲", "乙", "编辑", "王芳"]], { tableName: "ChangeLog" });
    await x.run(async (context) => {
      const c = context as unknown as Excel.RequestContext;
      await appendRecords(c, await lookUpRecordTable(c, CHANGELOG), [ENTRY]);
    });
    expect(rows(x, "ChangeLog")[1]).toEqual({ 时间: ENTRY.time, 表: "Customers", 客户编号: "C20240315001", 字段: "联系方式", 变更前: "+86 138 0013 8000", 变更后: "007", 原因: "修正", 操作人: "", 校验: expect.stringMatching(/^1:[0-9a-f]{64}$/) });
  });

  it("every ChangeLog row carries its 校验, chained across appends: the log verifies (SPEC §10.5c)", async () => {
    const x = new FakeExcel();
    for (const batch of [[ENTRY, { ...ENTRY, customerId: "C20240315002" }], [{ ...ENTRY, field: "联系人", before: "甲", after: "乙" }]]) {
      await x.run(async (context) => {
        const c = context as unknown as Excel.RequestContext;
        await appendRecords(c, await lookUpRecordTable(c, CHANGELOG), batch);
      });
    }
    const t = x.table("ChangeLog")!;
    const block = { sheet: t.sheet.name, tableName: "ChangeLog", firstRow: t.rect.row + 1, firstColumn: t.rect.col + 1, values: t.sheet.values(t.rect) };
    const verified = await verifyChangeLog([block], webCryptoSha256);
    expect(verified).toMatchObject({ ok: true, chained: 3, uncovered: null });
  });

  it("goes below other data on its template sheet, never over it", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("抽查记录", [["2025 年的抽查见纸质档案"], [], ["（请勿删除）"]]);
    await x.run(async (context) => {
      const c = context as unknown as Excel.RequestContext;
      await appendRecords(c, await lookUpRecordTable(c, AUDITS), [{ quarter: "2026Q4", customerId: "C1", drawnAt: "2026-12-04 10:30:00", population: 40, draw: 1 }]);
    });
    expect(x.valueAt("抽查记录", "A1")).toBe("2025 年的抽查见纸质档案");
    expect(x.valueAt("抽查记录", "A3")).toBe("（请勿删除）");
    expect(x.valueAt("抽查记录", "A5")).toBe("季度");
    expect(rows(x, "Audits")[0]).toMatchObject({ 季度: "2026Q4", 客户编号: "C1", 总体数: 40, 抽取序号: 1 });
  });

  it("a protected record sheet is unprotected and protected again in the same request; `protect` protects a sheet that was not", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("变更记录", [CHANGELOG.columns.map((c) => c.header)], { tableName: "ChangeLog" });
    x.protectSheet("变更记录");
    const syncs = x.syncCount;
    await x.run(async (context) => {
      const c = context as unknown as Excel.RequestContext;
      await appendRecords(c, await lookUpRecordTable(c, CHANGELOG), [ENTRY]);
    });
    expect(x.syncCount - syncs).toBe(2); // look-up, then unprotect + rows + protect
    expect(x.sheet("变更记录")!.protection).toMatchObject({ protected: true, options: SHEET_PROTECTION });
    expect(rows(x, "ChangeLog")).toHaveLength(1);
    // A sheet protected with a password custfile does not know: the request fails and nothing is written.
    x.sheet("变更记录")!.protection = { protected: true, password: "secret", options: null };
    await expect(x.run(async (context) => {
      const c = context as unknown as Excel.RequestContext;
      await appendRecords(c, await lookUpRecordTable(c, CHANGELOG), [ENTRY]);
    })).rejects.toThrow(/password/);
    expect(rows(x, "ChangeLog")).toHaveLength(1);
    // protect: custfile's record sheet gets protected at its first write.
    await x.run(async (context) => {
      const c = context as unknown as Excel.RequestContext;
      await appendRecords(c, await lookUpRecordTable(c, AUDITS), [{ quarter: "2026Q4", customerId: "C1" }], { protect: true });
    });
    expect(x.sheet("抽查记录")!.protection.protected).toBe(true);
  });

  it("a per-table hook sees the table's last row as a record and may add to every row (how a ChangeLog 校验 chain plugs in)", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("变更记录", [CHANGELOG.columns.map((c) => c.header), ["2026-01-01 09:00:00", "Customers", "C1", "联系人", "甲", "乙", "编辑", "王芳"]], { tableName: "ChangeLog" });
    const seen: Array<Record<string, Cell> | null> = [];
    const hook: RecordHook = {
      beforeAppend(last, entries) {
        seen.push(last);
        return entries.map((e, i) => ({ ...e, user: `${e.user}#${i}` }));
      },
    };
    setRecordHook("ChangeLog", hook);
    try {
      await x.run(async (context) => {
        const c = context as unknown as Excel.RequestContext;
        await appendRecords(c, await lookUpRecordTable(c, CHANGELOG), [ENTRY, ENTRY]);
      });
    } finally {
      setRecordHook("ChangeLog", null);
    }
    expect(seen).toEqual([{ time: "2026-01-01 09:00:00", table: "Customers", customerId: "C1", field: "联系人", before: "甲", after: "乙", reason: "编辑", user: "王芳", check: null }]);
    expect(rows(x, "ChangeLog").slice(1).map((r) => r["操作人"])).toEqual(["#0", "#1"]);
  });

  it("under a request budget, many records go in parts (each part under Excel on the web's bound that throws)", async () => {
    const x = new FakeExcel({ ...WEB_LIMITS });
    x.addSheetWithRows("变更记录", [CHANGELOG.columns.map((c) => c.header)], { tableName: "ChangeLog" });
    const many = Array.from({ length: 40_000 }, (_v, i) => ({ ...ENTRY, customerId: `C2024${String(i).padStart(7, "0")}`, before: "北京市海淀区中关村大街一段很长的旧地址".repeat(2), after: "上海市浦东新区世纪大道一段很长的新地址".repeat(2) }));
    await x.run(async (context) => {
      const c = context as unknown as Excel.RequestContext;
      const budget = new RequestBudget(c, { bytes: WEB_WRITE_BUDGET });
      await appendRecords(c, await lookUpRecordTable(c, CHANGELOG), many, { budget });
      expect(budget.syncs).toBeGreaterThan(0);
    });
    expect(x.tableRows("ChangeLog")).toHaveLength(40_000);
    expect(x.syncLog.filter((cells) => cells === 0)).toEqual([]); // no sync refused
  });
});

describe("appendRecords with replace: a month recorded again in CreditHistory (SPEC §8.3)", () => {
  const HEAD = CREDIT_HISTORY.columns.map((c) => c.header);
  const TEXT_ROW = ["@", "@", "0", "@", "0.0", "#,##0.00", "#,##0.00", "#,##0.00", "#,##0.00", "#,##0.00"];
  /** 信用月报 as custfile left it: months as text, money as money; 2026-10 twice in the middle, typed notes right of the table. */
  function workbook(protect = true): FakeExcel {
    const x = new FakeExcel();
    const body: Cell[][] = [
      ["2026-09", "C1", 80, "A类", 0, 100, 0, 500, 1000, 0],
      ["2026-10", "C1", 70, "B类", 5, 200, 50, 500, 1000, 0],
      ["2026-10", "C2", 40, "C类", 40, 900, 900, 500, 0, 300],
      ["2026-11", "C1", 75, "B类", 3, 150, 0, 500, 1000, 0],
    ];
    x.addSheetWithRows("信用月报", [HEAD, ...body], { tableName: "CreditHistory", numberFormats: [HEAD.map(() => "@"), ...body.map(() => TEXT_ROW)] });
    x.addSheetWithRows("信用月报", [["备注"], ["手工说明"]], { at: "L1" });
    if (protect) x.protectSheet("信用月报");
    return x;
  }
  const entry = (customerId: string, score: number): RecordEntry => ({ month: "2026-10", customerId, score, grade: "A类", dbt: 0, openAmount: 10, overdueAmount: 0, creditLimit: 500, suggestedLimit: 2000, longOverdueAmount: 0 });
  const ofMonth = (month: string) => (row: Record<string, Cell>) => row.month === month;

  /** Replace `month` by `entries` the way a host does it: read the body, then one request. */
  async function replaceMonth(x: FakeExcel, month: string, entries: RecordEntry[]) {
    return x.run(async (context) => {
      const c = context as unknown as Excel.RequestContext;
      const target = await lookUpRecordTable(c, CREDIT_HISTORY);
      const body = c.workbook.tables.getItem("CreditHistory").getDataBodyRange().load("values,numberFormat");
      await c.sync();
      const before = x.syncCount;
      const result = await appendRecords(c, target, entries, { replace: { body: { values: body.values as Cell[][], numberFormats: body.numberFormat }, match: ofMonth(month) } });
      await c.sync();
      return { result, syncs: x.syncCount - before };
    });
  }

  it("takes the month's rows out (the rows below close up with their cells as they were), adds the new ones after the last row kept, in one request, protected again", async () => {
    const x = workbook();
    const { result, syncs } = await replaceMonth(x, "2026-10", [entry("C1", 90), entry("C2", 85), entry("C3", 60)]);
    expect(syncs).toBe(1);
    expect(result).toEqual({ table: "CreditHistory", sheet: "信用月报", firstRow: 4, rows: 3, replaced: 2 });
    expect(x.tableRows("CreditHistory").map((r) => [r[0], r[1], r[2]])).toEqual([["2026-09", "C1", 80], ["2026-11", "C1", 75], ["2026-10", "C1", 90], ["2026-10", "C2", 85], ["2026-10", "C3", 60]]);
    // The month stays text (a General cell would turn 2026-10 into a date), money stays money.
    expect([x.formatAt("信用月报", "A3"), x.formatAt("信用月报", "A4"), x.formatAt("信用月报", "F4")]).toEqual(["@", "@", "#,##0.00"]);
    expect([x.valueAt("信用月报", "A4"), x.valueAt("信用月报", "A6")]).toEqual(["2026-10", "2026-10"]);
    // What sits beside the table is not moved; the sheet is protected again.
    expect([x.valueAt("信用月报", "L1"), x.valueAt("信用月报", "L2")]).toEqual(["备注", "手工说明"]);
    expect(x.sheet("信用月报")!.protection).toMatchObject({ protected: true, options: SHEET_PROTECTION });
  });

  it("recording the same month twice gives the same table; a month not there yet is only added", async () => {
    const x = workbook();
    await replaceMonth(x, "2026-10", [entry("C1", 90)]);
    const once = x.tableRows("CreditHistory");
    const { result } = await replaceMonth(x, "2026-10", [entry("C1", 90)]);
    expect(result.replaced).toBe(1);
    expect(x.tableRows("CreditHistory")).toEqual(once);
    const added = await replaceMonth(x, "2026-12", [{ ...entry("C1", 70), month: "2026-12" }]);
    expect(added.result).toMatchObject({ replaced: 0, rows: 1 });
    expect(x.tableRows("CreditHistory")).toHaveLength(once.length + 1);
  });

  it("every row of the table replaced: Excel keeps one data row, so the first is emptied and written over", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("信用月报", [HEAD, ["2026-10", "C1", 70, "B类", 5, 200, 50, 500, 1000, 0], ["2026-10", "C2", 40, "C类", 40, 900, 900, 500, 0, 300]], { tableName: "CreditHistory" });
    const { result } = await replaceMonth(x, "2026-10", [entry("C9", 99)]);
    expect(result).toMatchObject({ replaced: 2, rows: 1, firstRow: 2 });
    expect(x.tableRows("CreditHistory").map((r) => r.slice(0, 4))).toEqual([["2026-10", "C9", 99, "A类"]]);
    // No entries at all: the month's rows still go (the emptied row stays, as Excel keeps it).
    const none = await replaceMonth(x, "2026-10", []);
    expect(none.result).toMatchObject({ replaced: 1, rows: 0 });
    expect(x.tableRows("CreditHistory")).toEqual([HEAD.map(() => "")]);
  });

  it("a body read before someone changed the table is refused, nothing written", async () => {
    const x = workbook(false);
    await expect(x.run(async (context) => {
      const c = context as unknown as Excel.RequestContext;
      const target = await lookUpRecordTable(c, CREDIT_HISTORY);
      await appendRecords(c, target, [entry("C1", 1)], { replace: { body: { values: [], numberFormats: [] }, match: ofMonth("2026-10") } });
    })).rejects.toThrow(/4 data rows, 0 were read/);
    expect(x.tableRows("CreditHistory")).toHaveLength(4);
  });
});

describe("writeSheet", () => {
  const SPEC: SheetSpec = {
    name: "信用异常 2026-11",
    lines: ["信用异常报告 2026-11", "+3 户新增 C类"],
    tables: [
      { name: "Anomalies_202611", caption: "异常明细", columns: [{ header: "客户编号", format: "text", width: 15 }, { header: "规则", format: "text", list: ["新C类", "降级"] }, { header: "逾期金额", format: "money" }, { header: "日期", format: "date" }], rows: [["C20240315001", "新C类", 12000, "2026-11-30"], ["007", "-", 0, null]] },
      { name: "Grades_202611", columns: [{ header: "等级", format: "text" }, { header: "本月", format: "integer" }, { header: "上月", format: "integer" }], rows: [["A类", 10, 12], ["C类", 3, 0]] },
    ],
    charts: [{ table: "Grades_202611", type: "column", title: "等级分布", seriesColumns: [1, 2] }, { table: "Anomalies_202611", type: "pie", title: "逾期", categoryColumn: 0, seriesColumns: [2] }],
    freezeHeader: true,
    protect: true,
  };

  it("writes lines as text, tables with formats and dropdowns, native charts beside their tables, a frozen header, protection", async () => {
    const x = new FakeExcel();
    x.addSheet("Sheet1");
    x.activeSheet = "Sheet1";
    const written = await x.run(async (context) => writeSheet(context as unknown as Excel.RequestContext, SPEC, { activate: true }));
    expect(written).toEqual({ sheet: SPEC.name, tables: [{ name: "Anomalies_202611", headerRow: 5 }, { name: "Grades_202611", headerRow: 21 }], charts: 2 });
    const s = x.sheet(SPEC.name)!;
    expect(x.valueAt(SPEC.name, "A2")).toBe("+3 户新增 C类"); // would be a formula in a General cell
    expect(x.valueAt(SPEC.name, "A4")).toBe("异常明细");
    expect(x.tableRows("Anomalies_202611")).toEqual([["C20240315001", "新C类", 12000, isoToExcelSerial("2026-11-30")], ["007", "-", 0, ""]]);
    expect(x.formatAt(SPEC.name, "D6")).toBe("yyyy-mm-dd");
    expect(x.formatAt(SPEC.name, "C6")).toBe("#,##0.00");
    expect(s.dataValidations).toEqual([{ rect: { row: 5, col: 1, rows: 2, cols: 1 }, rule: { list: { inCellDropDown: true, source: "新C类,降级" } } }]);
    expect(x.table("Grades_202611")!.style).toBe("TableStyleMedium2");
    expect(s.charts.map((c) => [c.type, c.title, c.source.sheet, c.source.rect, c.position])).toEqual([
      ["Pie", "逾期", SPEC.name, { row: 4, col: 2, rows: 3, cols: 1 }, { start: "F5", end: "M19" }],
      ["ColumnClustered", "等级分布", SPEC.name, { row: 20, col: 0, rows: 3, cols: 3 }, { start: "E21", end: "L35" }],
    ]);
    // Categories of a chart whose columns are not side by side come through the series API.
    expect(s.charts[0]).toMatchObject({ categories: "'信用异常 2026-11'!A6:A7", series: [] });
    expect(s.frozenRows).toBe(5);
    expect(s.protection.protected).toBe(true);
    expect(x.activeSheet).toBe(SPEC.name);
    expect(x.sheet("Sheet1")!.usedRect()).toBeNull();
  });

  it("refuses a sheet that holds data unless told to replace it; replaces it (even the only visible sheet) when told", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows(SPEC.name, [["用户的数据"]]);
    const err = await x.run(async (context) => writeSheet(context as unknown as Excel.RequestContext, SPEC)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteError);
    expect((err as WriteError).code).toBe("sheet-has-data");
    expect(x.valueAt(SPEC.name, "A1")).toBe("用户的数据");
    await x.run(async (context) => writeSheet(context as unknown as Excel.RequestContext, SPEC, { replace: true }));
    expect(x.sheets.map((s) => s.name)).toEqual([SPEC.name]);
    expect(x.valueAt(SPEC.name, "A1")).toBe("信用异常报告 2026-11");
  });

  it("refuses a name Excel refuses, naming the problem, before writing anything", async () => {
    const x = new FakeExcel();
    x.addSheet("Sheet1");
    const err = await x.run(async (context) => writeSheet(context as unknown as Excel.RequestContext, { ...SPEC, name: "交接清单 2026/12/04 张三→李四" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteError);
    expect((err as WriteError).code).toBe("sheet-name");
    expect(x.syncCount).toBe(0);
  });

  it("columns not side by side: the chart gets its other series and categories through the series API", async () => {
    const x = new FakeExcel();
    x.addSheet("Sheet1");
    const spec: SheetSpec = { name: "构成", tables: [{ name: "T", columns: [{ header: "类", format: "text" }, { header: "户数", format: "integer" }, { header: "占比", format: "percent" }, { header: "销售额", format: "money" }], rows: [["A", 1, 0.5, 100], ["B", 1, 0.5, 50]] }], charts: [{ table: "T", type: "bar", title: "户数与销售额", seriesColumns: [1, 3] }] };
    await x.run(async (context) => writeSheet(context as unknown as Excel.RequestContext, spec));
    const [chart] = x.sheet("构成")!.charts;
    expect(chart.source.rect).toEqual({ row: 0, col: 1, rows: 3, cols: 1 });
    expect(chart.categories).toBe("'构成'!A2:A3");
    expect(chart.series).toEqual([{ name: "", values: "'构成'!D2:D3", categories: "'构成'!A2:A3" }]);
  });
});

describe("queueCellWrites", () => {
  it("text stays text (+ phones, leading zeros, a dash), dates become date cells, numbers keep the cell's format", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("S", [["x", "x", "x", "x", 1]], { numberFormats: [["General", "General", "General", "General", "0.0"]] });
    await x.run(async (context) => {
      await queueCellWrites(context as unknown as Excel.RequestContext, [
        { sheet: "S", row: 1, column: 1, value: "+86 138 0013 8000", format: "text" },
        { sheet: "S", row: 1, column: 2, value: "007", format: "text" },
        { sheet: "S", row: 1, column: 3, value: "-", format: "text" },
        { sheet: "S", row: 1, column: 4, value: "2024-03-15", format: "date" },
        { sheet: "S", row: 1, column: 5, value: 50000, format: "money" },
      ]);
    });
    expect(x.sheet("S")!.values({ row: 0, col: 0, rows: 1, cols: 5 })).toEqual([["+86 138 0013 8000", "007", "-", isoToExcelSerial("2024-03-15"), 50000]]);
    expect(["A1", "B1", "C1", "D1", "E1"].map((a) => x.formatAt("S", a))).toEqual(["@", "@", "@", "yyyy-mm-dd", "0.0"]);
  });

  it("(control) the same values written as plain strings: Excel takes the phone for a formula and the batch fails, 007 becomes 7", async () => {
    const x = new FakeExcel();
    x.addSheet("S");
    await expect(run(x)(async (context) => {
      context.workbook.worksheets.getItem("S").getRange("A1:B1").values = [["007", "+86 138 0013 8000"]];
      await context.sync();
    })).rejects.toThrow(/formula/);
    await run(x)(async (context) => {
      context.workbook.worksheets.getItem("S").getRange("A1").values = [["007"]];
      await context.sync();
    });
    expect(x.valueAt("S", "A1")).toBe(7);
  });
});
