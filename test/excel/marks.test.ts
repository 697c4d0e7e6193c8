/** Selecting a finding's cell, marking many cells at once and clearing exactly those marks, through the Excel test double. */
import { FakeExcel } from "../support/fake-excel";
import { checkWorkbook, type ExcelRun } from "../../src/excel/check";
import { addressChunks, clearMarks, markCells, selectCell, MARK_FILL, MARKS_SETTING } from "../../src/excel/marks";
import { AS_OF, BAD_ROWS, customers } from "./pane-fixtures";

const asRun = (x: FakeExcel) => x.run as unknown as ExcelRun;

describe("select, mark, clear", () => {
  it("selecting a finding activates its sheet and selects its cell in one sync", async () => {
    const x = new FakeExcel();
    x.addSheet("Other");
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    x.activeSheet = "Other";
    await selectCell(asRun(x), "客户信息", "E4");
    expect(x.activeSheet).toBe("客户信息");
    expect(x.selection).toEqual({ sheet: "客户信息", rect: { row: 3, col: 4, rows: 1, cols: 1 } });
    expect(x.syncCount).toBe(1);
  });

  it("marks every finding's cell with conditional formats over RangeAreas and clear removes only those", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    const sheet = x.sheet("客户信息")!;
    // The user's own conditional format stays.
    sheet.conditionalFormats.push({ rect: { row: 1, col: 0, rows: 5, cols: 1 }, type: "Custom", id: "user-cf", formula: "=A2<>\"\"" });
    const check = await checkWorkbook(asRun(x), { asOf: AS_OF });
    x.syncCount = 0;
    const { cells } = await markCells(asRun(x), check.findings);
    expect(cells).toBe(new Set(check.findings.map((f) => f.address)).size);
    expect(x.syncCount).toBeLessThanOrEqual(3);
    const ours = sheet.conditionalFormats.filter((c) => c.id !== "user-cf");
    const marked = ours.map((c) => `${c.fill}@${c.rect.row},${c.rect.col}`);
    expect(marked).toContain(`${MARK_FILL.error}@3,4`); // E4 phone
    expect(marked).toContain(`${MARK_FILL.error}@5,0`); // A6 unique
    expect(ours.every((c) => c.formula === "=TRUE")).toBe(true);
    expect(JSON.parse(String(x.settings.get(MARKS_SETTING))).length).toBeGreaterThan(0);

    // Marking again replaces the earlier marks instead of stacking them.
    await markCells(asRun(x), check.findings);
    expect(sheet.conditionalFormats.filter((c) => c.id !== "user-cf")).toHaveLength(ours.length);

    const removed = await clearMarks(asRun(x));
    expect(removed).toBeGreaterThan(0);
    expect(sheet.conditionalFormats.map((c) => c.id)).toEqual(["user-cf"]);
    expect(x.settings.has(MARKS_SETTING)).toBe(false);
    expect(await clearMarks(asRun(x))).toBe(0);
  });

  it("marks thousands of cells in a fixed number of syncs, in address lists under the length bound", async () => {
    const x = new FakeExcel();
    const rows = customers(3000).map((r, i) => (i === 0 ? r : r.map((v, j) => (j === 4 ? "12345" : v))));
    x.addSheetWithRows("客户信息", rows, { tableName: "Customers" });
    const check = await checkWorkbook(asRun(x), { asOf: AS_OF });
    expect(check.stats.byCode.phone).toBe(3000);
    x.syncCount = 0;
    await markCells(asRun(x), check.findings);
    expect(x.syncCount).toBeLessThanOrEqual(3);
    const cfs = x.sheet("客户信息")!.conditionalFormats;
    expect(new Set(cfs.map((c) => c.id)).size).toBeGreaterThan(1);
    expect(cfs).toHaveLength(3000);
    for (const chunk of addressChunks(check.findings.map((f) => f.address!))) expect(chunk.join(",").length).toBeLessThanOrEqual(2000);
    await clearMarks(asRun(x));
    expect(cfs.length === 0 || x.sheet("客户信息")!.conditionalFormats.length === 0).toBe(true);
  });

  it("clear marks finds its formats after rows were inserted above them (Excel moves formats with their cells)", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    const check = await checkWorkbook(asRun(x), { asOf: AS_OF });
    await markCells(asRun(x), check.findings);
    const sheet = x.sheet("客户信息")!;
    expect(sheet.conditionalFormats.length).toBeGreaterThan(0);
    // The user inserts 20 rows at the top: every format moves down with its cells.
    sheet.insertRows(0, 20);
    for (const c of sheet.conditionalFormats) c.rect = { ...c.rect, row: c.rect.row + 20 };
    const ids = new Set(sheet.conditionalFormats.map((c) => c.id)).size;
    x.syncCount = 0;
    expect(await clearMarks(asRun(x))).toBe(ids);
    expect(sheet.conditionalFormats).toEqual([]);
    expect(x.syncCount).toBe(3);
  });

  it("clear marks skips marks whose sheet or format was removed by hand", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    x.addSheetWithRows("旧表", BAD_ROWS);
    const check = await checkWorkbook(asRun(x), { asOf: AS_OF });
    await markCells(asRun(x), [...check.findings, { ...check.findings[0], sheet: "旧表" }]);
    x.sheets = x.sheets.filter((s) => s.name !== "旧表");
    const sheet = x.sheet("客户信息")!;
    const gone = sheet.conditionalFormats[0].id;
    sheet.conditionalFormats = sheet.conditionalFormats.filter((c) => c.id !== gone);
    const left = new Set(sheet.conditionalFormats.map((c) => c.id)).size;
    expect(await clearMarks(asRun(x))).toBe(left);
    expect(sheet.conditionalFormats).toEqual([]);
  });
});
