/** The one writer's streamed new workbooks (the demo): what it writes reads back as it was, in SheetJS and in custfile. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import type { SheetSpec } from "../../src/core/sheets";
import type { Cell } from "../../src/core/table";
import { writeNewWorkbook, writtenBlock } from "../../src/cli/workbook";
import { demoSheets } from "../../src/cli/commands/demo";
import { readWorkbook } from "../../src/cli/xlsx";
import { generateDemo } from "../../src/demo/generate";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-stream-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("writeNewWorkbook with stream", () => {
  it("every cell reads back as written: text of every kind, numbers, booleans, blanks, date cells with their format", () => {
    const rows: Cell[][] = [
      ["A & B <c> \"d\" 'e'", -12.5, 45356, true],
      ["  leading and trailing  ", 0, 45356.75, false],
      ["控制\u0001字符 and _x0041_ literally", 1e21, null, null],
      ["多行\n文本\t制表", 123456789.125, 2958465, null],
      [null, null, null, "😀 emoji"],
    ];
    const spec: SheetSpec = {
      name: "客户 & <数据>",
      tables: [{ name: "Kinds", columns: [{ header: "文本", format: "text", width: 20 }, { header: "数字", format: "money", width: 12 }, { header: "日期", format: "date" }, { header: "布尔", format: "text" }], rows }],
    };
    const empty: SheetSpec = { name: "Empty", tables: [] };
    const file = path.join(scratch, "kinds.xlsx");
    writeNewWorkbook(file, [spec, empty], { stream: true });
    const back = readWorkbook(file);
    expect(back.sheetNames).toEqual(["客户 & <数据>", "Empty"]);
    expect(back.sheets[0].values).toEqual([["文本", "数字", "日期", "布尔"], ...rows]);
    // What the writer says a reader sees is what a reader sees.
    expect(back.sheets[0]).toEqual(writtenBlock(spec));
    const formats = back.sheets[0].numberFormats!;
    expect(formats[1][2]).toBe("yyyy-mm-dd");
    expect(formats[1][1]).toBe("#,##0.00");
    expect(formats[1][0]).toBe("@");
    const sheet = XLSX.read(fs.readFileSync(file), { type: "buffer", cellStyles: true }).Sheets["客户 & <数据>"];
    expect(sheet["!cols"]!.slice(0, 2).map((c) => c.width)).toEqual([20.7, 12.7]);
    expect(back.sheets[1].values).toEqual([]);
  });

  it("the same bytes as a write made in memory", () => {
    const demo = generateDemo({ customers: 60, seed: 4 });
    writeNewWorkbook(path.join(scratch, "memory.xlsx"), demoSheets(demo));
    writeNewWorkbook(path.join(scratch, "streamed.xlsx"), demoSheets(demo), { stream: true });
    const read = (f: string) => readWorkbook(path.join(scratch, f)).sheets;
    expect(read("streamed.xlsx")).toEqual(read("memory.xlsx"));
  });

  it("the demo workbook reads back equal to the generated sheets, cell for cell, with the formats the writer says", () => {
    const demo = generateDemo({ customers: 200, seed: 11 });
    const file = path.join(scratch, "demo.xlsx");
    const progress: string[] = [];
    const sheets = demoSheets(demo);
    writeNewWorkbook(file, sheets, { stream: true, onProgress: (sheet, rows, total) => progress.push(`${sheet} ${rows}/${total}`) });
    const back = readWorkbook(file);
    expect(back.sheets.map((s) => [s.sheet, s.values])).toEqual(demo.sheets.map((s) => [s.sheet, s.values]));
    expect(back.sheets.map((s) => [s.sheet, s.values, s.numberFormats])).toEqual(sheets.map((s) => writtenBlock(s)).map((b) => [b.sheet, b.values, b.numberFormats]));
    expect(progress).toContain("客户信息 0/201");
    expect(progress).toContain("回款记录 " + `${demo.sheets[3].values.length}/${demo.sheets[3].values.length}`);
  });

  it("the same sheets give the same bytes (no clock in the file)", () => {
    const sheets: SheetSpec[] = [{ name: "S", tables: [{ name: "T", columns: [{ header: "a", format: "text" }, { header: "b", format: "integer" }], rows: [["a", 1]] }] }];
    writeNewWorkbook(path.join(scratch, "a.xlsx"), sheets, { stream: true });
    writeNewWorkbook(path.join(scratch, "b.xlsx"), sheets, { stream: true });
    expect(fs.readFileSync(path.join(scratch, "a.xlsx")).equals(fs.readFileSync(path.join(scratch, "b.xlsx")))).toBe(true);
  });

  it("refuses a sheet past Excel's rows, naming it, and an unwritable path, leaving nothing behind", () => {
    const rows: Cell[][] = new Array(1_048_576).fill([]);
    const big = path.join(scratch, "big.xlsx");
    expect(() => writeNewWorkbook(big, [{ name: "回款记录", tables: [{ name: "Payments", columns: [{ header: "x", format: "text" }], rows }] }], { stream: true })).toThrow(/sheet 回款记录 would have 1048577 rows; Excel holds at most 1048576/);
    expect(fs.existsSync(big)).toBe(false);
    expect(() => writeNewWorkbook(path.join(scratch, "no/such/dir/x.xlsx"), [{ name: "S", tables: [] }], { stream: true })).toThrow(/Cannot write .*x\.xlsx/);
    expect(fs.readdirSync(scratch).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
