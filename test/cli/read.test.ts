/** Reading only the sheets a command needs: the same tables, rows and results as reading the whole workbook. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import * as XLSX from "xlsx";
import { AUDIT_TABLES, drawSample, readAuditInput, readAuditRecords } from "../../src/core/audit";
import { CREDIT_TABLES, creditReport } from "../../src/core/credit";
import { parseIsoDate } from "../../src/core/dates";
import type { Cell, SheetBlock } from "../../src/core/table";
import type { TableKey } from "../../src/core/template/tables";
import { detectTables, validateWorkbook, VALIDATED_TABLES } from "../../src/core/validate";
import { generateDemo } from "../../src/demo/generate";
import { headXml, readWorkbook, readWorkbookData } from "../../src/cli/xlsx";
import { writeNewWorkbook } from "../../src/cli/workbook";
import { demoSheets } from "../../src/cli/commands/demo";
import { testOutput as output } from "../support/cli-output";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-read-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Write sheets of rows (each placed at `origin`, A1 by default) as an .xlsx; `sst`: shared strings as Excel writes them. */
function xlsxBytes(sheets: { name: string; rows: Cell[][]; origin?: string }[], sst = false, bookType: XLSX.BookType = "xlsx"): Buffer {
  const book = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(s.rows, { origin: s.origin ?? "A1" } as XLSX.AOA2SheetOpts), s.name);
  return XLSX.write(book, { type: "buffer", bookType, bookSST: sst });
}

/** The tables each command reads. */
const COMMANDS: [string, readonly TableKey[]][] = [["validate", VALIDATED_TABLES], ["credit", CREDIT_TABLES], ["audit", AUDIT_TABLES]];

const AS_OF = "2026-09-30";

/** What each command computes from blocks, as plain data to compare. */
async function results(blocks: SheetBlock[]) {
  const input = readAuditInput(blocks);
  const findings = validateWorkbook(blocks, { asOf: AS_OF }).findings;
  const sample = input.customers.length > 0 ? await drawSample(input, { quarter: { year: 2026, q: 3 }, rate: 0.15, seed: "0123456789abcdef0123456789abcdef", findings }) : null;
  let credit: unknown;
  try {
    credit = creditReport(blocks, parseIsoDate(AS_OF)!);
  } catch (e) {
    credit = (e as Error).message;
  }
  return { findings, credit, input, records: readAuditRecords(blocks), sample };
}

/** The part of the results a command uses. */
function used(command: string, r: Awaited<ReturnType<typeof results>>): unknown {
  if (command === "validate") return r.findings;
  if (command === "credit") return r.credit;
  return { input: r.input, records: r.records, sample: r.sample };
}

