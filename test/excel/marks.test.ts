/** Selecting a finding's cell, marking many cells at once and clearing exactly those marks, through the Excel test double. */
import { FakeExcel } from "../support/fake-excel";
import { checkWorkbook, type ExcelRun } from "../../src/excel/check";
import { addressChunks, clearMarks, markCells, selectCell, LEGACY_MARKS_SETTING, MARK_FILL, MARK_FORMULA } from "../../src/excel/marks";
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
    // The user's own conditional formats stay, even one with the same red fill.
    sheet.conditionalFormats.push({ rects: [{ row: 1, col: 0, rows: 5, cols: 1 }], type: "Custom", formula: "=A2<>\"\"", fill: "#FFC7CE", tag: "user" });
    const check = await checkWorkbook(asRun(x), { asOf: AS_OF });
    x.syncCount = 0;
    const { cells } = await markCells(asRun(x), check.findings);
    expect(cells).toBe(new Set(check.findings.map((f) => f.address)).size);
    expect(x.syncCount).toBe(3);
    const ours = sheet.conditionalFormats.filter((c) => c.tag !== "user");
    const marked = ours.flatMap((c) => c.rects.map((r) => `${c.fill}@${r.row},${r.col}`));
    expect(marked).toContain(`${MARK_FILL.error}@3,4`); // E4 phone
    expect(marked).toContain(`${MARK_FILL.error}@5,0`); // A6 unique
    expect(ours.every((c) => c.formula === MARK_FORMULA)).toBe(true);

    // Marking again replaces the earlier marks instead of stacking them.
    await markCells(asRun(x), check.findings);
    expect(sheet.conditionalFormats.filter((c) => c.tag !== "user")).toHaveLength(ours.length);

    x.syncCount = 0;
    const removed = await clearMarks(asRun(x));
    expect(removed).toBe(ours.length);
    expect(sheet.conditionalFormats.map((c) => c.tag)).toEqual(["user"]);
    expect(x.syncCount).toBe(3);
    expect(await clearMarks(asRun(x))).toBe(0);
  });

  it("formats the user adds after the marks shift every position (ConditionalFormat.id): clear still removes exactly custfile's", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    const check = await checkWorkbook(asRun(x), { asOf: AS_OF });
    await markCells(asRun(x), check.findings);
    const sheet = x.sheet("客户信息")!;
    const ours = sheet.conditionalFormats.length;
    // New formats go to the top of the list, between and before custfile's.
    sheet.conditionalFormats.unshift({ rects: [{ row: 1, col: 4, rows: 5, cols: 1 }], type: "Custom", formula: "=TRUE", fill: "#FFC7CE", tag: "user-top" });
    sheet.conditionalFormats.splice(2, 0, { rects: [{ row: 1, col: 1, rows: 5, cols: 1 }], type: "CellValue", tag: "user-mid" });
    expect(await clearMarks(asRun(x))).toBe(ours);
    expect(sheet.conditionalFormats.map((c) => c.tag)).toEqual(["user-top", "user-mid"]);
  });

  it("marks made by an older custfile (=TRUE, listed in a setting) are removed once, with the setting", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    const sheet = x.sheet("客户信息")!;
    sheet.conditionalFormats.push({ rects: [{ row: 3, col: 4, rows: 1, cols: 1 }], type: "Custom", formula: "=TRUE", fill: MARK_FILL.error });
    sheet.conditionalFormats.push({ rects: [{ row: 1, col: 0, rows: 5, cols: 1 }], type: "Custom", formula: "=A2<>\"\"", fill: MARK_FILL.error, tag: "user" });
    x.settings.set(LEGACY_MARKS_SETTING, JSON.stringify([{ sheet: "客户信息", anchor: "E4", id: "0" }]));
    expect(await clearMarks(asRun(x))).toBe(1);
    expect(sheet.conditionalFormats.map((c) => c.tag)).toEqual(["user"]);
    expect(x.settings.has(LEGACY_MARKS_SETTING)).toBe(false);
  });

  it("marks thousands of cells in a fixed number of syncs, in address lists under the length bound", async () => {
    const x = new FakeExcel();
    const rows = customers(3000).map((r, i) => (i === 0 ? r : r.map((v, j) => (j === 4 ? "12345" : v))));
    x.addSheetWithRows("客户信息", rows, { tableName: "Customers" });
    const check = await checkWorkbook(asRun(x), { asOf: AS_OF });
    expect(check.stats.byCode.phone).toBe(3000);
    x.syncCount = 0;
    await markCells(asRun(x), check.findings);
    expect(x.syncCount).toBe(3);
    const cfs = x.sheet("客户信息")!.conditionalFormats;
    expect(cfs.length).toBeGreaterThan(1);
    expect(cfs.reduce((n, c) => n + c.rects.length, 0)).toBe(3000);
    for (const chunk of addressChunks(check.findings.map((f) => f.address!))) expect(chunk.join(",").length).toBeLessThanOrEqual(2000);
    await clearMarks(asRun(x));
    expect(x.sheet("客户信息")!.conditionalFormats).toEqual([]);
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
    for (const c of sheet.conditionalFormats) c.rects = c.rects.map((r) => ({ ...r, row: r.row + 20 }));
    const count = sheet.conditionalFormats.length;
    x.syncCount = 0;
    expect(await clearMarks(asRun(x))).toBe(count);
    expect(sheet.conditionalFormats).toEqual([]);
    expect(x.syncCount).toBe(3);
  });

  it("clear marks skips marks whose sheet or format was removed by hand", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    x.addSheetWithRows("旧表", BAD_ROWS);
    const check = await checkWorkbook(asRun(x), { asOf: AS_OF });
    await markCells(asRun(x), [...check.findings, { ...check.findings[0], sheet: "旧表" }]);
    x.userDeleteSheet("旧表");
    const sheet = x.sheet("客户信息")!;
    sheet.conditionalFormats.splice(0, 1);
    const left = sheet.conditionalFormats.length;
    expect(await clearMarks(asRun(x))).toBe(left);
    expect(sheet.conditionalFormats).toEqual([]);
  });
});
