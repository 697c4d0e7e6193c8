/**
 * The 分析 tab's Excel I/O (src/excel/analysis.ts) against the strict double: it reads only what
 * the analysis needs (values, not formats; of 客户信息 only the columns it breaks down by) in two
 * syncs and under the web bound, and writes the `客户构成分析 YYYY-MM-DD` sheet the command line
 * writes — the same SheetSpec, laid out by the same layoutSheet — with its tables and native
 * charts, replacing a sheet of that day only when told to.
 */
import { analyzeWorkbook, breakdownTableName, compositionSheet, compositionSheetName } from "../../src/core/analysis";
import { layoutSheet, tableCells, type SheetSpec } from "../../src/core/sheets";
import type { Cell, SheetBlock } from "../../src/core/table";
import { CREDIT_POLICY, CUSTOMERS, PAYMENTS } from "../../src/core/template/tables";
import { ANALYSIS_TABLES, readAnalysisBlocks, writeAnalysisSheet } from "../../src/excel/analysis";
import type { ExcelRun } from "../../src/excel/check";
import { WEB_READ_BUDGET } from "../../src/excel/read";
import { computeAnalysis } from "../../src/taskpane/engine/analysis";
import { FakeExcel, WEB_LIMITS, rectAddress } from "../support/fake-excel";
import { AS_OF, AS_OF_DAY, CUSTOMER_HEADERS, CUSTOMER_ROWS, PAYMENT_HEADERS, PAYMENT_ROWS, book, id } from "../core/analysis/fixtures";

const run = (x: FakeExcel) => x.run as unknown as ExcelRun;
const ctx = (c: unknown) => c as Excel.RequestContext;

/** The 12-customer book as Excel tables, with columns the analysis does not read (联系方式, 电子邮箱) and a 信用政策 table. */
function workbook(options: ConstructorParameters<typeof FakeExcel>[0] = {}, payments: Cell[][] = PAYMENT_ROWS): FakeExcel {
  const x = new FakeExcel(options);
  const headers = [...CUSTOMER_HEADERS, "联系方式", "电子邮箱"];
  x.addSheetWithRows(CUSTOMERS.sheet, [headers, ...CUSTOMER_ROWS.map((r, i) => [...r, `1390000${String(i).padStart(4, "0")}`, `c${i}@example.com`])], { tableName: "Customers" });
  x.addSheetWithRows(PAYMENTS.sheet, [PAYMENT_HEADERS, ...payments], { tableName: "Payments" });
  x.addSheetWithRows(CREDIT_POLICY.sheet, [["参数", "值"], ["宽限天数", 3]], { tableName: "CreditPolicy" });
  x.addSheetWithRows("备注", [["不是模板表"], ["x"]]);
  return x;
}

/** The spec the command line writes for the book (analyzeWorkbook over every cell, as read from a file). */
function cliSheet(blocks: SheetBlock[] = book()): SheetSpec {
  return compositionSheet(analyzeWorkbook(blocks, { asOf: AS_OF_DAY }));
}

/** The cells of a sheet of the double in a rectangle (0-based). */
function cells(x: FakeExcel, sheet: string, row: number, col: number, rows: number, cols: number): Cell[][] {
  const s = x.sheet(sheet)!;
  return Array.from({ length: rows }, (_r, i) => Array.from({ length: cols }, (_c, j) => s.get(row + i, col + j)));
}

describe("reading for the analysis", () => {
  it("reads Customers (only the columns it uses), Payments, 信用政策 and 下拉选项 in two syncs, values without formats", async () => {
    const x = workbook();
    const blocks = await x.run((c) => readAnalysisBlocks(ctx(c)));
    expect(x.syncCount).toBe(2);
    expect(blocks.map((b) => [b.sheet, b.tableName])).toEqual([[CUSTOMERS.sheet, "Customers"], [PAYMENTS.sheet, "Payments"], [CREDIT_POLICY.sheet, "CreditPolicy"]]);
    expect(blocks.every((b) => b.numberFormats === undefined)).toBe(true);
    const customers = blocks[0];
    // The phone and e-mail columns are not read: the header is there, the cells are null (Excel gives "" for an empty cell it read).
    expect(customers.values[0]).toEqual([...CUSTOMER_HEADERS, "联系方式", "电子邮箱"]);
    expect(customers.values.slice(1).map((r) => r.slice(-2))).toEqual(CUSTOMER_ROWS.map(() => [null, null]));
    expect(customers.values.slice(1).map((r) => r.slice(0, CUSTOMER_HEADERS.length))).toEqual(CUSTOMER_ROWS.map((r) => r.map((v) => v ?? "")));
    expect(ANALYSIS_TABLES.map((t) => t.def.key)).toEqual(["Customers", "Payments", "CreditPolicy", "Lists"]);
  });

  it("analyses what it read as the command line analyses the whole file: the same report, the same sheet", async () => {
    const x = workbook();
    const blocks = await x.run((c) => readAnalysisBlocks(ctx(c)));
    const result = computeAnalysis(blocks, { asOf: AS_OF });
    if (result.kind !== "report") throw new Error(`refused: ${result.reason}`);
    expect(result.sheet).toEqual(cliSheet());
    expect(result.report.customers).toBe(12);
    expect(result.report.problems).toBe(1); // INV-06b, left out as credit grading leaves it out
  });

  it("stays under Excel on the web's 5 MB bound: a large payment table is read in parts and analysed the same", async () => {
    const many: Cell[][] = [];
    for (let k = 0; k < 30_000; k++) many.push([id(1 + (k % 12)), `BULK-${k}`, "2026-06-01", "2026-07-01", 30, 100 + (k % 7), "2026-06-20", 100 + (k % 7), "软件许可"]);
    const x = workbook({ ...WEB_LIMITS }, [...PAYMENT_ROWS, ...many]);
    const blocks = await x.run((c) => readAnalysisBlocks(ctx(c), { budget: WEB_READ_BUDGET }));
    expect(x.syncCount).toBeGreaterThan(2);
    const result = computeAnalysis(blocks, { asOf: AS_OF });
    expect(result).toMatchObject({ kind: "report", sheet: cliSheet(book([], [...PAYMENT_ROWS, ...many])) });
  });
});

