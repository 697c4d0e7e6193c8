/**
 * The file writer's API (src/cli/workbook.ts) on real packages: in-place cells keep their
 * format, record tables grow in place (Excel tables and plain ranges) or are created from the
 * template, the per-table extension hook sees the previous row, custfile's sheets replace
 * their old selves without leftovers, and what the writer refuses it refuses with a message
 * naming the sheet, row and column.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import type { CliError } from "../../src/cli/io";
import { patchWorkbook, writeNewWorkbook, writeWorkbookCopy, type RecordCells } from "../../src/cli/workbook";
import { readWorkbook, readWorkbookData } from "../../src/cli/xlsx";
import { crc32 } from "../../src/cli/zip";
import { isoToExcelSerial } from "../../src/core/sheets";
import type { Cell } from "../../src/core/table";
import { CHANGELOG, CREDIT_HISTORY, type TableDef } from "../../src/core/template/tables";
import { diffParts, elements, malformedParts, partText, parts } from "../support/xlsx-parts";

const FIXTURE = path.resolve(__dirname, "../fixtures/rich.xlsx");
const rich = new Uint8Array(fs.readFileSync(FIXTURE));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-workbook-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Cell formats of a package, as attribute maps. */
function xfs(p: Record<string, Uint8Array>): Array<Record<string, string>> {
  return elements(partText(p, "xl/styles.xml"), "cellXfs")[0].xf as Array<Record<string, string>>;
}

/** The <c> of a cell in a worksheet part. */
function cell(p: Record<string, Uint8Array>, sheetPart: string, ref: string): Record<string, unknown> {
  const c = elements(partText(p, sheetPart), "c").find((x) => x.r === ref);
  if (!c) throw new Error(`no cell ${ref} in ${sheetPart}`);
  return c;
}

function values(bytes: Uint8Array, sheet: string): Cell[][] {
  return readWorkbookData(bytes).sheets.find((s) => s.sheet === sheet)!.values;
}

function errorOf(f: () => unknown): CliError {
  try {
    f();
  } catch (e) {
    return e as CliError;
  }
  throw new Error("expected an error");
}

/** ChangeLog with a 校验 column, as the tamper-evident log will have it. */
/** The template ChangeLog, 校验 column included: the fixture's log lacks it, so appending adds it. */
const CHAINED_LOG: TableDef = CHANGELOG;

describe("cells written in place", () => {
  const { bytes } = patchWorkbook(rich, {
    cells: [
      { sheet: "客户信息", row: 3, column: 2, value: "上海恒通贸易股份有限公司" }, // B3 has a yellow fill
      { sheet: "客户信息", row: 4, column: 12, value: "2026-09-30", format: "date" },
      { sheet: "客户信息", row: 2, column: 10, value: 250000 },
    ],
  });
  const p = parts(bytes);

  it("keep the cell's fill and font; text gets the text format", () => {
    const c = cell(p, "xl/worksheets/sheet1.xml", "B3");
    const xf = xfs(p)[Number(c.s)];
    expect(xf).toMatchObject({ fillId: "2", numFmtId: "49" });
    expect(values(bytes, "客户信息")[2][1]).toBe("上海恒通贸易股份有限公司");
  });

  it("a date is written as a date serial with the date format; a number keeps the cell's money format", () => {
    const d = cell(p, "xl/worksheets/sheet1.xml", "L4");
    expect(Number((d.v as unknown[])[0])).toBe(46295);
    expect(xfs(p)[Number(d.s)].numFmtId).toBe("164"); // the workbook's own yyyy\-mm\-dd format, reused
    expect(cell(p, "xl/worksheets/sheet1.xml", "J2").s).toBe("5");
  });

  it("changes only that sheet and the styles; the table, validation, conditional formats and the image stay", () => {
    const d = diffParts(parts(rich), p);
    expect(d).toEqual({ missing: [], changed: ["xl/styles.xml", "xl/worksheets/sheet1.xml"], added: [] });
    const sheet = partText(p, "xl/worksheets/sheet1.xml");
    expect(elements(sheet, "dataValidation")).toHaveLength(2);
    expect(elements(sheet, "conditionalFormatting")).toHaveLength(2);
    expect(malformedParts(p)).toEqual([]);
  });

  it("writing over a formula drops the calculation chain (Excel rebuilds it) and nothing else", () => {
    const out = patchWorkbook(rich, { cells: [{ sheet: "备注", row: 3, column: 2, value: 13 }] }).bytes;
    const d = diffParts(parts(rich), parts(out));
    expect(d.missing).toEqual(["xl/calcChain.xml"]);
    expect(d.changed).toEqual(["[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet5.xml"]);
    expect(partText(parts(out), "[Content_Types].xml")).not.toMatch(/calcChain/);
  });

  it("a sheet that does not exist is a clear error", () => {
    expect(errorOf(() => patchWorkbook(rich, { cells: [{ sheet: "没有", row: 1, column: 1, value: "x" }] })).message).toMatch(/no sheet 没有 to write A1 into/);
  });
});