describe("readWorkbook with tables", () => {
  it("the demo: parses only the sheets of the tables asked, and every command gets the result of a whole read", async () => {
    const demo = generateDemo({ customers: 150, seed: 7 });
    const file = path.join(scratch, "demo.xlsx");
    const unrelated = { name: "备注", tables: [{ name: "Notes", columns: [{ header: "说明", format: "text" as const }], rows: Array.from({ length: 2000 }, (_, i) => [`第 ${i} 行`]) }] };
    writeNewWorkbook(file, [...demoSheets(demo), unrelated]);
    const whole = readWorkbook(file);
    expect(whole.sheets.map((s) => s.sheet)).toEqual(["客户信息", "客户动态", "归档记录", "回款记录", "变更记录", "信用月报", "人员", "借阅登记", "备注"]);
    const wholeResults = await results(whole.sheets);
    const expected = { validate: ["客户信息", "客户动态", "归档记录", "回款记录", "人员", "借阅登记"], credit: ["客户信息", "回款记录"], audit: ["客户信息", "变更记录", "借阅登记"] } as Record<string, string[]>;
    for (const [command, tables] of COMMANDS) {
      const parsed: string[] = [];
      const part = readWorkbook(file, { tables, onSheet: (sheet) => parsed.push(sheet) });
      expect(part.sheets.map((s) => s.sheet)).toEqual(expected[command]);
      expect(parsed).toEqual(expected[command]);
      expect(part.sheetNames).toEqual(whole.sheetNames);
      // The blocks are the whole read's, marked with the table each sheet holds.
      for (const s of part.sheets) expect({ ...s, located: undefined }).toEqual({ ...whole.sheets.find((w) => w.sheet === s.sheet)!, located: undefined });
      expect(used(command, await results(part.sheets))).toEqual(used(command, wholeResults));
    }
  });

  it.each([false, true])("tables found by their headers on other sheets (shared strings %p): the same tables and results, unrelated sheets not parsed", async (sst) => {
    const customers: Cell[][] = [["客户清单 2026-09-30 导出"], [], ["客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期", "客户等级"],
      ["C20240115001", "北京华信科技有限公司", "王经理", "13956781234", "北京市海淀区中关村大街1号", "2024-01-15", "A类"],
      ["C20240220001", "上海恒通贸易有限公司", "李先生", "1395678", "上海市浦东新区世纪大道2号", "2024/2/20", "B"]];
    const payments: Cell[][] = [["Customer ID", "Invoice No", "Invoice Date", "Due Date", "Amount", "Paid On", "Paid Amount"],
      ["C20240115001", "INV1", "2026-01-05", "2026-02-04", 1000, "2026-02-10", 1000],
      ["C20240115001", "INV2", "2026-03-05", "2026-04-04", 2000, null, null]];
    const log: Cell[][] = [["when", "what"], ...Array.from({ length: 3000 }, (_, i) => [`2026-01-01 00:00:${i % 60}`, `event ${i}`])];
    const data = xlsxBytes([{ name: "Log", rows: log }, { name: "Sheet1", rows: customers }, { name: "导出", rows: payments, origin: "B3" }], sst);
    const whole = readWorkbookData(data, "x.xlsx");
    const wholeResults = await results(whole.sheets);
    expect(detectTables(whole.sheets).map((t) => [t.table, t.sheet, t.by])).toEqual([["Customers", "Sheet1", "header"], ["Payments", "导出", "header"]]);
    for (const [command, tables] of COMMANDS) {
      const parsed: string[] = [];
      const part = readWorkbookData(data, "x.xlsx", { tables, onSheet: (sheet) => parsed.push(sheet) });
      expect(parsed).not.toContain("Log");
      expect(part.sheets.map((s) => [s.sheet, s.located])).toEqual(command === "audit"
        ? [["Sheet1", { table: "Customers", by: "header" }]]
        : [["Sheet1", { table: "Customers", by: "header" }], ["导出", { table: "Payments", by: "header" }]]);
      expect(used(command, await results(part.sheets))).toEqual(used(command, wholeResults));
    }
  });

  it("any workbook: the tables located from sheet names and first rows are those a whole read finds (property, real .xlsx files)", () => {
    const names = fc.constantFrom("客户信息", "客户动态", "回款记录", "下拉选项", "变更记录", "信用政策", "Sheet1", "Sheet2", "数据");
    const header = fc.constantFrom("客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期", "记录日期", "交互类型", "参与人员", "内容概述", "单据号", "开票日期", "金额", "付款日期", "付款金额", "时间", "字段", "参数", "值", "标题", 1);
    const sheet = fc.record({
      name: names,
      rows: fc.array(fc.array(fc.option(header, { nil: null }), { maxLength: 7 }), { maxLength: 16 }),
      origin: fc.constantFrom("A1", "A3", "C1", "B12"),
    });
    fc.assert(fc.property(fc.uniqueArray(sheet, { minLength: 1, maxLength: 4, selector: (s) => s.name }), fc.boolean(), (sheets, sst) => {
      const data = xlsxBytes(sheets, sst);
      const whole = readWorkbookData(data, "x.xlsx").sheets;
      const found = detectTables(whole);
      for (const [, tables] of COMMANDS) {
        const part = readWorkbookData(data, "x.xlsx", { tables }).sheets;
        expect(part.map((s) => [s.sheet, s.located?.table, s.located?.by])).toEqual(
          found.filter((t) => tables.includes(t.table)).sort((a, b) => a.blockIndex - b.blockIndex).map((t) => [t.sheet, t.table, t.by]));
        for (const s of part) expect(s.values).toEqual(whole.find((w) => w.sheet === s.sheet)!.values);
      }
    }), { numRuns: 60 });
  });

  it.each(["xls", "ods"] as XLSX.BookType[])("a .%s workbook (no sheet XML to cut) is read in full, with the same tables", (bookType) => {
    const data = xlsxBytes([{ name: "Notes", rows: [["a"]] }, { name: "Sheet1", rows: [["客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期"], ["C20240115001", "x", "y", "13956781234", "北京市海淀区", "2024-01-15"]] }], false, bookType);
    const part = readWorkbookData(data, `x.${bookType}`, { tables: VALIDATED_TABLES });
    expect(part.sheets.map((s) => [s.sheet, s.located])).toEqual([["Sheet1", { table: "Customers", by: "header" }]]);
    expect(part.sheets[0].values[1][0]).toBe("C20240115001");
  });
});