describe("writing the 客户构成分析 sheet", () => {
  const spec = cliSheet();
  const name = compositionSheetName(AS_OF);

  it("writes the command line's sheet: the lines, a table per breakdown where layoutSheet puts it, and a native chart beside the ABC, province, industry and grade tables", async () => {
    const x = workbook();
    const outcome = await writeAnalysisSheet(run(x), spec);
    expect(outcome).toEqual({ kind: "written", sheet: name, tables: 8, charts: 4, replaced: false });
    expect(x.syncCount).toBe(2);
    expect(x.activeSheet).toBe(name);
    const layout = layoutSheet(spec);
    expect(spec.name).toBe("客户构成分析 2026-09-30");
    expect(cells(x, name, 0, 0, layout.lines, 1).map((r) => r[0])).toEqual(spec.lines);
    for (const place of layout.tables) {
      const t = x.table(place.table.name)!;
      expect(t.sheet.name).toBe(name);
      expect(rectAddress({ row: place.headerRow, col: 0, rows: 1, cols: 1 })).toBe(rectAddress({ row: t.rect.row, col: t.rect.col, rows: 1, cols: 1 }));
      const expected = tableCells(place.table);
      expect(cells(x, name, place.headerRow, 0, expected.length, expected[0].length)).toEqual(expected.map((r) => r.map((c) => c.value)));
      expect(place.captionRow === null ? null : x.sheet(name)!.get(place.captionRow, 0)).toBe(place.table.caption ?? null);
    }
    const charts = x.sheet(name)!.charts;
    expect(charts.map((c) => [c.type, c.title])).toEqual([
      ["Pie", "销售额构成：ABC分类"], ["BarClustered", "销售额构成：省份"], ["BarClustered", "销售额构成：所属行业"], ["Doughnut", "销售额构成：客户等级"],
    ]);
    for (const [i, c] of charts.entries()) {
      const place = layout.charts[i];
      const table = layout.tables.find((t) => t.table.name === place.chart.table)!;
      // Sales (the 4th column) with its header, categories from the key column, placed one column right of the table.
      expect(c.source).toEqual({ sheet: name, rect: { row: table.headerRow, col: 3, rows: table.bodyRows + 1, cols: 1 } });
      expect(c.categories).toBe(`'${name}'!${rectAddress({ row: table.headerRow + 1, col: 0, rows: table.bodyRows, cols: 1 })}`);
      expect(c.position).toEqual({ start: rectAddress({ row: place.row, col: 8, rows: 1, cols: 1 }), end: rectAddress({ row: place.row + place.rows - 1, col: 8 + place.columns - 1, rows: 1, cols: 1 }) });
    }
    expect(place(layout, "abc").table.name).toBe(breakdownTableName("abc", AS_OF));
    // Nothing else changed.
    expect(x.sheets.map((s) => s.name)).toEqual([CUSTOMERS.sheet, PAYMENTS.sheet, CREDIT_POLICY.sheet, "备注", name]);
  });

  it("a sheet of that day with data: nothing written without replace; with replace the sheet is written anew (its tables and charts once, not twice)", async () => {
    const x = workbook();
    await writeAnalysisSheet(run(x), spec);
    x.sheet(name)!.write(0, 0, [["手工改过"]]);
    const syncs = x.syncCount;
    expect(await writeAnalysisSheet(run(x), spec)).toEqual({ kind: "exists", sheet: name });
    expect(x.syncCount - syncs).toBe(1);
    expect(x.valueAt(name, "A1")).toBe("手工改过");
    expect(await writeAnalysisSheet(run(x), spec, { replace: true })).toEqual({ kind: "written", sheet: name, tables: 8, charts: 4, replaced: true });
    expect(x.valueAt(name, "A1")).toBe(spec.lines![0]);
    expect(x.sheet(name)!.charts).toHaveLength(4);
    expect(x.tables.filter((t) => t.sheet.name === name).map((t) => t.name).sort()).toEqual(spec.tables.map((t) => t.name).sort());
    expect(x.sheets.filter((s) => s.name.startsWith("客户构成分析"))).toHaveLength(1);
  });

  it("an empty sheet of that name is used without asking; on the web the write stays under the bound; Cancel before the write writes nothing", async () => {
    const x = workbook({ ...WEB_LIMITS });
    x.addSheet(name);
    let wrote = false;
    expect(await writeAnalysisSheet(run(x), spec, { requestBudget: WEB_READ_BUDGET, onWrite: () => (wrote = true) })).toMatchObject({ kind: "written", replaced: false });
    expect(wrote).toBe(true);
    expect(x.sheet(name)!.charts).toHaveLength(4);
    const y = workbook();
    const stop = new AbortController();
    stop.abort();
    await expect(writeAnalysisSheet(run(y), spec, { signal: stop.signal })).rejects.toThrow();
    expect(y.sheet(name)).toBeUndefined();
  });
});

function place(layout: ReturnType<typeof layoutSheet>, by: string) {
  return layout.tables.find((t) => t.table.name.startsWith(`Composition_${by}_`))!;
}
