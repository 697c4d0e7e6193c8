import { excelCell, formatOfKind, isoToExcelSerial, layoutSheet, tableCells, templateColumns, NUMBER_FORMATS, type SheetSpec } from "../../src/core/sheets";
import { PAYMENTS } from "../../src/core/template/tables";

describe("excelCell: what a writer puts into Excel so Excel keeps the value", () => {
  test("a string is text (@) whatever it looks like: +86 phone, leading zeros, a formula sign, a date in a text column", () => {
    for (const v of ["+86 138 0013 8000", "007", "=1+1", "-", "2026-12-04 10:30", "1.5"]) expect(excelCell("text", v)).toEqual({ value: v, numberFormat: "@" });
    expect(excelCell("money", "—")).toEqual({ value: "—", numberFormat: "@" });
  });
  test("dates and times become serials with a date format", () => {
    expect(excelCell("date", "2026-12-04")).toEqual({ value: 46360, numberFormat: "yyyy-mm-dd" });
    expect(excelCell("datetime", "2026-12-04 12:00:00")).toEqual({ value: 46360.5, numberFormat: NUMBER_FORMATS.datetime });
    expect(excelCell("datetime", "2026-12-04 06:00")).toEqual({ value: 46360.25, numberFormat: NUMBER_FORMATS.datetime });
    expect(excelCell("date", 46360)).toEqual({ value: 46360, numberFormat: "yyyy-mm-dd" });
  });
  test("a date column given text that is no date keeps it as text", () => {
    expect(excelCell("date", "2026-02-30")).toEqual({ value: "2026-02-30", numberFormat: "@" });
    expect(excelCell("datetime", "2026-12-04 25:00")).toEqual({ value: "2026-12-04 25:00", numberFormat: "@" });
  });
  test("blanks stay blank with the column's format; numbers get it", () => {
    expect(excelCell("date", null)).toEqual({ value: "", numberFormat: "yyyy-mm-dd" });
    expect(excelCell("money", 1234.5)).toEqual({ value: 1234.5, numberFormat: "#,##0.00" });
    expect(excelCell("text", 12)).toEqual({ value: 12, numberFormat: "General" });
  });
  test("isoToExcelSerial", () => {
    expect(isoToExcelSerial("1900-03-01")).toBe(61);
    expect(isoToExcelSerial("2026-12-04T23:59:59")).toBeCloseTo(46360 + 86399 / 86400, 10);
    expect(isoToExcelSerial("2026/12/04")).toBeNull();
  });
});

describe("layoutSheet", () => {
  const spec: SheetSpec = {
    name: "客户构成分析 2026-12-04",
    lines: ["客户构成分析", "截至 2026-12-04"],
    tables: [
      { name: "ABC", caption: "按 ABC", columns: [{ header: "类", format: "text" }, { header: "销售额", format: "money" }], rows: [["A", 1], ["B", 2], ["C", 3]] },
      { name: "Province", columns: [{ header: "省份", format: "text" }], rows: [] },
    ],
    charts: [{ table: "ABC", type: "pie", title: "ABC", seriesColumns: [1] }],
    freezeHeader: true,
  };
  test("lines from A1, one empty row, caption, header, body; the next table below the chart beside the first", () => {
    const l = layoutSheet(spec);
    expect(l.lines).toBe(2);
    expect(l.tables[0]).toMatchObject({ captionRow: 3, headerRow: 4, bodyRows: 3, firstColumn: 0 });
    expect(l.charts[0]).toMatchObject({ row: 4, column: 3 });
    expect(l.tables[1].headerRow).toBe(4 + 15 + 1);
    expect(l.tables[1].bodyRows).toBe(1);
    expect(l.frozenRows).toBe(5);
  });
  test("tableCells: header as text, an empty table gets one blank row with the column formats", () => {
    expect(tableCells(spec.tables[1])).toEqual([[{ value: "省份", numberFormat: "@" }], [{ value: "", numberFormat: "@" }]]);
  });
});

describe("template columns", () => {
  test("kinds map to formats: dates as dates, money as money, everything typed by people as text", () => {
    expect(templateColumns(PAYMENTS).map((c) => c.format)).toEqual(["text", "text", "date", "date", "integer", "money", "date", "money"]);
    expect(formatOfKind("phone")).toBe("text");
    expect(formatOfKind("datetime")).toBe("datetime");
  });
});