describe("headXml: a sheet's XML cut after its first rows", () => {
  const rows = (n: number, prefix = "") => Array.from({ length: n }, (_, i) => `<${prefix}row r="${i + 1}"><${prefix}c r="A${i + 1}" t="inlineStr"><${prefix}is><${prefix}t>v${i}</${prefix}t></${prefix}is></${prefix}c></${prefix}row>`).join("");
  const sheet = (body: string, prefix = "") => `<?xml version="1.0"?><${prefix}worksheet><${prefix}dimension ref="A1:A40"/><${prefix}sheetData>${body}</${prefix}sheetData><${prefix}mergeCells count="0"/></${prefix}worksheet>`;

  it("keeps the 10 rows the header search reads and closes the document", () => {
    const cut = headXml(sheet(rows(40)), false)!;
    expect(cut.match(/<row /g)).toHaveLength(10);
    expect(cut.endsWith("</row></sheetData></worksheet>")).toBe(true);
  });
  it("waits for more text while the rows are not all there, unless it is the whole part", () => {
    const text = sheet(rows(5)).replace("</sheetData>", "");
    expect(headXml(text.slice(0, text.indexOf("<row r=\"4\"")), false)).toBeNull();
    expect(headXml(sheet(rows(5)), false)).toBe(sheet(rows(5)).slice(0, sheet(rows(5)).indexOf("</sheetData>")) + "</sheetData></worksheet>");
    expect(headXml("<worksheet>", true)).toBe("<worksheet>");
  });
  it("reads prefixed tags, empty rows and an empty sheet", () => {
    expect(headXml(sheet(rows(20, "x:"), "x:"), false)!.match(/<x:row /g)).toHaveLength(10);
    expect(headXml(sheet(`<row r="1"/><row r="2" spans="1:3"/>${rows(12)}`), false)!.match(/<row[ >]/g)).toHaveLength(10);
    expect(headXml(`<worksheet><sheetData/></worksheet>`, false)).toBe("<worksheet><sheetData/></worksheet>");
  });
});

describe("what a command prints while it reads", () => {
  const file = () => {
    const f = path.join(scratch, "small.xlsx");
    if (!fs.existsSync(f)) {
      const demo = generateDemo({ customers: 40, seed: 3 });
      writeNewWorkbook(f, demoSheets(demo));
    }
    return f;
  };

  it.each(["validate", "credit", "audit"])("%s --verbose: the time of read, check and write on stderr; --json stdout stays one JSON document", async (command) => {
    const { main } = await import("../../src/cli/main");
    const o = output(false, 5);
    const extra = command === "audit" ? ["--quarter", "2026Q3", "--seed", "0123456789abcdef0123456789abcdef"] : ["--as-of", AS_OF];
    expect(await main([command, file(), "--json", "--verbose", ...extra], o)).toBeLessThan(2);
    expect(() => JSON.parse(o.stdout)).not.toThrow();
    const lines = o.stderr.split("\n").filter((l) => l.startsWith(`custfile ${command}: `) && /\d s/.test(l));
    expect(lines.map((l) => l.replace(/^custfile \w+: (\w+)\s.*$/, "$1"))).toEqual(["read", "check", "write", "total"]);
    expect(lines[0]).toMatch(/read +\d+\.\d{3} s {2}\d of 8 sheets \(客户信息.*\), \d+\.\d MB file/);
    expect(o.statusText).toBe("");
  });

  it("on a terminal, a run past a second shows a progress line on stderr and clears it before the result", async () => {
    const { main } = await import("../../src/cli/main");
    const o = output(true, 400);
    expect(await main(["validate", file(), "--json", "--as-of", AS_OF], o)).toBe(1);
    expect(o.statusText).toMatch(/^\r.*custfile validate: (reading|checking) .*\(\d+ s\)\x1b\[K/);
    expect(o.statusText.endsWith("\r\x1b[K")).toBe(true);
    expect(() => JSON.parse(o.stdout)).not.toThrow();
  });

  it("an error after a progress line is shown clears the line first", async () => {
    const { main } = await import("../../src/cli/main");
    const f = path.join(scratch, "nopayments.xlsx");
    fs.writeFileSync(f, xlsxBytes([{ name: "客户信息", rows: [["客户编号", "客户名称"], ["C20240115001", "x"]] }]));
    const o = output(true, 400);
    expect(await main(["credit", f], o)).toBe(2);
    expect(o.statusText).toMatch(/custfile credit: (reading|grading).*\r\x1b\[K$/s);
    expect(o.stderr).toMatch(/No payment table/);
  });

  it("off a terminal, validate prints no progress; nor does a run shorter than a second", async () => {
    const { main } = await import("../../src/cli/main");
    const piped = output(false, 400);
    await main(["validate", file(), "--as-of", AS_OF], piped);
    expect(piped.statusText).toBe("");
    const quick = output(true, 1);
    await main(["validate", file(), "--as-of", AS_OF], quick);
    expect(quick.statusText).toBe("");
  });
});
