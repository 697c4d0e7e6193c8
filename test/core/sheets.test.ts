import {
  excelCell, excelSerialToIso, formatOfKind, isoToExcelSerial, layoutSheet, missingRecordColumns, recordCells, recordColumns, recordOf, sheetNameProblem,
  tableCells, templateColumns, timestampText, NUMBER_FORMATS, type SheetSpec,
} from "../../src/core/sheets";
import { AUDITS, CHANGELOG, PAYMENTS } from "../../src/core/template/tables";

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

describe("timestamps", () => {
  test("excelSerialToIso is the inverse of isoToExcelSerial, to the second", () => {
    for (const t of ["2026-12-04 10:30:00", "1900-03-01 00:00:00", "2026-02-28 23:59:59", "9999-12-31 12:00:00"]) expect(excelSerialToIso(isoToExcelSerial(t)!)).toBe(t);
    expect(excelSerialToIso(46360 + 86399.6 / 86400)).toBe("2026-12-05 00:00:00");
    expect(excelSerialToIso(46360.75, false)).toBe("2026-12-04");
    expect(excelSerialToIso(10)).toBeNull();
  });
  test("timestampText reads a serial, text (old workbooks) and blanks", () => {
    expect(timestampText(46360.4375)).toBe("2026-12-04 10:30:00");
    expect(timestampText(" 2026-12-04 10:30:00 ")).toBe("2026-12-04 10:30:00");
    expect(timestampText(null)).toBe("");
    expect(timestampText(5)).toBe("5");
  });
  test("ChangeLog 时间 and Audits 抽取时间 are date-time columns", () => {
    expect(CHANGELOG.columns.find((c) => c.key === "time")!.kind).toBe("datetime");
    expect(AUDITS.columns.find((c) => c.key === "drawnAt")!.kind).toBe("datetime");
    expect(templateColumns(CHANGELOG).map((c) => c.format)).toEqual(["datetime", "text", "text", "text", "text", "text", "text", "text", "text"]); // … 操作人, 校验
  });
});

describe("sheet names", () => {
  test("Excel's rules: 1–31 characters, none of : \\ / ? * [ ]", () => {
    expect(sheetNameProblem("信用异常 2026-11")).toBeNull();
    expect(sheetNameProblem("交接清单 2026-12-04 张三→李四")).toBeNull();
    expect(sheetNameProblem("交接清单 2026/12/04")).toMatch(/'\/'/);
    expect(sheetNameProblem("x".repeat(32))).toMatch(/32 characters/);
    expect(sheetNameProblem("")).toBe("empty");
  });
});

describe("records", () => {
  const entry = { time: "2026-12-04 10:30:00", table: "Customers", customerId: "C20240315001", field: "联系方式", before: "+86 138 0013 8000", after: "007", reason: "修正", user: "" };
  test("columns mapped by header or alias in the table's own order; unknown columns blank; text kept as text", () => {
    const columns = recordColumns(CHANGELOG, ["Customer ID", "字段", "时间", "备注", "变更前", "变更后"]);
    expect(columns.map((c) => c?.key ?? null)).toEqual(["customerId", "field", "time", null, "before", "after"]);
    expect(recordCells(columns, entry)).toEqual([
      { value: "C20240315001", numberFormat: "@" }, { value: "联系方式", numberFormat: "@" }, { value: isoToExcelSerial(entry.time), numberFormat: NUMBER_FORMATS.datetime },
      { value: "", numberFormat: "@" }, { value: "+86 138 0013 8000", numberFormat: "@" }, { value: "007", numberFormat: "@" },
    ]);
    expect(missingRecordColumns(CHANGELOG, columns, [entry]).map((c) => c.key)).toEqual(["table", "reason", "user", "check"]);
  });
  test("a row reads back as the record (timestamps as text, blanks as null)", () => {
    const columns = recordColumns(CHANGELOG, CHANGELOG.columns.map((c) => c.header));
    const cells = recordCells(columns, entry).map((c) => c.value);
    expect(recordOf(columns, cells)).toEqual({ ...entry, user: null, check: null });
  });
});