describe("record tables", () => {
  it("grow an Excel table, adding a column it lacks; the hook sees the previous row as read and as written", () => {
    const seen: Array<RecordCells | null> = [];
    const { bytes, report } = patchWorkbook(rich, {
      append: [{
        table: CHAINED_LOG,
        entries: [
          { time: "2026-09-30 10:00:00", table: "Customers", customerId: "C20240220001", field: "客户等级", before: "B类", after: "A类", reason: "信用评级调整 2026", user: "王经理" },
          { time: "2026-09-30 10:00:01", table: "Customers", customerId: "C20240220001", field: "信用额度", before: 50000, after: 80000, reason: "信用评级调整 2026", user: "王经理" },
        ],
        extend: (previous, entry) => {
          seen.push(previous);
          return { check: `${String(previous?.check ?? previous?.time ?? "")}>${String(entry.field)}` };
        },
      }],
    });
    expect(report.appended).toEqual([{ table: "ChangeLog", sheet: "变更记录", how: "table", firstRow: 3, rows: 2 }]);
    expect(seen[0]).toMatchObject({ time: "2026-03-02 10:15:00", field: "联系方式", user: "王芳" });
    expect(seen[1]).toMatchObject({ field: "客户等级", check: "2026-03-02 10:15:00>客户等级" });
    const rows = values(bytes, "变更记录");
    expect(rows[0]).toEqual(["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人", "校验"]);
    // 时间 is written as an Excel date-time (SheetJS reads back its serial).
    expect(rows[3]).toEqual([isoToExcelSerial("2026-09-30 10:00:01"), "Customers", "C20240220001", "信用额度", 50000, 80000, "信用评级调整 2026", "王经理", "2026-03-02 10:15:00>客户等级>信用额度"]);
    const p = parts(bytes);
    const table = elements(partText(p, "xl/tables/table3.xml"), "table")[0];
    expect(table.ref).toBe("A1:I4");
    expect((elements(partText(p, "xl/tables/table3.xml"), "tableColumn")).map((c) => c.name)).toEqual(CHANGELOG.columns.map((c) => c.header));
    expect(malformedParts(p)).toEqual([]);
  });

  it("grow a plain range (no Excel table) below its last row", () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["客户"]]), "客户信息");
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["变更记录 (导出)"], [], ["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人"], ["2026-01-01 09:00:00", "Customers", "C1", "联系人", "甲", "乙", "编辑", "王芳"]]), "变更记录");
    const input = new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
    let previous: RecordCells | null = null;
    const { bytes, report } = patchWorkbook(input, { append: [{ table: CHANGELOG, entries: [{ time: "2026-02-01 09:00:00", table: "Customers", customerId: "C1", field: "联系人", before: "乙", after: "丙", reason: "编辑", user: "李娜" }], extend: (prev) => ((previous = prev), {}) }] });
    expect(report.appended).toEqual([{ table: "ChangeLog", sheet: "变更记录", how: "range", firstRow: 5, rows: 1 }]);
    expect(previous).toMatchObject({ after: "乙", user: "王芳" });
    expect(values(bytes, "变更记录")[4]).toEqual([isoToExcelSerial("2026-02-01 09:00:00"), "Customers", "C1", "联系人", "乙", "丙", "编辑", "李娜"]);
  });

  it("are created from the template when missing: an Excel table on a new, protected record sheet", () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["客户编号"], ["C1"]]), "客户信息");
    const input = new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
    const { bytes, report } = patchWorkbook(input, { append: [{ table: CHANGELOG, entries: [{ time: "2026-02-01 09:00:00", table: "Customers", field: "联系人", before: "乙", after: "丙" }] }] });
    expect(report).toMatchObject({ added: ["变更记录"], appended: [{ table: "ChangeLog", sheet: "变更记录", how: "new-sheet", firstRow: 2, rows: 1 }] });
    const p = parts(bytes);
    const sheetPart = Object.keys(p).find((k) => /worksheets\/sheet2\.xml$/.test(k))!;
    expect(elements(partText(p, sheetPart), "sheetProtection")[0]).toMatchObject({ sheet: "1", sort: "0", autoFilter: "0" });
    expect(values(bytes, "变更记录")[1].slice(0, 6)).toEqual([isoToExcelSerial("2026-02-01 09:00:00"), "Customers", null, "联系人", "乙", "丙"]);
  });

  it("never write over the user's data below a table: the error names sheet, row and column, and nothing is written", () => {
    const withData = patchWorkbook(rich, { cells: [{ sheet: "变更记录", row: 4, column: 3, value: "备注：请勿删除" }] }).bytes;
    const out = path.join(scratch, "blocked.xlsx");
    fs.writeFileSync(path.join(scratch, "blocked-in.xlsx"), withData);
    const e = errorOf(() => writeWorkbookCopy(readWorkbook(path.join(scratch, "blocked-in.xlsx")), out, {
      append: [{ table: CHANGELOG, entries: [{ time: "t1", table: "x", field: "f" }, { time: "t2", table: "x", field: "f" }] }],
    }));
    expect(e.message).toMatch(/sheet 变更记录, row 4, column C \(C4\) holds data where table ChangeLog grows into it/);
    expect(e.name).toBe("CliError");
    expect(fs.existsSync(out)).toBe(false);
  });

  it("refuse a table with a totals row", () => {
    const text = partText(parts(rich), "xl/tables/table3.xml").replace('totalsRowShown="0"', 'totalsRowCount="1"');
    const p = parts(rich);
    p["xl/tables/table3.xml"] = new TextEncoder().encode(text);
    const { zipSync } = require("fflate") as typeof import("fflate");
    const e = errorOf(() => patchWorkbook(zipSync(p), { append: [{ table: CHANGELOG, entries: [{ time: "t", table: "x", field: "f" }] }] }));
    expect(e.message).toMatch(/table ChangeLog on sheet 变更记录 has a totals row/);
  });
});

