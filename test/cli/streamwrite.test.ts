/** The one-pass .xlsx writer of big new workbooks (the demo): what it writes reads back as it was, in SheetJS and in custfile. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import type { Cell } from "../../src/core/table";
import { writeWorkbookStreamed } from "../../src/cli/streamwrite";
import { readWorkbook } from "../../src/cli/xlsx";
import { generateDemo } from "../../src/demo/generate";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-stream-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("writeWorkbookStreamed", () => {
  it("every cell reads back as written: text of every kind, numbers, booleans, blanks, date cells with their format", () => {
    const rows: Cell[][] = [
      ["文本", "数字", "日期", "布尔"],
      ["A & B <c> \"d\" 'e'", -12.5, 45356, true],
      ["  leading and trailing  ", 0, 45356.75, false],
      ["控制\u0001字符 and _x0041_ literally", 1e21, null, null],
      ["多行\n文本\t制表", 123456789.125, 2958465, null],
      [null, null, null, "😀 emoji"],
    ];
    const numberFormats = rows.map((r, i) => r.map((_, c) => (i > 0 && c === 2 ? "yyyy-mm-dd" : i > 0 && c === 1 ? "#,##0.00" : "General")));
    const file = path.join(scratch, "kinds.xlsx");
    writeWorkbookStreamed(file, [{ name: "客户 & <数据>", rows, numberFormats, widths: [20, 12] }, { name: "Empty", rows: [] }]);
    const back = readWorkbook(file);
    expect(back.sheetNames).toEqual(["客户 & <数据>", "Empty"]);
    // Trailing blanks of a row are not cells; the block is as wide as the widest row.
    expect(back.sheets[0].values).toEqual(rows);
    const formats = back.sheets[0].numberFormats!;
    expect(formats[1][2]).toBe("yyyy-mm-dd");
    expect(formats[1][1]).toBe("#,##0.00");
    expect(formats[1][0]).toBe("General");
    const sheet = XLSX.read(fs.readFileSync(file), { type: "buffer", cellStyles: true }).Sheets["客户 & <数据>"];
    expect(sheet["!cols"]!.map((c) => c.width)).toEqual([20, 12]);
    expect(back.sheets[1].values).toEqual([]);
  });

  it("the demo workbook reads back equal to the generated sheets, cell for cell and format for format", () => {
    const demo = generateDemo({ customers: 200, seed: 11 });
    const file = path.join(scratch, "demo.xlsx");
    const progress: string[] = [];
    writeWorkbookStreamed(file, demo.sheets.map((b) => ({ name: b.sheet, rows: b.values, numberFormats: b.numberFormats })), (sheet, rows, total) => progress.push(`${sheet} ${rows}/${total}`));
    const back = readWorkbook(file);
    expect(back.sheets.map((s) => [s.sheet, s.values, s.numberFormats])).toEqual(demo.sheets.map((s) => [s.sheet, s.values, s.numberFormats]));
    expect(progress).toContain("客户信息 0/201");
    expect(progress).toContain("回款记录 " + `${demo.sheets[3].values.length}/${demo.sheets[3].values.length}`);
  });

  it("the same sheets give the same bytes (no clock in the file)", () => {
    const sheets = [{ name: "S", rows: [["a", 1]] as Cell[][] }];
    writeWorkbookStreamed(path.join(scratch, "a.xlsx"), sheets);
    writeWorkbookStreamed(path.join(scratch, "b.xlsx"), sheets);
    expect(fs.readFileSync(path.join(scratch, "a.xlsx")).equals(fs.readFileSync(path.join(scratch, "b.xlsx")))).toBe(true);
  });

  it("refuses a sheet past Excel's rows, naming it, and an unwritable path", () => {
    const rows: Cell[][] = new Array(1_048_577).fill([]);
    expect(() => writeWorkbookStreamed(path.join(scratch, "big.xlsx"), [{ name: "回款记录", rows }])).toThrow(/sheet 回款记录 has 1048577 rows .* at most 1048576 rows/);
    expect(() => writeWorkbookStreamed(path.join(scratch, "no/such/dir/x.xlsx"), [{ name: "S", rows: [] }])).toThrow(/Cannot write .*x\.xlsx/);
  });
});