describe("record tables: rows replaced (append with replace)", () => {
  const rec = (month: string, customerId: string, score: number): RecordCells => ({ month, customerId, score, grade: "A类", dbt: 0, openAmount: 1000, overdueAmount: 0, creditLimit: 5000, suggestedLimit: 4000, longOverdueAmount: 0 });
  const ofMonth = (month: string) => (row: RecordCells) => row.month === month;
  // 信用月报 created from the template: 08, 08, 09, 09, 10 (rows 2–6).
  const made = patchWorkbook(rich, { append: [{ table: CREDIT_HISTORY, entries: [rec("2026-08", "C1", 80), rec("2026-08", "C2", 70), rec("2026-09", "C1", 81), rec("2026-09", "C2", 71), rec("2026-10", "C1", 82)] }] }).bytes;
  const sheetPart = "xl/worksheets/sheet8.xml";
  const tablePart = "xl/tables/table4.xml";

  it("takes the picked rows out, closes up the rows below with their cells as they were, appends the entries after the last row kept, empties what is left over", () => {
    let previous: RecordCells | null | undefined;
    const { bytes, report } = patchWorkbook(made, { append: [{ table: CREDIT_HISTORY, entries: [rec("2026-09", "C1", 90)], replace: ofMonth("2026-09"), extend: (prev) => ((previous ??= prev), {}) }] });
    expect(report.appended).toEqual([{ table: "CreditHistory", sheet: "信用月报", how: "table", firstRow: 5, rows: 1, replaced: 2 }]);
    // The hook sees the last row kept (2026-10), as a reader of the file sees it.
    expect(previous).toMatchObject({ month: "2026-10", customerId: "C1", score: 82 });
    const rows = values(bytes, "信用月报");
    // The row left over is emptied: it holds no value, so the reader's used range (issue 17: from cells with values) ends above it.
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([["2026-08", "C1", 80], ["2026-08", "C2", 70], ["2026-10", "C1", 82], ["2026-09", "C1", 90]]);
    // The moved row is the very cells it was (value and format), only its address changed.
    const strip = (c: Record<string, unknown>) => ({ ...c, r: undefined });
    for (const col of ["A", "C", "F"]) expect(strip(cell(parts(bytes), sheetPart, `${col}4`))).toEqual(strip(cell(parts(made), sheetPart, `${col}6`)));
    // The row left over is emptied but keeps its formats; the table keeps its range.
    expect(cell(parts(bytes), sheetPart, "F6")).toEqual({ r: "F6", s: cell(parts(made), sheetPart, "F6").s });
    expect(elements(partText(parts(bytes), tablePart), "table")[0].ref).toBe("A1:J6");
    expect(diffParts(parts(made), parts(bytes))).toEqual({ missing: [], changed: [sheetPart], added: [] });
    expect(malformedParts(parts(bytes))).toEqual([]);
  });

  it("the next append fills the emptied row first; replacing again gives the same table", () => {
    const once = patchWorkbook(made, { append: [{ table: CREDIT_HISTORY, entries: [rec("2026-09", "C1", 90)], replace: ofMonth("2026-09") }] }).bytes;
    const twice = patchWorkbook(once, { append: [{ table: CREDIT_HISTORY, entries: [rec("2026-09", "C1", 90)], replace: ofMonth("2026-09") }] });
    expect(twice.report.appended[0]).toMatchObject({ replaced: 1, firstRow: 5 });
    expect(values(twice.bytes, "信用月报")).toEqual(values(once, "信用月报"));
    const grown = patchWorkbook(once, { append: [{ table: CREDIT_HISTORY, entries: [rec("2026-11", "C1", 83)] }] }).bytes;
    expect(values(grown, "信用月报").slice(1).map((r) => r[0])).toEqual(["2026-08", "2026-08", "2026-10", "2026-09", "2026-11"]);
    expect(elements(partText(parts(grown), tablePart), "table")[0].ref).toBe("A1:J6");
  });

  it("nothing picked: a plain append (replaced 0); more entries than rows taken out: the table grows", () => {
    const none = patchWorkbook(made, { append: [{ table: CREDIT_HISTORY, entries: [rec("2026-11", "C1", 83)], replace: ofMonth("2026-11") }] });
    expect(none.report.appended[0]).toMatchObject({ replaced: 0, firstRow: 7 });
    const more = patchWorkbook(made, { append: [{ table: CREDIT_HISTORY, entries: ["C1", "C2", "C3", "C4"].map((id) => rec("2026-08", id, 60)), replace: ofMonth("2026-08") }] }).bytes;
    expect(values(more, "信用月报").slice(1).map((r) => `${r[0]} ${r[1]}`)).toEqual(["2026-09 C1", "2026-09 C2", "2026-10 C1", "2026-08 C1", "2026-08 C2", "2026-08 C3", "2026-08 C4"]);
    expect(elements(partText(parts(more), tablePart), "table")[0].ref).toBe("A1:J8");
  });

  it("in a plain range (no Excel table) too; a formula that would have to move is refused, naming the cell", () => {
    const sheetOf = (rows: unknown[][]) => {
      const book = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), "信用月报");
      return new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
    };
    const head = CREDIT_HISTORY.columns.map((c) => c.header);
    const input = sheetOf([head, ["2026-08", "C1", 80], ["2026-09", "C1", 81], ["2026-10", "C1", 82]]);
    const { bytes, report } = patchWorkbook(input, { append: [{ table: CREDIT_HISTORY, entries: [rec("2026-09", "C1", 91)], replace: ofMonth("2026-09") }] });
    expect(report.appended).toEqual([{ table: "CreditHistory", sheet: "信用月报", how: "range", firstRow: 4, rows: 1, replaced: 1 }]);
    expect(values(bytes, "信用月报").slice(1).map((r) => [r[0], r[2]])).toEqual([["2026-08", 80], ["2026-10", 82], ["2026-09", 91]]);
    const withFormula = sheetOf([head, ["2026-09", "C1", 81], ["2026-10", "C1", { t: "n", v: 82, f: "80+2" }]]);
    expect(errorOf(() => patchWorkbook(withFormula, { append: [{ table: CREDIT_HISTORY, entries: [rec("2026-09", "C1", 91)], replace: ofMonth("2026-09") }] })).message)
      .toMatch(/sheet 信用月报, cell C3 holds a formula; custfile will not move it to row 2/);
  });
});

describe("custfile's own sheets", () => {
  it("replacing a sheet removes what only it used (its drawing and chart) and keeps every other part", () => {
    const { bytes, report } = patchWorkbook(rich, { sheets: [{ name: "图表", tables: [{ name: "Summary", columns: [{ header: "项目", format: "text" }], rows: [["a"]] }] }] });
    expect(report.replaced).toEqual(["图表"]);
    const d = diffParts(parts(rich), parts(bytes));
    expect(d.missing.sort()).toEqual(["xl/charts/chart1.xml", "xl/drawings/_rels/drawing2.xml.rels", "xl/drawings/drawing2.xml"]);
    expect(d.added).toEqual(["xl/tables/table4.xml"]);
    // The styles stay: the workbook already has a text format the new cells use.
    expect(d.changed).toEqual(["[Content_Types].xml", "xl/worksheets/_rels/sheet3.xml.rels", "xl/worksheets/sheet3.xml"]);
    expect(partText(parts(bytes), "[Content_Types].xml")).not.toMatch(/chart1|drawing2/);
    expect(malformedParts(parts(bytes))).toEqual([]);
  });

  it("table names stay unique in the workbook (tables and defined names share one namespace)", () => {
    const { bytes } = patchWorkbook(rich, { sheets: [{ name: "新表", tables: [{ name: "Customers", columns: [{ header: "a", format: "text" }], rows: [] }, { name: "税率", columns: [{ header: "b", format: "text" }], rows: [] }] }] });
    const p = parts(bytes);
    expect(elements(partText(p, "xl/tables/table4.xml"), "table")[0].name).toBe("Customers_2");
    expect(elements(partText(p, "xl/tables/table5.xml"), "table")[0].name).toBe("税率_2");
  });

  it("text is written as Excel reads it back: control characters escaped, a literal _x0041_ kept, spaces kept", () => {
    const tricky = [" lead", "a\u0001b", "_x0041_", "=1+1", "+86 138 0000 0000", "007"];
    const { bytes } = patchWorkbook(rich, { sheets: [{ name: "文本", tables: [{ name: "Texts", columns: [{ header: "v", format: "text" }], rows: tricky.map((t) => [t]) }] }] });
    expect(malformedParts(parts(bytes))).toEqual([]);
    expect(values(bytes, "文本").slice(1).map((r) => r[0])).toEqual(tricky);
  });

  it("a bad sheet name is refused with the rule", () => {
    expect(errorOf(() => patchWorkbook(rich, { sheets: [{ name: "a/b", tables: [] }] })).message).toMatch(/'a\/b' cannot be a sheet name/);
  });

  it("the same input and edits give the same bytes", () => {
    const edits = { sheets: [{ name: "x", tables: [{ name: "X", columns: [{ header: "a", format: "date" as const }], rows: [["2026-01-01"]] }] }] };
    expect(Buffer.compare(Buffer.from(patchWorkbook(rich, edits).bytes), Buffer.from(patchWorkbook(rich, edits).bytes))).toBe(0);
  });

  it("charts are native Excel charts beside their table, plotting its columns (values cached)", () => {
    const out = path.join(scratch, "charts.xlsx");
    writeNewWorkbook(out, [{
      name: "分析",
      lines: ["客户构成"],
      tables: [{ name: "ByGrade", columns: [{ header: "等级", format: "text" }, { header: "客户数", format: "integer" }, { header: "金额", format: "money" }], rows: [["A类", 3, 1200], ["B类", 5, 800]] }],
      charts: [{ table: "ByGrade", type: "pie", title: "客户等级分布", seriesColumns: [1] }, { table: "ByGrade", type: "column", title: "金额", seriesColumns: [1, 2] }],
    }]);
    const p = parts(out);
    expect(malformedParts(p)).toEqual([]);
    expect(Object.keys(p).filter((k) => /^xl\/(charts|drawings)\//.test(k)).sort()).toEqual(["xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/drawings/_rels/drawing1.xml.rels", "xl/drawings/drawing1.xml"]);
    expect(partText(p, "[Content_Types].xml")).toMatch(/\/xl\/charts\/chart2\.xml" ContentType="application\/vnd\.openxmlformats-officedocument\.drawingml\.chart\+xml"/);
    expect(elements(partText(p, "xl/worksheets/sheet1.xml"), "drawing")).toHaveLength(1);
    const pie = partText(p, "xl/charts/chart1.xml");
    expect(elements(pie, "pieChart")).toHaveLength(1);
    expect(elements(pie, "f").map((f) => String(f))).toEqual(["'分析'!$B$3", "'分析'!$A$4:$A$5", "'分析'!$B$4:$B$5"]);
    const column = partText(p, "xl/charts/chart2.xml");
    expect(elements(column, "ser")).toHaveLength(2);
    expect(elements(column, "barDir")[0].val).toBe("col");
    // The frames sit right of the table, one under the other.
    expect(elements(partText(p, "xl/drawings/drawing1.xml"), "from").map((f) => [String(f.col), String(f.row)])).toEqual([["4", "2"], ["4", "18"]]);
    expect(readWorkbook(out).sheets[0].values.slice(2)).toEqual([["等级", "客户数", "金额"], ["A类", 3, 1200], ["B类", 5, 800]]);
  });
});

describe("the zip layer", () => {
  it("computes the zip checksum (CRC-32 of '123456789' is cbf43926)", () => {
    expect(crc32(new TextEncoder().encode("123456789")).toString(16)).toBe("cbf43926");
  });

  it("reports a damaged part it has to read instead of writing garbage", () => {
    const bytes = new Uint8Array(rich);
    // The workbook part is read by every write: damage its compressed bytes.
    const name = new TextEncoder().encode("xl/workbook.xml");
    let at = -1;
    for (let i = 0; i < bytes.length - 30 && at < 0; i++) {
      if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 3 && bytes[i + 3] === 4 && Buffer.from(bytes.subarray(i + 30, i + 30 + name.length)).equals(Buffer.from(name))) at = i;
    }
    const data = at + 30 + name.length + (bytes[at + 28] | (bytes[at + 29] << 8));
    for (let i = 0; i < 8; i++) bytes[data + 10 + i] ^= 0xff;
    expect(errorOf(() => patchWorkbook(bytes, { sheets: [{ name: "x", tables: [] }] })).message).toMatch(/Cannot write .*(damaged|invalid|incorrect)/i);
  });
});

describe("inputs the writer refuses", () => {
  it("the input itself, even when a command forgot to check", () => {
    const file = path.join(scratch, "self.xlsx");
    fs.copyFileSync(FIXTURE, file);
    const e = errorOf(() => writeWorkbookCopy(readWorkbook(file), file, {}, { force: true }));
    expect(e.message).toMatch(/never changes its input/);
    expect(Buffer.compare(fs.readFileSync(file), fs.readFileSync(FIXTURE))).toBe(0);
  });

  it("an old .xls workbook (nothing to patch)", () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["a"]]), "S");
    const file = path.join(scratch, "old.xls");
    fs.writeFileSync(file, XLSX.write(book, { type: "buffer", bookType: "biff8" }));
    const e = errorOf(() => writeWorkbookCopy(readWorkbook(file), path.join(scratch, "old-out.xlsx"), {}));
    expect(e.message).toMatch(/writes copies of \.xlsx workbooks only/);
  });

  it("an Excel template (.xltx) is copied as a workbook (.xlsx)", () => {
    const p = parts(rich);
    p["[Content_Types].xml"] = new TextEncoder().encode(partText(p, "[Content_Types].xml").replace("sheet.main+xml", "template.main+xml"));
    const { zipSync } = require("fflate") as typeof import("fflate");
    const out = parts(patchWorkbook(zipSync(p), {}).bytes);
    expect(partText(out, "[Content_Types].xml")).toMatch(/PartName="\/xl\/workbook\.xml" ContentType="application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\.main\+xml"/);
  });

  it("a macro-enabled workbook (its copy could not keep the macros as .xlsx)", () => {
    const p = parts(rich);
    p["[Content_Types].xml"] = new TextEncoder().encode(partText(p, "[Content_Types].xml").replace("sheet.main+xml", "sheet.macroEnabled.main+xml"));
    const { zipSync } = require("fflate") as typeof import("fflate");
    expect(errorOf(() => patchWorkbook(zipSync(p), {})).message).toMatch(/macro-enabled workbook \(\.xlsm\)/);
  });
});
